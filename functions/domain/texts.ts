import { textHistory as enHistory, textPage as enPage, text as enText } from '../i18n/en.ts';
import { textHistory as esHistory, textPage as esPage, text as esText } from '../i18n/es.ts';
import type { TextHistoryWords, TextPageWords, TextWords } from '../i18n/types.ts';
import type { ContactPurpose } from './contact-rules.ts';
import { languageOf } from './language.ts';
import { formatMoney, type Money } from './money.ts';
import { countSegments, MAX_SEGMENTS, plainText, type SegmentCount } from './text-messages.ts';

const TEXT_WORDS: Readonly<Record<'en' | 'es', TextWords>> = { en: enText, es: esText };

/** The words of texts in the debtor's language. */
export function textWords(locale: string): TextWords {
  return TEXT_WORDS[languageOf(locale)];
}

/** The portal's texts page, in the debtor's language (apart, so a function bundles only what it shows). */
export function textPageWords(locale: string): TextPageWords {
  return languageOf(locale) === 'es' ? esPage : enPage;
}

/** Texts in the debtor's History, in their language. */
export function textHistoryWords(locale: string): TextHistoryWords {
  return languageOf(locale) === 'es' ? esHistory : enHistory;
}

/** A text as it goes: its body and what it costs. */
export type RenderedText = { body: string } & SegmentCount;

/** The text is longer than a debtor should have to read (and than we pay for): a rule of ours broke. */
export class TextTooLongError extends Error {
  override name = 'TextTooLongError';
}

function finish(body: string): RenderedText {
  const plain = plainText(body);
  const count = countSegments(plain);
  if (count.segments > MAX_SEGMENTS)
    throw new TextTooLongError(
      `A text of ${count.segments} segments (${count.encoding}) is over ${MAX_SEGMENTS}`,
    );
  return { body: plain, ...count };
}

/**
 * The text a message to the debtor is, by what it is for: who is writing, the balance when it asks
 * for payment, the signed link to their account, and how to opt out.
 */
export function renderText(input: {
  purpose: ContactPurpose;
  locale: string;
  creditorName: string;
  balance: Money;
  accountUrl: string;
}): RenderedText {
  const words = textWords(input.locale);
  const main =
    input.purpose === 'collection'
      ? words.collection(input.creditorName, formatMoney(input.balance, input.locale), input.accountUrl)
      : input.purpose === 'acknowledgement'
        ? words.acknowledgement(input.creditorName, input.accountUrl)
        : words.outcome(input.creditorName, input.accountUrl);
  return finish(`${main} ${words.optOut}`);
}

/** A text that answers the debtor (consent confirmed, STOP, HELP): no demand, no cap. */
export function renderServiceText(
  kind: 'welcome' | 'stopped' | 'help',
  input: { locale: string; creditorName: string; accountUrl?: string },
): RenderedText {
  const words = textWords(input.locale);
  if (kind === 'stopped') return finish(words.stopped(input.creditorName));
  if (kind === 'welcome') return finish(`${words.welcome(input.creditorName)} ${words.optOut}`);
  return finish(`${words.help(input.creditorName, input.accountUrl ?? '')} ${words.optOut}`);
}

/**
 * A text in a person's words (a staff reply to the debtor's text, issue 16): who is writing, the
 * words as typed (one line, spaces collapsed), and how to opt out. Throws TextTooLongError past
 * MAX_SEGMENTS, so the form can say so beside the field.
 */
export function renderPersonText(input: {
  locale: string;
  creditorName: string;
  message: string;
}): RenderedText {
  const words = textWords(input.locale);
  const message = input.message.replace(/\s+/g, ' ').trim();
  return finish(`${words.fromPerson(input.creditorName, message)} ${words.optOut}`);
}
