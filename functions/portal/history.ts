import { UNDELIVERABLE } from '../domain/contact-rules.ts';
import { formatDate, formatDateTime } from '../domain/dates.ts';
import type { EmailKind } from '../domain/email-kinds.ts';
import { languageOf } from '../domain/language.ts';
import { formatMoney, type Money } from '../domain/money.ts';
import { textHistoryWords } from '../domain/texts.ts';
import { words } from '../i18n/catalogue.ts';

/**
 * The case's timeline as the debtor reads it, pure: every message and every action in plain words,
 * newest first, at the time on the debtor's own clock. The debtor sees what the collector sees of
 * their contacts, including messages we held back, and why. An entry type this page does not know
 * yet still shows, in general words; it never breaks the page.
 */
export type TimelineLine = { type: string; at: string; data?: Record<string, unknown> };
export type HistoryItem = { at: string; when: string; text: string };

/** What the debtor is shown of an agency (the stack's configuration): its name and how to reach it. */
export type AgencyContact = {
  name: string;
  contact: { phone?: string | undefined; email?: string | undefined; website?: string | undefined };
};
/** The agency with this id, as the deployment configures it; undefined when none is known. */
export type AgencyLookup = (agencyId: string) => AgencyContact | undefined;

/**
 * Bookkeeping of the workflow's own, not something that happened to or by the debtor; and the
 * staff's internal notes (issue 12), which the debtor never sees.
 */
const INTERNAL = new Set(['PlanChecked', 'DebtorNeedsExtraCare', 'InternalNote', 'DebtorMessageHandled']);

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

/**
 * One entry in plain words, or undefined for the workflow's own bookkeeping. An entry that recalled
 * the case from its agency (a dispute, a payment in full, nothing owed) says so after its own words.
 */
export function historyText(
  entry: TimelineLine,
  locale: string,
  timeZone?: string,
  agencyOf?: AgencyLookup,
): string | undefined {
  const line = entryText(entry, locale, timeZone, agencyOf);
  if (line === undefined || entry.data?.forwardedToAgency !== 'recall') return line;
  return `${line} ${words(languageOf(locale)).history.agencyRecalled}`;
}

/** The agency's name and how to reach it, for words: only the ways it has. */
function agencyWords(entry: TimelineLine, agencyOf: AgencyLookup | undefined) {
  const agencyId = text(entry.data?.agencyId);
  const agency = agencyId ? agencyOf?.(agencyId) : undefined;
  if (!agency) return undefined;
  const { phone, email, website } = agency.contact;
  return {
    name: agency.name,
    contact: { ...(phone ? { phone } : {}), ...(email ? { email } : {}), ...(website ? { website } : {}) },
  };
}

