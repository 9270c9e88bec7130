import { email as en } from '../i18n/en.ts';
import { email as es } from '../i18n/es.ts';
import type { Block, EmailWords, Fmt, FmtPlan, TotalLabel } from '../i18n/types.ts';
import { html, join, type SafeHtml } from '../views/html.ts';
import { type Creditor, contactIn } from './creditor.ts';
import { formatDate } from './dates.ts';
import { EMAIL_KINDS, type EmailKind } from './email-kinds.ts';
import { type Language, languageOf } from './language.ts';
import { add, formatMoney, isSettled, type Money } from './money.ts';

/**
 * Email content: plain, warm, firm only step by step. Every message says who is writing, what is
 * owed, every way forward, and how to stop the emails (DESIGN §3). Messages that acknowledge a
 * dispute or hardship state the balance as information only, with no payment request beside it.
 *
 * The words live in the message catalogues (functions/i18n, one file per language); this module
 * decides what each kind of message contains, checks it has what it needs, and lays it out as plain
 * text and as HTML. The HTML goes through the `html` tag, which escapes every value.
 */

/** The kinds live in email-kinds.ts (the words name them too); exported here for the senders. */
export { EMAIL_KINDS, type EmailKind };

export type Instalment = { number: number; dueDate: string; amount: Money };

/** A payment plan: its instalments must add up exactly to `total` (the renderer checks). */
export type PlanSchedule = {
  instalments: Instalment[];
  total: Money;
  /** The debtor asked billing to collect each instalment automatically. */
  autopay?: boolean;
  /** planOffer: the plan page with this schedule chosen (signed link; accepting takes its POST). */
  url?: string;
};

export type EmailContext = {
  kind: EmailKind;
  debtorName: string;
  /** Who is writing: signs the email, and says how to reach a person (the deployment's). */
  creditor: Creditor;
  /**
   * Written to an accounts-payable team (business segments): purchase-order numbers beside the
   * invoice numbers, and how to remit quoting them.
   * @default false
   */
  business?: boolean;
  locale: string;
  balance: Money;
  invoices: { invoiceId: string; amountDue: Money; dueDate: string; purchaseOrder?: string }[];
  /** The debtor's account page (signed link). */
  accountUrl: string;
  /** Signed link that stops automated email for good; without it the email says to reply "stop". */
  optOutUrl?: string;
  /** Signed link for this message's main action (choose a plan…); the account page when absent. */
  actionUrl?: string;
  /** The date the final notice names for the agency referral (final; disputeRejected may name it). */
  agencyReferralDate?: string;
  /** A broken promise: a kind note opens the next reminder (friendly, firm, final). */
  brokenPromiseDate?: string;
  /** Early settlement offered in the final notice. */
  settlement?: { amount: Money; validUntil: string };
  /** partialPaymentThanks: what was just paid (`balance` is what is left). */
  partialPayment?: { amount: Money };
  /** promiseAck: the date the debtor promised to pay by. */
  promiseDate?: string;
  /** planOffer, hardshipPlanOffer: the schedules on offer. */
  planOptions?: PlanSchedule[];
  /** planAgreed (required); instalmentReminder/instalmentMissed (optional: "2 of 6", autopay). */
  plan?: PlanSchedule;
  /** instalmentReminder, instalmentMissed: the instalment concerned. */
  instalment?: Instalment;
  /** hardshipAck, callbackAck: contact pauses until this date. */
  pauseUntil?: string;
  /** hardshipPlanOffer: what the debtor said they can afford each month. */
  affordablePerMonth?: Money;
  /** disputeUpheld, disputeRejected: the outcome and the AR team's note to the debtor. */
  dispute?: { outcome: 'upheld' | 'rejected'; note?: string };
  /** callbackAck: how and when the debtor asked to be called. */
  callback?: { phone?: string; preferredTime?: string };
  /** credited, disputeUpheld: the amount credited. */
  creditedAmount?: Money;
  /** thanks: the one-question survey. */
  surveyUrl?: string;
};

export type RenderedEmail = {
  subject: string;
  text: string;
  html: string;
  /**
   * The signed link that stops the emails (the context's `optOutUrl`), for the `List-Unsubscribe`
   * header: the rendered email alone is enough to send.
   */
  unsubscribeUrl?: string;
};

