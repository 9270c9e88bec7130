import { type Language, languageOf, localeIn } from '../domain/language.ts';

/**
 * Which language a page speaks, pure: the switch on the page (`?lang=es`) first, then the debtor's
 * own locale, then the browser's Accept-Language; English if none says.
 */
export const LANGUAGES: readonly Language[] = ['en', 'es'];

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

export function chooseLanguage(input: {
  query?: string | undefined;
  debtorLocale?: string | undefined;
  acceptLanguage?: string | undefined;
}): Language {
  if (isLanguage(input.query)) return input.query;
  if (input.debtorLocale) return languageOf(input.debtorLocale);
  const first = input.acceptLanguage?.split(',')[0]?.split(';')[0]?.trim();
  return first ? languageOf(first) : 'en';
}

/**
 * The locale amounts and dates are written in: the debtor's own when it is in the chosen language
 * (en-GB stays en-GB), else the chosen language in the debtor's region (es-MX switched to English
 * reads en-MX), so the currency and calendar stay theirs.
 */
export const localeFor = (language: Language, debtorLocale: string): string =>
  localeIn(language, debtorLocale);

export const otherLanguage = (language: Language): Language => (language === 'en' ? 'es' : 'en');

/** A path in the portal that keeps the page's language: `/case/x/history?lang=es`. */
export function withLanguage(path: string, language: Language, query = ''): string {
  return `${path}?${query ? `${query}&` : ''}lang=${language}`;
}
