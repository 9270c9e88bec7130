import type { Language } from '../domain/language.ts';
import { otherLanguage, withLanguage } from './language-choice.ts';
import type { Chrome, CreditorContact } from './layout.ts';

/**
 * What every page of one case needs besides the case: the language and locale it speaks, the
 * debtor's clock, who is writing, and paths that keep the chosen language.
 */
export type PortalView = {
  language: Language;
  /** For Intl: amounts and dates (see localeFor). */
  locale: string;
  timeZone: string;
  /** The debtor's calendar date, YYYY-MM-DD. */
  today: string;
  creditorName: string;
  /** How to reach a person at the creditor (the deployment's), in every page's footer. */
  contact?: CreditorContact;
  /** `/case/{link}`. */
  accountPath: string;
  /** The path of the page being shown, and its query without `lang` (e.g. `done`). */
  currentPath: string;
  currentQuery?: string;
};

/** A page of this case (`''`, `/history`, `/promise`…) in the view's language. */
export const hrefTo = (view: PortalView, suffix = '', query = '') =>
  withLanguage(`${view.accountPath}${suffix}`, view.language, query);

export function chromeFor(
  view: PortalView,
  options: { current?: 'account' | 'history'; hasErrors?: boolean } = {},
): Chrome {
  return {
    nav: {
      accountHref: hrefTo(view),
      historyHref: hrefTo(view, '/history'),
      ...(options.current ? { current: options.current } : {}),
    },
    switchHref: withLanguage(view.currentPath, otherLanguage(view.language), view.currentQuery ?? ''),
    creditorName: view.creditorName,
    ...(view.contact ? { contact: view.contact } : {}),
    ...(options.hasErrors ? { hasErrors: true } : {}),
  };
}
