import { policyFor } from '../../functions/domain/policy.ts';
import type { ReceivedItem } from '../../local/agency/index.ts';
import { purposeOf } from '../support/email-purposes.ts';
import {
  AGENCY_STATE,
  type CaseView,
  type Entry,
  type ExecutionView,
  PERSON_STATE,
  type Played,
  restingReason,
  TERMINAL_ENTRY_TYPES,
} from './play.ts';

/**
 * Invariants 2–6 of issue #5, pure: each takes what was observed of a life (snapshots of its cases
 * and timelines, the mailbox, the executions) and returns what is wrong, in words; empty when all
 * holds. Invariant 1 lives in contact-rules.ts.
 */

const amountOf = (value: unknown): number => {
  const money = value as { amount?: unknown } | undefined;
  return typeof money?.amount === 'number' ? money.amount : 0;
};

const DEBTOR_ACTION_ENTRY = {
  promise: 'PromiseMade',
  plan: 'PlanAgreed',
  hardship: 'HardshipDeclared',
  dispute: 'DisputeOpened',
  callback: 'CallbackRequested',
  'stop-emails': 'EmailsStopped',
  snooze: 'RemindersSnoozed',
  'fewer-reminders': 'FewerRemindersChosen',
} as const;

/** What the timeline says held at each entry, replayed from the start of the case. */
type Replay = {
  balance: number;
  optedOut: boolean;
  legalPause: boolean;
  disputeOpen: boolean;
  hardshipPause: boolean;
  /** A promise, plan, hardship or callback pause is running (a referral blocker). */
  pauseRunning: boolean;
  planActive: boolean;
  terminal: boolean;
  held: boolean;
  /** An email of the case bounced for good: the address is undeliverable. */
  undeliverable: boolean;
  /** Signs of hardship on this case so far (issue 11; the account's other cases are not replayed). */
  hardshipDeclared: boolean;
  partialPayments: boolean;
  planBrokenAfterHardship: boolean;
  /** The emails and texts that reached the debtor (sent, not reported undelivered, not bounced since), by entry id. */
  reached: string[];
  /** A supervisor referred the case (issue 12). */
  referralApproved: boolean;
  /** With an agency now (issue 14): placed, the placement not ended (a recall, a report, a hand-over). */
  placed: boolean;
  /** Placed with an agency at some point (a case is placed once, or again after a return: below). */
  placedBefore: boolean;
  /**
   * Issue 14 (agency2): the agency returned the case (not written off) and a supervisor approved a
   * new referral after that, so it may be placed again; reset by the next placement.
   */
  returned: boolean;
  approvedAfterReturn: boolean;
};

/** Whether an entry ends a placement (issue 14): a recall of ours, the agency's final report, a hand-over, a close. */
function endsPlacement(entry: Entry): boolean {
  const data = entry.data ?? {};
  switch (entry.type) {
    case 'RecalledFromAgency':
    case 'HandedToPerson':
    case 'CaseResolved':
      return true;
    case 'AgencyForwarded':
      return data.kind === 'recall';
    case 'AgencyReported':
      return data.kind !== 'collected' || amountOf(data.balance) <= 0;
    default:
      return data.forwardedToAgency === 'recall';
  }
}