function entryText(
  entry: TimelineLine,
  locale: string,
  timeZone: string | undefined,
  agencyOf: AgencyLookup | undefined,
): string | undefined {
  if (INTERNAL.has(entry.type)) return undefined;
  const w = words(languageOf(locale)).history;
  const data = entry.data ?? {};
  const kind = (value: unknown) =>
    (typeof value === 'string' && Object.hasOwn(w.emailKinds, value)
      ? w.emailKinds[value as EmailKind]
      : undefined) ?? w.generic.replace(/\.$/, '');
  switch (entry.type) {
    case 'EmailSent':
      // What SES said became of it, once it said (see use-cases/receive-email-event.ts).
      return w.emailSent(
        kind(data.kind),
        text(data.subject),
        text(data.undeliveredAt) ? 'undelivered' : text(data.deliveredAt) ? 'delivered' : undefined,
      );
    case 'EmailWithheld': {
      const reason = text(data.reason) ?? '';
      const why = reason.includes('opted out')
        ? w.withheldBecause.optedOut
        : reason.includes('legally paused')
          ? w.withheldBecause.legalPause
          : reason.startsWith(UNDELIVERABLE)
            ? w.withheldBecause.undeliverable
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
      if (data.outcome === 'upheld-in-part') return w.disputeUpheldInPart(moneyIn(data.credit, locale));
      return data.outcome === 'upheld' ? w.disputeUpheld : w.disputeRejected;
    // The staff's actions the debtor is told of (issue 12), in plain words; internal notes never.
    case 'CallLogged':
      return w.callLogged(data.reached === true);
    case 'StaffResumed':
      return w.staffResumed;
    case 'StaffPaused':
      return w.collectionPaused;
    case 'WrittenOff':
      return w.writtenOff;
    case 'CallbackRequested':
      return w.callback(text(data.phone));
    case 'EmailsStopped':
      return w.emailsStopped;
    case 'EmailBounced':
      return w.emailBounced;
    case 'EmailDelayed':
      return w.emailDelayed;
    case 'EmailComplaint':
      return w.emailComplaint;
    case 'PlanAgreed':
      return w.planAgreed(
        typeof data.instalments === 'number' ? data.instalments : undefined,
        moneyIn(data.total, locale),
      );
    case 'PlanOffered':
      return w.planOffered;
    case 'HardshipCheckCompleted': {
      const signs = Array.isArray(data.stopping) ? data.stopping : [];
      const known = signs.filter(
        (sign): sign is keyof typeof w.hardshipSigns =>
          typeof sign === 'string' && Object.hasOwn(w.hardshipSigns, sign),
      );
      return w.hardshipCheck(
        data.outcome === 'review' ? known.map((sign) => w.hardshipSigns[sign]) : undefined,
      );
    }
    case 'PlanBroken':
      return w.planBroken;
    case 'HardshipDeclared':
      return w.hardship;
    case 'PauseEnded':
      return w.pauseEnded;
    case 'PaymentReceived':
      return w.payment(moneyIn(data.amount, locale) ?? '');
    case 'CaseResolved':
      if (data.resolution === 'written-off') return w.writtenOff;
      return data.resolution === 'credited' ? w.credited : w.paid;
    case 'CasePlacedWithAgency': {
      // Issue 14: which agency handles the account now, and how to reach it.
      const agency = agencyWords(entry, agencyOf);
      return agency ? w.placedWith(agency.name, agency.contact) : w.placed;
    }
    case 'RecalledFromAgency':
      return w.agencyRecalled;
    // What went to the agency is between us and it; the debtor hears of a recall (the payment,
    // the pause that was forwarded has its own line).
    case 'AgencyForwarded':
      return data.kind === 'recall' ? w.agencyRecalled : undefined;
    case 'AgencyReported':
      switch (data.kind) {
        case 'collected': {
          const balance = data.balance as Partial<Money> | undefined;
          if (balance?.amount === 0) return w.agencySettled;
          return w.agencyCollected(moneyIn(data.amount, locale), moneyIn(data.balance, locale));
        }
        case 'disputed':
          return w.agencyDisputed;
        case 'returned':
          return w.agencyReturned(data.writtenOff === true);
        case 'closed':
          return w.agencyReturned(false);
        default:
          return w.generic;
      }
    case 'HeldForPerson':
    case 'HandedToPerson':
      return w.person;
    case 'InvoiceCancelled':
      return w.invoiceCancelled(text(data.invoiceId) ?? '');
    case 'CollectionPaused':
      return w.collectionPaused;
    case 'CollectionResumed':
      return w.collectionResumed;
    case 'RemindersSnoozed':
      return w.snoozed(dateIn(data.remindOn, locale));
    case 'FewerRemindersChosen':
      return w.fewerReminders;
    case 'LanguageChosen':
      return w.languageChosen(text(data.language) ?? '');
    case 'SurveyAnswered':
      return w.survey(typeof data.score === 'number' ? data.score : undefined);
    // Texts (issue 16): what went, in how many billed parts; replies, STOP and consent.
    case 'TextSent': {
      const t = textHistoryWords(locale);
      if (data.purpose === 'answer') return t.answer;
      const kindWords =
        typeof data.kind === 'string' && Object.hasOwn(w.emailKinds, data.kind) ? kind(data.kind) : undefined;
      return t.sent(kindWords, typeof data.segments === 'number' ? data.segments : undefined);
    }
    case 'TextReceived':
      return textHistoryWords(locale).received;
    case 'TextsStopped':
      return textHistoryWords(locale).stopped;
    case 'TextsConsentGiven':
      return textHistoryWords(locale).consentGiven;
    case 'TextsConsentWithdrawn':
      return textHistoryWords(locale).consentWithdrawn;
    default:
      return w.generic;
  }
}

/** The whole history, newest first; entries written in the same instant keep their written order reversed. */
export function historyItems(
  entries: readonly TimelineLine[],
  locale: string,
  timeZone: string,
  agencyOf?: AgencyLookup,
): HistoryItem[] {
  return entries
    .map((entry, index) => ({ entry, index }))
    .sort((a, b) => (a.entry.at === b.entry.at ? b.index - a.index : a.entry.at < b.entry.at ? 1 : -1))
    .flatMap(({ entry }) => {
      const words = historyText(entry, locale, timeZone, agencyOf);
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
