import type { CaseRecord } from './case.ts';
import { TERMINAL_STATUSES } from './case.ts';
import type { EmailKind } from './emails.ts';
import type { PauseReason } from './journey.ts';
import { isSettled } from './money.ts';
import type { Policy } from './policy.ts';
import { type DailyWindow, minutesOf, nextWindowOpening, plausibleTimeZones } from './zones.ts';

/**
 * The one contact decision every outgoing message passes (DESIGN §3): for a debtor and a moment on
 * the policy clock, may this message go now, and if not, when (or never, or only by a person)?
 */
export type ContactPurpose = 'collection' | 'acknowledgement' | 'outcome';

/**
 * What each email is for. A collection message asks for payment; an acknowledgement answers the
 * debtor's own request and carries no demand, so it may go during a pause; an outcome tells the
 * case's end or a decision.
 */
export const EMAIL_PURPOSE: Readonly<Record<EmailKind, ContactPurpose>> = {
  friendly: 'collection',
  firm: 'collection',
  final: 'collection',
  placed: 'outcome',
  thanks: 'outcome',
  // It states what is left and how to pay it: a request for payment.
  partialPaymentThanks: 'collection',
  promiseAck: 'acknowledgement',
  planOffer: 'acknowledgement',
  planAgreed: 'acknowledgement',
  instalmentReminder: 'collection',
  instalmentMissed: 'collection',
  planBroken: 'collection',
  hardshipAck: 'acknowledgement',
  hardshipPlanOffer: 'collection',
  // Signs of hardship: a supportive message, no payment asked for (a person takes the case over).
  hardshipReview: 'acknowledgement',
  disputeAck: 'acknowledgement',
  disputeUpheld: 'outcome',
  // The fresh notice after a rejected dispute resumes collection.
  disputeRejected: 'collection',
  callbackAck: 'acknowledgement',
  credited: 'outcome',
  // Before the due date nothing is owed yet: a friendly note, no demand (issue 16).
  dueSoon: 'acknowledgement',
  // The agency collected everything (issue 14): the case's end, like the thanks.
  agencySettled: 'outcome',
};

export type ContactDecision =
  | { decision: 'send' }
  | { decision: 'wait'; until: Date; reason: string }
  | { decision: 'never'; reason: string }
  /** `followUp` says why a person takes over (the ManualFollowUpNeeded reason the workflow hands on). */
  | { decision: 'person'; reason: string; followUp: PersonReason };

/** Why a message can only be dealt with by a person. */
export type PersonReason = 'no-contact-hours' | 'undeliverable';

/** The refusal reason of an address no email reaches (EmailWithheld's `reason` starts with it). */
export const UNDELIVERABLE = 'undeliverable';

/** The case as far as the rules care. */
export type ContactCaseState = Pick<
  CaseRecord,
  'status' | 'optedOutAt' | 'legalPause' | 'dispute' | 'pause' | 'balance' | 'agency'
>;

export type ContactInput = {
  /** On the policy clock. */
  now: Date;
  /** The debtor's IANA zone, or undefined when it is not known (then the locale's region decides). */
  timeZone: string | undefined;
  locale: string;
  contactWindow: Policy['contactWindow'];
  weeklyMessageCap: number;
  /** Policy-clock instants of the messages already sent to this debtor, across all their cases. */
  recentSends: readonly Date[];
  caseState: ContactCaseState;
  purpose: ContactPurpose;
  /**
   * The debtor's address bounced for good, was on SES's suppression list, or SES rejected a message
   * to it (see deliverability.ts): nothing reaches it, whatever the message is for.
   */
  undeliverable?: { since: string; reason: string };
  /**
   * How many contacts this message is: one per channel it goes by (issue 16: an email and a text
   * are each a contact, under one weekly cap). 1 unless told.
   */
  contacts?: number;
};

const WEEK_MS = 7 * 86_400_000;
/** How far ahead an unknown zone's plausible zones are searched for shared hours. */
const SHARED_HOURS_HORIZON_MS = 3 * 86_400_000;
/** Pauses during which nothing that asks for payment goes. */
const NO_DEMAND_PAUSES: readonly PauseReason[] = [
  'dispute',
  'hardship',
  'promise',
  'callback',
  'legal-pause',
  'staff',
  // Issue 16: the debtor's own date (snooze to payday), and the gentle wait after fewer reminders.
  'snooze',
  'cadence',
];