function step(state: Replay, entry: Entry): Replay {
  const next = { ...state };
  const data = entry.data ?? {};
  switch (entry.type) {
    case 'CaseOpened':
    case 'InvoiceAdded':
      next.balance += amountOf(data.amountDue);
      break;
    case 'PaymentReceived':
      next.balance -= amountOf(data.amount) + amountOf(data.settlementCredit);
      if (next.balance <= 0) next.pauseRunning = false;
      if (amountOf(data.balance) > 0) next.partialPayments = true;
      break;
    case 'EmailSent':
      if (data.undelivered !== true) next.reached = [...state.reached, entry.entryId];
      break;
    // A text reaches the debtor too (issue 16): the hardship check counts it.
    case 'TextSent':
      if (data.undelivered !== true) next.reached = [...state.reached, entry.entryId];
      break;
    case 'InvoiceCancelled':
      next.balance -= amountOf(data.credit);
      break;
    case 'EmailsStopped':
    // A complaint is an opt-out.
    case 'EmailComplaint':
      next.optedOut = true;
      break;
    case 'EmailBounced':
      next.undeliverable = true;
      next.reached = state.reached.filter((id) => id !== `email-${String(data.messageKey)}`);
      break;
    case 'CollectionPaused':
      next.legalPause = true;
      next.hardshipPause = false;
      next.pauseRunning = false;
      break;
    case 'CollectionResumed':
      next.legalPause = false;
      break;
    case 'DisputeOpened':
      next.disputeOpen = true;
      next.hardshipPause = false;
      next.pauseRunning = false;
      break;
    case 'DisputeResolved':
      next.disputeOpen = false;
      next.hardshipPause = false;
      next.pauseRunning = false;
      if (data.outcome === 'upheld') next.balance = 0;
      // Decided by staff in part (issue 12): the amount credited.
      if (data.outcome === 'upheld-in-part') next.balance -= amountOf(data.credit);
      break;
    // A person took the case up again (issue 12): it is no longer waiting for one.
    case 'StaffResumed':
    case 'ReferralApproved':
      next.held = false;
      if (entry.type === 'ReferralApproved') next.referralApproved = true;
      if (entry.type === 'ReferralApproved' && state.returned) next.approvedAfterReturn = true;
      break;
    case 'HardshipDeclared':
      next.hardshipPause = true;
      next.pauseRunning = true;
      next.hardshipDeclared = true;
      break;
    case 'PromiseMade':
      next.hardshipPause = false;
      next.pauseRunning = true;
      break;
    case 'PlanAgreed':
      next.hardshipPause = false;
      next.pauseRunning = true;
      next.planActive = true;
      break;
    case 'PlanOffered':
      next.hardshipPause = false;
      next.pauseRunning = true;
      break;
    case 'CallbackRequested':
      next.pauseRunning = true;
      break;
    case 'PauseEnded':
      next.hardshipPause = false;
      next.pauseRunning = false;
      break;
    case 'PlanBroken':
      next.planActive = false;
      next.pauseRunning = false;
      if (data.hardship === true || state.hardshipDeclared) next.planBrokenAfterHardship = true;
      break;
    case 'CaseResolved':
      next.terminal = true;
      break;
    // Placed (issue 14): not the end of the case any more; the agency works it until it ends.
    case 'CasePlacedWithAgency':
      next.placed = true;
      next.placedBefore = true;
      next.returned = false;
      next.approvedAfterReturn = false;
      break;
    case 'AgencyReported':
      if (data.kind === 'collected') next.balance -= amountOf(data.amount);
      if (data.kind === 'returned' && data.writtenOff !== true) {
        next.returned = true;
        next.approvedAfterReturn = false;
      }
      break;
    case 'HeldForPerson':
    case 'HandedToPerson':
      next.held = true;
      break;
  }
  if (state.placed && endsPlacement(entry)) next.placed = false;
  return next;
}

const START: Replay = {
  balance: 0,
  optedOut: false,
  legalPause: false,
  disputeOpen: false,
  hardshipPause: false,
  pauseRunning: false,
  planActive: false,
  terminal: false,
  held: false,
  undeliverable: false,
  hardshipDeclared: false,
  partialPayments: false,
  planBrokenAfterHardship: false,
  reached: [],
  referralApproved: false,
  placed: false,
  placedBefore: false,
  returned: false,
  approvedAfterReturn: false,
};

/**
 * Invariant 2: no message after opt-out or during a legal pause; no collection message during a
 * dispute or hardship pause, or once the case is held for a person; after the terminal state only
 * the one closing message.
 */
export function silenceBreaches(view: CaseView): string[] {
  const breaches: string[] = [];
  let state = START;
  let closingSent = false;
  for (const entry of view.timeline) {
    if (entry.type === 'EmailSent') {
      const kind = String(entry.data?.kind);
      const purpose = purposeOf(kind);
      const what = `${kind} email (${entry.entryId}) at ${entry.at}`;
      if (state.optedOut) breaches.push(`${what} after the debtor opted out (or complained)`);
      if (state.undeliverable) breaches.push(`${what} to an address that bounced for good`);
      if (state.legalPause) breaches.push(`${what} during a legal pause`);
      if (state.disputeOpen && purpose === 'collection') breaches.push(`${what} during an open dispute`);
      if (state.hardshipPause && purpose === 'collection') breaches.push(`${what} during a hardship pause`);
      if (state.held && !state.terminal && purpose === 'collection')
        breaches.push(`${what} after the case was handed to a person`);
      // Issue 14: while the agency works the case we send only outcomes (the placement, the close).
      if (state.placed && purpose !== 'outcome') breaches.push(`${what} while the case is with the agency`);
      if (state.terminal) {
        if (closingSent || purpose !== 'outcome') breaches.push(`${what} after the case closed`);
        closingSent = true;
      }
    }
    state = step(state, entry);
  }
  return breaches;
}

