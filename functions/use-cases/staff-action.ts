import { randomUUID } from 'node:crypto';
import type { CaseRecord } from '../domain/case.ts';
import { applyChange, type CaseChange } from '../domain/case-updates.ts';
import { LEDGER_KEEP_MS } from '../domain/contact-rules.ts';
import { policyFor } from '../domain/policy.ts';
import {
  type CallOutcome,
  type ContactDetails,
  correctContactDetails,
  type DisputeDecision,
  decideDispute,
  declineReferral,
  internalNote,
  loggedCall,
  may,
  messagesHandled,
  recallFromAgency,
  referNow,
  type StaffAction,
  type StaffMember,
  staffPause,
  staffResume,
  writeOff,
} from '../domain/staff.ts';
import { CaseChangedError, type Cases, type ContactRecords } from '../ports/case-store.ts';
import { appendCorrelationIds, logger } from '../shared/logger.ts';
import { deliverPendingReply, type ReplyPorts } from './replies.ts';

/** Times an action is judged afresh when the case changed under it (another tab, the workflow). */
const MAX_ATTEMPTS = 5;

export type StaffActionInput =
  | { action: 'note'; note: string }
  | { action: 'log-call'; reached: boolean; outcome: CallOutcome; note?: string }
  | ({ action: 'resolve-dispute' } & DisputeDecision)
  | { action: 'resume'; note?: string }
  | { action: 'write-off'; note?: string }
  | { action: 'refer' }
  | { action: 'recall'; note?: string }
  | { action: 'contact-details'; details: ContactDetails }
  | { action: 'pause'; until: string; note?: string }
  | { action: 'decline-referral'; note?: string }
  /** The debtor's texts were read and dealt with (issue 16): the case leaves the debtor-messages queue. */
  | { action: 'message-handled'; note?: string };

export type StaffActionOutcome =
  | { outcome: 'done'; record: CaseRecord }
  /** The member's role may not take this action: nothing changed. */
  | { outcome: 'forbidden' }
  | { outcome: 'no-case' }
  /** The action does not apply to the case as it is now (a dispute decided already). */
  | { outcome: 'not-applicable'; record: CaseRecord }
  /** A pause until a date that is not 1 to 60 days ahead: nothing changed. */
  | { outcome: 'bad-date'; record: CaseRecord }
  /** A referral something stops at this moment (each blocker named): nothing changed. */
  | { outcome: 'blocked'; blockers: string[]; record: CaseRecord };

export type StaffActionPorts = ReplyPorts & {
  store: Pick<Cases, 'getCase' | 'recordAction' | 'timeline'>;
  /** A reached call counts as a contact in the weekly cap: it goes in the debtor's ledger. */
  contacts: Pick<ContactRecords, 'contactLedger' | 'recordContact'>;
  /** The deployment's policy day, for how long the ledger keeps the call. */
  daySeconds: number;
};

function changeFor(
  record: CaseRecord,
  input: StaffActionInput,
  by: StaffMember,
  id: string,
  at: string,
  daySeconds: number,
  timeline: Awaited<ReturnType<Cases['timeline']>>,
): CaseChange | { blockers: string[] } | { badDate: true } | undefined {
  switch (input.action) {
    case 'note':
      return internalNote({ by, note: input.note, noteId: id });
    case 'log-call':
      return loggedCall(record, {
        by,
        reached: input.reached,
        outcome: input.outcome,
        ...(input.note ? { note: input.note } : {}),
        callId: id,
      });
    case 'resolve-dispute': {
      const { action: _action, ...decision } = input;
      return decideDispute(record, { ...decision, by }, `staff-dispute-${id}`);
    }
    case 'resume':
      return staffResume(record, { by, ...(input.note ? { note: input.note } : {}) }, `staff-resume-${id}`);
    case 'write-off':
      return writeOff(
        record,
        { by, at, ...(input.note ? { note: input.note } : {}) },
        `staff-write-off-${id}`,
      );
    case 'refer': {
      const referral = referNow(
        record,
        { by, at, policy: policyFor(record.debtor.segment) },
        `staff-refer-${id}`,
      );
      return referral && 'blockers' in referral ? { blockers: referral.blockers } : referral?.change;
    }
    case 'recall':
      return recallFromAgency(
        record,
        { by, at, ...(input.note ? { note: input.note } : {}) },
        `staff-recall-${id}`,
      );
    case 'contact-details':
      return correctContactDetails(record, { by, details: input.details }, `staff-details-${id}`);
    case 'pause': {
      const paused = staffPause(
        record,
        {
          by,
          until: input.until,
          now: new Date(at),
          daySeconds,
          ...(input.note ? { note: input.note } : {}),
        },
        `staff-pause-${id}`,
      );
      return paused === 'bad-date' ? { badDate: true } : paused;
    }
    case 'decline-referral':
      return declineReferral(
        record,
        { by, at, ...(input.note ? { note: input.note } : {}) },
        `staff-decline-${id}`,
      );
    case 'message-handled':
      return messagesHandled(timeline, { by, handledId: id, ...(input.note ? { note: input.note } : {}) });
    default:
      return assertNever(input);
  }
}

