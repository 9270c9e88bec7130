import type { Language } from '../domain/language.ts';
import { words } from '../i18n/catalogue.ts';
import { EMPTY, html, join, type SafeHtml } from '../views/html.ts';

/**
 * The box at the top of a form that came back with errors: one link per error to its field, so a
 * keyboard or screen-reader user reaches each one; the error also stands beside its field.
 */
export function errorSummary(language: Language, items: { anchor: string; message: string }[]): SafeHtml {
  if (items.length === 0) return EMPTY;
  return html`<div class="error-summary" role="alert" aria-labelledby="error-summary-title">
<h2 id="error-summary-title">${words(language).layout.problem}</h2>
<ul>
${join(items.map((item) => html`<li><a href="#${item.anchor}">${item.message}</a></li>`))}
</ul>
</div>`;
}
