import { STAFF_GROUPS, type StaffGroup, type StaffRole } from '../contract/staff.ts';
import { agencyReferralBlockers, endedPlacement, isWithAgency } from './agency.ts';
import { type CaseRecord, isClosing } from './case.ts';
import { type CaseChange, resolveDispute } from './case-updates.ts';
import { daysBetween, localDate } from './dates.ts';
import { pauseUntil } from './journey.ts';
import { type Money, minorUnitDigits, subtract } from './money.ts';
import type { Policy } from './policy.ts';

import { personWaitReason, QUEUES, type QueueName, queueEntry, waitsForPerson } from './queues.ts';

/**
 * The collections team's workspace (issue 12), pure: who may do what, the work queues a case can
 * be in, and what each staff action does to a case. The console's handler checks a role here
 * before it calls a use case, so a refused action changes nothing.
 */

const RANK: Readonly<Record<StaffRole, number>> = { viewer: 1, agent: 2, supervisor: 3 };

/** A signed-in member of staff, from a verified ID token. */
export type StaffMember = { subject: string; email: string; role: StaffRole };

export type { StaffRole };

/** The highest role the groups give; none for a user in no staff group (who may open nothing). */
export function roleOf(groups: readonly string[]): StaffRole | undefined {
  let best: StaffRole | undefined;
  for (const group of groups) {
    const role = Object.hasOwn(STAFF_GROUPS, group) ? STAFF_GROUPS[group as StaffGroup] : undefined;
    if (role && (!best || RANK[role] > RANK[best])) best = role;
  }
  return best;
}

/** The staff's actions on a case, each with the least role that may take it. */
export const STAFF_ACTIONS = {
  'resolve-dispute': 'agent',
  'log-call': 'agent',
  note: 'agent',
  resume: 'agent',
  'write-off': 'supervisor',
  refer: 'supervisor',
  /** Recall a case from its agency (issue 14): the agency stops, a person takes the case back. */
  recall: 'supervisor',
  'contact-details': 'agent',
  pause: 'agent',
  'decline-referral': 'supervisor',
  /** Texts from the debtor (issue 16): a person read them and dealt with them; the case leaves the queue. */
  'message-handled': 'agent',
  /** A text to the debtor in a person's words, through the one send gate (consent, window, cap). */
  'text-reply': 'agent',
} as const satisfies Record<string, StaffRole>;
export type StaffAction = keyof typeof STAFF_ACTIONS;

export const isStaffAction = (value: string): value is StaffAction => Object.hasOwn(STAFF_ACTIONS, value);

/** Viewers read; agents act; supervisors also write off and approve referrals. */
export function may(role: StaffRole, action: StaffAction): boolean {
  return RANK[role] >= RANK[STAFF_ACTIONS[action]];
}

/**
 * A promise or a plan agreed on the phone (issue 12) is the debtor's own action, recorded by an agent
 * (or a supervisor) through the portal's use case: viewers may not record one.
 */
export const PHONE_COMMITMENTS = ['promise', 'plan'] as const;
export type PhoneCommitment = (typeof PHONE_COMMITMENTS)[number];
export const mayRecordCommitment = (role: StaffRole): boolean => RANK[role] >= RANK.agent;

/** Every staff action's timeline entry says who took it; `at` is the store's. */
type Who = { by: StaffMember };
const who = ({ by }: Who) => ({ by: by.email, role: by.role });

/** An internal note: on the staff's timeline only (never in the debtor's History). */
export function internalNote(input: Who & { note: string; noteId: string }): CaseChange {
  return {
    timeline: {
      type: 'InternalNote',
      entryId: `note-${input.noteId}`,
      data: { note: input.note, ...who(input) },
    },
  };
}

export const CALL_OUTCOMES = [
  'promise',
  'plan',
  'dispute',
  'no-agreement',
  'wrong-number',
  'voicemail',
] as const;
export type CallOutcome = (typeof CALL_OUTCOMES)[number];

/**
 * A call the team made: reached or not, its outcome and note. It answers the debtor's callback
 * request (the case leaves the callbacks queue); a reached call also counts as a contact in the
 * weekly cap, which the use case records in the debtor's contact ledger.
 */
export function loggedCall(
  record: Pick<CaseRecord, 'callback'>,
  input: Who & { reached: boolean; outcome: CallOutcome; note?: string; callId: string },
): CaseChange {
  return {
    ...(record.callback ? { remove: ['callback'] } : {}),
    queues: { leave: ['callbacks' satisfies QueueName] },
    timeline: {
      type: 'CallLogged',
      entryId: `call-${input.callId}`,
      data: {
        reached: input.reached,
        outcome: input.outcome,
        ...(input.note ? { note: input.note } : {}),
        ...who(input),
      },
    },
  };
}