/** The context fields each kind cannot be written without (beyond the always-required ones). */
export const REQUIRED_FIELDS: Readonly<Record<EmailKind, readonly (keyof EmailContext)[]>> = {
  friendly: [],
  firm: [],
  final: ['agencyReferralDate'],
  placed: [],
  thanks: [],
  partialPaymentThanks: ['partialPayment'],
  promiseAck: ['promiseDate'],
  planOffer: ['planOptions'],
  planAgreed: ['plan'],
  instalmentReminder: ['instalment'],
  instalmentMissed: ['instalment'],
  planBroken: [],
  hardshipAck: ['pauseUntil'],
  hardshipPlanOffer: ['planOptions'],
  hardshipReview: [],
  disputeAck: [],
  disputeUpheld: [],
  disputeRejected: [],
  callbackAck: ['pauseUntil'],
  credited: [],
  dueSoon: [],
  agencySettled: [],
};

export class EmailContextError extends Error {
  override name = 'EmailContextError';
}

// ---------------------------------------------------------------------------------------------
// What each kind contains besides its words.

type Shape = {
  /** The five ways forward; `inPlan` while a plan runs; none where they would not fit. */
  options: 'all' | 'inPlan' | 'none';
  /** How the invoice table names the balance. */
  total: TotalLabel;
  /** Payment may be asked for: the main link is a button. Otherwise a plain link, no request. */
  demand: boolean;
};

const COLLECTION: Shape = { options: 'all', total: 'due', demand: true };
const IN_PLAN: Shape = { options: 'inPlan', total: 'info', demand: true };
/** Dispute and hardship acknowledgements: nothing may overshadow them (DESIGN §3). */
const NO_DEMAND: Shape = { options: 'none', total: 'info', demand: false };
const CLOSING: Shape = { options: 'none', total: 'remaining', demand: false };

const SHAPES: Record<EmailKind, Shape> = {
  friendly: COLLECTION,
  firm: COLLECTION,
  final: COLLECTION,
  placed: { options: 'none', total: 'info', demand: false },
  thanks: CLOSING,
  partialPaymentThanks: COLLECTION,
  promiseAck: COLLECTION,
  planOffer: COLLECTION,
  planAgreed: IN_PLAN,
  instalmentReminder: IN_PLAN,
  instalmentMissed: IN_PLAN,
  planBroken: COLLECTION,
  hardshipAck: NO_DEMAND,
  hardshipPlanOffer: { ...COLLECTION, total: 'info' },
  /** Signs of hardship: a person takes the case over; nothing is asked for. */
  hardshipReview: NO_DEMAND,
  disputeAck: NO_DEMAND,
  disputeUpheld: CLOSING,
  disputeRejected: COLLECTION,
  callbackAck: { ...COLLECTION, total: 'info' },
  credited: CLOSING,
  /** Before the due date (issue 16): nothing is overdue, so nothing is demanded; a plain link. */
  dueSoon: { options: 'none', total: 'info', demand: false },
  /** The agency collected all of it (issue 14): a short note that the account is settled. */
  agencySettled: CLOSING,
};

function shapeOf(context: EmailContext): Shape {
  const shape = SHAPES[context.kind];
  // A credit that leaves something owing (another invoice) is not a closing message.
  if (shape === CLOSING && context.kind !== 'thanks' && !isSettled(context.balance)) return COLLECTION;
  return shape;
}

/**
 * The email part of each language's catalogue, imported on its own so that a function that sends
 * email bundles the email words and not the portal's.
 */
const WORDS: Readonly<Record<Language, EmailWords>> = { en, es };

const RUNG_KINDS: readonly EmailKind[] = ['friendly', 'firm', 'final'];

// ---------------------------------------------------------------------------------------------

function check(context: EmailContext): void {
  const fail = (message: string) => {
    throw new EmailContextError(`${context.kind} email: ${message}`);
  };
  if (!EMAIL_KINDS.includes(context.kind)) fail('unknown kind');
  for (const field of REQUIRED_FIELDS[context.kind]) {
    if (context[field] === undefined) fail(`needs ${field}`);
  }
  if (context.planOptions?.length === 0) fail('planOptions is empty');
  for (const [name, url] of Object.entries({
    accountUrl: context.accountUrl,
    optOutUrl: context.optOutUrl,
    actionUrl: context.actionUrl,
    surveyUrl: context.surveyUrl,
    ...Object.fromEntries(
      (context.planOptions ?? []).map((option, index) => [`planOptions[${index}].url`, option.url]),
    ),
  })) {
    if (url !== undefined && !/^https?:\/\/[^\s]+$/i.test(url)) fail(`${name} is not an http(s) link`);
  }
  if (context.dispute && context.kind.startsWith('dispute') && context.kind !== 'disputeAck') {
    const expected = context.kind === 'disputeUpheld' ? 'upheld' : 'rejected';
    if (context.dispute.outcome !== expected) fail(`dispute outcome is ${context.dispute.outcome}`);
  }
}

