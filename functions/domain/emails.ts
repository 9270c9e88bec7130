import { formatDate } from './dates.ts';
import { escapeHtml, type Language, languageOf } from './language.ts';
import { formatMoney, type Money } from './money.ts';

/**
 * Email content: plain, warm, firm only step by step. Every message says what is owed, who is
 * writing, every way forward, and how to stop the emails (DESIGN §3).
 */
export type EmailKind = 'friendly' | 'firm' | 'final' | 'placed' | 'thanks';

export type EmailContext = {
  kind: EmailKind;
  debtorName: string;
  creditorName: string;
  locale: string;
  balance: Money;
  invoices: { invoiceId: string; amountDue: Money; dueDate: string }[];
  /** The debtor's account page (signed link). */
  accountUrl: string;
  /** The date the final notice names for the agency referral. */
  agencyReferralDate?: string;
};

export type RenderedEmail = { subject: string; text: string; html: string };

type Words = {
  subject: (c: Fmt) => string;
  greeting: (c: Fmt) => string;
  body: (c: Fmt) => string[];
  action?: string;
};

type Fmt = { name: string; creditor: string; balance: string; referralDate: string; invoiceList: string };

const OPTIONS: Record<Language, string[]> = {
  en: [
    'Pay in full: use the button on your account page.',
    'Need more time or a payment plan, going through a hard time, think something is wrong, or want to talk to a person? Just reply to this email and someone from our team will help. Nothing you tell us will be held against you.',
  ],
  es: [
    'Pagar el total: use el botón de la página de su cuenta.',
    '¿Necesita más tiempo o un plan de pagos, está pasando por un momento difícil, cree que hay un error o quiere hablar con una persona? Responda a este correo y alguien de nuestro equipo le ayudará. Nada de lo que nos cuente se usará en su contra.',
  ],
};

const FOOTER: Record<Language, (creditor: string) => string> = {
  en: (creditor) =>
    `This message is from ${creditor}. If you would rather not receive these emails, reply with "stop" and we will stop them and contact you only by post.`,
  es: (creditor) =>
    `Este mensaje es de ${creditor}. Si prefiere no recibir estos correos, responda con «stop» y dejaremos de enviarlos; solo le escribiremos por correo postal.`,
};

const WORDS: Record<Language, Record<EmailKind, Words>> = {
  en: {
    friendly: {
      subject: (c) => `A friendly reminder: ${c.balance} is now due`,
      greeting: (c) => `Hello ${c.name},`,
      body: (c) => [
        `We haven't yet received payment for ${c.invoiceList}, so ${c.balance} is now outstanding. It's easy to miss a bill, so this is just a reminder.`,
        'If you have already paid, thank you, and please ignore this message.',
      ],
      action: 'See your account and pay',
    },
    firm: {
      subject: (c) => `Your balance of ${c.balance} is still unpaid`,
      greeting: (c) => `Hello ${c.name},`,
      body: (c) => [
        `We wrote to you recently about ${c.invoiceList}. The balance of ${c.balance} is still unpaid, and we need you to act on it now.`,
        'Please pay it, or tell us what would help: we would much rather agree something that works for you than let this go further.',
      ],
      action: 'See your account and pay',
    },
    final: {
      subject: (c) => `Final notice: ${c.balance} before ${c.referralDate}`,
      greeting: (c) => `Hello ${c.name},`,
      body: (c) => [
        `Your balance of ${c.balance} for ${c.invoiceList} is still unpaid after our earlier reminders.`,
        `If we have not received payment or heard from you by ${c.referralDate}, we will refer your account to a collection agency. We don't want to do that, and you can stop it by paying or by replying to agree a way forward before that date.`,
      ],
      action: 'See your account and pay',
    },
    placed: {
      subject: () => 'Your account has been referred to a collection agency',
      greeting: (c) => `Hello ${c.name},`,
      body: (c) => [
        `We haven't been able to reach an agreement about the balance of ${c.balance} for ${c.invoiceList}, so we have referred your account to a collection agency, as our final notice said.`,
        'The agency will contact you. You can still reply to this email if you believe this is a mistake.',
      ],
    },
    thanks: {
      subject: () => 'Thank you: your account is paid',
      greeting: (c) => `Hello ${c.name},`,
      body: (c) => [
        `Thank you. We have received your payment and ${c.invoiceList} is now settled. There is nothing more you need to do.`,
        'It can take a day for a payment to show everywhere; if you receive anything from us in the meantime, please ignore it.',
      ],
    },
  },
  es: {
    friendly: {
      subject: (c) => `Un recordatorio amable: tiene pendiente ${c.balance}`,
      greeting: (c) => `Hola, ${c.name}:`,
      body: (c) => [
        `Aún no hemos recibido el pago de ${c.invoiceList}, por lo que tiene pendiente ${c.balance}. Es fácil que se pase una factura, así que esto es solo un recordatorio.`,
        'Si ya ha pagado, muchas gracias; puede ignorar este mensaje.',
      ],
      action: 'Ver su cuenta y pagar',
    },
    firm: {
      subject: (c) => `Su saldo de ${c.balance} sigue sin pagar`,
      greeting: (c) => `Hola, ${c.name}:`,
      body: (c) => [
        `Le escribimos hace poco sobre ${c.invoiceList}. El saldo de ${c.balance} sigue sin pagar y necesitamos que lo resuelva ahora.`,
        'Por favor, páguelo o díganos qué le ayudaría: preferimos acordar algo que le funcione antes que dejar que esto siga adelante.',
      ],
      action: 'Ver su cuenta y pagar',
    },
    final: {
      subject: (c) => `Último aviso: ${c.balance} antes del ${c.referralDate}`,
      greeting: (c) => `Hola, ${c.name}:`,
      body: (c) => [
        `Su saldo de ${c.balance} por ${c.invoiceList} sigue sin pagar después de nuestros recordatorios.`,
        `Si el ${c.referralDate} no hemos recibido el pago ni tenemos noticias suyas, remitiremos su cuenta a una agencia de cobros. No queremos hacerlo, y puede evitarlo pagando o respondiendo para acordar una solución antes de esa fecha.`,
      ],
      action: 'Ver su cuenta y pagar',
    },
    placed: {
      subject: () => 'Su cuenta se ha remitido a una agencia de cobros',
      greeting: (c) => `Hola, ${c.name}:`,
      body: (c) => [
        `No hemos podido llegar a un acuerdo sobre el saldo de ${c.balance} por ${c.invoiceList}, así que hemos remitido su cuenta a una agencia de cobros, como indicaba nuestro último aviso.`,
        'La agencia se pondrá en contacto con usted. Si cree que se trata de un error, puede responder a este correo.',
      ],
    },
    thanks: {
      subject: () => 'Gracias: su cuenta está pagada',
      greeting: (c) => `Hola, ${c.name}:`,
      body: (c) => [
        `Gracias. Hemos recibido su pago y ${c.invoiceList} queda saldada. No tiene que hacer nada más.`,
        'Un pago puede tardar un día en reflejarse en todas partes; si mientras tanto recibe algo nuestro, ignórelo.',
      ],
    },
  },
};

