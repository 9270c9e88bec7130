import type { CaseRecord } from './case.ts';
import { HARDSHIP_SIGNS, type HardshipSign } from './hardship-signs.ts';
import type { Policy } from './policy.ts';

/**
 * The checks for signs of hardship (issue 11; FCA CONC 7.3 and FG21/1 on customers in vulnerable
 * circumstances), pure: before the final notice and again before an agency referral, each sign is
 * decided from the case, its timeline, the account's other cases and the policy. A sign the policy
 * lists in `hardshipCheck.stopsReferral` means no automatic referral: the debtor gets a supportive
 * message and a person reviews the case.
 */
export { HARDSHIP_SIGNS, type HardshipSign };

/** A timeline entry as the checks read it (the store's entries, or the property lives' own). */
export type TimelineFact = { type: string; at: string; entryId?: string; data?: Record<string, unknown> };

export type HardshipCheckInput = {
  record: Pick<CaseRecord, 'caseId' | 'debtor' | 'hardship'>;
  timeline: readonly TimelineFact[];
  /** The account's other cases, any status (their hardship declarations count within the look-back). */
  otherCases: readonly Pick<CaseRecord, 'caseId' | 'hardship'>[];
  policy: Pick<Policy, 'hardshipCheck'>;
  now: Date;
};

export type HardshipCheck = {
  /** Every sign found, in HARDSHIP_SIGNS order. */
  signs: HardshipSign[];
  /** The signs the policy says stop an automatic referral. */
  stopping: HardshipSign[];
  /** `review`: a person looks at the case; `go-on`: the ladder goes on. */
  outcome: 'go-on' | 'review';
};

/** The earliest instant a hardship declaration still counts from: `months` calendar months before `now`. */
export function lookBackFrom(now: Date, months: number): Date {
  const from = new Date(now.getTime());
  const day = from.getUTCDate();
  from.setUTCDate(1);
  from.setUTCMonth(from.getUTCMonth() - months);
  // 31 March less one month is the last day of February, not 3 March.
  const lastDay = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth() + 1, 0)).getUTCDate();
  from.setUTCDate(Math.min(day, lastDay));
  return from;
}

const amountOf = (value: unknown): number | undefined => {
  const amount = (value as { amount?: unknown } | undefined)?.amount;
  return typeof amount === 'number' ? amount : undefined;
};

/**
 * Something reached the debtor: an email sent (`EmailSent`, entry `email-<messageKey>`) and neither
 * marked undelivered nor bounced since (`EmailBounced` names the message's key), or a text sent to
 * their phone (`TextSent`: a message of the ladder, or one answering the debtor; issue 16). A text
 * is recorded once the send gate allowed it (or it answers the debtor's own text), and deliverText
 * sends it, retrying until the SMS service takes it; only a text marked undelivered does not count.
 */
function reachedAny(timeline: readonly TimelineFact[]): boolean {
  if (timeline.some((entry) => entry.type === 'TextSent' && entry.data?.undelivered !== true)) return true;
  const bounced = new Set(
    timeline
      .filter((entry) => entry.type === 'EmailBounced' && typeof entry.data?.messageKey === 'string')
      .map((entry) => `email-${entry.data?.messageKey as string}`),
  );
  return timeline.some(
    (entry) =>
      entry.type === 'EmailSent' &&
      entry.data?.undelivered !== true &&
      !(entry.entryId !== undefined && bounced.has(entry.entryId)),
  );
}

function hardshipDeclared(input: HardshipCheckInput): boolean {
  const from = lookBackFrom(input.now, input.policy.hardshipCheck.lookBackMonths).getTime();
  const within = (at: string | undefined) => at !== undefined && Date.parse(at) >= from;
  return (
    within(input.record.hardship?.declaredAt) ||
    input.timeline.some((entry) => entry.type === 'HardshipDeclared' && within(entry.at)) ||
    input.otherCases.some((other) => within(other.hardship?.declaredAt))
  );
}

function planBrokenAfterHardship(timeline: readonly TimelineFact[]): boolean {
  const declared = timeline
    .filter((entry) => entry.type === 'HardshipDeclared')
    .map((entry) => Date.parse(entry.at));
  return timeline.some(
    (entry) =>
      entry.type === 'PlanBroken' &&
      (entry.data?.hardship === true || declared.some((at) => at <= Date.parse(entry.at))),
  );
}

/** Someone paying what they can: a payment on this case that left something owing. */
const partialPayments = (timeline: readonly TimelineFact[]) =>
  timeline.some((entry) => entry.type === 'PaymentReceived' && (amountOf(entry.data?.balance) ?? 0) > 0);

/** Nothing ever reached the debtor: no email or text sent, every email withheld or bounced and no text. */
const neverReached = (timeline: readonly TimelineFact[]) => !reachedAny(timeline);

/** The signs of hardship on a case now, and what the policy makes of them. */
export function checkForHardship(input: HardshipCheckInput): HardshipCheck {
  const found: Record<HardshipSign, boolean> = {
    'hardship-declared': hardshipDeclared(input),
    vulnerable: input.record.debtor.vulnerable === true,
    'plan-broken-after-hardship': planBrokenAfterHardship(input.timeline),
    'partial-payments': partialPayments(input.timeline),
    'never-reached': neverReached(input.timeline),
  };
  const signs = HARDSHIP_SIGNS.filter((sign) => found[sign]);
  const stopping = signs.filter((sign) => input.policy.hardshipCheck.stopsReferral.includes(sign));
  return { signs, stopping, outcome: stopping.length > 0 ? 'review' : 'go-on' };
}

/** Where a check runs: before the final notice, or just before the agency referral. */
export const HARDSHIP_CHECKPOINTS = ['final', 'agency'] as const;
export type HardshipCheckpoint = (typeof HARDSHIP_CHECKPOINTS)[number];

/**
 * What the state machine is told. Before the final notice, the next step for "Check the contact
 * rules" (the supportive message passes the gate like any email); before the referral, a resume
 * for "Act on the reply" (`hardship-checked`, so it goes on to the referral and not round again).
 */
/**
 * Before an automatic referral whose policy asks for a supervisor's approval (issue 12) and that has
 * none yet: the case goes to a person (the `referrals` queue) instead of the referral. Same shape as
 * the check's own reply, so the state machine reads it the same way.
 */
export function referralApprovalReply() {
  return {
    outcome: 'stopped' as const,
    step: 'agency' as const,
    because: 'approval-needed' as const,
    reason: 'agency-referral-held' as const,
  };
}

export function hardshipCheckReply(before: HardshipCheckpoint, check: HardshipCheck) {
  const step = check.outcome === 'review' ? ('review' as const) : before;
  return before === 'final'
    ? { step, reason: check.outcome === 'review' ? 'hardship-signs' : 'none' }
    : {
        outcome: 'resume' as const,
        step,
        because: 'hardship-checked' as const,
        reason: check.outcome === 'review' ? 'hardship-signs' : 'none',
      };
}