function formatPlan(plan: PlanSchedule, locale: string): FmtPlan {
  const [first, ...rest] = plan.instalments;
  if (!first) throw new EmailContextError('a payment plan needs at least one instalment');
  const sum = rest.reduce((total, instalment) => add(total, instalment.amount), first.amount);
  if (sum.amount !== plan.total.amount || sum.currency !== plan.total.currency) {
    throw new EmailContextError(
      `the plan's instalments add up to ${sum.amount} ${sum.currency}, not its total of ${plan.total.amount} ${plan.total.currency}`,
    );
  }
  // The usual instalment is the most common amount (the first one's on a tie); the rest are stated.
  const counts = new Map<number, number>();
  for (const { amount } of plan.instalments) counts.set(amount.amount, (counts.get(amount.amount) ?? 0) + 1);
  let usual = first.amount.amount;
  for (const [amount, count] of counts) if (count > (counts.get(usual) ?? 0)) usual = amount;
  return {
    count: plan.instalments.length,
    total: formatMoney(plan.total, locale),
    autopay: plan.autopay === true,
    rows: plan.instalments.map((instalment) => ({
      number: instalment.number,
      due: formatDate(instalment.dueDate, locale),
      amount: formatMoney(instalment.amount, locale),
    })),
    uneven: plan.instalments
      .filter((instalment) => instalment.amount.amount !== usual)
      .map((instalment) => ({ number: instalment.number, amount: formatMoney(instalment.amount, locale) })),
    ...(plan.url ? { url: plan.url } : {}),
  };
}

function formatContext(context: EmailContext, words: EmailWords): Fmt {
  const { locale } = context;
  const date = (value: string | undefined) => (value ? formatDate(value, locale) : '');
  const amount = (value: Money | undefined) => (value ? formatMoney(value, locale) : undefined);
  const plan = context.plan ? formatPlan(context.plan, locale) : undefined;
  return {
    name: context.debtorName,
    creditor: context.creditor.name,
    balance: formatMoney(context.balance, locale),
    settled: isSettled(context.balance),
    invoiceList: words.invoiceList(context.invoices.map((invoice) => invoice.invoiceId)),
    referralDate: date(context.agencyReferralDate),
    promiseDate: date(context.promiseDate),
    brokenPromiseDate: date(context.brokenPromiseDate),
    pauseUntil: date(context.pauseUntil),
    partialPayment: amount(context.partialPayment?.amount) ?? '',
    instalment: {
      number: context.instalment?.number ?? 0,
      due: date(context.instalment?.dueDate),
      amount: amount(context.instalment?.amount) ?? '',
      of: plan?.count,
      autopay: plan?.autopay ?? false,
    },
    plan: plan ?? { count: 0, total: '', autopay: false, rows: [], uneven: [] },
    planOptions: (context.planOptions ?? []).map((option) => formatPlan(option, locale)),
    settlement: {
      amount: amount(context.settlement?.amount) ?? '',
      until: date(context.settlement?.validUntil),
    },
    disputeNote: context.dispute?.note?.trim() || undefined,
    callback: {
      phone: context.callback?.phone?.trim() || undefined,
      time: context.callback?.preferredTime?.trim() || undefined,
    },
    affordable: amount(context.affordablePerMonth),
    credited: amount(context.creditedAmount),
    surveyUrl: context.surveyUrl,
  };
}

// ---------------------------------------------------------------------------------------------
// Layout

const multiline = (text: string): SafeHtml => join(text.split('\n'), html`<br>`);
const CELL = 'padding:4px 12px 4px 0';
const NUMBER_CELL = 'text-align:right;padding:4px 12px';

