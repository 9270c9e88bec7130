/**
 * Writes a new version of the dictionary recorded emails are compressed with (issue 15), from the
 * email templates as they are now: `npm run email-dictionary -- <version>` writes
 * functions/adapters/dynamodb/email-dictionary-v<version>.ts. Never rewrite a version that was ever
 * deployed: a message recorded with it is read with it (functions/adapters/dynamodb/stored-email.ts).
 * A new version is written when the templates have moved so far that emails no longer shrink under
 * the one in use (test/unit/stored-email.test.ts says so); the writer then uses the new one, and
 * every version stays readable.
 *
 * The dictionary is every kind of email in each language the portal speaks, rendered with neutral
 * sample data, as the JSON a recorded email is compressed from: its text parts, then its HTML parts
 * (the layout is the same in all of them). Zstandard finds each email's fixed words and markup in
 * it, so what is stored is mostly what is the debtor's own (their name, amounts, links).
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, constants } from 'node:zlib';
import { EMAIL_KINDS, type EmailContext, type EmailKind, renderEmail } from '../functions/domain/emails.ts';

const LOCALES = ['en-GB', 'es-ES'] as const;

function sampleContext(kind: EmailKind, locale: string): EmailContext {
  const money = (amount: number) => ({ amount, currency: 'GBP' });
  const instalment = { number: 1, dueDate: '2027-01-01', amount: money(2500) };
  const plan = {
    instalments: [instalment, { number: 2, dueDate: '2027-02-01', amount: money(2500) }],
    total: money(5000),
  };
  return {
    kind,
    debtorName: 'Jordan Lee',
    locale,
    creditor: {
      name: 'Example Energy',
      email: 'accounts@example.com',
      phone: '+44 20 7946 0000',
      supportHours: 'Mon–Fri, 9am to 5pm',
    },
    balance: money(5000),
    invoices: [{ invoiceId: 'INV-1', amountDue: money(5000), dueDate: '2026-12-02' }],
    accountUrl: 'https://example.com/case/a',
    optOutUrl: 'https://example.com/case/a/stop-emails',
    agencyReferralDate: '2026-12-14',
    partialPayment: { amount: money(2000) },
    promiseDate: '2026-12-20',
    pauseUntil: '2026-12-20',
    planOptions: [{ ...plan, url: 'https://example.com/case/a/plan?plan=2' }],
    plan,
    instalment,
  } as EmailContext;
}

const json = (value: string) => JSON.stringify(value).slice(1, -1);

/** The dictionary's text, from the templates as they are now. */
export function emailDictionaryText(): string {
  const emails = LOCALES.flatMap((locale) =>
    EMAIL_KINDS.map((kind) => renderEmail(sampleContext(kind, locale))),
  );
  return [
    ...emails.map((email) => `{"subject":"${json(email.subject)}","text":"${json(email.text)}","html":"`),
    ...emails.map((email) => json(email.html)),
  ].join('');
}

const version = Number(process.argv[2]);
if (import.meta.main) {
  if (!Number.isInteger(version) || version < 1 || version > 255)
    throw new Error('Usage: npm run email-dictionary -- <version 1..255>');
  const text = Buffer.from(emailDictionaryText());
  const packed = brotliCompressSync(text, {
    params: { [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY },
  }).toString('base64');
  const file = path.join(
    import.meta.dirname,
    `../functions/adapters/dynamodb/email-dictionary-v${version}.ts`,
  );
  writeFileSync(
    file,
    `// Written by bin/email-dictionary.ts: never edit or rewrite it (messages recorded with it are read with it).
/** Version ${version} of the recorded emails' dictionary: ${text.length} bytes, Brotli-compressed, in base64. */
export const EMAIL_DICTIONARY_V${version} = '${packed}';
`,
  );
  console.log(
    `wrote ${path.relative(process.cwd(), file)}: ${text.length} bytes (${packed.length} in the bundle)`,
  );
}
