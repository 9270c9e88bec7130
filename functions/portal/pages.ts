import type { CaseRecord } from '../domain/case.ts';
import { paymentUrlOf } from '../domain/case.ts';
import { formatDate } from '../domain/dates.ts';
import { escapeHtml as e, type Language, languageOf } from '../domain/language.ts';
import { formatMoney } from '../domain/money.ts';
import { page } from './layout.ts';

/** The portal's pages as pure functions of the case: no I/O, tested without a server. */
const WORDS = {
  en: {
    title: 'Your account',
    from: (creditor: string) => `From ${creditor}`,
    greeting: (name: string) => `Hello ${name}`,
    owed: 'Balance to pay',
    invoice: 'Invoice',
    amount: 'Amount',
    due: 'Due date',
    pay: 'Pay now',
    payNote: 'After you pay, it can take a day for the payment to show here.',
    noPayLink: 'To pay, reply to any of our emails and we will send you a way to pay.',
    help: 'Need more time, a payment plan, or to talk to a person? Reply to any of our emails and we will help.',
    status: {
      open: 'We are waiting for your payment.',
      paid: 'This account is paid. Thank you.',
      credited: 'Nothing is owed on this account: the invoice was credited.',
      placed: 'This account has been referred to a collection agency.',
      'held-for-person': 'A member of our team is looking at your account and will be in touch.',
    },
    notFoundTitle: 'This link does not work',
    notFound:
      'The link may have expired, or it was copied incompletely. Open the most recent email we sent you and use its link, or reply to that email and we will send you a new one.',
    homeTitle: 'Your account',
    home: 'To see your account, open the link in the most recent email we sent you.',
  },
  es: {
    title: 'Su cuenta',
    from: (creditor: string) => `De ${creditor}`,
    greeting: (name: string) => `Hola, ${name}`,
    owed: 'Saldo a pagar',
    invoice: 'Factura',
    amount: 'Importe',
    due: 'Vencimiento',
    pay: 'Pagar ahora',
    payNote: 'Después de pagar, el pago puede tardar un día en aparecer aquí.',
    noPayLink: 'Para pagar, responda a cualquiera de nuestros correos y le enviaremos cómo hacerlo.',
    help: '¿Necesita más tiempo, un plan de pagos o hablar con una persona? Responda a cualquiera de nuestros correos y le ayudaremos.',
    status: {
      open: 'Estamos a la espera de su pago.',
      paid: 'Esta cuenta está pagada. Gracias.',
      credited: 'No se debe nada en esta cuenta: la factura se ha abonado.',
      placed: 'Esta cuenta se ha remitido a una agencia de cobros.',
      'held-for-person': 'Una persona de nuestro equipo está revisando su cuenta y se pondrá en contacto.',
    },
    notFoundTitle: 'Este enlace no funciona',
    notFound:
      'Puede que el enlace haya caducado o que no se copiara entero. Abra el correo más reciente que le enviamos y use su enlace, o responda a ese correo y le enviaremos uno nuevo.',
    homeTitle: 'Su cuenta',
    home: 'Para ver su cuenta, abra el enlace del correo más reciente que le enviamos.',
  },
} as const;

export function accountPage(record: CaseRecord, creditorName: string, actions = ''): string {
  const locale = record.debtor.locale;
  const language = languageOf(locale);
  const w = WORDS[language];
  const paymentUrl = record.status === 'open' ? paymentUrlOf(record) : undefined;
  const rows = record.invoices
    .map(
      (invoice) =>
        `<tr><td>${e(invoice.invoiceId)}</td><td class="amount">${e(formatMoney(invoice.amountDue, locale))}</td><td>${e(formatDate(invoice.dueDate, locale))}</td></tr>`,
    )
    .join('\n');
  const payment =
    record.status !== 'open'
      ? ''
      : paymentUrl
        ? `<p><a class="button" href="${e(paymentUrl)}" rel="noreferrer">${w.pay}</a></p>\n<p class="note">${w.payNote}</p>`
        : `<p>${w.noPayLink}</p>`;
  return page(
    language,
    `${w.title} · ${creditorName}`,
    `<p class="from">${e(w.from(creditorName))}</p>
<h1>${e(w.greeting(record.debtor.name))}</h1>
<p>${w.status[record.status]}</p>
<h2>${w.owed}</h2>
<p class="balance">${e(formatMoney(record.balance, locale))}</p>
<table>
<caption class="note">${w.invoice}</caption>
<thead><tr><th scope="col">${w.invoice}</th><th scope="col" class="amount">${w.amount}</th><th scope="col">${w.due}</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
${payment}
${record.status === 'open' ? `<p>${w.help}</p>` : ''}
${actions}`,
  );
}

/** One page for every link that does not open an account: unknown, tampered or expired alike. */
export function linkNotFoundPage(language: Language = 'en'): string {
  const w = WORDS[language];
  return page(language, w.notFoundTitle, `<h1>${w.notFoundTitle}</h1>\n<p>${w.notFound}</p>`);
}

export function homePage(language: Language = 'en'): string {
  const w = WORDS[language];
  return page(language, w.homeTitle, `<h1>${w.homeTitle}</h1>\n<p>${w.home}</p>`);
}

export function languageFromHeader(acceptLanguage: string | undefined): Language {
  return languageOf(acceptLanguage?.split(',')[0]?.trim() ?? 'en');
}