/** Invariant 3: at the agency referral, every precondition held. */
export function referralBreaches(view: CaseView): string[] {
  const breaches: string[] = [];
  const policy = policyFor(view.record.debtor.segment);
  let state = START;
  for (const entry of view.timeline) {
    if (entry.type === 'CasePlacedWithAgency') {
      const failing = [
        state.balance < policy.agencyMinimumBalanceMinor &&
          `balance ${state.balance} below ${policy.agencyMinimumBalanceMinor}`,
        state.disputeOpen && 'a dispute is open',
        state.legalPause && 'a legal pause runs',
        // A supervisor's referral (issue 12) is the person's decision an opt-out asks for.
        state.optedOut && !state.referralApproved && 'the debtor opted out',
        state.hardshipPause && 'a hardship pause runs',
        state.pauseRunning && 'a promise, plan or callback pause runs',
        state.planActive && 'a plan is in good standing',
        (state.terminal || state.held) && 'the case was no longer open',
        // Issue 14: once, or again after the agency returned it and a supervisor then approved it.
        state.placedBefore &&
          !state.approvedAfterReturn &&
          'the case was placed before (issue 14: once, unless a supervisor places it again after a return)',
        // Issue 11: no automatic referral while any sign of hardship holds (every policy counts all five).
        view.record.debtor.vulnerable === true && 'the debtor needs extra care (vulnerable)',
        state.hardshipDeclared && 'hardship was declared',
        state.partialPayments && 'the debtor paid part of it',
        state.planBrokenAfterHardship && 'a plan broke after hardship',
        state.reached.length === 0 && 'nothing ever reached the debtor',
      ].filter(Boolean);
      if (failing.length) breaches.push(`placed with the agency at ${entry.at} while ${failing.join(', ')}`);
    }
    state = step(state, entry);
  }
  return breaches;
}

/** Invariant 4 (one case, one moment): the stored balance is its invoices minus payments and credits. */
export function balanceBreaches(view: CaseView): string[] {
  const breaches: string[] = [];
  let state = START;
  for (const entry of view.timeline) {
    state = step(state, entry);
    const recorded = entry.data?.balance;
    const collected = entry.type === 'AgencyReported' && entry.data?.kind === 'collected';
    if (
      (['PaymentReceived', 'InvoiceCancelled'].includes(entry.type) || collected) &&
      amountOf(recorded) !== state.balance
    )
      breaches.push(
        `${entry.type} ${entry.entryId} records a balance of ${amountOf(recorded)}, not ${state.balance}`,
      );
  }
  if (view.record.balance.amount !== state.balance)
    breaches.push(
      `${view.record.caseId} stores a balance of ${view.record.balance.amount}; its timeline adds up to ${state.balance}`,
    );
  if (!Number.isInteger(view.record.balance.amount))
    breaches.push(`a balance of ${view.record.balance.amount} minor units`);
  return breaches;
}

/**
 * Invariant 6 (one case): each entry once, in the order it was written (the sort key stamps the
 * moment of writing), and none dated after it was written.
 */
export function timelineBreaches(view: CaseView): string[] {
  const breaches: string[] = [];
  const ids = view.timeline.map((entry) => entry.entryId);
  const repeated = ids.filter((id, index) => ids.indexOf(id) !== index);
  if (repeated.length) breaches.push(`entries recorded more than once: ${[...new Set(repeated)].join(', ')}`);
  view.timeline.forEach((entry, index) => {
    const previous = view.timeline[index - 1];
    if (previous && previous.sk >= entry.sk) breaches.push(`${entry.type} ${entry.entryId} is out of order`);
    const written = /^TIMELINE#(.+Z)\.\d+#/.exec(entry.sk)?.[1];
    if (!written || Date.parse(entry.at) > Date.parse(written))
      breaches.push(`${entry.type} ${entry.entryId} is dated ${entry.at}, after it was written (${written})`);
  });
  return breaches;
}

/** Invariants 2, 4 and 6 on a snapshot taken mid-life (the workflow may be between states). */
export function midLifeBreaches(played: Played): string[] {
  return played.snapshots.flatMap((snapshot) =>
    snapshot.cases.flatMap((view) =>
      [...silenceBreaches(view), ...balanceBreaches(view), ...timelineBreaches(view)].map(
        (breach) => `after step ${snapshot.afterStep}, ${view.record.caseId}: ${breach}`,
      ),
    ),
  );
}

