import { formatDate, formatDateTime } from '../domain/dates.ts';
import type { EmailKind } from '../domain/emails.ts';
import { type Language, languageOf } from '../domain/language.ts';
import { formatMoney, type Money } from '../domain/money.ts';

/**
 * The case's timeline as the debtor reads it, pure: every message and every action in plain words,
 * newest first, at the time on the debtor's own clock. The debtor sees what the collector sees of
 * their contacts, including messages we held back, and why. An entry type this page does not know
 * yet still shows, in general words; it never breaks the page.
 */
export type TimelineLine = { type: string; at: string; data?: Record<string, unknown> };
export type HistoryItem = { at: string; when: string; text: string };

/** Bookkeeping of the workflow's own, not something that happened to or by the debtor. */
const INTERNAL = new Set(['PlanChecked']);

type Words = {
  emailKinds: Record<EmailKind, string>;
  emailSent: (kind: string, subject?: string) => string;
  withheld: (kind: string, why: string) => string;
  withheldBecause: { optedOut: string; legalPause: string; other: string };
  /** A message held back by the contact rules, and when it may go. */
  deferred: (kind: string, until: string | undefined, why: 'hours' | 'cap' | 'other') => string;
  documentAdded: (name?: string) => string;
  caseOpened: (invoice: string, amount?: string) => string;
  invoiceAdded: (invoice: string, amount?: string) => string;
  promise: (date?: string) => string;
  dispute: string;
  disputeUpheld: string;
  disputeRejected: string;
  callback: (phone?: string) => string;
  emailsStopped: string;
  planAgreed: (count?: number, total?: string) => string;
  planOffered: string;
  planBroken: string;
  hardship: string;
  pauseEnded: string;
  payment: (amount: string) => string;
  paid: string;
  credited: string;
  placed: string;
  person: string;
  invoiceCancelled: (invoice: string) => string;
  collectionPaused: string;
  collectionResumed: string;
  survey: (score?: number) => string;
  generic: string;
};

