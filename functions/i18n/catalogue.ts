import type { Language } from '../domain/language.ts';
import * as enWords from './en.ts';
import { en } from './en.ts';
import * as esWords from './es.ts';
import { es } from './es.ts';
import type { Catalogue } from './types.ts';

/**
 * One message catalogue per language (en.ts, es.ts), each a whole `Catalogue` (types.ts): the words
 * of every email and page. Pages ask for one language's part, `words('es').actions`; they keep no
 * tables of their own. Each part is also exported on its own, so a function imports only the words
 * it uses: the email renderer takes `email` alone and bundles no page words, and `words` gives the
 * pages every part but `email`, so a portal function bundles no email words. The catalogues import
 * no values from the domain, only types: what a word needs (a limit, a date) it takes as an argument.
 */
export const CATALOGUES: Readonly<Record<Language, Catalogue>> = { en, es };

/** What the pages read: every part of a catalogue but the emails' words. */
export type PageWords = Omit<Catalogue, 'email'>;

const PAGES: Readonly<Record<Language, PageWords>> = {
  en: {
    layout: enWords.layout,
    account: enWords.account,
    status: enWords.status,
    history: enWords.history,
    actions: enWords.actions,
    plans: enWords.plans,
    survey: enWords.survey,
    documents: enWords.documents,
  },
  es: {
    layout: esWords.layout,
    account: esWords.account,
    status: esWords.status,
    history: esWords.history,
    actions: esWords.actions,
    plans: esWords.plans,
    survey: esWords.survey,
    documents: esWords.documents,
  },
};

export function words(language: Language): PageWords {
  return PAGES[language];
}