const INVOICE_WORD: Record<Language, (ids: string[]) => string> = {
  en: (ids) =>
    ids.length === 1 ? `invoice ${ids[0]}` : `invoices ${ids.slice(0, -1).join(', ')} and ${ids.at(-1)}`,
  es: (ids) =>
    ids.length === 1 ? `la factura ${ids[0]}` : `las facturas ${ids.slice(0, -1).join(', ')} y ${ids.at(-1)}`,
};

const TABLE_HEADINGS: Record<Language, [string, string, string]> = {
  en: ['Invoice', 'Amount', 'Due date'],
  es: ['Factura', 'Importe', 'Vencimiento'],
};

const TOTAL: Record<Language, string> = { en: 'Balance now due', es: 'Saldo pendiente' };

export function renderEmail(context: EmailContext): RenderedEmail {
  const language = languageOf(context.locale);
  const words = WORDS[language][context.kind];
  const fmt: Fmt = {
    name: context.debtorName,
    creditor: context.creditorName,
    balance: formatMoney(context.balance, context.locale),
    referralDate: context.agencyReferralDate ? formatDate(context.agencyReferralDate, context.locale) : '',
    invoiceList: INVOICE_WORD[language](context.invoices.map((invoice) => invoice.invoiceId)),
  };
  const lines = context.invoices.map((invoice) => ({
    id: invoice.invoiceId,
    amount: formatMoney(invoice.amountDue, context.locale),
    due: formatDate(invoice.dueDate, context.locale),
  }));
  const showOptions = context.kind !== 'thanks' && context.kind !== 'placed';
  const paragraphs = [...words.body(fmt), ...(showOptions ? OPTIONS[language] : [])];
  const footer = FOOTER[language](context.creditorName);
  const [hInvoice, hAmount, hDue] = TABLE_HEADINGS[language];

  const text = [
    words.greeting(fmt),
    '',
    ...paragraphs.flatMap((p) => [p, '']),
    ...lines.map((line) => `${hInvoice} ${line.id}: ${line.amount}, ${hDue.toLowerCase()} ${line.due}`),
    `${TOTAL[language]}: ${fmt.balance}`,
    '',
    `${words.action ?? (language === 'es' ? 'Su cuenta' : 'Your account')}: ${context.accountUrl}`,
    '',
    context.creditorName,
    '',
    '--',
    footer,
  ].join('\n');

  const e = escapeHtml;
  const html = `<!doctype html>
<html lang="${language}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${e(words.subject(fmt))}</title></head>
<body style="margin:0;padding:24px;font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;color:#1f2328;line-height:1.5;max-width:600px">
<p>${e(words.greeting(fmt))}</p>
${paragraphs.map((p) => `<p>${e(p)}</p>`).join('\n')}
<table role="presentation" style="border-collapse:collapse;margin:16px 0">
<tr><th style="text-align:left;padding:4px 12px 4px 0">${hInvoice}</th><th style="text-align:right;padding:4px 12px">${hAmount}</th><th style="text-align:left;padding:4px 0 4px 12px">${hDue}</th></tr>
${lines.map((l) => `<tr><td style="padding:4px 12px 4px 0">${e(l.id)}</td><td style="text-align:right;padding:4px 12px">${e(l.amount)}</td><td style="padding:4px 0 4px 12px">${e(l.due)}</td></tr>`).join('\n')}
<tr><td style="padding:8px 12px 4px 0;font-weight:bold">${TOTAL[language]}</td><td style="text-align:right;padding:8px 12px 4px;font-weight:bold">${e(fmt.balance)}</td><td></td></tr>
</table>
<p><a href="${e(context.accountUrl)}" style="display:inline-block;background:#0b5cad;color:#fff;padding:12px 20px;border-radius:6px;text-decoration:none">${e(words.action ?? (language === 'es' ? 'Ver su cuenta' : 'See your account'))}</a></p>
<p>${e(context.creditorName)}</p>
<hr style="border:none;border-top:1px solid #d0d7de">
<p style="font-size:14px;color:#57606a">${e(footer)}</p>
</body></html>`;

  return { subject: words.subject(fmt), text, html };
}