const WORDS: Record<Language, Words> = {
  en: {
    emailKinds: {
      friendly: 'Your first reminder',
      firm: 'A second, firmer reminder',
      final: 'Final notice',
      placed: 'Your account was referred to an agency',
      thanks: 'Thank you for paying',
      partialPaymentThanks: 'Thank you for your part payment',
      promiseAck: 'Your promise to pay, confirmed',
      planOffer: 'Payment plans we can offer',
      planAgreed: 'Your payment plan, confirmed',
      instalmentReminder: 'A plan payment is coming up',
      instalmentMissed: 'A plan payment was missed',
      planBroken: 'Your payment plan ended',
      hardshipAck: 'We paused collection',
      hardshipPlanOffer: 'A plan sized to what you can afford',
      disputeAck: 'We received your dispute',
      disputeUpheld: 'The outcome of your dispute',
      disputeRejected: 'The outcome of your dispute',
      callbackAck: 'We will call you',
      credited: 'We credited your account',
    },
    emailSent: (kind, subject) => `Email: ${kind}${subject ? ` (subject “${subject}”)` : ''}`,
    withheld: (kind, why) => `We did not send an email (${kind.toLowerCase()}) because ${why}.`,
    withheldBecause: {
      optedOut: 'you asked us to stop emailing',
      legalPause: 'collection is paused on your account',
      other: 'we were not allowed to contact you then',
    },
    deferred: (kind, until, why) =>
      `We held back an email (${kind.toLowerCase()})${
        why === 'hours'
          ? ' because it was outside the hours we may write to you'
          : why === 'cap'
            ? ' because we had already written to you as often as we may this week'
            : ''
      }${until ? `; it may go from ${until}` : ''}.`,
    documentAdded: (name) => `You sent us a document for your dispute${name ? ` (${name})` : ''}.`,
    caseOpened: (invoice, amount) =>
      `Invoice ${invoice}${amount ? ` (${amount})` : ''} was overdue, so we opened this account.`,
    invoiceAdded: (invoice, amount) => `Invoice ${invoice}${amount ? ` (${amount})` : ''} was added.`,
    promise: (date) => (date ? `You promised to pay by ${date}.` : 'You promised to pay by a date.'),
    dispute: 'You disputed this account; we stopped collecting while our team looks into it.',
    disputeUpheld: 'Your dispute was upheld.',
    disputeRejected: 'Your dispute was reviewed and not upheld.',
    callback: (phone) => `You asked us to call you${phone ? ` on ${phone}` : ''}.`,
    emailsStopped: 'You asked us to stop emailing you.',
    planAgreed: (count, total) =>
      `You agreed a payment plan${count ? ` of ${count} payments` : ''}${total ? ` (${total} in total)` : ''}.`,
    planOffered: 'We offered you a payment plan.',
    planBroken: 'Your payment plan ended because payments were missed.',
    hardship: 'You told us you are struggling; we paused collection.',
    pauseEnded: 'The pause on reminders ended.',
    payment: (amount) => `Payment received: ${amount}.`,
    paid: 'Your account was paid in full and closed.',
    credited: 'Your account was credited and closed.',
    placed: 'Your account was referred to a collection agency.',
    person: 'Your account was passed to a member of our team.',
    invoiceCancelled: (invoice) => `Invoice ${invoice} was cancelled and credited.`,
    collectionPaused: 'Collection was paused.',
    collectionResumed: 'Collection started again after the pause.',
    survey: (score) => `You answered our survey${score ? ` (${score} out of 5)` : ''}. Thank you.`,
    generic: 'Your account was updated.',
  },
  es: {
    emailKinds: {
      friendly: 'Su primer recordatorio',
      firm: 'Un segundo recordatorio, más firme',
      final: 'Último aviso',
      placed: 'Su cuenta se remitió a una agencia',
      thanks: 'Gracias por su pago',
      partialPaymentThanks: 'Gracias por su pago parcial',
      promiseAck: 'Confirmación de su compromiso de pago',
      planOffer: 'Planes de pago que podemos ofrecerle',
      planAgreed: 'Confirmación de su plan de pagos',
      instalmentReminder: 'Se acerca un pago de su plan',
      instalmentMissed: 'No recibimos un pago de su plan',
      planBroken: 'Su plan de pagos terminó',
      hardshipAck: 'Pausamos el cobro',
      hardshipPlanOffer: 'Un plan ajustado a lo que puede pagar',
      disputeAck: 'Recibimos su reclamación',
      disputeUpheld: 'El resultado de su reclamación',
      disputeRejected: 'El resultado de su reclamación',
      callbackAck: 'Le llamaremos',
      credited: 'Abonamos su cuenta',
    },
    emailSent: (kind, subject) => `Correo: ${kind}${subject ? ` (asunto «${subject}»)` : ''}`,
    withheld: (kind, why) => `No enviamos un correo (${kind.toLowerCase()}) porque ${why}.`,
    withheldBecause: {
      optedOut: 'nos pidió que dejáramos de escribirle',
      legalPause: 'el cobro de su cuenta está en pausa',
      other: 'en ese momento no podíamos contactarle',
    },
    deferred: (kind, until, why) =>
      `Retuvimos un correo (${kind.toLowerCase()})${
        why === 'hours'
          ? ' porque era fuera del horario en que podemos escribirle'
          : why === 'cap'
            ? ' porque ya le habíamos escrito tantas veces como podemos esta semana'
            : ''
      }${until ? `; puede enviarse a partir del ${until}` : ''}.`,
    documentAdded: (name) => `Nos envió un documento para su reclamación${name ? ` (${name})` : ''}.`,
    caseOpened: (invoice, amount) =>
      `La factura ${invoice}${amount ? ` (${amount})` : ''} estaba vencida, así que abrimos esta cuenta.`,
    invoiceAdded: (invoice, amount) => `Se añadió la factura ${invoice}${amount ? ` (${amount})` : ''}.`,
    promise: (date) =>
      date ? `Se comprometió a pagar antes del ${date}.` : 'Se comprometió a pagar antes de una fecha.',
    dispute: 'Reclamó esta cuenta; dejamos de reclamar el pago mientras nuestro equipo lo revisa.',
    disputeUpheld: 'Su reclamación fue aceptada.',
    disputeRejected: 'Su reclamación se revisó y no fue aceptada.',
    callback: (phone) => `Nos pidió que le llamáramos${phone ? ` al ${phone}` : ''}.`,
    emailsStopped: 'Nos pidió que dejáramos de escribirle por correo electrónico.',
    planAgreed: (count, total) =>
      `Acordó un plan de pagos${count ? ` de ${count} pagos` : ''}${total ? ` (${total} en total)` : ''}.`,
    planOffered: 'Le ofrecimos un plan de pagos.',
    planBroken: 'Su plan de pagos terminó porque faltaron pagos.',
    hardship: 'Nos contó que está pasando por dificultades; pausamos el cobro.',
    pauseEnded: 'Terminó la pausa de los recordatorios.',
    payment: (amount) => `Pago recibido: ${amount}.`,
    paid: 'Su cuenta se pagó por completo y se cerró.',
    credited: 'Su cuenta se abonó y se cerró.',
    placed: 'Su cuenta se remitió a una agencia de cobros.',
    person: 'Su cuenta pasó a una persona de nuestro equipo.',
    invoiceCancelled: (invoice) => `La factura ${invoice} se anuló y se abonó.`,
    collectionPaused: 'El cobro se puso en pausa.',
    collectionResumed: 'El cobro se reanudó después de la pausa.',
    survey: (score) => `Respondió a nuestra encuesta${score ? ` (${score} de 5)` : ''}. Gracias.`,
    generic: 'Su cuenta se actualizó.',
  },
};

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() ? value : undefined;
const moneyIn = (value: unknown, locale: string): string | undefined => {
  const candidate = value as Partial<Money> | undefined;
  if (typeof candidate?.amount !== 'number' || typeof candidate.currency !== 'string') return undefined;
  try {
    return formatMoney({ amount: candidate.amount, currency: candidate.currency }, locale);
  } catch {
    return undefined;
  }
};
const dateIn = (value: unknown, locale: string): string | undefined => {
  const iso = text(value);
  if (!iso) return undefined;
  try {
    return formatDate(iso, locale);
  } catch {
    return iso;
  }
};