/** Entries by which a person takes a case handed to them up again (issue 12). */
const TAKEN_UP = ['StaffResumed', 'ReferralApproved'];

/** Invariant 5: every case ended in exactly one terminal state, or waits with a reason. */
export function restBreaches(views: CaseView[], executions: ExecutionView[]): string[] {
  return views.flatMap((view, index) => {
    const execution = executions[index];
    // What happened since a person last took the case up (issue 12): a hand-over before it is over.
    // A placement that ends by reopening the case (a dispute, issue 14) takes it up again too.
    const lastTakenUp = view.timeline.findLastIndex(
      (entry) =>
        TAKEN_UP.includes(entry.type) ||
        (entry.type === 'DisputeOpened' && entry.data?.forwardedToAgency === 'recall') ||
        (entry.type === 'AgencyReported' && entry.data?.kind === 'disputed'),
    );
    const terminal = view.timeline
      .slice(lastTakenUp + 1)
      .filter((entry) => TERMINAL_ENTRY_TYPES.includes(entry.type));
    const breaches: string[] = [];
    if (!restingReason(view, execution))
      breaches.push(
        `${view.record.caseId} is not at rest: execution ${JSON.stringify(execution)}, case ${view.record.status} waiting in ${JSON.stringify(view.record.waitingState)}, pending reply ${JSON.stringify(view.record.pendingReply ?? null)}, pause ${JSON.stringify(view.record.pause ?? null)}, terminal entries ${terminal.map((entry) => entry.type).join(', ') || 'none'}`,
      );
    // A case handed to a person waits for them (issue 12): its execution runs on, in that one state.
    const waitsForPerson =
      execution?.currentState === PERSON_STATE && view.record.status === 'held-for-person';
    // A placed case waits for its agency (issue 14): its execution runs on after the placement.
    const waitsForAgency =
      execution?.currentState === AGENCY_STATE &&
      view.record.status === 'placed' &&
      terminal.every((entry) => entry.type === 'CasePlacedWithAgency');
    if (execution?.status === 'RUNNING' && terminal.length > 0 && !waitsForPerson && !waitsForAgency)
      breaches.push(`${view.record.caseId} runs on after ${terminal.map((entry) => entry.type).join(', ')}`);
    return breaches;
  });
}

