import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { mimeMessage } from '../../functions/adapters/ses/mime-message.ts';
import { EMAIL_KINDS, type EmailContext, renderEmail } from '../../functions/domain/emails.ts';

const context = (kind: (typeof EMAIL_KINDS)[number], locale: string): EmailContext => ({
  kind,
  debtorName: 'Zoë <Ñúñez> & co',
  creditor: {
    name: 'Example Energy',
    email: 'accounts@example.com',
    phone: '+44 20 7946 0000',
    supportHours: 'Weekdays, 9 to 5',
  },
  locale,
  balance: { amount: 12950, currency: 'EUR' },
  invoices: [{ invoiceId: 'INV-1', amountDue: { amount: 12950, currency: 'EUR' }, dueDate: '2026-11-19' }],
  accountUrl: 'https://pay.example.com/case/eyJjIjoiQUNDLTEtMSJ9.c2lnbmF0dXJl',
  optOutUrl: 'https://pay.example.com/case/eyJjIjoiQUNDLTEtMSJ9.c2lnbmF0dXJl/stop-emails',
  agencyReferralDate: '2026-12-14',
  partialPayment: { amount: { amount: 100, currency: 'EUR' } },
  promiseDate: '2026-12-24',
  planOptions: [
    {
      instalments: [
        { number: 1, dueDate: '2026-12-01', amount: { amount: 6475, currency: 'EUR' } },
        { number: 2, dueDate: '2027-01-01', amount: { amount: 6475, currency: 'EUR' } },
      ],
      total: { amount: 12950, currency: 'EUR' },
    },
  ],
  plan: {
    instalments: [{ number: 1, dueDate: '2026-12-01', amount: { amount: 12950, currency: 'EUR' } }],
    total: { amount: 12950, currency: 'EUR' },
  },
  instalment: { number: 1, dueDate: '2026-12-01', amount: { amount: 12950, currency: 'EUR' } },
  pauseUntil: '2026-12-31',
  dispute: {
    outcome: kind === 'disputeUpheld' ? 'upheld' : 'rejected',
    note: 'Línea uno.\nLínea dos: <b>no</b>',
  },
});

const FROM = 'billing@example.com';
const TO = 'zoe@example.com';

/** The message's header block, unfolded: one entry per field, in order. */
function headerBlock(raw: Buffer): [string, string][] {
  const head = raw.toString('utf8').split('\r\n\r\n')[0] ?? '';
  return head
    .replace(/\r\n(?=[ \t])/g, '')
    .split('\r\n')
    .map((line) => {
      const colon = line.indexOf(':');
      return [line.slice(0, colon), line.slice(colon + 1).trim()];
    });
}

describe('an email as raw MIME', () => {
  describe.each(EMAIL_KINDS)('%s', (kind) => {
    it.each(['en-GB', 'es-ES'])(
      '%s: its parts decode to exactly the rendered text and HTML',
      async (locale) => {
        const email = renderEmail(context(kind, locale));
        const raw = await mimeMessage(FROM, TO, email);
        const parsed = await simpleParser(raw);
        expect(parsed.subject).toBe(email.subject);
        expect(parsed.text).toBe(email.text);
        expect(parsed.html).toBe(email.html);
        expect(parsed.attachments).toEqual([]);
      },
    );
  });

  it('carries From, To, Subject, Date, Message-ID, MIME-Version, the unsubscribe headers and a multipart/alternative body', async () => {
    const email = renderEmail(context('final', 'es-ES'));
    const raw = await mimeMessage(FROM, TO, email);
    const headers = headerBlock(raw);
    expect(headers.map(([name]) => name)).toEqual([
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
    const header = (name: string) => headers.find(([key]) => key === name)?.[1];
    expect(header('From')).toBe(FROM);
    expect(header('To')).toBe(TO);
    // Not ASCII: encoded words, which decode to the subject.
    expect(header('Subject')).toMatch(/^=\?UTF-8\?[QB]\?.+\?=$/);
    expect(header('List-Unsubscribe')).toBe(`<${email.unsubscribeUrl}>`);
    expect(header('List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
    expect(header('MIME-Version')).toBe('1.0');
    expect(header('Date')).toMatch(/^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} \+0000$/);
    expect(header('Message-ID')).toMatch(/^<[0-9a-f-]+@example\.com>$/);
    expect(header('Content-Type')).toMatch(/^multipart\/alternative;\s*boundary="[^"]+"$/);
    const parsed = await simpleParser(raw);
    expect(parsed.headers.get('content-type')).toMatchObject({ value: 'multipart/alternative' });
    // Plain text first, HTML last (the part a client prefers), both UTF-8.
    const body = raw.toString('utf8');
    expect(body.indexOf('Content-Type: text/plain; charset=utf-8')).toBeGreaterThan(0);
    expect(body.indexOf('Content-Type: text/html; charset=utf-8')).toBeGreaterThan(
      body.indexOf('Content-Type: text/plain; charset=utf-8'),
    );
    // Every line ends in CRLF and none is longer than 998 characters (RFC 5322 §2.1.1).
    expect(body).not.toMatch(/[^\r]\n/);
    for (const line of body.split('\r\n')) expect(line.length).toBeLessThanOrEqual(998);
  });

  it('writes an ASCII subject as it is', async () => {
    const email = { subject: 'Your balance of GBP 129.50 is still unpaid', text: 't', html: '<p>h</p>' };
    const headers = headerBlock(await mimeMessage(FROM, TO, email));
    expect(headers).toContainEqual(['Subject', email.subject]);
  });

  it('has no unsubscribe headers without an unsubscribe URL, and refuses one that could break out of its header', async () => {
    const email = { subject: 's', text: 't', html: '<p>h</p>' };
    const names = headerBlock(await mimeMessage(FROM, TO, email)).map(([name]) => name);
    expect(names).not.toContain('List-Unsubscribe');
    expect(names).not.toContain('List-Unsubscribe-Post');
    for (const unsubscribeUrl of [
      'https://pay.example.com/case/x\r\nBcc: everyone@example.com',
      'https://pay.example.com/case/x>, <mailto:a@example.com',
      'javascript:alert(1)',
      'mailto:stop@example.com',
    ])
      await expect(mimeMessage(FROM, TO, { ...email, unsubscribeUrl })).rejects.toThrow(/unsubscribe URL/);
  });

  it('is the same message, byte for byte, for the same email, Date, boundary and Message-ID', async () => {
    const email = renderEmail(context('friendly', 'en-GB'));
    const fixed = {
      date: new Date('2026-12-01T09:30:00Z'),
      baseBoundary: 'fixed',
      messageId: '<fixed@example.com>',
    };
    const [one, two] = await Promise.all([
      mimeMessage(FROM, TO, email, fixed),
      mimeMessage(FROM, TO, email, fixed),
    ]);
    expect(one.equals(two)).toBe(true);
    expect(headerBlock(one)).toContainEqual(['Date', 'Tue, 01 Dec 2026 09:30:00 +0000']);
    expect(headerBlock(one)).toContainEqual(['Message-ID', '<fixed@example.com>']);
    expect(one.toString()).toContain('boundary="--_NmP-fixed-Part_1"');
  });
});
