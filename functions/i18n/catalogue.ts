import type { Language } from '../domain/language.ts';
import { en } from './en.ts';
import { es } from './es.ts';
import type { Catalogue } from './types.ts';

/**
 * One message catalogue per language (en.ts, es.ts), each a whole `Catalogue` (types.ts): the words
 * of every email and page. Pages ask for one language's part, `words('es').actions`; they keep no
 * tables of their own. Each part is also exported on its own, so a function imports only the words
 * it uses (the email renderer takes `email` alone and bundles no page words). The catalogues import
 * no values from the domain, only types: what a word needs (a limit, a date) it takes as an argument.
 */
export const CATALOGUES: Readonly<Record<Language, Catalogue>> = { en, es };

export function words(language: Language): Catalogue {
  return CATALOGUES[language];
}