/** All of 2–6 at the end of a life, and how its cases answer for what was sent to them. */
export function finalBreaches(played: Played): string[] {
  const final = played.final;
  if (!final) return [`never settled: ${played.error ?? 'no final observation'}`];
  const views = final.snapshot.cases;
  const breaches = [
    ...views.flatMap((view) =>
      [
        ...silenceBreaches(view),
        ...referralBreaches(view),
        ...balanceBreaches(view),
        ...timelineBreaches(view),
        ...snoozeBreaches(view),
      ].map((breach) => `${view.record.caseId}: ${breach}`),
    ),
    ...restBreaches(views, final.executions),
  ];
  const entries = views.flatMap((view) =>
    view.timeline.map((entry) => ({ ...entry, caseId: view.record.caseId })),
  );

  // Invariant 4 against what billing sent: each invoice on one case with its amount, each payment
  // applied at most once with its amount, credits only for what was cancelled.
  for (const invoice of played.sent.invoices) {
    const onCases = entries.filter(
      (entry) =>
        ['CaseOpened', 'InvoiceAdded'].includes(entry.type) && entry.data?.invoiceId === invoice.invoiceId,
    );
    if (onCases.length !== 1)
      breaches.push(`invoice ${invoice.invoiceId} is on ${onCases.length} case timelines, not one`);
    for (const entry of onCases)
      if (amountOf(entry.data?.amountDue) !== invoice.amount)
        breaches.push(
          `invoice ${invoice.invoiceId} counted as ${amountOf(entry.data?.amountDue)}, not ${invoice.amount}`,
        );
  }
  for (const payment of played.sent.payments) {
    const applied = entries.filter(
      (entry) => entry.type === 'PaymentReceived' && entry.data?.paymentId === payment.paymentId,
    );
    if (applied.length > 1) breaches.push(`payment ${payment.paymentId} applied ${applied.length} times`);
    for (const entry of applied)
      if (amountOf(entry.data?.amount) !== payment.amount)
        breaches.push(
          `payment ${payment.paymentId} applied as ${amountOf(entry.data?.amount)}, not ${payment.amount}`,
        );
  }
  for (const entry of entries.filter((candidate) => candidate.type === 'PaymentReceived'))
    if (!played.sent.payments.some((payment) => payment.paymentId === entry.data?.paymentId))
      breaches.push(`a payment nobody sent: ${entry.entryId}`);
  for (const entry of entries.filter((candidate) => candidate.type === 'InvoiceCancelled')) {
    const invoice = played.sent.invoices.find((sent) => sent.invoiceId === entry.data?.invoiceId);
    if (!invoice || !played.sent.cancellations.includes(invoice.invoiceId))
      breaches.push(`an invoice credited that billing did not cancel: ${entry.entryId}`);
    else if (amountOf(entry.data?.credit) !== invoice.amount)
      breaches.push(`${invoice.invoiceId} credited ${amountOf(entry.data?.credit)}, not ${invoice.amount}`);
  }

  // Issue 12: a write-off is terminal. A case a supervisor wrote off ends closed (written off, or
  // paid or credited when a payment or a credit got there first), and nothing is sent after it but
  // the one closing message (silenceBreaches).
  for (const act of played.sent.staff.filter((one) => one.action === 'write-off' && one.outcome === 'done')) {
    const view = views.find((candidate) => candidate.record.caseId === act.caseId);
    if (view && !['written-off', 'paid', 'credited'].includes(view.record.status))
      breaches.push(`${act.caseId} was written off, yet it is ${view.record.status}`);
    if (view && !view.timeline.some((entry) => entry.type === 'WrittenOff'))
      breaches.push(`${act.caseId}: a write-off was done, yet no WrittenOff entry is on its timeline`);
  }

  // Invariant 6 against the mailbox: each email sent is one EmailSent entry of its case, and back.
  const key = (caseId: string, subject: string) => `${caseId} | ${subject}`;
  const recorded = entries
    .filter((entry) => entry.type === 'EmailSent')
    .map((entry) => key(entry.caseId, String(entry.data?.subject)))
    .sort();
  const delivered = final.mail.map((email) => key(email.caseId, email.subject)).sort();
  if (JSON.stringify(recorded) !== JSON.stringify(delivered))
    breaches.push(
      `the timeline records these emails:\n    ${recorded.join('\n    ')}\n  the mailbox holds:\n    ${delivered.join('\n    ')}`,
    );
  // And each action the portal confirmed is on the timeline of the case its link named, once; a
  // promise or a plan an agent recorded on the phone (issue 12) too, with who recorded it.
  const PHONE = { promise: 'phone-promise', plan: 'phone-plan' } as Partial<Record<string, string>>;
  for (const [action, type] of Object.entries(DEBTOR_ACTION_ENTRY)) {
    for (const view of views) {
      const phoned = played.sent.staff.filter(
        (act) => act.action === PHONE[action] && act.caseId === view.record.caseId && act.outcome === 'done',
      ).length;
      const confirmed =
        played.portal.filter(
          (post) => post.action === action && post.caseId === view.record.caseId && post.status === 303,
        ).length + phoned;
      const byStaff = view.timeline.filter((entry) => entry.type === type && entry.data?.channel === 'phone');
      if (byStaff.length !== phoned)
        breaches.push(
          `${view.record.caseId}: ${phoned} ${action} recorded on the phone, ${byStaff.length} on the timeline`,
        );
      for (const entry of byStaff)
        if (typeof entry.data?.by !== 'string' || !entry.data.by)
          breaches.push(
            `${view.record.caseId}: a ${type} recorded on the phone does not say who recorded it`,
          );
      const onTimeline = view.timeline.filter((entry) => entry.type === type).length;
      if (confirmed !== onTimeline)
        breaches.push(
          `${view.record.caseId}: ${confirmed} ${action} confirmed, ${onTimeline} ${type} on the timeline`,
        );
    }
  }
  return breaches;
}

/** When an entry was written (its sort key's stamp, to the millisecond). */
const writtenAt = (entry: Entry) => /^TIMELINE#(.+Z)\.\d+#/.exec(entry.sk)?.[1] ?? '';

/**
 * Issue 13's deliverability invariants, per debtor (one address, all their cases): nothing is sent to
 * the address once one of its emails bounced for good (on any of their cases), and an undelivered
 * message never counts as a contact (it is not in the ledger the weekly cap counts).
 */
