import type { CaseRecord } from '../domain/case.ts';
import { addDays, daysBetween, formatDate } from '../domain/dates.ts';
import { languageOf } from '../domain/language.ts';
import { formatMoney, type Money } from '../domain/money.ts';
import { words } from '../i18n/catalogue.ts';

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

/**
 * Where the case stands, in one plain sentence in the reader's language, pure: "We have paused
 * reminders until 14 December 2026 while you sort things out." The account page leads with it.
 * `today` is the debtor's calendar date (YYYY-MM-DD).
 */
export function caseStatusSentence(record: CaseRecord, locale: string, today: string): string {
  const w = words(languageOf(locale)).status;
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
    // Written off (issue 12): as for a credit, the debtor owes nothing more.
    case 'written-off':
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
      case 'snooze':
        return w.snooze(date(record.snooze?.remindOn ?? addDays(pause.until, 1)));
      default:
        return w.paused(until);
    }
  }
  return w.open;
}
