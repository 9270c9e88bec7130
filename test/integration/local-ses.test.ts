import { SESClient, SendEmailCommand, SendRawEmailCommand } from '@aws-sdk/client-ses';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mimeMessage } from '../../functions/adapters/ses/mime-message.ts';
import { type LocalMail, type SentMail, startSesLocal } from '../../local/ses/index.ts';

let mail: LocalMail;
let ses: SESClient;
beforeAll(async () => {
  mail = await startSesLocal();
  ses = new SESClient({
    endpoint: mail.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'l', secretAccessKey: 'l' },
    maxAttempts: 1,
  });
});
afterAll(async () => {
  ses?.destroy();
  await mail?.close();
});

const send = (to: string, subject: string) =>
  ses.send(
    new SendEmailCommand({
      Source: 'billing@example.com',
      Destination: { ToAddresses: [to] },
      Message: { Subject: { Data: subject }, Body: { Text: { Data: subject } } },
    }),
  );

describe('the local mailbox', () => {
  it('reads each email once, in order, however reads and sends interleave across seconds', async () => {
    const sent: string[] = [];
    const started = Date.now();
    // Sends in bursts over more than two seconds, reading between and during them.
    for (let burst = 0; Date.now() - started < 2_300 || burst < 3; burst++) {
      const subjects = [0, 1, 2].map((n) => `burst ${burst} email ${n}`);
      sent.push(...subjects);
      await Promise.all([
        ...subjects.map((subject, n) => send(n === 2 ? 'b@example.com' : 'a@example.com', subject)),
        mail.emails(),
        mail.emailsTo('a@example.com'),
      ]);
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
    const all = await mail.emails();
    expect(all.map((email) => email.subject).sort()).toEqual([...sent].sort());
    expect(new Set(all.map((email) => email.subject)).size).toBe(all.length);
    const toB = (await mail.emailsTo('b@example.com')).map((email) => email.subject);
    expect(toB).toEqual(sent.filter((subject) => subject.endsWith('email 2')));
    expect(await mail.emailsTo('nobody@example.com')).toEqual([]);
  });

  it('refuses sends during an outage and keeps nothing of them', async () => {
    const before = (await mail.emails()).length;
    mail.outage(true);
    await expect(send('a@example.com', 'during the outage')).rejects.toMatchObject({
      name: 'ServiceUnavailable',
    });
    mail.outage(false);
    await send('a@example.com', 'after the outage');
    const after = await mail.emails();
    expect(after.slice(before).map((email) => email.subject)).toEqual(['after the outage']);
  });

  it('tells of each message it accepts: its id, its addresses and its configuration set', async () => {
    const told: SentMail[] = [];
    mail.onSent((sent) => told.push(sent));
    const plain = await ses.send(
      new SendEmailCommand({
        Source: 'billing@example.com',
        ConfigurationSetName: 'collections-local',
        Destination: { ToAddresses: ['bounce+one@simulator.amazonses.com'] },
        Message: { Subject: { Data: 'plain' }, Body: { Text: { Data: 'plain' } } },
      }),
    );
    // A raw MIME message: the addresses from Destinations, or else from its own headers.
    const raw = (to: string) =>
      Buffer.from(
        `From: Billing <billing@example.com>\r\nTo: "Ana" <${to}>\r\nSubject: raw\r\nMIME-Version: 1.0\r\nContent-Type: text/plain\r\n\r\nraw\r\n`,
      );
    const withHeaders = await ses.send(
      new SendRawEmailCommand({
        ConfigurationSetName: 'collections-local',
        RawMessage: { Data: raw('complaint@simulator.amazonses.com') },
      }),
    );
    const untracked = await ses.send(
      new SendRawEmailCommand({
        Destinations: ['success@simulator.amazonses.com'],
        RawMessage: { Data: raw('success@simulator.amazonses.com') },
      }),
    );
    expect(told).toEqual([
      expect.objectContaining({
        messageId: plain.MessageId,
        destination: ['bounce+one@simulator.amazonses.com'],
        configurationSet: 'collections-local',
        source: 'billing@example.com',
      }),
      expect.objectContaining({
        messageId: withHeaders.MessageId,
        destination: ['complaint@simulator.amazonses.com'],
        configurationSet: 'collections-local',
      }),
      expect.objectContaining({
        messageId: untracked.MessageId,
        destination: ['success@simulator.amazonses.com'],
      }),
    ]);
    expect(told[2]?.configurationSet).toBeUndefined();
    // A send SES refuses (an outage) tells of nothing.
    mail.outage(true);
    await expect(send('a@example.com', 'refused')).rejects.toThrow();
    mail.outage(false);
    expect(told).toHaveLength(3);
  });
});

describe('the local mailbox, for raw messages (SendRawEmail, as the mailer sends)', () => {
  const email = {
    subject: 'Recordatorio: 129,50 € pendientes',
    text: 'Hola, Zoë:\n\nUna línea.\n',
    html: '<!doctype html><p>Hola, Zoë:</p>',
    unsubscribeUrl: 'https://pay.example.com/case/abc.def/stop-emails',
  };
  const sendRaw = async (to: string) =>
    ses.send(
      new SendRawEmailCommand({
        Source: 'billing@example.com',
        Destinations: [to],
        ConfigurationSetName: 'collections',
        RawMessage: { Data: await mimeMessage('billing@example.com', to, email) },
      }),
    );

  it('keeps each message as the other sends are kept, and its headers as they came, in GET /store too', async () => {
    const { MessageId } = await sendRaw('raw@example.com');
    const [stored] = await mail.emailsTo('raw@example.com');
    expect(stored).toMatchObject({
      from: 'billing@example.com',
      destination: { to: ['raw@example.com'] },
      subject: email.subject,
      body: { text: email.text, html: email.html },
    });
    expect(stored?.messageId).toBe(MessageId);
    const headers = stored?.headers ?? [];
    expect(headers.map((header) => header.name)).toEqual([
      'From',
      'To',
      'Subject',
      'List-Unsubscribe',
      'List-Unsubscribe-Post',
      'Date',
      'Message-ID',
      'MIME-Version',
      'Content-Type',
    ]);
    expect(headers).toContainEqual({ name: 'List-Unsubscribe', value: `<${email.unsubscribeUrl}>` });
    expect(headers).toContainEqual({ name: 'List-Unsubscribe-Post', value: 'List-Unsubscribe=One-Click' });
    // Unfolded onto one line, encoded words as they came.
    expect(headers.find((header) => header.name === 'Subject')?.value).toMatch(/^=\?UTF-8\?Q\?[^\r\n]+\?=$/);
    const store = (await (await fetch(`${mail.url}/store`)).json()) as { emails: { headers?: unknown }[] };
    expect(store.emails.at(-1)?.headers).toEqual(headers);
  });

  it('shows the headers on the mailbox page, and still downloads a message', async () => {
    const page = await (await fetch(`${mail.url}/`)).text();
    expect(page).toContain('<summary>Headers</summary>');
    expect(page).toContain("e.headers.map((h) => h.name + ': ' + h.value)");
    const [stored] = await mail.emailsTo('raw@example.com');
    const download = await fetch(`${mail.url}/get-emlContent?messageId=${stored?.messageId}`);
    expect(download.status).toBe(200);
    const eml = Buffer.from(((await download.json()) as { body: { data: number[] } }).body.data).toString();
    expect(eml).toContain(`List-Unsubscribe: <${email.unsubscribeUrl}>`);
    expect(eml).toMatch(/^Content-Type: multipart\/alternative;/m);
  });

  it('passes every other request on to the package: a SendEmail, an unsigned send', async () => {
    await send('plain@example.com', 'a plain send');
    expect((await mail.emailsTo('plain@example.com')).map((e) => [e.subject, e.headers])).toEqual([
      ['a plain send', undefined],
    ]);
    const unsigned = await fetch(mail.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'Action=SendRawEmail&RawMessage.Data=eA%3D%3D',
    });
    expect(unsigned.status).toBe(403);
  });
});