export function deliverabilityBreaches(
  played: readonly Played[],
  ledgers: ReadonlyMap<string, { sends: { caseId: string; messageKey: string }[]; undeliverable: boolean }>,
): string[] {
  const byDebtor = new Map<string, (Entry & { caseId: string })[]>();
  for (const one of played) {
    const entries = byDebtor.get(one.email) ?? [];
    byDebtor.set(one.email, entries);
    for (const view of one.final?.snapshot.cases ?? [])
      entries.push(...view.timeline.map((entry) => ({ ...entry, caseId: view.record.caseId })));
  }
  return [...byDebtor].flatMap(([email, entries]) => {
    const breaches: string[] = [];
    const bounces = entries
      .filter((entry) => entry.type === 'EmailBounced')
      .map(writtenAt)
      .sort();
    const firstBounce = bounces[0];
    if (firstBounce) {
      for (const sent of entries.filter(
        (entry) => entry.type === 'EmailSent' && writtenAt(entry) > firstBounce,
      ))
        breaches.push(
          `${sent.caseId}: ${sent.entryId} recorded at ${writtenAt(sent)}, after the address bounced`,
        );
      if (!ledgers.get(email)?.undeliverable)
        breaches.push('an email bounced, yet the address is not undeliverable');
    }
    const undelivered = new Set(
      entries
        .filter((entry) => entry.type === 'EmailSent' && entry.data?.undeliveredAt)
        .map((entry) => `${entry.caseId} ${entry.entryId.replace(/^email-/, '')}`),
    );
    for (const send of ledgers.get(email)?.sends ?? [])
      if (undelivered.has(`${send.caseId} ${send.messageKey}`))
        breaches.push(`${send.caseId}: ${send.messageKey} did not arrive, yet counts toward the weekly cap`);
    return breaches.map((breach) => `deliverability for ${email}: ${breach}`);
  });
}

/** What ends a snooze's pause before its date: another pause, a person, the case's end. */
const ENDS_A_SNOOZE = new Set([
  'PauseEnded',
  'PromiseMade',
  'PlanAgreed',
  'HardshipDeclared',
  'DisputeOpened',
  'CollectionPaused',
  'StaffPaused',
  'StaffResumed',
  'CaseResolved',
  'CasePlacedWithAgency',
  'HeldForPerson',
  'HandedToPerson',
]);

/**
 * Issue 16: a snooze never makes the ladder climb. While the debtor's snooze runs no collection
 * email goes; when it runs its full length the ladder resumes at the rung it interrupted (never a
 * firmer one, never a broken promise's weight).
 */
export function snoozeBreaches(view: CaseView): string[] {
  const breaches: string[] = [];
  let snoozed: string | undefined;
  for (const entry of view.timeline) {
    const data = entry.data ?? {};
    if (entry.type === 'EmailSent' && snoozed && purposeOf(String(data.kind)) === 'collection')
      breaches.push(
        `${String(data.kind)} email (${entry.entryId}) at ${entry.at} during the snooze of ${snoozed}`,
      );
    if (entry.type === 'PauseEnded' && data.reason === 'snooze') {
      const reply = data.reply as { outcome?: string; step?: string; because?: string } | undefined;
      const interrupted = typeof data.rung === 'string' ? data.rung : 'friendly';
      if (reply?.outcome !== 'resume' || reply.step !== interrupted || reply.because !== 'pause-ended')
        breaches.push(
          `the snooze ended at ${entry.at} with ${JSON.stringify(reply)}, not a resume at the ${interrupted} rung it interrupted`,
        );
    }
    if (entry.type === 'RemindersSnoozed') snoozed = entry.at;
    else if (ENDS_A_SNOOZE.has(entry.type)) snoozed = undefined;
  }
  return breaches;
}

/** A text the gate sent (not an answer to the debtor's own text or choice, which pass no cap). */
const isGateText = (entry: Entry) => entry.type === 'TextSent' && entry.data?.purpose !== 'answer';

/**
 * Issue 16's invariants for texts, per mobile number (all the cases of the debtors who share it): no
 * text the gate sent without consent (a life whose debtor never consented has none), none recorded
 * after a STOP on the case or after the number's first STOP (BAJA, ALTO) was answered, and each
 * text's segments counted as the text itself counts them. The window and the one shared cap across
 * both channels are invariant 1's (lives.test.ts contactBreaches counts texts with emails).
 */
