/** The languages emails and pages are written in; the debtor's locale picks one. */
export type Language = 'en' | 'es';

export function languageOf(locale: string): Language {
  return locale.toLowerCase().startsWith('es') ? 'es' : 'en';
}
