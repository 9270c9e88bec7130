/** The languages emails and pages are written in; the debtor's locale picks one. */
export type Language = 'en' | 'es';

export const LANGUAGE_CODES = ['en', 'es'] as const satisfies readonly Language[];
export const isLanguageCode = (value: unknown): value is Language =>
  (LANGUAGE_CODES as readonly unknown[]).includes(value);

export function languageOf(locale: string): Language {
  return locale.toLowerCase().startsWith('es') ? 'es' : 'en';
}

/**
 * The locale amounts and dates are written in: the debtor's own when it is in the chosen language
 * (en-GB stays en-GB), else the chosen language in the debtor's region (es-MX switched to English
 * reads en-MX), so the currency and calendar stay theirs.
 */
export function localeIn(language: Language, debtorLocale: string): string {
  if (languageOf(debtorLocale) === language) return debtorLocale;
  try {
    const region = new Intl.Locale(debtorLocale).region;
    return region ? `${language}-${region}` : language;
  } catch {
    return language;
  }
}