export const DISPUTE_DECISIONS = ['upheld', 'upheld-in-part', 'rejected'] as const;
export type DisputeDecision =
  | { outcome: 'upheld' | 'rejected'; note?: string }
  | { outcome: 'upheld-in-part'; credit: Money; note?: string };

/**
 * The team decides the debtor's open dispute, as billing's Dispute Resolved would (case-updates.ts
 * `resolveDispute`, whose outcome emails carry the note): upheld credits the whole balance;
 * rejected resumes the ladder with the explanation. Upheld in part credits the amount: a balance it
 * clears is credited like an upheld dispute; otherwise the ladder resumes for what is left.
 * `undefined` when no dispute is open (decided already: nothing changes).
 */
export function decideDispute(
  record: CaseRecord,
  decision: DisputeDecision & Who,
  replyId: string,
): CaseChange | undefined {
  if (record.dispute?.status !== 'open') return undefined;
  const note = decision.note ? { note: decision.note } : {};
  const signed = (change: CaseChange | undefined, extra: Record<string, unknown> = {}) =>
    change && {
      ...change,
      timeline: {
        ...change.timeline,
        data: { ...change.timeline.data, ...extra, ...note, ...who(decision) },
      },
    };
  if (decision.outcome !== 'upheld-in-part')
    return signed(resolveDispute(record, { outcome: decision.outcome, ...note }, replyId));
  const balance = subtract(record.balance, decision.credit);
  if (balance.amount <= 0)
    return signed(resolveDispute(record, { outcome: 'upheld', ...note }, replyId), {
      credit: decision.credit,
      partial: true,
    });
  const rejected = resolveDispute(record, { outcome: 'rejected', ...note }, replyId);
  if (!rejected) return undefined;
  return signed(
    {
      ...rejected,
      set: {
        dispute: {
          ...record.dispute,
          status: 'upheld',
          ...(decision.note ? { resolutionNote: decision.note } : {}),
        },
        balance,
      },
      timeline: { ...rejected.timeline, entryId: `dispute-${record.dispute.openedAt}-upheld-in-part` },
    },
    { outcome: 'upheld-in-part', credit: decision.credit, balance },
  );
}

/**
 * An amount as a person types it in major units (`40`, `40.5`, `40.00`), in integer minor units of
 * the currency; undefined when it is not one (a comma, a sign, more decimals than the currency has).
 */
export function parseMajorAmount(text: string, currency: string): Money | undefined {
  const digits = minorUnitDigits(currency);
  const match = /^(\d{1,12})(?:\.(\d+))?$/.exec(text.trim());
  if (!match) return undefined;
  const fraction = match[2] ?? '';
  if (fraction.length > digits) return undefined;
  const amount = Number(match[1]) * 10 ** digits + Number(fraction.padEnd(digits, '0') || '0');
  return Number.isSafeInteger(amount) ? { amount, currency } : undefined;
}

/** The queues a person takes a case out of when they take it up (resume, write-off). */
const HANDED_QUEUES: QueueName[] = ['handed-to-person', 'hardship', 'undeliverable'];

/**
 * A person takes up a case handed to them and resumes collection (issue 12): the case is open
 * again, and the workflow, waiting on "Wait for a person to act", goes on from the rung it was on,
 * through the contact rules (an opt-out or a bad address hands it straight back).
 */
export function staffResume(
  record: CaseRecord,
  input: Who & { note?: string },
  replyId: string,
): CaseChange | undefined {
  // A pause a person set ends when a person says so.
  if (isClosing(record)) return undefined;
  if (record.status === 'open' && record.pause?.reason === 'staff')
    return {
      remove: ['pause'],
      bumpCycle: true,
      reply: { id: replyId, outcome: 'resume', step: record.rung ?? 'friendly', because: 'staff-resumed' },
      timeline: {
        type: 'StaffResumed',
        entryId: `resumed-${replyId}`,
        data: { ...(input.note ? { note: input.note } : {}), ...who(input) },
      },
    };
  // Only a case whose workflow waits for a person: a held agency referral has no workflow left to go on.
  if (!waitsForPerson(record)) return undefined;
  return {
    set: { status: 'open' },
    bumpCycle: true,
    reply: { id: replyId, outcome: 'resume', step: record.rung ?? 'friendly', because: 'staff-resumed' },
    queues: { leave: HANDED_QUEUES },
    timeline: {
      type: 'StaffResumed',
      entryId: `resumed-${replyId}`,
      data: { ...(input.note ? { note: input.note } : {}), ...who(input) },
    },
  };
}

/**
 * A supervisor writes the balance off (issue 12): the workflow, told `credited` (written-off),
 * closes the case as written off (CaseResolved written-off), whether it was waiting for a person
 * or on a pause. Terminal: nothing is sent to the debtor after the closing message.
 */