function assertNever(input: never): never {
  throw new Error(`No staff action ${JSON.stringify(input)}`);
}

/**
 * A member of staff acts on a case (issue 12): the role is checked first (a refused action
 * changes nothing), the change is decided by the domain on the case as it is now, recorded with
 * its timeline entry (who and when) in one versioned write, and a reply for the workflow (a
 * dispute decided) goes through the reply mechanism, as billing's own updates do.
 */
export async function takeStaffAction(
  caseId: string,
  input: StaffActionInput,
  by: StaffMember,
  ports: StaffActionPorts,
  now: () => Date = () => new Date(),
): Promise<StaffActionOutcome> {
  const action: StaffAction = input.action;
  if (!may(by.role, action)) {
    logger.warn('Staff action refused for the role', { action, role: by.role });
    return { outcome: 'forbidden' };
  }
  const id = randomUUID();
  for (let attempt = 1; ; attempt++) {
    const record = await ports.store.getCase(caseId);
    if (!record) return { outcome: 'no-case' };
    appendCorrelationIds({ caseId: record.caseId, accountId: record.accountId });
    const at = now().toISOString();
    // Only the debtor's messages are judged on the timeline (which texts still wait for a person).
    const timeline = input.action === 'message-handled' ? await ports.store.timeline(caseId) : [];
    const change = changeFor(record, input, by, id, at, ports.daySeconds, timeline);
    if (!change) return { outcome: 'not-applicable', record };
    if ('badDate' in change) return { outcome: 'bad-date', record };
    if ('blockers' in change) {
      logger.info('Staff referral blocked', { blockers: change.blockers });
      return { outcome: 'blocked', blockers: change.blockers, record };
    }
    if (input.action === 'log-call' && input.reached) {
      // A call that reached the debtor is a contact: it counts toward the weekly cap like an email.
      const ledger = await ports.contacts.contactLedger(record.debtor.email);
      const recorded = await ports.contacts.recordContact(
        record,
        change,
        { ...change.timeline, at },
        {
          read: ledger,
          sends: [...ledger.sends, { at, caseId: record.caseId, messageKey: `call-${id}` }],
          expiresAt:
            Math.floor(Date.parse(at) / 1000) +
            Math.ceil((LEDGER_KEEP_MS / 1000) * (ports.daySeconds / 86_400)),
        },
      );
      if (recorded !== 'recorded') {
        if (attempt >= MAX_ATTEMPTS) throw new CaseChangedError(`Case ${caseId} or its ledger kept changing`);
        continue;
      }
      logger.info('Staff action recorded', { action, role: by.role, contact: true });
      return { outcome: 'done', record: applyChange(record, change) };
    }
    try {
      const updated = await ports.store.recordAction(record, change, { ...change.timeline, at });
      logger.info('Staff action recorded', { action, role: by.role });
      if (change.reply) await deliverPendingReply(ports, updated);
      return { outcome: 'done', record: applyChange(record, change) };
    } catch (error) {
      if (!(error instanceof CaseChangedError) || attempt >= MAX_ATTEMPTS) throw error;
    }
  }
}
