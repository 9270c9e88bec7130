import type { Language } from '../domain/language.ts';
import { en } from './en.ts';
import { es } from './es.ts';
import type { Catalogue } from './types.ts';

/**
 * One message catalogue per language (en.ts, es.ts), each a whole `Catalogue`: the words of every
 * email and page. Presentation code asks for the words of one language and one part (`words('es').
 * actions`); it never keeps tables of its own.
 */
export const CATALOGUES: Readonly<Record<Language, Catalogue>> = { en, es };

export function words(language: Language): Catalogue {
  return CATALOGUES[language];
}
