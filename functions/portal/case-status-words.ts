import type { CaseRecord } from '../domain/case.ts';
import { daysBetween, formatDate } from '../domain/dates.ts';
import { type Language, languageOf } from '../domain/language.ts';
import { formatMoney, type Money } from '../domain/money.ts';

/**
 * Where the case stands, in one plain sentence in the reader's language, pure: "We have paused
 * reminders until 14 December 2026 while you sort things out." The account page leads with it.
 */
type Words = {
  paid: string;
  credited: string;
  placed: string;
  heldForPerson: string;
  optedOut: string;
  legalPause: (until?: string) => string;
  dispute: string;
  planOnTrack: (amount: string, date: string) => string;
  planBehind: (amount: string, date: string) => string;
  promise: (promised: string, until: string) => string;
  hardship: (until: string) => string;
  callback: (until: string) => string;
  planOffer: (until: string) => string;
  paused: (until: string) => string;
  open: string;
};

const WORDS: Record<Language, Words> = {
  en: {
    paid: 'Paid in full — thank you.',
    credited: 'Nothing is owed on this account any more: we have credited it.',
    placed: 'We have referred this account to a collection agency, which will contact you.',
    heldForPerson: 'A member of our team is looking at your account and will be in touch.',
    optedOut: 'We have stopped emailing you; someone from our team will contact you another way.',
    legalPause: (until) =>
      until
        ? `Collection is paused until ${until}; we will not contact you before then.`
        : 'Collection is paused; we will not contact you while the pause lasts.',
    dispute: 'Your dispute is being reviewed; we will not ask for payment until it is resolved.',
    planOnTrack: (amount, date) => `Your plan is on track: next payment of ${amount} on ${date}.`,
    planBehind: (amount, date) =>
      `Your plan needs a payment: ${amount} was due on ${date}. Please pay it when you can, or tell us if the plan no longer works.`,
    promise: (promised, until) =>
      `You told us you will pay by ${promised}, so we have paused reminders until ${until}.`,
    hardship: (until) => `We have paused reminders until ${until} while you sort things out.`,
    callback: (until) => `We will call you soon; we have paused reminders until ${until}.`,
    planOffer: (until) => `We have offered you a payment plan; reminders are paused until ${until}.`,
    paused: (until) => `We have paused reminders until ${until}.`,
    open: 'We are waiting for your payment.',
  },
  es: {
    paid: 'Pagado por completo: gracias.',
    credited: 'Ya no se debe nada en esta cuenta: la hemos abonado.',
    placed: 'Hemos remitido esta cuenta a una agencia de cobros, que se pondrá en contacto con usted.',
    heldForPerson: 'Una persona de nuestro equipo está revisando su cuenta y se pondrá en contacto.',
    optedOut:
      'Hemos dejado de escribirle por correo electrónico; alguien de nuestro equipo se pondrá en contacto de otra forma.',
    legalPause: (until) =>
      until
        ? `El cobro está en pausa hasta el ${until}; no nos pondremos en contacto con usted antes.`
        : 'El cobro está en pausa; no nos pondremos en contacto con usted mientras dure.',
    dispute: 'Estamos revisando su reclamación; no le pediremos el pago hasta que se resuelva.',
    planOnTrack: (amount, date) => `Su plan va bien: el próximo pago es de ${amount} el ${date}.`,
    planBehind: (amount, date) =>
      `Su plan necesita un pago: ${amount} vencía el ${date}. Páguelo cuando pueda o díganos si el plan ya no le sirve.`,
    promise: (promised, until) =>
      `Nos dijo que pagará antes del ${promised}, así que hemos pausado los recordatorios hasta el ${until}.`,
    hardship: (until) => `Hemos pausado los recordatorios hasta el ${until} mientras se organiza.`,
    callback: (until) => `Le llamaremos pronto; hemos pausado los recordatorios hasta el ${until}.`,
    planOffer: (until) =>
      `Le hemos ofrecido un plan de pagos; los recordatorios están en pausa hasta el ${until}.`,
    paused: (until) => `Hemos pausado los recordatorios hasta el ${until}.`,
    open: 'Estamos a la espera de su pago.',
  },
};

/** The next instalment of a plan not yet covered by what has been paid, and how much of it is left. */
export function nextPlanPayment(
  plan: NonNullable<CaseRecord['plan']>,
  balance: Money,
): { amount: Money; dueDate: string } | undefined {
  const paid = plan.balanceAtStart.amount - balance.amount;
  let covered = 0;
  for (const instalment of plan.offer.instalments) {
    covered += instalment.amount.amount;
    if (covered > paid) {
      return {
        amount: { amount: Math.min(instalment.amount.amount, covered - paid), currency: balance.currency },
        dueDate: instalment.dueDate,
      };
    }
  }
  return undefined;
}

/** The case's state in one sentence; `today` is the debtor's calendar date (YYYY-MM-DD). */
export function caseStatusSentence(record: CaseRecord, locale: string, today: string): string {
  const w = WORDS[languageOf(locale)];
  const date = (isoDate: string) => {
    try {
      return formatDate(isoDate, locale);
    } catch {
      return isoDate;
    }
  };
  switch (record.status) {
    case 'paid':
      return w.paid;
    case 'credited':
      return w.credited;
    case 'placed':
      return w.placed;
    case 'held-for-person':
      return record.optedOutAt ? w.optedOut : w.heldForPerson;
  }
  if (record.legalPause) return w.legalPause(record.legalPause.until && date(record.legalPause.until));
  if (record.dispute?.status === 'open') return w.dispute;
  if (record.optedOutAt) return w.optedOut;
  if (record.plan) {
    const next = nextPlanPayment(record.plan, record.balance);
    if (next) {
      const amount = formatMoney(next.amount, locale);
      return daysBetween(today, next.dueDate) >= 0
        ? w.planOnTrack(amount, date(next.dueDate))
        : w.planBehind(amount, date(next.dueDate));
    }
  }
  const pause = record.pause;
  if (pause?.until) {
    const until = date(pause.until);
    switch (pause.reason) {
      case 'promise':
        return w.promise(date(pause.promisedDate ?? pause.until), until);
      case 'hardship':
        return w.hardship(until);
      case 'callback':
        return w.callback(until);
      case 'plan-offer':
        return w.planOffer(until);
      case 'dispute':
        return w.dispute;
      default:
        return w.paused(until);
    }
  }
  return w.open;
}
