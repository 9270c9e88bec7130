import {
  brotliCompressSync,
  brotliDecompressSync,
  constants,
  zstdCompressSync,
  zstdDecompressSync,
} from 'node:zlib';
import type { RenderedEmail } from '../../domain/emails.ts';
import type { PendingMessage } from '../../ports/case-store.ts';
import { EMAIL_DICTIONARY_V1 } from './email-dictionary-v1.ts';

/**
 * A rendered email as a recorded message's item keeps it until SES takes it (issue 15): compressed.
 *
 * DynamoDB bills a write by the item's size, per started KB, on the table and again on each index the
 * item is in, twice over in a transaction, and an update by the larger of the item before and after.
 * A recorded message waits on the `byAccount` index (projected ALL) and is written twice more after
 * it is recorded (marked sent, and its delivery's news). Its ~4 KB of HTML and text:
 * - Zstandard with a dictionary of the templates' own words and markup (`mail`: the dictionary's
 *   version, then the frame): a friendly reminder takes ~400 bytes, mostly the debtor's own name,
 *   amounts and signed links, so the whole item stays under 1 KB and each write costs one unit.
 * - Brotli, text mode (`email`): ~1.1 KB; what a Node without Zstandard's dictionaries writes, and
 *   what messages recorded before the dictionary carry. Both are read.
 */
export type StoredEmail = { mail: Uint8Array } | { email: Uint8Array };

/** Every dictionary version ever written (bin/email-dictionary.ts), by the byte a `mail` value starts with. */
const DICTIONARIES: Readonly<Record<number, string>> = { 1: EMAIL_DICTIONARY_V1 };
/** The version new messages are written with. */
const CURRENT_DICTIONARY = 1;

const unpacked = new Map<number, Buffer>();
function dictionary(version: number): Buffer | undefined {
  let found = unpacked.get(version);
  const packed = DICTIONARIES[version];
  if (!found && packed) {
    found = brotliDecompressSync(Buffer.from(packed, 'base64'));
    unpacked.set(version, found);
  }
  return found;
}

let zstdWithDictionary: boolean | undefined;
/**
 * Whether this Node compresses with a Zstandard dictionary (Node 24.6 and later; the API is
 * experimental): checked once, on a sample that only a dictionary shrinks that far, and by reading
 * it back. Without, messages are written as Brotli, which every version reads.
 */
export function zstdDictionariesWork(): boolean {
  if (zstdWithDictionary === undefined) {
    try {
      const sample = Buffer.from('{"subject":"A friendly reminder","text":"Hello"}');
      const words = Buffer.concat([sample, sample]);
      const packed = zstdCompressSync(sample, { dictionary: words });
      zstdWithDictionary =
        packed.length < sample.length / 2 && zstdDecompressSync(packed, { dictionary: words }).equals(sample);
    } catch {
      zstdWithDictionary = false;
    }
  }
  return zstdWithDictionary;
}

/** The rendered email as a message's item keeps it: the attribute to write, and its bytes. */
export function storedEmail(email: RenderedEmail): StoredEmail {
  const json = Buffer.from(JSON.stringify(email));
  const words = zstdDictionariesWork() ? dictionary(CURRENT_DICTIONARY) : undefined;
  if (words) {
    const frame = zstdCompressSync(json, {
      dictionary: words,
      params: { [constants.ZSTD_c_compressionLevel]: 19 },
    });
    return { mail: Buffer.concat([Buffer.from([CURRENT_DICTIONARY]), frame]) };
  }
  return {
    email: brotliCompressSync(json, {
      params: {
        [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
        [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
        [constants.BROTLI_PARAM_SIZE_HINT]: json.length,
      },
    }),
  };
}

/** The bytes of a binary attribute, as the SDK returns it (bytes) or a stream image carries it (base64). */
const bytesOf = (value: unknown): Uint8Array | undefined =>
  value instanceof Uint8Array ? value : typeof value === 'string' ? Buffer.from(value, 'base64') : undefined;

/** A `mail` value's email, or undefined when it cannot be read (an unknown dictionary, damaged bytes). */
function emailOfMail(value: unknown): RenderedEmail | undefined {
  const bytes = bytesOf(value);
  const words = bytes && bytes.length > 1 ? dictionary(bytes[0] as number) : undefined;
  if (!bytes || !words) return undefined;
  try {
    return emailOfStored(
      JSON.parse(zstdDecompressSync(bytes.subarray(1), { dictionary: words }).toString('utf8')),
    );
  } catch {
    return undefined;
  }
}

/** A message's item's email, whichever way it was kept (`mail`, `email`), or undefined. */
export function emailOfItem(item: Record<string, unknown>): RenderedEmail | undefined {
  return item.mail !== undefined ? emailOfMail(item.mail) : emailOfStored(item.email);
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
  const email = emailOfItem(item);
  if (!email) return undefined;
  return {
    caseId: item.caseId,
    messageKey: item.messageKey,
    to: item.to,
    email,
    recordedAt: item.recordedAt,
  };
}