export function writeOff(
  record: CaseRecord,
  input: Who & { note?: string; at: string },
  replyId: string,
): CaseChange | undefined {
  if (record.status !== 'open' && !waitsForPerson(record)) return undefined;
  return {
    set: {
      writtenOff: { at: input.at, by: input.by.email, ...(input.note ? { note: input.note } : {}) },
      // The workflow's next task closes the case; a case held for a person is active again for it.
      ...(record.status === 'held-for-person' ? { status: 'open' as const } : {}),
    },
    reply: { id: replyId, outcome: 'credited', reason: 'written-off' },
    queues: { leave: [...QUEUES] },
    timeline: {
      type: 'WrittenOff',
      entryId: `written-off-${replyId}`,
      data: { balance: record.balance, ...(input.note ? { note: input.note } : {}), ...who(input) },
    },
  };
}

/**
 * A supervisor refers the case to the agency now (issue 12): every blocker is checked at this
 * moment (a dispute, a legal pause, a running pause or plan, the balance under the policy's
 * minimum); with none, the workflow goes to the referral, whose own task checks them all again,
 * the signs of hardship first. An opt-out does not block a person's referral.
 */
export function referNow(
  record: CaseRecord,
  input: Who & { at: string; policy: Policy },
  replyId: string,
): { change: CaseChange } | { blockers: string[] } | undefined {
  if ((record.status !== 'open' && !waitsForPerson(record)) || isClosing(record)) return undefined;
  const approval = { by: input.by.email, at: input.at };
  const blockers = agencyReferralBlockers(
    { ...record, status: 'open', referralApprovedBy: approval },
    input.policy,
  );
  if (blockers.length > 0) return { blockers };
  return {
    change: {
      set: {
        referralApprovedBy: approval,
        ...(record.status === 'held-for-person' ? { status: 'open' as const } : {}),
      },
      // A new turn of the case, as a resume is: should the referral's own checks hand it to a person
      // again (signs of hardship, no safe hours), that hand-over is a new one, on the timeline once.
      bumpCycle: true,
      reply: { id: replyId, outcome: 'resume', step: 'agency', because: 'staff-resumed' },
      queues: { leave: [...HANDED_QUEUES, 'referrals'] },
      timeline: { type: 'ReferralApproved', entryId: `referral-${replyId}`, data: { ...who(input) } },
    },
  };
}

/** The case waits for a supervisor's approval of its referral (its policy asks for one: issue 12). */
export const awaitsReferralApproval = (record: CaseRecord): boolean =>
  personWaitReason(record) === 'agency-referral-held' &&
  record.referralDeclined?.cycle !== (record.cycle ?? 0);

/**
 * A supervisor declines a referral waiting for approval (issue 12): no referral; the case leaves the
 * referrals queue for the people's queue and keeps waiting for a person, who may resume it (the
 * ladder goes on through the contact rules), pause it, record a promise or write it off.
 */
export function declineReferral(
  record: CaseRecord,
  input: Who & { at: string; note?: string },
  replyId: string,
): CaseChange | undefined {
  if (!awaitsReferralApproval(record)) return undefined;
  return {
    set: { referralDeclined: { by: input.by.email, at: input.at, cycle: record.cycle ?? 0 } },
    queues: {
      leave: ['referrals'],
      enter: [queueEntry(record, 'handed-to-person', input.at, { reason: 'referral-declined' })],
    },
    timeline: {
      type: 'ReferralDeclined',
      entryId: `referral-declined-${replyId}`,
      data: { ...(input.note ? { note: input.note } : {}), ...who(input) },
    },
  };
}

export type ContactDetails = { email: string; locale: string; timeZone: string };

/**
 * A person corrects the debtor's email address, locale or time zone (issue 12). The case keeps
 * them; a case handed over for an address that could not be used (it bounced, or no safe hours
 * were known for the zone) and waiting for a person resumes at its rung, through the contact rules.
 * `undefined` when nothing changes.
 */
export function correctContactDetails(
  record: CaseRecord,
  input: Who & { details: ContactDetails },
  replyId: string,
): CaseChange | undefined {
  const { email, locale, timeZone } = input.details;
  const before = record.debtor;
  const changed = {
    ...(email.toLowerCase() !== before.email.toLowerCase() ? { email } : {}),
    ...(locale !== before.locale ? { locale } : {}),
    ...(timeZone !== before.timeZone || record.timeZoneKnown === false ? { timeZone } : {}),
  };
  if (Object.keys(changed).length === 0) return undefined;
  const reason = personWaitReason(record);
  const usable =
    (reason === 'undeliverable' && 'email' in changed) ||
    (reason === 'no-contact-hours' && 'timeZone' in changed);
  return {
    set: {
      debtor: { ...before, email, locale, timeZone },
      ...('timeZone' in changed ? { timeZoneKnown: true } : {}),
      ...(usable ? { status: 'open' as const } : {}),
    },
    ...(usable
      ? {
          bumpCycle: true,
          reply: {
            id: replyId,
            outcome: 'resume',
            step: record.rung ?? 'friendly',
            because: 'staff-resumed',
          },
          queues: { leave: HANDED_QUEUES },
        }
      : {}),
    ...('email' in changed ? { debtorEmail: email } : {}),
    timeline: {
      type: 'ContactDetailsCorrected',
      entryId: `details-${replyId}`,
      data: { fields: Object.keys(changed), ...(usable ? { resumed: true } : {}), ...who(input) },
    },
  };
}