function scheduleText(plan: FmtPlan, words: EmailWords, title: string | undefined): string[] {
  const [hInstalment] = words.schedule.headings;
  return [
    ...(title ? [title] : []),
    ...plan.rows.map((row) => `  ${hInstalment} ${row.number}, ${row.due}: ${row.amount}`),
    `  ${words.schedule.total}: ${plan.total}`,
    ...(plan.uneven.length ? [words.schedule.uneven(plan.uneven)] : []),
  ];
}

function scheduleHtml(plan: FmtPlan, words: EmailWords, title: string | undefined): SafeHtml {
  const [hInstalment, hDue, hAmount] = words.schedule.headings;
  return join([
    ...(title ? [html`<p style="margin-bottom:4px"><strong>${title}</strong></p>`] : []),
    html`<table role="presentation" style="border-collapse:collapse;margin:8px 0 16px">`,
    html`<tr><th style="text-align:left;${CELL}">${hInstalment}</th><th style="text-align:left;${CELL}">${hDue}</th><th style="${NUMBER_CELL}">${hAmount}</th></tr>`,
    ...plan.rows.map(
      (row) =>
        html`<tr><td style="${CELL}">${row.number}</td><td style="${CELL}">${row.due}</td><td style="${NUMBER_CELL}">${row.amount}</td></tr>`,
    ),
    html`<tr><td style="${CELL};font-weight:bold" colspan="2">${words.schedule.total}</td><td style="${NUMBER_CELL};font-weight:bold">${plan.total}</td></tr>`,
    html`</table>`,
    ...(plan.uneven.length ? [html`<p>${words.schedule.uneven(plan.uneven)}</p>`] : []),
  ]);
}

function blockText(block: Block, words: EmailWords): string[] {
  if (typeof block === 'string') return [block];
  if ('note' in block) return [...(block.title ? [block.title] : []), block.note];
  if ('quote' in block) return [`${block.by}:`, ...block.quote.split('\n').map((line) => `> ${line}`)];
  if ('schedule' in block) return scheduleText(block.schedule, words, block.title);
  return [`${block.link}: ${block.url}`];
}

function blockHtml(block: Block, words: EmailWords): SafeHtml {
  if (typeof block === 'string') return html`<p>${block}</p>`;
  if ('note' in block) {
    const title = block.title ? html`<strong>${block.title}</strong><br>` : '';
    return html`<p style="background:#f6f8fa;border-left:4px solid #0b5cad;padding:12px 16px">${title}${block.note}</p>`;
  }
  if ('quote' in block) {
    return html`<p style="margin-bottom:4px">${block.by}:</p>
<blockquote style="margin:0 0 16px;padding:8px 16px;border-left:4px solid #d0d7de;color:#1f2328">${multiline(block.quote)}</blockquote>`;
  }
  if ('schedule' in block) return scheduleHtml(block.schedule, words, block.title);
  return html`<p><a href="${block.url}">${block.link}</a></p>`;
}

