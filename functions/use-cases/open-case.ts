import { CaseDetailType } from '../contract/events.ts';
import { policyFor } from '../domain/policy.ts';
import { planReminders, type ReminderSchedule } from '../domain/schedule.ts';
import type { Cases } from '../ports/case-store.ts';
import type { CaseEvents } from '../ports/effects.ts';
import { mustGetCase } from './case-lookup.ts';

/** Task "Open the case": fixes the timetable and announces the case. */
export async function openCase(
  caseId: string,
  { store, events }: { store: Pick<Cases, 'getCase' | 'markAnnounced'>; events: CaseEvents },
  { daySeconds }: { daySeconds: number },
): Promise<{ caseId: string; reply: { step: 'friendly' } } & ReminderSchedule> {
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
    cadence: record.cadence,
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
  // The first rung the state machine asks the contact rules about, once the wait is over.
  return { caseId, ...schedule, reply: { step: 'friendly' } };
}
