/**
 * Text messages (issue 16), pure: how many segments a text costs (GSM-7 or UCS-2), which channels a
 * message goes by for a debtor, and what an inbound text asks for (STOP, HELP, or a message).
 */

/** The GSM 03.38 default alphabet: one septet each. */
const GSM7_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
/** The GSM 03.38 extension table: an escape and the character, two septets each. */
const GSM7_EXTENSION = '^{}\\[~]|€\f';

const BASIC = new Set(Array.from(GSM7_BASIC));
const EXTENSION = new Set(Array.from(GSM7_EXTENSION));

export type TextEncoding = 'GSM-7' | 'UCS-2';

/** One segment alone holds 160 GSM-7 septets or 70 UCS-2 units; a concatenated one loses its header's room. */
export const SEGMENT_LIMITS: Readonly<Record<TextEncoding, { single: number; multi: number }>> = {
  'GSM-7': { single: 160, multi: 153 },
  'UCS-2': { single: 70, multi: 67 },
};

/**
 * Texts longer than this many segments are refused: a rule of ours broke (each segment is billed,
 * and long concatenations arrive out of order on some handsets). A Spanish reminder, UCS-2 for its
 * accents, with the signed link, takes five.
 */
export const MAX_SEGMENTS = 6;

export type SegmentCount = { encoding: TextEncoding; segments: number; units: number };

/** GSM-7 when every character is in the default alphabet or its extension; UCS-2 otherwise. */
export function encodingOf(body: string): TextEncoding {
  for (const char of body) if (!BASIC.has(char) && !EXTENSION.has(char)) return 'UCS-2';
  return 'GSM-7';
}

/**
 * How many segments a text is billed as. A character is never split across two segments: an
 * extension character's escape and the character stay together (GSM-7), and so do the two halves
 * of a surrogate pair (UCS-2, an emoji), so a segment may hold one unit less than its limit.
 */
export function countSegments(body: string): SegmentCount {
  const encoding = encodingOf(body);
  const sizes = Array.from(body, (char) =>
    encoding === 'GSM-7' ? (EXTENSION.has(char) ? 2 : 1) : char.length,
  );
  const units = sizes.reduce((sum, size) => sum + size, 0);
  const limits = SEGMENT_LIMITS[encoding];
  if (units === 0) return { encoding, segments: 0, units };
  if (units <= limits.single) return { encoding, segments: 1, units };
  let segments = 1;
  let used = 0;
  for (const size of sizes) {
    if (used + size > limits.multi) {
      segments++;
      used = 0;
    }
    used += size;
  }
  return { encoding, segments, units };
}

/**
 * The text as it should go: spaces a number format uses (no-break, narrow no-break) become plain
 * spaces and typographic quotes plain ones, so a text that could be GSM-7 is not billed as UCS-2.
 */
export function plainText(body: string): string {
  return body
    .replace(/[\u00a0\u202f\u2009\u2007]/g, ' ')
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/[\u2013\u2014]/g, '-')
    .replace(/\u2026/g, '...');
}

/** E.164: a plus, a country code, at most 15 digits, no leading zero. */
export const E164 = /^\+[1-9]\d{6,14}$/;

export type Channel = 'email' | 'sms';
export type ChannelPreference = 'email' | 'sms' | 'both';

/** What the case knows of the debtor's phone and their wishes. */
export type TextContact = {
  debtor: { phone?: string; smsConsent?: boolean; preferredChannel?: ChannelPreference };
  /** The debtor withdrew consent to texts (a STOP, or on the portal): no text goes again. */
  smsOptedOutAt?: string;
  /** The debtor opted out of email (the email's link): no email goes again. */
  optedOutAt?: string;
};

/** A text may go to this debtor at all: a phone, consent given, and no STOP since. */
export function textAllowed(contact: TextContact): boolean {
  return (
    contact.debtor.phone !== undefined &&
    E164.test(contact.debtor.phone) &&
    contact.debtor.smsConsent === true &&
    contact.smsOptedOutAt === undefined
  );
}

/**
 * The channels a message to the debtor goes by: their preference where it is allowed, email
 * otherwise (the default). A text never goes without consent; an email never after the debtor
 * opted out of email (then a text alone, if they consented to texts). Empty: no channel is left.
 */
export function channelsFor(contact: TextContact): Channel[] {
  const text = textAllowed(contact);
  const email = contact.optedOutAt === undefined;
  const preference = contact.debtor.preferredChannel ?? 'email';
  if (!text) return email ? ['email'] : [];
  if (!email) return ['sms'];
  if (preference === 'sms') return ['sms'];
  if (preference === 'both') return ['email', 'sms'];
  return ['email'];
}

/** Words that withdraw consent to texts (the carriers' and the CTIA's, and Spanish BAJA and ALTO). */
export const STOP_KEYWORDS = [
  'STOP',
  'STOPALL',
  'UNSUBSCRIBE',
  'CANCEL',
  'END',
  'QUIT',
  'OPTOUT',
  'BAJA',
  'ALTO',
  'PARAR',
] as const;
/** Words that ask who is writing and how to reach a person. */
export const HELP_KEYWORDS = ['HELP', 'INFO', 'AYUDA'] as const;

export type InboundIntent = 'stop' | 'help' | 'message';

/**
 * What an inbound text asks for: a keyword is the whole text (any case, accents, spaces and
 * punctuation around it ignored), as carriers read keywords; "stop texting me at night" is a
 * message for a person, not a keyword.
 */
export function intentOf(body: string): InboundIntent {
  const word = body
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[\s\p{P}\p{S}]/gu, '')
    .toUpperCase();
  if ((STOP_KEYWORDS as readonly string[]).includes(word)) return 'stop';
  if ((HELP_KEYWORDS as readonly string[]).includes(word)) return 'help';
  return 'message';
}