export function textBreaches(played: readonly Played[]): string[] {
  const byPhone = new Map<string, Played[]>();
  for (const one of played) if (one.phone) byPhone.set(one.phone, [...(byPhone.get(one.phone) ?? []), one]);
  return [...byPhone].flatMap(([phone, lives]) => {
    const breaches: string[] = [];
    const stops = lives
      .flatMap((one) => one.sent.replies ?? [])
      .filter((reply) => ['STOP', 'baja', 'Alto'].includes(reply.body))
      .map((reply) => reply.at)
      .sort();
    for (const one of lives) {
      for (const view of one.final?.snapshot.cases ?? []) {
        let stopped: string | undefined;
        for (const entry of view.timeline) {
          if (entry.type === 'TextsStopped') stopped ??= writtenAt(entry);
          if (!isGateText(entry)) continue;
          const what = `${view.record.caseId}: text ${entry.entryId} recorded at ${writtenAt(entry)}`;
          if (one.life.debtor.texts?.consent !== true) breaches.push(`${what} without consent`);
          if (stopped && writtenAt(entry) > stopped)
            breaches.push(`${what} after the case's STOP (${stopped})`);
          // The STOP is handled a moment after the reply is sent: a text recorded a second later is late.
          const firstStop = stops[0];
          if (firstStop && Date.parse(writtenAt(entry)) > Date.parse(firstStop) + 5_000)
            breaches.push(`${what} after the number's STOP at ${firstStop}`);
        }
      }
    }
    return breaches.map((breach) => `texts to ${phone}: ${breach}`);
  });
}

/**
 * Issue 14's agency invariants, from what the local agency received for the account: nothing is
 * forwarded for a case not placed (nor before its placement), nothing after a recall, and for a case
 * still with the agency the balance is the same on both sides (the last balance the agency was sent,
 * less what it reported collecting since).
 */
export function agencyBreaches(played: Played): string[] {
  const final = played.final;
  if (!final) return [];
  const breaches: string[] = [];
  const views = final.snapshot.cases;
  const atOf = (item: ReceivedItem) => String(item.detail.at ?? item.detail.placedAt ?? '');
  for (const item of final.agency) {
    const view = views.find((candidate) => candidate.record.caseId === item.caseId);
    const placedAt = view?.timeline.find((entry) => entry.type === 'CasePlacedWithAgency')?.at;
    if (!placedAt) breaches.push(`the agency got a ${item.kind} for ${item.caseId}, never placed`);
    else if (atOf(item) < placedAt)
      breaches.push(
        `the agency got a ${item.kind} for ${item.caseId} at ${atOf(item)}, before its placement at ${placedAt}`,
      );
  }
  for (const view of views) {
    const items = final.agency.filter((item) => item.caseId === view.record.caseId);
    const recall = items.findIndex((item) => item.kind === 'recall');
    if (recall >= 0 && recall < items.length - 1)
      breaches.push(
        `${view.record.caseId}: the agency got ${items
          .slice(recall + 1)
          .map((item) => item.kind)
          .join(', ')} after a recall`,
      );
    // One placement per CasePlacedWithAgency (a case the agency returned may be placed again: agency2).
    const placements = items.filter((item) => item.kind === 'placement');
    const placedEntries = view.timeline.filter((entry) => entry.type === 'CasePlacedWithAgency').length;
    if (placements.length > Math.max(1, placedEntries))
      breaches.push(
        `${view.record.caseId}: the agency got ${placements.length} placements for ${placedEntries} on the timeline`,
      );
    // Agency2: a legal pause's end goes to the agency exactly as often as the timeline says it was
    // forwarded, and never before a legal pause it had been told of.
    const forwardedEnds = view.timeline.filter(
      (entry) => entry.data?.forwardedToAgency === 'legal-pause-ended',
    ).length;
    const receivedEnds = items.filter((item) => item.kind === 'legal-pause-ended');
    if (receivedEnds.length !== forwardedEnds)
      breaches.push(
        `${view.record.caseId}: the timeline forwarded ${forwardedEnds} legal pause ends; the agency got ${receivedEnds.length}`,
      );
    for (const end of receivedEnds) {
      const before = items.slice(0, items.indexOf(end));
      if (!before.some((item) => item.kind === 'legal-pause'))
        breaches.push(`${view.record.caseId}: the agency got a legal pause's end without the pause`);
    }
    const { record } = view;
    const last = items.at(-1);
    if (record.status !== 'placed' || record.agency?.endedAt || !last) continue;
    const collectedSince = view.timeline
      .filter(
        (entry) =>
          entry.type === 'AgencyReported' && entry.data?.kind === 'collected' && entry.at > atOf(last),
      )
      .reduce((sum, entry) => sum + amountOf(entry.data?.amount), 0);
    const theirs = amountOf(last.detail.balance) - collectedSince;
    if (theirs !== record.balance.amount)
      breaches.push(
        `${record.caseId}: the agency holds a balance of ${theirs} (its last ${last.kind}, less ${collectedSince} it collected since); we hold ${record.balance.amount}`,
      );
  }
  breaches.push(...views.flatMap(agencyOutcomeBreaches));
  return breaches.map((breach) => `agency: ${breach}`);
}

