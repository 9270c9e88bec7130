import { brotliCompressSync, brotliDecompressSync, constants } from 'node:zlib';
import type { RenderedEmail } from '../../domain/emails.ts';
import type { PendingMessage } from '../../ports/case-store.ts';

/**
 * A rendered email as a recorded message's item keeps it until SES takes it (issue 15): compressed.
 *
 * DynamoDB bills a write by the item's size, per started KB, on the table and again on each index the
 * item is in, twice over in a transaction, and an update by the larger of the item before and after.
 * A recorded message waits on the `byAccount` index (projected ALL) and is written three times
 * (recorded in the send gate's transaction, claimed by deliverEmail, marked sent in a transaction):
 * its ~4 KB of HTML and text cost ~40 write units an email. Brotli (its text mode, built-in
 * dictionary of HTML words) takes a rendered email to ~30 % of its size (3.8 KB to 1.0 KB for the
 * friendly reminder), so the item fits in 2 KB and the three writes cost ~16.
 */
export function storedEmail(email: RenderedEmail): Uint8Array {
  const json = Buffer.from(JSON.stringify(email));
  return brotliCompressSync(json, {
    params: {
      [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
      [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
      [constants.BROTLI_PARAM_SIZE_HINT]: json.length,
    },
  });
}

/**
 * The rendered email a message's item keeps, or undefined when the item has none that can be read.
 * Reads the compressed form as the SDK returns it (bytes) and as a Lambda's stream event carries it
 * (DynamoDB JSON in which binary is base64 text), and the plain object messages were recorded with
 * before the compression: a message recorded by the previous version and sent by this one still goes.
 */
export function emailOfStored(value: unknown): RenderedEmail | undefined {
  let candidate: unknown = value;
  if (value instanceof Uint8Array || typeof value === 'string') {
    try {
      const bytes = typeof value === 'string' ? Buffer.from(value, 'base64') : value;
      candidate = JSON.parse(brotliDecompressSync(bytes).toString('utf8'));
    } catch {
      return undefined;
    }
  }
  if (!candidate || typeof candidate !== 'object') return undefined;
  const email = candidate as Record<string, unknown>;
  if (typeof email.subject !== 'string' || typeof email.html !== 'string' || typeof email.text !== 'string')
    return undefined;
  return {
    subject: email.subject,
    text: email.text,
    html: email.html,
    ...(typeof email.unsubscribeUrl === 'string' ? { unsubscribeUrl: email.unsubscribeUrl } : {}),
  };
}

/** A recorded message's item (read from the table or from its stream image) as deliverEmail sends it. */
export function pendingMessageOfItem(item: Record<string, unknown> | undefined): PendingMessage | undefined {
  if (item?.itemType !== 'message' || item.status !== 'pending') return undefined;
  if (typeof item.caseId !== 'string' || typeof item.messageKey !== 'string') return undefined;
  if (typeof item.to !== 'string' || typeof item.recordedAt !== 'string') return undefined;
  const email = emailOfStored(item.email);
  if (!email) return undefined;
  return {
    caseId: item.caseId,
    messageKey: item.messageKey,
    to: item.to,
    email,
    recordedAt: item.recordedAt,
  };
}
