import type { CaseRecord } from '../domain/case.ts';
import { languageOf } from '../domain/language.ts';
import { words } from '../i18n/catalogue.ts';
import { html } from '../views/html.ts';
import { hrefTo, type PortalView } from './view.ts';

/** The path segment of the form that keeps the page's language (`POST /case/{link}/language`). */
export const LANGUAGE_ROUTE = 'language';

/**
 * Language kept (issue 16): on a page the debtor switched to another language than the case's, the
 * offer to write to them in it from now on. A string of HTML (the account page's list of actions
 * takes it, as it takes actionLinks'), made with the `html` tag; empty when the page speaks the
 * case's language already.
 */
export function keepLanguageForm(record: CaseRecord, view: PortalView, csrf: string): string {
  if (languageOf(record.debtor.locale) === view.language) return '';
  const w = words(view.language).actions.keepLanguage;
  return html`<form method="post" action="${hrefTo(view, `/${LANGUAGE_ROUTE}`)}" class="keep-language">
<input type="hidden" name="csrf" value="${csrf}">
<input type="hidden" name="language" value="${view.language}">
<p>${w.text}</p>
<p><button class="button" type="submit">${w.button}</button></p>
</form>`.toString();
}
