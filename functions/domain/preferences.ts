import type { CaseRecord, DebtorProfile } from './case.ts';
import type { CaseChange } from './case-updates.ts';
import { type Language, languageOf, localeIn } from './language.ts';

/**
 * Language kept (issue 16), pure: the language a debtor picks on the portal becomes the case's (the
 * debtor's locale, in their region: es-GB, en-MX), so every later email and page speaks it. The
 * debtor's other cases learn it from the debtor's preferences (one item per debtor, by email).
 */
export function keepLanguage(
  record: CaseRecord,
  language: Language,
  at: string,
): (Omit<CaseChange, 'timeline'> & { timeline: CaseChange['timeline'] }) | undefined {
  if (languageOf(record.debtor.locale) === language) return undefined;
  return {
    set: { debtor: withLanguage(record.debtor, language) },
    timeline: { type: 'LanguageChosen', entryId: `language-${language}-${at}`, data: { language } },
  };
}

/** The debtor's profile speaking `language` (their region kept). */
export const withLanguage = (debtor: DebtorProfile, language: Language | undefined): DebtorProfile =>
  language && languageOf(debtor.locale) !== language
    ? { ...debtor, locale: localeIn(language, debtor.locale) }
    : debtor;
