import { escapeHtml as e, type Language } from '../domain/language.ts';

/**
 * The box at the top of a form that came back with errors: one link per error to its field, so a
 * keyboard or screen-reader user reaches each one; the error also stands beside its field.
 */
const HEADING: Record<Language, string> = { en: 'There is a problem', es: 'Hay un problema' };

export function errorSummary(language: Language, items: { anchor: string; message: string }[]): string {
  if (items.length === 0) return '';
  return `<div class="error-summary" role="alert" aria-labelledby="error-summary-title">
<h2 id="error-summary-title">${HEADING[language]}</h2>
<ul>
${items.map((item) => `<li><a href="#${e(item.anchor)}">${e(item.message)}</a></li>`).join('\n')}
</ul>
</div>`;
}
