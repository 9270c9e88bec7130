import type { CaseRecord } from '../domain/case.ts';
import { paymentUrlOf } from '../domain/case.ts';
import { formatDate } from '../domain/dates.ts';
import { escapeHtml as e, type Language, languageOf } from '../domain/language.ts';
import { formatMoney } from '../domain/money.ts';
import { caseStatusSentence } from './case-status-words.ts';
import { type HistoryItem, historyItems, type TimelineLine } from './history-words.ts';
import { otherLanguage, withLanguage } from './language-choice.ts';
import { page } from './layout.ts';
import { chromeFor, type PortalView } from './view.ts';

/** The portal's pages as pure functions of the case: no I/O, tested without a server. */
const WORDS = {
  en: {
    title: 'Your account',
    greeting: (name: string) => `Hello ${name}`,
    why: (creditor: string, invoices: string[]) =>
      invoices.length === 1
        ? `${creditor} is writing to you about invoice ${invoices[0]}, which is overdue.`
        : `${creditor} is writing to you about invoices ${invoices.slice(0, -1).join(', ')} and ${invoices.at(-1)}, which are overdue.`,
    owed: 'Balance to pay',
    balance: 'Balance',
    invoices: 'Your invoices',
    invoice: 'Invoice',
    amount: 'Amount',
    due: 'Due date',
    document: 'Document',
    viewInvoice: (id: string) => `View invoice ${id}`,
    pay: 'Pay now',
    payNote: 'After you pay, it can take a day for the payment to show here.',
    noPayLink: (creditor: string) =>
      `To pay, reply to any email from ${creditor} and we will tell you how to pay; it can take a day for a payment to show here.`,
    options: 'What you can do',
    help: 'Need more time, a payment plan, or to talk to a person? Choose one of the options above, or reply to any of our emails.',
    historyTitle: 'History',
    historyIntro: (zone: string) =>
      `Every message we sent you and everything that happened on your account, newest first. Times are in your time zone (${zone}).`,
    historyEmpty: 'Nothing has happened on your account yet.',
    notFoundTitle: 'This link does not work',
    notFound:
      'The link may have expired, or it was copied incompletely. Open the most recent email we sent you and use its link, or reply to that email and we will send you a new one.',
    homeTitle: 'Your account',
    home: 'To see your account, open the link in the most recent email we sent you.',
  },
  es: {
    title: 'Su cuenta',
    greeting: (name: string) => `Hola, ${name}`,
    why: (creditor: string, invoices: string[]) =>
      invoices.length === 1
        ? `${creditor} le escribe por la factura ${invoices[0]}, que está vencida.`
        : `${creditor} le escribe por las facturas ${invoices.slice(0, -1).join(', ')} y ${invoices.at(-1)}, que están vencidas.`,
    owed: 'Saldo a pagar',
    balance: 'Saldo',
    invoices: 'Sus facturas',
    invoice: 'Factura',
    amount: 'Importe',
    due: 'Vencimiento',
    document: 'Documento',
    viewInvoice: (id: string) => `Ver la factura ${id}`,
    pay: 'Pagar ahora',
    payNote: 'Después de pagar, el pago puede tardar un día en aparecer aquí.',
    noPayLink: (creditor: string) =>
      `Para pagar, responda a cualquier correo de ${creditor} y le diremos cómo hacerlo; un pago puede tardar un día en aparecer aquí.`,
    options: 'Qué puede hacer',
    help: '¿Necesita más tiempo, un plan de pagos o hablar con una persona? Elija una de las opciones de arriba o responda a cualquiera de nuestros correos.',
    historyTitle: 'Historial',
    historyIntro: (zone: string) =>
      `Cada mensaje que le enviamos y todo lo que ha pasado en su cuenta, empezando por lo más reciente. Las horas están en su zona horaria (${zone}).`,
    historyEmpty: 'Todavía no ha pasado nada en su cuenta.',
    notFoundTitle: 'Este enlace no funciona',
    notFound:
      'Puede que el enlace haya caducado o que no se copiara entero. Abra el correo más reciente que le enviamos y use su enlace, o responda a ese correo y le enviaremos uno nuevo.',
    homeTitle: 'Su cuenta',
    home: 'Para ver su cuenta, abra el enlace del correo más reciente que le enviamos.',
  },
} satisfies Record<Language, unknown>;

/** Who is writing and why, in one sentence. */
export function whoAndWhy(record: CaseRecord, view: PortalView): string {
  return WORDS[view.language].why(
    view.creditorName,
    record.invoices.map((invoice) => invoice.invoiceId),
  );
}

