import type { Creditor } from '../domain/creditor.ts';
import type { Language } from '../domain/language.ts';
import { emailsStopPage as enWords } from '../i18n/en.ts';
import { emailsStopPage as esWords } from '../i18n/es.ts';
import { html } from '../views/html.ts';
import { otherLanguage } from './language-choice.ts';
import { page } from './layout.ts';

/**
 * The page a debtor's opt-out link opens (issue 16: a note before a due date has no case, so its
 * link names the debtor): what stopping means and one button (a form with its CSRF token), or what
 * was done. A link that does not work gets one page, whatever is wrong with it (no enumeration).
 */
const wordsOf = (language: Language) => (language === 'es' ? esWords : enWords);

export function emailsStopPage(
  language: Language,
  creditor: Creditor,
  input: { csrf: string; done: boolean },
): string {
  const w = wordsOf(language);
  const body = input.done
    ? html`<h1>${w.title}</h1>
<div class="done" role="status"><p>${w.done(creditor.name)}</p></div>
<p>${w.texts}</p>`
    : html`<h1>${w.title}</h1>
<p>${w.intro(creditor.name)}</p>
<p>${w.texts}</p>
<form method="post">
<input type="hidden" name="csrf" value="${input.csrf}">
<p><button class="button" type="submit">${w.submit}</button></p>
</form>`;
  return page(language, w.title, body, {
    creditorName: creditor.name,
    contact: { email: creditor.email, phone: creditor.phone, supportHours: creditor.supportHours },
    // Relative, so the link is never echoed into the page.
    switchHref: `?lang=${otherLanguage(language)}${input.done ? '&done' : ''}`,
  });
}

export function emailsStopLinkInvalidPage(language: Language): string {
  const w = wordsOf(language);
  return page(language, w.invalidTitle, html`<h1>${w.invalidTitle}</h1>\n<p>${w.invalid}</p>`, {
    switchHref: `?lang=${otherLanguage(language)}`,
  });
}