export function renderEmail(context: EmailContext): RenderedEmail {
  check(context);
  const language = languageOf(context.locale);
  const words = WORDS[language];
  const kindWords = words.kinds[context.kind];
  const shape = shapeOf(context);
  const fmt = formatContext(context, words);

  const blocks: Block[] = [
    ...(fmt.brokenPromiseDate && RUNG_KINDS.includes(context.kind)
      ? [{ note: words.brokenPromise(fmt.brokenPromiseDate) }]
      : []),
    ...kindWords.body(fmt),
    ...(context.kind === 'final' && context.settlement
      ? [
          {
            title: words.settlement.title,
            note: words.settlement.body(fmt.settlement.amount, fmt.settlement.until, fmt.balance),
          },
        ]
      : []),
  ];
  const options = shape.options === 'none' ? undefined : words.options.items(shape.options === 'inPlan');

  const subject = kindWords.subject(fmt);
  const greeting = words.greeting(fmt.name);
  const actionLabel = kindWords.action?.(fmt) ?? words.accountLink;
  const actionUrl = context.actionUrl ?? context.accountUrl;
  const separateAccountLink = actionUrl !== context.accountUrl;
  const business = context.business === true;
  const withOrders = business && context.invoices.some((invoice) => invoice.purchaseOrder);
  const lines = context.invoices.map((invoice) => ({
    id: invoice.invoiceId,
    order: withOrders ? (invoice.purchaseOrder ?? '') : '',
    amount: formatMoney(invoice.amountDue, context.locale),
    due: formatDate(invoice.dueDate, context.locale),
  }));
  const [hInvoice, hAmount, hDue] = words.invoiceHeadings;
  const totalLabel = words.totals[shape.total];
  const who = words.footer.who(context.creditor.name);
  const contact = words.footer.contact(contactIn(context.creditor, language));
  const invoiceIds = context.invoices.map((invoice) => invoice.invoiceId);
  const remittance = business
    ? context.creditor.remittance
      ? words.business.remittance(context.creditor.remittance, invoiceIds)
      : words.business.quote(invoiceIds)
    : undefined;
  const optOut = context.optOutUrl
    ? {
        text: `${who} ${words.footer.optOut.before}${words.footer.optOut.link}: ${context.optOutUrl}`,
        html: html`${who} ${words.footer.optOut.before}<a href="${context.optOutUrl}" style="color:#57606a">${words.footer.optOut.link}</a>.`,
      }
    : {
        text: `${who} ${words.footer.replyStop}`,
        html: html`${who} ${words.footer.replyStop}`,
      };

  const text = [
    greeting,
    '',
    ...blocks.flatMap((block) => [...blockText(block, words), '']),
    ...(options
      ? [`${words.options.heading}:`, ...options.map((item) => `- ${item}`), '', words.options.after, '']
      : []),
    ...lines.map(
      (line) =>
        `${hInvoice} ${line.id}${line.order ? ` (${words.business.orderHeading} ${line.order})` : ''}: ${line.amount}, ${hDue.toLowerCase()} ${line.due}`,
    ),
    `${totalLabel}: ${fmt.balance}`,
    '',
    ...(remittance ? [remittance, ''] : []),
    `${actionLabel}: ${actionUrl}`,
    ...(separateAccountLink ? [`${words.accountLink}: ${context.accountUrl}`] : []),
    '',
    context.creditor.name,
    contact,
    '',
    '--',
    optOut.text,
  ].join('\n');

  const action = shape.demand
    ? html`<p><a href="${actionUrl}" style="display:inline-block;background:#0b5cad;color:#fff;padding:12px 20px;border-radius:6px;text-decoration:none">${actionLabel}</a></p>`
    : html`<p><a href="${actionUrl}">${actionLabel}</a></p>`;
  const optionsHtml = options
    ? html`<p style="margin-bottom:4px"><strong>${words.options.heading}</strong></p>
<ul style="margin-top:0">
${join(options.map((item) => html`<li>${item}</li>`))}
</ul>
<p>${words.options.after}</p>`
    : '';
  const body = html`<!doctype html>
<html lang="${language}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${subject}</title></head>
<body style="margin:0;padding:24px;font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;color:#1f2328;line-height:1.5;max-width:600px">
<p>${greeting}</p>
${join(blocks.map((block) => blockHtml(block, words)))}
${optionsHtml}
<table role="presentation" style="border-collapse:collapse;margin:16px 0">
<tr><th style="text-align:left;${CELL}">${hInvoice}</th>${withOrders ? html`<th style="text-align:left;${CELL}">${words.business.orderHeading}</th>` : ''}<th style="${NUMBER_CELL}">${hAmount}</th><th style="text-align:left;padding:4px 0 4px 12px">${hDue}</th></tr>
${join(lines.map((l) => html`<tr><td style="${CELL}">${l.id}</td>${withOrders ? html`<td style="${CELL}">${l.order}</td>` : ''}<td style="${NUMBER_CELL}">${l.amount}</td><td style="padding:4px 0 4px 12px">${l.due}</td></tr>`))}
<tr><td style="padding:8px 12px 4px 0;font-weight:bold">${totalLabel}</td>${withOrders ? html`<td></td>` : ''}<td style="text-align:right;padding:8px 12px 4px;font-weight:bold">${fmt.balance}</td><td></td></tr>
</table>
${remittance ? html`<p>${remittance}</p>` : ''}
${action}
${separateAccountLink ? html`<p><a href="${context.accountUrl}">${words.accountLink}</a></p>` : ''}
<p>${context.creditor.name}<br>${contact}</p>
<hr style="border:none;border-top:1px solid #d0d7de">
<p style="font-size:14px;color:#57606a">${optOut.html}</p>
</body></html>`;

  return {
    subject,
    text,
    html: body.toString(),
    ...(context.optOutUrl ? { unsubscribeUrl: context.optOutUrl } : {}),
  };
}