/**
 * Agency2's outcomes, on one case: a case its agency returned is written off exactly when its
 * segment's policy says so (and then ends closed); a case the agency collected in full is never sent
 * the generic thanks (its own settled note instead); a legal pause's end on a placed case is forwarded.
 */
function agencyOutcomeBreaches(view: CaseView): string[] {
  const breaches: string[] = [];
  const { record } = view;
  const policy = policyFor(record.debtor.segment);
  for (const entry of view.timeline.filter(
    (candidate) => candidate.type === 'AgencyReported' && candidate.data?.kind === 'returned',
  )) {
    const writtenOff = entry.data?.writtenOff === true;
    if (writtenOff !== (policy.agencyReturnedAction === 'write-off'))
      breaches.push(
        `${record.caseId}: returned by the agency ${writtenOff ? 'and written off' : 'to a person'}, yet its policy says ${policy.agencyReturnedAction}`,
      );
    if (writtenOff && !['written-off', 'paid', 'credited'].includes(record.status))
      breaches.push(`${record.caseId}: written off on the agency's return, yet it is ${record.status}`);
  }
  const settled = view.timeline.findIndex(
    (entry) =>
      entry.type === 'AgencyReported' &&
      entry.data?.kind === 'collected' &&
      amountOf(entry.data?.balance) <= 0,
  );
  if (settled >= 0) {
    const thanks = view.timeline
      .slice(settled + 1)
      .find((entry) => entry.type.startsWith('Email') && entry.data?.kind === 'thanks');
    if (thanks)
      breaches.push(
        `${record.caseId}: the generic thanks (${thanks.entryId}) after the agency collected it all`,
      );
  }
  let state = START;
  for (const entry of view.timeline) {
    if (
      entry.type === 'CollectionResumed' &&
      state.placed &&
      state.legalPause &&
      entry.data?.forwardedToAgency !== 'legal-pause-ended'
    )
      breaches.push(
        `${record.caseId}: a legal pause ended at ${entry.at} while placed, not forwarded to the agency`,
      );
    state = step(state, entry);
  }
  return breaches;
}

/**
 * Issue 16, the note before a due date, over one life: at most one note per invoice (billing may say
 * it twice), none once a case holds the invoice (a note recorded only while no case has it), and a
 * note never opens a case (every invoice in a case came overdue from billing).
 */
const NOTE_RACE_MS = 1_000;

export function dueSoonBreaches(played: Played): string[] {
  const final = played.final;
  if (!final) return [];
  const breaches: string[] = [];
  for (const { invoiceId } of new Map(
    (played.sent.dueSoon ?? []).map((sent) => [sent.invoiceId, sent]),
  ).values()) {
    const mailed = (final.noteMail ?? []).filter((email) => email.invoiceIds.includes(invoiceId));
    if (mailed.length > 1) breaches.push(`${mailed.length} notes before the due date of ${invoiceId}`);
    const note = (final.notes ?? []).find((candidate) => candidate.invoiceId === invoiceId);
    if (mailed.length > 0 && note?.status !== 'sent')
      breaches.push(`a note for ${invoiceId} went, but the note says ${note?.status ?? 'nothing'}`);
    const held = final.snapshot.cases
      .flatMap((view) => view.timeline)
      .filter((entry) => entry.entryId === `invoice-${invoiceId}`)
      .map((entry) => entry.at)
      .sort()[0];
    // Each write takes its instant a moment before it commits: the one transaction decides which came
    // first, so a note recorded within a second of the case is not judged by the instants alone.
    if (held && note?.sentAt && Date.parse(note.sentAt) > Date.parse(held) + NOTE_RACE_MS)
      breaches.push(
        `the note for ${invoiceId} went at ${note.sentAt}, after a case held the invoice (${held})`,
      );
  }
  const overdue = new Set(played.sent.invoices.map((invoice) => invoice.invoiceId));
  for (const view of final.snapshot.cases)
    for (const invoice of view.record.invoices)
      if (!overdue.has(invoice.invoiceId))
        breaches.push(`${view.record.caseId} holds ${invoice.invoiceId}, which billing never sent overdue`);
  return breaches;
}
