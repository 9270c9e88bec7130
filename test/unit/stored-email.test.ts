import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { describe, expect, it } from 'vitest';
import { itemBytes } from '../../bench/cost.ts';
import {
  emailOfStored,
  pendingMessageOfItem,
  storedEmail,
} from '../../functions/adapters/dynamodb/stored-email.ts';
import { pendingMessageOfImage } from '../../functions/adapters/dynamodb/stream-images.ts';
import { keys } from '../../functions/contract/table.ts';
import { EMAIL_KINDS, renderEmail } from '../../functions/domain/emails.ts';
import { contextFor } from '../support/email-contexts.ts';

const LOCALES = ['en-GB', 'es-ES'] as const;
const CASE_ID = 'ACC-000123456789-1';
const MESSAGE_KEY = 'friendly-0';
const AT = '2026-12-03T10:00:00.000Z';

/** A recorded message's item as the send gate writes it (contact-records.ts recordSend). */
function messageItem(email: unknown) {
  return {
    ...keys.message(CASE_ID, MESSAGE_KEY),
    ...keys.pendingDelivery(CASE_ID, MESSAGE_KEY, AT),
    itemType: 'message',
    caseId: CASE_ID,
    messageKey: MESSAGE_KEY,
    status: 'pending',
    recordedAt: AT,
    to: 'alex.morgan+long-label@example-energy-customer.co.uk',
    email,
    timelineSk: `TIMELINE#${AT}#email-sent-${MESSAGE_KEY}`,
  };
}

describe('a rendered email as a recorded message keeps it (issue 15)', () => {
  it.each(LOCALES.flatMap((locale) => EMAIL_KINDS.map((kind) => [kind, locale] as const)))(
    '%s (%s) comes back whole, and its item fits in 2 KB where it took up to 7',
    (kind, locale) => {
      const email = renderEmail(contextFor(kind, locale));
      const stored = storedEmail(email);
      expect(emailOfStored(stored)).toEqual(email);
      // Billed per started KB on the table and on the byAccount index, in three writes: 2 KB, not 4 to 7.
      const plain = itemBytes(marshall(messageItem(email)));
      const compressed = itemBytes(marshall(messageItem(stored)));
      expect(compressed).toBeLessThanOrEqual(2048);
      expect(compressed).toBeLessThan(plain / 2);
    },
  );

  it('reads the stream image as a Lambda gets it: binary as base64 text', () => {
    const email = renderEmail(contextFor('friendly'));
    const image = marshall(messageItem(storedEmail(email)));
    // What the event's JSON carries: the same attribute, its bytes base64-encoded.
    const bytes = image.email?.B;
    if (!bytes) throw new Error('the email is not stored as binary');
    const asJson = JSON.parse(
      JSON.stringify({ ...image, email: { B: Buffer.from(bytes).toString('base64') } }),
    );
    expect(typeof asJson.email.B).toBe('string');
    expect(pendingMessageOfImage(asJson)).toEqual({
      caseId: CASE_ID,
      messageKey: MESSAGE_KEY,
      to: messageItem(undefined).to,
      email,
      recordedAt: AT,
    });
  });

  it('still sends a message recorded before the compression (the email as a plain map)', () => {
    const email = renderEmail(contextFor('firm', 'es-ES'));
    const item = unmarshall(marshall(messageItem(email)));
    expect(pendingMessageOfItem(item)?.email).toEqual(email);
  });

  it('gives nothing for an item whose email cannot be read, rather than sending a broken one', () => {
    expect(emailOfStored(new Uint8Array([1, 2, 3]))).toBeUndefined();
    expect(emailOfStored('not base64 brotli')).toBeUndefined();
    expect(emailOfStored({ subject: 'Only a subject' })).toBeUndefined();
    expect(emailOfStored(undefined)).toBeUndefined();
    expect(pendingMessageOfItem(messageItem(new Uint8Array([1, 2, 3])))).toBeUndefined();
    const withoutStatus = {
      ...messageItem(storedEmail(renderEmail(contextFor('friendly')))),
      status: 'sent',
    };
    expect(pendingMessageOfItem(withoutStatus)).toBeUndefined();
  });
});