/** How far ahead a person may pause collection, in days of the debtor's calendar. */
export const STAFF_PAUSE_MAX_DAYS = 60;

/**
 * A person pauses collection until a date (issue 12): no reminder goes until the end of that day
 * (the workflow waits in "Pause collection and wait"); a person may resume it earlier. Only an open
 * case with no other pause, no legal pause and no open dispute. `undefined` when it does not apply;
 * 'bad-date' when the date is not 1 to STAFF_PAUSE_MAX_DAYS days ahead.
 */
export function staffPause(
  record: CaseRecord,
  input: Who & { until: string; note?: string; now: Date; daySeconds: number },
  replyId: string,
): CaseChange | 'bad-date' | undefined {
  if (
    record.status !== 'open' ||
    isClosing(record) ||
    record.pause ||
    record.legalPause ||
    record.dispute?.status === 'open'
  )
    return undefined;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(input.until) || Number.isNaN(Date.parse(`${input.until}T00:00:00Z`)))
    return 'bad-date';
  const ahead = daysBetween(localDate(input.now, record.debtor.timeZone), input.until);
  if (!Number.isFinite(ahead) || ahead < 1 || ahead > STAFF_PAUSE_MAX_DAYS) return 'bad-date';
  const since = input.now.toISOString();
  return {
    set: { pause: { reason: 'staff', until: input.until, since } },
    reply: pauseUntil({
      reason: 'staff',
      lastDay: input.until,
      now: input.now,
      timeZone: record.debtor.timeZone,
      daySeconds: input.daySeconds,
      id: replyId,
    }),
    timeline: {
      type: 'StaffPaused',
      entryId: `paused-${replyId}`,
      data: { until: input.until, ...(input.note ? { note: input.note } : {}), ...who(input) },
    },
  };
}

/**
 * A supervisor recalls a case from its agency (issue 14): the placement ends now (nothing more goes
 * to the agency but the recall), and the workflow waiting for the agency hands the case to a person.
 */
export function recallFromAgency(
  record: CaseRecord,
  input: Who & { at: string; note?: string },
  replyId: string,
): CaseChange | undefined {
  if (!record.agency || !isWithAgency(record) || isClosing(record)) return undefined;
  return {
    set: { agency: endedPlacement(record.agency, 'recalled-by-staff', input.at) },
    reply: { id: replyId, outcome: 'stopped', reason: 'agency-recalled' },
    timeline: {
      type: 'RecalledFromAgency',
      entryId: `recalled-${replyId}`,
      data: { agencyId: record.agency.agencyId, ...(input.note ? { note: input.note } : {}), ...who(input) },
    },
  };
}

/** A timeline entry as the debtor-messages rules read it. */
type MessageFact = { type: string; at: string; entryId?: string; data?: Record<string, unknown> };

/**
 * The texts from the debtor still waiting for a person (issue 16): every `TextReceived` after the
 * last time a person marked the debtor's messages handled, oldest first. What the debtor-messages
 * queue holds the case for.
 */
export function unhandledMessages<Entry extends MessageFact>(timeline: readonly Entry[]): Entry[] {
  // ISO instants: the latest sorts last.
  const handled =
    timeline
      .filter((entry) => entry.type === 'DebtorMessageHandled')
      .map((entry) => entry.at)
      .sort()
      .at(-1) ?? '';
  return timeline
    .filter((entry) => entry.type === 'TextReceived' && entry.at > handled)
    .sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
}

/**
 * A person read the debtor's texts and dealt with them (issue 16): the case leaves the
 * debtor-messages queue, and the timeline says who and when (for staff only: the debtor's History
 * does not show it). `undefined` when no text waits (handled already: nothing changes).
 */
export function messagesHandled(
  timeline: readonly MessageFact[],
  input: Who & { note?: string; handledId: string },
): CaseChange | undefined {
  const waiting = unhandledMessages(timeline);
  if (waiting.length === 0) return undefined;
  return {
    queues: { leave: ['debtor-messages' satisfies QueueName] },
    timeline: {
      type: 'DebtorMessageHandled',
      entryId: `message-handled-${input.handledId}`,
      data: {
        messages: waiting.length,
        ...(input.note ? { note: input.note } : {}),
        ...who(input),
      },
    },
  };
}