export function decideContact(input: ContactInput): ContactDecision {
  const { caseState, purpose } = input;
  if (caseState.optedOutAt) return { decision: 'never', reason: 'the debtor opted out of email' };
  // Before every other rule: no message of any purpose reaches the address; a person takes over.
  if (input.undeliverable)
    return {
      decision: 'person',
      reason: `${UNDELIVERABLE}: the address bounced (${input.undeliverable.reason}, ${input.undeliverable.since})`,
      followUp: 'undeliverable',
    };
  if (caseState.legalPause)
    return { decision: 'never', reason: `collection is legally paused (${caseState.legalPause.reason})` };
  // A closed case still tells its end (thank-you, credit, placement); nothing else.
  if (TERMINAL_STATUSES.includes(caseState.status) && purpose !== 'outcome')
    return { decision: 'never', reason: `the case is closed (${caseState.status})` };
  // Issue 14: while the agency works the case it speaks for us; we tell only outcomes (the placement,
  // the close). A message queued before the placement (a plan's, waiting for the debtor's hours) stays.
  if (caseState.status === 'placed' && !caseState.agency?.endedAt && purpose !== 'outcome')
    return { decision: 'never', reason: 'the case is with the agency' };
  if (purpose === 'collection') {
    // Paid (or credited) a moment ago, before the workflow could close the case: ask for nothing.
    if (isSettled(caseState.balance)) return { decision: 'never', reason: 'nothing is owed' };
    if (caseState.status === 'held-for-person')
      return { decision: 'never', reason: 'the case is held for a person' };
    if (caseState.dispute?.status === 'open') return { decision: 'never', reason: 'a dispute is open' };
    if (caseState.pause && NO_DEMAND_PAUSES.includes(caseState.pause.reason))
      return { decision: 'never', reason: `collection is paused (${caseState.pause.reason})` };
  }

  const zones = input.timeZone ? [input.timeZone] : plausibleTimeZones(input.locale);
  if (zones.length === 0)
    return {
      decision: 'person',
      reason: `no time zone is known for the debtor (locale ${input.locale})`,
      followUp: 'no-contact-hours',
    };
  const window: DailyWindow = {
    start: minutesOf(input.contactWindow.start),
    end: minutesOf(input.contactWindow.end),
  };
  // A message that goes by two channels needs room for both under the one cap.
  const capUntil = capAllowsFrom(
    input.recentSends,
    input.now,
    Math.max(1, input.weeklyMessageCap - ((input.contacts ?? 1) - 1)),
  );

  // The earliest instant every rule allows: step to the latest "not before" until all agree.
  let candidate = new Date(Math.max(input.now.getTime(), capUntil.getTime()));
  const horizon = candidate.getTime() + SHARED_HOURS_HORIZON_MS;
  while (candidate.getTime() <= horizon) {
    const openings = zones.map((zone) => nextWindowOpening(candidate, zone, window).getTime());
    const latest = Math.max(...openings);
    if (latest === candidate.getTime()) {
      if (candidate.getTime() === input.now.getTime()) return { decision: 'send' };
      const reason =
        capUntil.getTime() > input.now.getTime()
          ? `the weekly cap of ${input.weeklyMessageCap} messages is reached`
          : zones.length > 1
            ? `outside the contact window in one of ${zones.length} zones the locale may mean`
            : `outside the contact window in ${zones[0]}`;
      return { decision: 'wait', until: candidate, reason };
    }
    candidate = new Date(latest);
  }
  return {
    decision: 'person',
    reason: `the zones the locale ${input.locale} may mean (${zones.join(', ')}) share no contact hours`,
    followUp: 'no-contact-hours',
  };
}

/** When the rolling 7-day cap next allows a message: once the oldest of the last `cap` sends is a week old. */
export function capAllowsFrom(sends: readonly Date[], now: Date, cap: number): Date {
  const recent = sends
    .map((send) => send.getTime())
    .filter((at) => at > now.getTime() - WEEK_MS)
    .sort((a, b) => b - a);
  if (recent.length < cap) return now;
  return new Date((recent[cap - 1] as number) + WEEK_MS);
}

/**
 * How far back the contact ledger keeps sends: the week the cap looks at, and a day more, so a
 * writer whose clock is a little behind the one that trimmed still sees every send its week holds.
 */
export const LEDGER_KEEP_MS = WEEK_MS + 86_400_000;

/** The sends worth keeping in the ledger (see LEDGER_KEEP_MS). */
export function trimSends(sends: readonly Date[], now: Date): Date[] {
  return sends.filter((send) => send.getTime() > now.getTime() - LEDGER_KEEP_MS);
}

/** The debtor's zone as the rules see it: none when the case only assumed the policy's default. */
export function knownTimeZone(record: Pick<CaseRecord, 'debtor' | 'timeZoneKnown'>): string | undefined {
  return record.timeZoneKnown === false ? undefined : record.debtor.timeZone;
}
