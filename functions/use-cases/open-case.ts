import { CaseDetailType } from '../contract/events.ts';
import { policyFor } from '../domain/policy.ts';
import { planReminders, type ReminderSchedule } from '../domain/schedule.ts';
import type { Cases, ContactRecords } from '../ports/case-store.ts';
import type { CaseEvents } from '../ports/effects.ts';
import { type ClockConfig, contactDecisionFor, policyClockOf } from '../shared/contact-decision.ts';
import { mustGetCase } from './case-lookup.ts';

/** What "See whether we may write now" routes on when the wait for the friendly reminder is over. */
export type FirstContact = { decision: string; until: string; step: 'friendly'; reason: string };

/**
 * Task "Open the case": fixes the timetable, announces the case, and asks the contact rules for the
 * moment the friendly reminder is due. A moment outside the debtor's hours (or over the weekly cap)
 * moves the reminder to the first moment they allow, so the workflow waits once; a debtor with no
 * hours known to be safe, or an undeliverable address, goes to a person when the wait is over. The
 * reminder's send asks the rules again as it records the email: whatever changed during the wait
 * (a new week's messages, an address that bounced) is judged then.
 */
export async function openCase(
  caseId: string,
  {
    store,
    events,
  }: {
    store: Pick<Cases, 'getCase' | 'markAnnounced'> & Pick<ContactRecords, 'contactLedger'>;
    events: CaseEvents;
  },
  clock: ClockConfig,
): Promise<{ caseId: string; reply: FirstContact } & ReminderSchedule> {
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
    daySeconds: clock.DAY_SECONDS,
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
  const dueAt = new Date(schedule.friendlyReminderAt);
  const ledger = await store.contactLedger(record.debtor.email);
  const decision = contactDecisionFor(record, ledger, 'collection', policyClockOf(clock), dueAt);
  if (decision.decision === 'wait') {
    const at = decision.until.toISOString();
    return {
      caseId,
      ...schedule,
      friendlyReminderAt: at,
      reply: { decision: 'send', until: at, step: 'friendly', reason: 'none' },
    };
  }
  return {
    caseId,
    ...schedule,
    reply: {
      decision: decision.decision,
      until: schedule.friendlyReminderAt,
      step: 'friendly',
      reason: decision.decision === 'person' ? decision.followUp : 'none',
    },
  };
}
