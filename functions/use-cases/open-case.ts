import { CaseDetailType } from '../contract/events.ts';
import type { CaseRecord } from '../domain/case.ts';
import { policyFor } from '../domain/policy.ts';
import { type OpenedCase, planReminders } from '../domain/schedule.ts';
import type { ContactRecords } from '../ports/case-store.ts';
import type { CaseEvents } from '../ports/effects.ts';
import { type ClockConfig, contactDecisionFor, policyClockOf } from '../shared/contact-decision.ts';

/**
 * Opening a case, as the intake does it before the case's workflow starts (issue 15: this was the
 * workflow's first state, "Open the case", a transition and an invocation on every case): fixes the
 * timetable from the segment's policy, and asks the contact rules for the moment the friendly
 * reminder is due. A moment outside the debtor's hours (or over the weekly cap) moves the reminder
 * to the first moment they allow; the workflow starts at that moment, at the reminder (from the
 * outbox when it is later than now). The reminder's send asks the rules again as it records the
 * email: whatever changed meanwhile (a new week's messages, an address that bounced, no hours known
 * to be safe) is judged then, and a case only a person can go on with is handed to one from there.
 */
export async function planOpening(
  record: CaseRecord,
  { contacts, clock }: { contacts: Pick<ContactRecords, 'contactLedger'>; clock: ClockConfig },
  now: Date,
): Promise<OpenedCase> {
  const policy = policyFor(record.debtor.segment);
  const earliestDue =
    record.invoices.map((invoice) => invoice.dueDate).sort()[0] ?? record.openedAt.slice(0, 10);
  const schedule = planReminders({
    policy,
    dueDate: earliestDue,
    timeZone: record.debtor.timeZone,
    now,
    daySeconds: clock.DAY_SECONDS,
    cadence: record.cadence,
  });
  const dueAt = new Date(schedule.friendlyReminderAt);
  const ledger = await contacts.contactLedger(record.debtor.email);
  const decision = contactDecisionFor(record, ledger, 'collection', policyClockOf(clock), dueAt);
  if (decision.decision === 'wait') {
    const at = decision.until.toISOString();
    return {
      caseId: record.caseId,
      ...schedule,
      friendlyReminderAt: at,
      reply: { decision: 'send', until: at, step: 'friendly', reason: 'none' },
    };
  }
  return {
    caseId: record.caseId,
    ...schedule,
    reply: {
      decision: decision.decision,
      until: schedule.friendlyReminderAt,
      step: 'friendly',
      reason: decision.decision === 'person' ? decision.followUp : 'none',
    },
  };
}

/** Announces the case (CaseOpened), once its workflow is running. */
export async function announceOpening(record: CaseRecord, events: CaseEvents): Promise<void> {
  await events.publish(CaseDetailType.caseOpened, {
    caseId: record.caseId,
    accountId: record.accountId,
    balance: record.balance,
    invoiceIds: record.invoices.map((invoice) => invoice.invoiceId),
    segment: policyFor(record.debtor.segment).segment,
    openedAt: record.openedAt,
  });
}
