import { formatDate, localDate } from '../domain/dates.ts';
import { formatMoney } from '../domain/money.ts';
import type { Statement, StatementLine } from '../domain/statement.ts';
import { words } from '../i18n/catalogue.ts';
import type { StatementWords } from '../i18n/types.ts';
import { html, join } from '../views/html.ts';
import { page } from './layout.ts';
import { chromeFor, hrefTo, type PortalView } from './view.ts';

/** The statement's paths under the case (`/case/{link}/statement`, and its PDF on a function of its own). */
export const STATEMENT_ROUTE = 'statement';
export const STATEMENT_PDF_ROUTE = 'statement.pdf';

/** One line of the statement in words, as the page and the PDF both show it. */
export type StatementRow = { date: string; description: string; amount: string; balance: string };

/** The statement in the debtor's words: each line, and the totals, amounts and dates in the locale. */
export function statementRows(
  statement: Statement,
  view: Pick<PortalView, 'language' | 'locale' | 'timeZone'>,
): { rows: StatementRow[]; totals: [string, string][]; owedNow: string } {
  const w = words(view.language).account.statement;
  const money = (amount: number) => formatMoney({ amount, currency: statement.currency }, view.locale);
  const date = (iso: string) => formatDate(iso, view.locale);
  const rows = statement.lines.map((line) => ({
    date: date(localDate(new Date(line.at), view.timeZone)),
    description: describe(line, w, date),
    amount: money(line.amount),
    balance: money(line.balance),
  }));
  return {
    rows,
    totals: [
      [w.invoiced, money(statement.totals.invoiced)],
      [w.paid, money(statement.totals.paid)],
      [w.credited, money(statement.totals.credited)],
    ],
    owedNow: formatMoney(statement.balance, view.locale),
  };
}

function describe(line: StatementLine, w: StatementWords, date: (iso: string) => string): string {
  switch (line.kind) {
    case 'invoice':
      return w.invoice(line.reference, line.dueDate ? date(line.dueDate) : undefined);
    case 'payment':
      return w.payment(line.reference);
    case 'credit':
      return w.credit[line.creditReason ?? 'dispute'](line.reference);
  }
}

/** The printable statement page: a table of every line, the totals and what is owed now, and the PDF link. */
export function statementPage(statement: Statement, view: PortalView): string {
  const w = words(view.language).account.statement;
  const { rows, totals, owedNow } = statementRows(statement, view);
  const table = rows.length
    ? html`<table class="statement">
<caption class="note">${w.intro(view.creditorName)}</caption>
<thead><tr><th scope="col">${w.date}</th><th scope="col">${w.description}</th><th scope="col" class="amount">${w.amount}</th><th scope="col" class="amount">${w.balance}</th></tr></thead>
<tbody>
${join(rows.map((row) => html`<tr><td>${row.date}</td><td>${row.description}</td><td class="amount">${row.amount}</td><td class="amount">${row.balance}</td></tr>`))}
</tbody>
</table>
<table class="totals">
<tbody>
${join(totals.map(([label, value]) => html`<tr><th scope="row">${label}</th><td class="amount">${value}</td></tr>`))}
<tr><th scope="row">${w.owedNow}</th><td class="amount"><strong>${owedNow}</strong></td></tr>
</tbody>
</table>`
    : html`<p>${w.empty}</p>`;
  return page(
    view.language,
    `${w.title} · ${view.creditorName}`,
    html`<h1>${w.title}</h1>
<p class="note no-print">${w.printHint}</p>
<p class="no-print"><a class="button" href="${hrefTo(view, `/${STATEMENT_PDF_ROUTE}`)}" download>${w.pdf}</a></p>
${table}`,
    chromeFor(view),
  );
}

/** The account page's link to the statement. */
export function statementLink(view: PortalView): string {
  const w = words(view.language).account.statement;
  return html`<p><a href="${hrefTo(view, `/${STATEMENT_ROUTE}`)}">${w.link}</a></p>`.toString();
}
