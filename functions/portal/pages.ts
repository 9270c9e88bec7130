import type { CaseRecord } from '../domain/case.ts';
import { paymentUrlOf } from '../domain/case.ts';
import { formatDate } from '../domain/dates.ts';
import { type Language, languageOf } from '../domain/language.ts';
import { formatMoney } from '../domain/money.ts';
import { words } from '../i18n/catalogue.ts';
import { html, join, raw, type SafeHtml } from '../views/html.ts';
import { caseStatusSentence } from './case-status.ts';
import {
  type AgencyContact,
  type AgencyLookup,
  type HistoryItem,
  historyItems,
  type TimelineLine,
} from './history.ts';
import { otherLanguage, withLanguage } from './language-choice.ts';
import { page } from './layout.ts';
import { chromeFor, type PortalView } from './view.ts';

/** The portal's pages as pure functions of the case: no I/O, tested without a server. */
const wordsOf = (language: Language) => words(language).account;

/** Who is writing and why, in one sentence. */
export function whoAndWhy(record: CaseRecord, view: PortalView): string {
  return wordsOf(view.language).why(
    view.creditorName,
    record.invoices.map((invoice) => invoice.invoiceId),
  );
}

function invoiceTable(record: CaseRecord, view: PortalView): SafeHtml {
  const w = wordsOf(view.language);
  const withDocuments = record.invoices.some((invoice) => invoice.invoiceUrl);
  const rows = record.invoices.map((invoice) => {
    const document = withDocuments
      ? html`<td>${invoice.invoiceUrl ? html`<a href="${invoice.invoiceUrl}" rel="noreferrer">${w.viewInvoice(invoice.invoiceId)}</a>` : ''}</td>`
      : '';
    return html`<tr><td>${invoice.invoiceId}</td><td class="amount">${formatMoney(invoice.amountDue, view.locale)}</td><td>${formatDate(invoice.dueDate, view.locale)}</td>${document}</tr>`;
  });
  return html`<table>
<caption class="note">${w.invoices}</caption>
<thead><tr><th scope="col">${w.invoice}</th><th scope="col" class="amount">${w.amount}</th><th scope="col">${w.due}</th>${withDocuments ? html`<th scope="col">${w.document}</th>` : ''}</tr></thead>
<tbody>
${join(rows)}
</tbody>
</table>`;
}

/** The way to pay: the billing system's page, or in words when there is none. */
function payment(record: CaseRecord, view: PortalView): SafeHtml {
  const w = wordsOf(view.language);
  const paymentUrl = paymentUrlOf(record);
  return paymentUrl
    ? html`<p><a class="button" href="${paymentUrl}" rel="noreferrer">${w.pay}</a></p>\n<p class="note">${w.payNote}</p>`
    : html`<p>${w.noPayLink(view.creditorName)}</p>`;
}

/**
 * The account page of a case still being collected (or placed): who is writing and why, where the
 * case stands, the balance, each invoice, how to pay and what else the debtor can do now. `actions`
 * is the list of actions (actionLinks, documentsLink): SafeHtml, or the string those functions
 * return, written as it is.
 */
export function accountPage(
  record: CaseRecord,
  view: PortalView,
  actions: SafeHtml | string = '',
  /** The agency a placed case is with (issue 14): its name and how the debtor reaches it. */
  agency?: AgencyContact,
): string {
  const w = wordsOf(view.language);
  const collecting = record.status === 'open' || record.status === 'held-for-person';
  const actionList = typeof actions === 'string' ? raw(actions) : actions;
  return page(
    view.language,
    `${w.title} · ${view.creditorName}`,
    html`<h1>${w.title}</h1>
<p>${w.greeting(record.debtor.name)}. ${whoAndWhy(record, view)}</p>
<p class="status">${caseStatusSentence(record, view.locale, view.today)}</p>${record.status === 'placed' && agency ? html`\n${agencySection(agency, view)}` : ''}
<h2>${collecting ? w.owed : w.balance}</h2>
<p class="balance">${formatMoney(record.balance, view.locale)}</p>
${collecting && record.balance.amount > 0 ? payment(record, view) : ''}
${invoiceTable(record, view)}
${actionList.toString() ? html`<h2>${w.options}</h2>\n${actionList}\n<p>${w.help}</p>` : ''}`,
    chromeFor(view, { current: 'account' }),
  );
}

/** What the debtor is shown of the agency a case is placed with (the stack's configuration). */
export type { AgencyContact };

/** Which agency handles the account now, and how to reach it (issue 14). */
function agencySection(agency: AgencyContact, view: PortalView): SafeHtml {
  const w = words(view.language).status.agency;
  const { phone, email, website } = agency.contact;
  return html`<section class="agency" aria-labelledby="agency-heading">
<h2 id="agency-heading">${w.heading}</h2>
<p>${w.handledBy(agency.name)}</p>
<ul>
${phone ? html`<li>${w.phone}: <a href="tel:${phone.replace(/[^+\d]/g, '')}">${phone}</a></li>` : ''}
${email ? html`<li>${w.email}: <a href="mailto:${email}">${email}</a></li>` : ''}
${website ? html`<li>${w.website}: <a href="${website}" rel="noreferrer">${website}</a></li>` : ''}
</ul>
<p>${w.stillHere}</p>
</section>`;
}

/**
 * Every message and action on the case, newest first, on the debtor's clock; a placement names its
 * agency and how to reach it when `agencyOf` knows it (issue 14).
 */
export function historyPage(
  entries: readonly TimelineLine[],
  view: PortalView,
  agencyOf?: AgencyLookup,
): string {
  const w = wordsOf(view.language);
  const items: HistoryItem[] = historyItems(entries, view.locale, view.timeZone, agencyOf);
  const list = items.length
    ? html`<ol class="history">
${join(items.map((item) => html`<li><time datetime="${item.at}">${item.when}</time> ${item.text}</li>`))}
</ol>`
    : html`<p>${w.historyEmpty}</p>`;
  return page(
    view.language,
    `${w.historyTitle} · ${view.creditorName}`,
    html`<h1>${w.historyTitle}</h1>
<p>${w.historyIntro(view.timeZone)}</p>
${list}`,
    chromeFor(view, { current: 'history' }),
  );
}

/**
 * One page for every link that does not open an account: unknown, tampered or expired alike, byte
 * for byte (no enumeration). So its language switch is relative (`?lang=es`) and never echoes the link.
 */
export function linkNotFoundPage(language: Language = 'en'): string {
  const w = wordsOf(language);
  return page(language, w.notFoundTitle, html`<h1>${w.notFoundTitle}</h1>\n<p>${w.notFound}</p>`, {
    switchHref: `?lang=${otherLanguage(language)}`,
  });
}

export function homePage(language: Language = 'en'): string {
  const w = wordsOf(language);
  return page(language, w.homeTitle, html`<h1>${w.homeTitle}</h1>\n<p>${w.home}</p>`, {
    switchHref: withLanguage('/', otherLanguage(language)),
  });
}

export function languageFromHeader(acceptLanguage: string | undefined): Language {
  return languageOf(acceptLanguage?.split(',')[0]?.trim() ?? 'en');
}
