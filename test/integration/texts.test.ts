import { afterAll, describe, expect, it } from 'vitest';
import { BillingDetailType } from '../../functions/contract/events.ts';
import { casePagePath } from '../../functions/contract/routes.ts';
import { linkExpiry, signLink } from '../../functions/domain/links.ts';
import { countSegments } from '../../functions/domain/text-messages.ts';
import {
  eventually as eventuallyWithin,
  overdueInvoice,
  submitForm,
  useTestRuntime,
} from '../support/local-runtime.ts';
import { timelineReader } from '../support/timeline.ts';

// A policy day lasts 120 s, from 09:00 on a Tuesday in London: every scenario runs in one morning,
// inside the contact window, and nothing the weekly cap defers comes due while the file runs.
const DAY_SECONDS = 120;
const runtime = useTestRuntime(DAY_SECONDS, { clockStart: '2026-06-02T08:00:00Z' });
let reader: ReturnType<typeof timelineReader> | undefined;
afterAll(() => reader?.close());
const items = () => {
  reader ??= timelineReader(runtime().endpoints.dynamodb, runtime().endpoints.tableName);
  return reader;
};
const timeline = (caseId: string) => items().timeline(caseId);

type Text = { to: string; body: string; at: string };
/** A busy two-core machine runs the first case's workflow slowly: each wait gets 30 s. */
const eventually = <T>(what: string, check: () => Promise<T | undefined | false>) =>
  eventuallyWithin(what, check, 30_000);
/** The phone's public contract: every text sent, as JSON. */
const textsTo = async (phone: string): Promise<Text[]> => {
  const response = await fetch(`${runtime().endpoints.phone}/messages`);
  expect(response.status).toBe(200);
  return ((await response.json()) as Text[]).filter((text) => text.to === phone);
};
/** The phone's public contract: a reply, as the two-way channel delivers it. */
const reply = async (from: string, body: string) => {
  const response = await fetch(`${runtime().endpoints.phone}/reply`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ from, body }),
  });
  expect(response.status).toBe(200);
};
const accountLink = (caseId: string) =>
  `${runtime().endpoints.portal}${casePagePath(
    signLink({ caseId, action: 'view', expiresAt: linkExpiry(new Date(), 30) }, runtime().linkSecret),
  )}`;
const textsOfCase = async (caseId: string) =>
  (await timeline(caseId)).filter((entry) => entry.type === 'TextSent');

const openCase = async (
  accountId: string,
  email: string,
  debtor: { phone: string; smsConsent?: boolean; preferredChannel?: string; locale?: string },
) => {
  const invoice = overdueInvoice({ accountId, invoiceId: `${accountId}-INV`, email });
  const { locale, ...contact } = debtor;
  await runtime().putBillingEvent(BillingDetailType.invoiceOverdue, {
    ...invoice,
    debtor: { ...invoice.debtor, ...(locale ? { locale } : {}), ...contact },
  });
  return `${accountId}-1`;
};

