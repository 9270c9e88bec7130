import type * as z from 'zod';
import type { ManualFollowUpReasonSchema } from '../contract/case-events.ts';
import { CaseDetailType } from '../contract/events.ts';
import { policyFor } from '../domain/policy.ts';
import { planReminders, type ReminderSchedule } from '../domain/schedule.ts';
import type { Cases, ContactRecords, Replies } from '../ports/case-store.ts';
import type { CaseEvents, Workflow } from '../ports/effects.ts';
import type { ClockConfig } from '../shared/case-mail.ts';
import { contactDecisionFor, policyClockOf } from '../shared/case-mail.ts';
import { mustGetCase } from './case-lookup.ts';
import { takeTurn } from './replies.ts';

/**
 * The workflow's small tasks, one use case each: open the case, check the contact rules, hold the
 * case while paused, hand it to a person. The larger ones have a module of their own.
 */

/** Task "Open the case": fixes the timetable and announces the case. */
export async function openCase(
  caseId: string,
  { store, events }: { store: Pick<Cases, 'getCase' | 'markAnnounced'>; events: CaseEvents },
  { daySeconds }: { daySeconds: number },
): Promise<{ caseId: string } & ReminderSchedule> {
  const record = await mustGetCase(store, caseId);
  const policy = policyFor(record.debtor.segment);
  const now = new Date();
  const earliestDue =
    record.invoices.map((invoice) => invoice.dueDate).sort()[0] ?? record.openedAt.slice(0, 10);
  const schedule = planReminders({
    policy,
    dueDate: earliestDue,
    timeZone: record.debtor.timeZone,
    now,
    daySeconds,
  });
  if (!record.caseOpenedAnnouncedAt) {
    await events.publish(CaseDetailType.caseOpened, {
      caseId,
      accountId: record.accountId,
      balance: record.balance,
      invoiceIds: record.invoices.map((invoice) => invoice.invoiceId),
      segment: policy.segment,
      openedAt: record.openedAt,
    });
    await store.markAnnounced(caseId, 'caseOpenedAnnouncedAt', now.toISOString());
  }
  return { caseId, ...schedule };
}

/**
 * Task "Check the contact rules": may the rung's reminder go now? `wait` until a real instant,
 * `person` when no hours are known to be safe, otherwise on to the rung (whose send decides again).
 */
export async function checkContact(
  caseId: string,
  step: string,
  { store }: { store: Pick<Cases, 'getCase'> & Pick<ContactRecords, 'contactLedger'> },
  clock: ClockConfig,
) {
  const record = await mustGetCase(store, caseId);
  const now = new Date();
  const ledger = await store.contactLedger(record.debtor.email);
  const decision = contactDecisionFor(record, ledger.sends, 'collection', policyClockOf(clock), now);
  return {
    decision: decision.decision,
    // Always present, so the state machine's ResultSelector finds it.
    until: (decision.decision === 'wait' ? decision.until : now).toISOString(),
    step,
    reason: decision.decision === 'person' ? 'no-contact-hours' : 'none',
    why: decision.decision === 'send' ? 'may write now' : decision.reason,
  };
}

/**
 * Task "Pause collection and wait": keeps the token so a payment, a resolution or a resume event
 * can end the pause early (or answers at once when a reply was already waiting).
 */
export function holdCase(
  turn: { caseId: string; taskToken: string; waitingState: string },
  ports: { store: Pick<Replies, 'claimTurn' | 'clearPendingReply'>; workflow: Pick<Workflow, 'answer'> },
): Promise<boolean> {
  return takeTurn(ports, turn);
}

export type ManualFollowUpReason = Exclude<
  z.infer<typeof ManualFollowUpReasonSchema>,
  'agency-referral-held'
>;

/**
 * Task "Hand the case to a person for manual follow-up": no automatic step is left; the AR team is
 * told with ManualFollowUpNeeded.
 */
export async function handToPerson(
  caseId: string,
  reason: ManualFollowUpReason,
  { store, events }: { store: Pick<Cases, 'getCase' | 'holdForPerson'>; events: CaseEvents },
): Promise<void> {
  const record = await mustGetCase(store, caseId);
  const now = new Date();
  if (record.status === 'open') {
    await store.holdForPerson(record, {
      type: 'HandedToPerson',
      at: now.toISOString(),
      entryId: `handed-${reason}`,
      data: { reason },
    });
    await events.publish(CaseDetailType.manualFollowUpNeeded, {
      caseId,
      accountId: record.accountId,
      reason,
      balance: record.balance,
      at: now.toISOString(),
    });
  }
}
