import { createHash, randomBytes } from 'node:crypto';
import { brotliCompressSync, brotliDecompressSync } from 'node:zlib';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { describe, expect, it } from 'vitest';
import { itemBytes } from '../../bench/cost.ts';
import { EMAIL_DICTIONARY_V1 } from '../../functions/adapters/dynamodb/email-dictionary-v1.ts';
import {
  emailOfItem,
  emailOfStored,
  pendingMessageOfItem,
  type StoredEmail,
  storedEmail,
  zstdDictionariesWork,
} from '../../functions/adapters/dynamodb/stored-email.ts';
import { pendingMessageOfImage } from '../../functions/adapters/dynamodb/stream-images.ts';
import { keys } from '../../functions/contract/table.ts';
import { EMAIL_KINDS, renderEmail } from '../../functions/domain/emails.ts';
import { contextFor } from '../support/email-contexts.ts';

const LOCALES = ['en-GB', 'es-ES'] as const;
const CASE_ID = 'ACC-000123456789-1';
const MESSAGE_KEY = 'friendly-0';
const AT = '2026-12-03T10:00:00.000Z';

/** A signed link as the portal's are (a claim of ~100 characters and a signature), never twice the same. */
const signedLink = (tail = '') =>
  `https://pay.example.com/case/${randomBytes(75).toString('base64url')}.${randomBytes(32).toString('base64url')}${tail}`;

/** A recorded message's item as the send gate writes it (contact-records.ts recordSend). */
function messageItem(stored: StoredEmail | { email: unknown }) {
  return {
    ...keys.message(CASE_ID, MESSAGE_KEY),
    ...keys.pendingDelivery(CASE_ID, MESSAGE_KEY, AT),
    itemType: 'message',
    caseId: CASE_ID,
    messageKey: MESSAGE_KEY,
    status: 'pending',
    recordedAt: AT,
    to: 'alex.morgan+long-label@example-energy-customer.co.uk',
    ...stored,
    timelineSk: `TIMELINE#${AT}#email-sent-${MESSAGE_KEY}`,
  };
}

describe('a rendered email as a recorded message keeps it (issue 15)', () => {
  it('is kept with the dictionary on this Node (Zstandard with dictionaries works here)', () => {
    expect(zstdDictionariesWork()).toBe(true);
    expect(Object.keys(storedEmail(renderEmail(contextFor('friendly'))))).toEqual(['mail']);
  });

  it.each(LOCALES.flatMap((locale) => EMAIL_KINDS.map((kind) => [kind, locale] as const)))(
    '%s (%s) comes back whole; with real links its item takes one write unit (1 KB), a plan offer two',
    (kind, locale) => {
      const context = contextFor(kind, locale, {
        debtorName: 'Alex Morgan',
        accountUrl: signedLink(),
        optOutUrl: signedLink('/stop-emails'),
      });
      const withLinks = context.planOptions
        ? {
            ...context,
            planOptions: context.planOptions.map((plan) => ({ ...plan, url: signedLink('/plan') })),
          }
        : context;
      const email = renderEmail(withLinks);
      const stored = storedEmail(email);
      expect(emailOfItem(stored)).toEqual(email);
      // Billed per started KB on the table and on the byAccount index, in every write while it
      // waits: 1 KB for all but the plan offers (three signed links of their own), which take 2.
      const bytes = itemBytes(marshall(messageItem(stored)));
      expect(bytes).toBeLessThanOrEqual(kind === 'planOffer' || kind === 'hardshipPlanOffer' ? 2048 : 1024);
      // Brotli alone (the fallback, and messages recorded before the dictionary) took 2 KB.
      expect(bytes).toBeLessThan(itemBytes(marshall(messageItem({ email: brotliOf(email) }))));
    },
  );

  it('reads the stream image as a Lambda gets it: binary as base64 text', () => {
    const email = renderEmail(contextFor('friendly'));
    const image = marshall(messageItem(storedEmail(email)));
    // What the event's JSON carries: the same attribute, its bytes base64-encoded.
    const bytes = image.mail?.B;
    if (!bytes) throw new Error('the email is not stored as binary');
    const asJson = JSON.parse(
      JSON.stringify({ ...image, mail: { B: Buffer.from(bytes).toString('base64') } }),
    );
    expect(typeof asJson.mail.B).toBe('string');
    expect(pendingMessageOfImage(asJson)).toEqual({
      caseId: CASE_ID,
      messageKey: MESSAGE_KEY,
      to: messageItem({ email: undefined }).to,
      email,
      recordedAt: AT,
    });
  });

  it('still sends a message recorded before the dictionary (Brotli) or before any compression (a map)', () => {
    const email = renderEmail(contextFor('firm', 'es-ES'));
    expect(pendingMessageOfItem(unmarshall(marshall(messageItem({ email }))))?.email).toEqual(email);
    const brotli = unmarshall(marshall(messageItem({ email: brotliOf(email) })));
    expect(pendingMessageOfItem(brotli)?.email).toEqual(email);
  });

  it('gives nothing for an item whose email cannot be read, rather than sending a broken one', () => {
    expect(emailOfStored(new Uint8Array([1, 2, 3]))).toBeUndefined();
    expect(emailOfStored('not base64 brotli')).toBeUndefined();
    expect(emailOfStored({ subject: 'Only a subject' })).toBeUndefined();
    expect(emailOfStored(undefined)).toBeUndefined();
    expect(pendingMessageOfItem(messageItem({ email: new Uint8Array([1, 2, 3]) }))).toBeUndefined();
    // A dictionary version nobody wrote, damaged bytes, nothing after the version.
    const { mail } = storedEmail(renderEmail(contextFor('friendly'))) as { mail: Uint8Array };
    expect(emailOfItem({ mail: Buffer.concat([Buffer.from([200]), mail.subarray(1)]) })).toBeUndefined();
    expect(
      emailOfItem({ mail: Buffer.concat([mail.subarray(0, 1), Buffer.from([9, 9, 9])]) }),
    ).toBeUndefined();
    expect(emailOfItem({ mail: mail.subarray(0, 1) })).toBeUndefined();
    const withoutStatus = {
      ...messageItem(storedEmail(renderEmail(contextFor('friendly')))),
      status: 'sent',
    };
    expect(pendingMessageOfItem(withoutStatus)).toBeUndefined();
  });
});

describe('the dictionary (bin/email-dictionary.ts)', () => {
  it('version 1 is what was written: a message recorded with it is read with it, so it never changes', () => {
    const words = brotliDecompressSync(Buffer.from(EMAIL_DICTIONARY_V1, 'base64'));
    expect(words.length).toBe(169_723);
    expect(createHash('sha256').update(words).digest('hex')).toBe(V1_SHA256);
  });
});

/** How messages were kept before the dictionary (and still are where Zstandard's dictionaries are missing). */
const brotliOf = (email: unknown) => brotliCompressSync(Buffer.from(JSON.stringify(email)));

/** The SHA-256 of version 1's text, as bin/email-dictionary.ts wrote it on 2026-12-03. */
const V1_SHA256 = 'c4d6a6b612d2c9ef5fa12b392772af5639d8919c0466ad7a8343c4f74ea5798b';