describe('texts, with consent, through the one gate (issue 16)', () => {
  it('both channels: a confirmation first, then the reminder by text and email, each a contact; HELP, a message and STOP', async () => {
    const phone = '+447700900101';
    const email = 'texts-both@example.com';
    const caseId = await openCase('ACC-TXT-BOTH', email, {
      phone,
      smsConsent: true,
      preferredChannel: 'both',
    });
    const texts = await eventually('the confirmation and the reminder by text', async () => {
      const sent = await textsTo(phone);
      return sent.length >= 2 ? sent : undefined;
    });
    await runtime().emailWith(email, /.+/);
    expect(texts[0]?.body).toMatch(/you agreed to get texts about your account/);
    const reminder = texts[1] as Text;
    expect(reminder.body).toMatch(/^Example .*: your account has £129\.50 overdue\./);
    expect(reminder.body).toContain(`${runtime().endpoints.portal}/case/`);
    expect(reminder.body).toMatch(/Reply STOP to opt out\.$/);
    // On the timeline with its segments (each is billed), as counted from the text itself.
    const [sent] = await textsOfCase(caseId);
    expect(sent?.data).toMatchObject({
      kind: 'friendly',
      purpose: 'collection',
      encoding: 'GSM-7',
      segments: countSegments(reminder.body).segments,
    });
    // The email and the text are each a contact under the one weekly cap.
    const { dynamoContactRecords } = await import('../../functions/adapters/dynamodb/contact-records.ts');
    const ledger = await dynamoContactRecords(runtime().endpoints.tableName).contactLedger(email);
    expect(ledger.sends.map((send) => send.messageKey).sort()).toEqual(['friendly-0', 'friendly-0.text']);

    // HELP: who is writing and how to reach a person.
    await reply(phone, 'help');
    const help = await eventually('the answer to HELP', async () =>
      (await textsTo(phone)).find((text) => /To reach a person/.test(text.body)),
    );
    expect(help.body).toMatch(/^Example /);
    // Anything else: a message from the debtor, for a person.
    await reply(phone, 'Can I pay on Friday?');
    const received = await eventually('the message on the timeline', async () =>
      (await timeline(caseId)).find((entry) => entry.type === 'TextReceived'),
    );
    expect(received.data).toMatchObject({ body: 'Can I pay on Friday?' });
    expect(await items().caseItems(caseId, 'QUEUE#debtor-messages')).toHaveLength(1);

    // STOP: consent withdrawn at once, one confirmation, and the case carries on by email.
    const before = (await textsTo(phone)).length;
    await reply(phone, 'STOP');
    const stopped = await eventually('the confirmation of the STOP', async () =>
      (await textsTo(phone)).find((text) => /no more texts from us/.test(text.body)),
    );
    expect(stopped.body).not.toContain('STOP');
    expect((await timeline(caseId)).filter((entry) => entry.type === 'TextsStopped')).toHaveLength(1);
    expect(
      (await submitForm(accountLink(caseId), 'promise', { date: new Date().toISOString().slice(0, 10) }))
        .status,
    ).toBe(303);
    await runtime().emailWith(email, /no reminders until/);
    await runtime().outboxSettled();
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await textsTo(phone)).toHaveLength(before + 1);
  });

  it('Spanish, by text alone: BAJA stops the texts, the answer is in Spanish, and email takes over', async () => {
    const phone = '+34600000102';
    const email = 'texts-baja@example.com';
    const caseId = await openCase('ACC-TXT-BAJA', email, {
      phone,
      smsConsent: true,
      preferredChannel: 'sms',
      locale: 'es-ES',
    });
    const reminder = await eventually('the reminder by text', async () => (await textsTo(phone))[1]);
    expect(reminder.body).toContain('Responda BAJA');
    const [sent] = await textsOfCase(caseId);
    // Accented Spanish is UCS-2: more segments for the same length.
    expect(sent?.data).toMatchObject({ encoding: 'UCS-2', segments: countSegments(reminder.body).segments });
    expect(await runtime().emailsTo(email)).toEqual([]);

    await reply(phone, 'Baja');
    await eventually('the confirmation, in Spanish', async () =>
      (await textsTo(phone)).find((text) => /no le enviaremos más mensajes/.test(text.body)),
    );
    // A second keyword (ALTO) is a STOP too; consent is already gone, the case is not marked twice.
    await reply(phone, 'ALTO');
    await eventually('the second confirmation', async () => (await textsTo(phone)).length === 4);
    expect((await timeline(caseId)).filter((entry) => entry.type === 'TextsStopped')).toHaveLength(1);
    // After the STOP, the debtor's next message goes by email (the preference was texts).
    expect(
      (await submitForm(accountLink(caseId), 'promise', { date: new Date().toISOString().slice(0, 10) }))
        .status,
    ).toBe(303);
    await runtime().emailWith(email, /.+/);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await textsTo(phone)).toHaveLength(4);
  });

  it('no text without consent: a phone and a preference for texts alone are not consent', async () => {
    const phone = '+447700900103';
    const email = 'texts-no-consent@example.com';
    const caseId = await openCase('ACC-TXT-NONE', email, { phone, preferredChannel: 'sms' });
    await runtime().emailWith(email, /.+/);
    await runtime().outboxSettled();
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await textsTo(phone)).toEqual([]);
    expect(await textsOfCase(caseId)).toEqual([]);
  });

  it('one weekly cap across both channels: a message that would be the fourth contact waits', async () => {
    const phone = '+447700900104';
    const email = 'texts-cap@example.com';
    const caseId = await openCase('ACC-TXT-CAP', email, {
      phone,
      smsConsent: true,
      preferredChannel: 'both',
    });
    await eventually('the reminder by text', async () => (await textsTo(phone)).length === 2);
    await runtime().emailWith(email, /.+/);
    // Two contacts so far; the promise's acknowledgement by both channels would make four (cap 3).
    expect(
      (await submitForm(accountLink(caseId), 'promise', { date: new Date().toISOString().slice(0, 10) }))
        .status,
    ).toBe(303);
    const deferred = await eventually('the acknowledgement deferred by the cap', async () =>
      (await timeline(caseId)).find((entry) => entry.type === 'EmailDeferred'),
    );
    expect(String(deferred.data?.reason)).toMatch(/weekly cap/);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await textsTo(phone)).toHaveLength(2);
    expect(await runtime().emailsTo(email)).toHaveLength(1);
  });

  it('a STOP outlasts the case: billing’s consent on a later case for the number does not bring texts back', async () => {
    const phone = '+447700900105';
    const first = await openCase('ACC-TXT-STOP-A', 'texts-stop-a@example.com', {
      phone,
      smsConsent: true,
      preferredChannel: 'sms',
    });
    await eventually('the reminder by text', async () => (await textsTo(phone)).length === 2);
    await reply(phone, 'quit');
    await eventually('the STOP recorded', async () =>
      (await timeline(first)).some((entry) => entry.type === 'TextsStopped'),
    );
    const email = 'texts-stop-b@example.com';
    await openCase('ACC-TXT-STOP-B', email, { phone, smsConsent: true, preferredChannel: 'both' });
    await runtime().emailWith(email, /.+/);
    await runtime().outboxSettled();
    await new Promise((resolve) => setTimeout(resolve, 500));
    // The reminder, the welcome and the STOP's confirmation: nothing for the second case.
    expect(await textsTo(phone)).toHaveLength(3);
  });
});