/** An instant in the debtor's zone, for words; undefined when it is not one. */
const dateTimeIn = (iso: unknown, locale: string, timeZone: string | undefined) => {
  if (typeof iso !== 'string' || !timeZone || Number.isNaN(Date.parse(iso))) return undefined;
  return formatDateTime(iso, locale, timeZone);
};

/** One entry in plain words, or undefined for the workflow's own bookkeeping. */
export function historyText(entry: TimelineLine, locale: string, timeZone?: string): string | undefined {
  if (INTERNAL.has(entry.type)) return undefined;
  const w = WORDS[languageOf(locale)];
  const data = entry.data ?? {};
  const kind = (value: unknown) =>
    (typeof value === 'string' && Object.hasOwn(w.emailKinds, value)
      ? w.emailKinds[value as EmailKind]
      : undefined) ?? w.generic.replace(/\.$/, '');
  switch (entry.type) {
    case 'EmailSent':
      return w.emailSent(kind(data.kind), text(data.subject));
    case 'EmailWithheld': {
      const reason = text(data.reason) ?? '';
      const why = reason.includes('opted out')
        ? w.withheldBecause.optedOut
        : reason.includes('legally paused')
          ? w.withheldBecause.legalPause
          : w.withheldBecause.other;
      return w.withheld(kind(data.kind), why);
    }
    case 'EmailDeferred': {
      const reason = text(data.reason) ?? '';
      const why = reason.includes('contact window')
        ? 'hours'
        : reason.includes('weekly cap')
          ? 'cap'
          : 'other';
      return w.deferred(kind(data.kind), dateTimeIn(data.until, locale, timeZone), why);
    }
    case 'DocumentAdded':
      return w.documentAdded(text(data.displayName));
    case 'CaseOpened':
      return w.caseOpened(text(data.invoiceId) ?? '', moneyIn(data.amountDue, locale));
    case 'InvoiceAdded':
      return w.invoiceAdded(text(data.invoiceId) ?? '', moneyIn(data.amountDue, locale));
    case 'PromiseMade':
      return w.promise(dateIn(data.promisedDate, locale));
    case 'DisputeOpened':
      return w.dispute;
    case 'DisputeResolved':
      return data.outcome === 'upheld' ? w.disputeUpheld : w.disputeRejected;
    case 'CallbackRequested':
      return w.callback(text(data.phone));
    case 'EmailsStopped':
      return w.emailsStopped;
    case 'PlanAgreed':
      return w.planAgreed(
        typeof data.instalments === 'number' ? data.instalments : undefined,
        moneyIn(data.total, locale),
      );
    case 'PlanOffered':
      return w.planOffered;
    case 'PlanBroken':
      return w.planBroken;
    case 'HardshipDeclared':
      return w.hardship;
    case 'PauseEnded':
      return w.pauseEnded;
    case 'PaymentReceived':
      return w.payment(moneyIn(data.amount, locale) ?? '');
    case 'CaseResolved':
      return data.resolution === 'credited' ? w.credited : w.paid;
    case 'CasePlacedWithAgency':
      return w.placed;
    case 'HeldForPerson':
    case 'HandedToPerson':
      return w.person;
    case 'InvoiceCancelled':
      return w.invoiceCancelled(text(data.invoiceId) ?? '');
    case 'CollectionPaused':
      return w.collectionPaused;
    case 'CollectionResumed':
      return w.collectionResumed;
    case 'SurveyAnswered':
      return w.survey(typeof data.score === 'number' ? data.score : undefined);
    default:
      return w.generic;
  }
}

/** The whole history, newest first; entries written in the same instant keep their written order reversed. */
export function historyItems(
  entries: readonly TimelineLine[],
  locale: string,
  timeZone: string,
): HistoryItem[] {
  return entries
    .map((entry, index) => ({ entry, index }))
    .sort((a, b) => (a.entry.at === b.entry.at ? b.index - a.index : a.entry.at < b.entry.at ? 1 : -1))
    .flatMap(({ entry }) => {
      const words = historyText(entry, locale, timeZone);
      if (!words) return [];
      let when = entry.at;
      try {
        when = formatDateTime(entry.at, locale, timeZone);
      } catch {
        // An entry without a readable time still shows, with the time as it was written.
      }
      return [{ at: entry.at, when, text: words }];
    });
}