function invoiceTable(record: CaseRecord, view: PortalView): string {
  const w = WORDS[view.language];
  const withDocuments = record.invoices.some((invoice) => invoice.invoiceUrl);
  const rows = record.invoices
    .map((invoice) => {
      const document = withDocuments
        ? `<td>${invoice.invoiceUrl ? `<a href="${e(invoice.invoiceUrl)}" rel="noreferrer">${e(w.viewInvoice(invoice.invoiceId))}</a>` : ''}</td>`
        : '';
      return `<tr><td>${e(invoice.invoiceId)}</td><td class="amount">${e(formatMoney(invoice.amountDue, view.locale))}</td><td>${e(formatDate(invoice.dueDate, view.locale))}</td>${document}</tr>`;
    })
    .join('\n');
  return `<table>
<caption class="note">${w.invoices}</caption>
<thead><tr><th scope="col">${w.invoice}</th><th scope="col" class="amount">${w.amount}</th><th scope="col">${w.due}</th>${withDocuments ? `<th scope="col">${w.document}</th>` : ''}</tr></thead>
<tbody>
${rows}
</tbody>
</table>`;
}

/** The way to pay: the billing system's page, or in words when there is none. */
function payment(record: CaseRecord, view: PortalView): string {
  const w = WORDS[view.language];
  const paymentUrl = paymentUrlOf(record);
  return paymentUrl
    ? `<p><a class="button" href="${e(paymentUrl)}" rel="noreferrer">${w.pay}</a></p>\n<p class="note">${w.payNote}</p>`
    : `<p>${e(w.noPayLink(view.creditorName))}</p>`;
}

/**
 * The account page of a case still being collected (or placed): who is writing and why, where the
 * case stands, the balance, each invoice, how to pay and what else the debtor can do now.
 */
export function accountPage(record: CaseRecord, view: PortalView, actions = ''): string {
  const w = WORDS[view.language];
  const collecting = record.status === 'open' || record.status === 'held-for-person';
  return page(
    view.language,
    `${w.title} · ${view.creditorName}`,
    `<h1>${w.title}</h1>
<p>${e(w.greeting(record.debtor.name))}. ${e(whoAndWhy(record, view))}</p>
<p class="status">${e(caseStatusSentence(record, view.locale, view.today))}</p>
<h2>${collecting ? w.owed : w.balance}</h2>
<p class="balance">${e(formatMoney(record.balance, view.locale))}</p>
${collecting && record.balance.amount > 0 ? payment(record, view) : ''}
${invoiceTable(record, view)}
${actions ? `<h2>${w.options}</h2>\n${actions}\n<p>${w.help}</p>` : ''}`,
    chromeFor(view, { current: 'account' }),
  );
}

/** Every message and action on the case, newest first, on the debtor's clock. */
export function historyPage(entries: readonly TimelineLine[], view: PortalView): string {
  const w = WORDS[view.language];
  const items: HistoryItem[] = historyItems(entries, view.locale, view.timeZone);
  const list = items.length
    ? `<ol class="history">
${items.map((item) => `<li><time datetime="${e(item.at)}">${e(item.when)}</time> ${e(item.text)}</li>`).join('\n')}
</ol>`
    : `<p>${w.historyEmpty}</p>`;
  return page(
    view.language,
    `${w.historyTitle} · ${view.creditorName}`,
    `<h1>${w.historyTitle}</h1>
<p>${e(w.historyIntro(view.timeZone))}</p>
${list}`,
    chromeFor(view, { current: 'history' }),
  );
}

/**
 * One page for every link that does not open an account: unknown, tampered or expired alike, byte
 * for byte (no enumeration). So its language switch is relative (`?lang=es`) and never echoes the link.
 */
export function linkNotFoundPage(language: Language = 'en'): string {
  const w = WORDS[language];
  return page(language, w.notFoundTitle, `<h1>${w.notFoundTitle}</h1>\n<p>${w.notFound}</p>`, {
    switchHref: `?lang=${otherLanguage(language)}`,
  });
}

export function homePage(language: Language = 'en'): string {
  const w = WORDS[language];
  return page(language, w.homeTitle, `<h1>${w.homeTitle}</h1>\n<p>${w.home}</p>`, {
    switchHref: withLanguage('/', otherLanguage(language)),
  });
}

export function languageFromHeader(acceptLanguage: string | undefined): Language {
  return languageOf(acceptLanguage?.split(',')[0]?.trim() ?? 'en');
}
