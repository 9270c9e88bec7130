import { randomUUID } from 'node:crypto';
import { CaseDetailType } from '../contract/events.ts';
import { localDate } from '../domain/dates.ts';
import { ladderPlanOffers } from '../domain/plan-journey.ts';
import { policyFor, type Rung } from '../domain/policy.ts';
import { agencyReferralDate } from '../domain/schedule.ts';
import { settlementOffer } from '../domain/settlement.ts';
import type { Cases, Outbox, Replies } from '../ports/case-store.ts';
import type { CaseMail, Workflow } from '../ports/effects.ts';
import { mustGetCase } from './case-lookup.ts';
import { queueFollowUp } from './follow-ups.ts';
import { takeTurn } from './replies.ts';

export type ReminderPorts = {
  store: Pick<Cases, 'getCase' | 'keepSettlementOffer' | 'clearNotes'> &
    Pick<Replies, 'claimTurn' | 'clearPendingReply'> &
    Pick<Outbox, 'putInOutbox'>;
  workflow: Pick<Workflow, 'answer'>;
  mail: Pick<CaseMail, 'send' | 'accountUrl'>;
};

/**
 * A reminder is due (a waiting state of the ladder): keeps the token on the case, then emails the
 * rung's reminder. If the balance was settled before the token could be kept, it answers its own
 * token: the case is paid.
 */
export async function sendReminder(
  turn: { caseId: string; rung: Rung; taskToken: string; waitingState: string },
  ports: ReminderPorts,
): Promise<{ sent: boolean; deferredUntil?: string }> {
  const { caseId, rung, taskToken } = turn;
  const { store } = ports;
  if (!(await takeTurn(ports, { caseId, taskToken, waitingState: turn.waitingState, rung })))
    return { sent: false };
  const record = await mustGetCase(store, caseId);
  const now = new Date();
  const policy = policyFor(record.debtor.segment);
  const referralDate =
    rung === 'final' ? agencyReferralDate(policy, now, record.debtor.timeZone, record.cadence) : undefined;
  // A rejected dispute's outcome is explained in a fresh notice; a broken promise is mentioned kindly.
  const kind = record.noticeOnResume ?? rung;
  // Where the policy offers it, the final notice offers early settlement; billing learns the amount.
  const settlement =
    kind === 'final'
      ? settlementOffer(policy, record.balance, localDate(now, record.debtor.timeZone))
      : undefined;
  // Kept before the email goes, so a payment of the offered amount right after it settles the case.
  if (settlement) await store.keepSettlementOffer(caseId, { ...settlement, balanceAtOffer: record.balance });
  // The plan offer's schedules, each a link to the plan page with it chosen (a GET only shows it).
  const plans = kind === 'planOffer' ? ladderPlanOffers(record, policy, now) : [];
  // A balance too small for any plan: the rung sends nothing and waits out its window.
  if (kind === 'planOffer' && plans.length === 0) return { sent: false };
  const account = plans.length > 0 ? await ports.mail.accountUrl(record, now) : undefined;
  const planOptions = plans.map((plan) => ({
    instalments: plan.instalments,
    total: plan.total,
    url: `${account}/plan?plan=${encodeURIComponent(plan.id)}`,
  }));
  const result = await ports.mail.send({
    record,
    kind,
    messageKey: `${rung}-${record.cycle ?? 0}`,
    now,
    // Whatever notice stands in for the rung, it asks for payment.
    purpose: 'collection',
    outbox: false,
    ...(referralDate ? { agencyReferralDate: referralDate } : {}),
    extra: {
      ...(record.brokenPromiseDate ? { brokenPromiseDate: record.brokenPromiseDate } : {}),
      ...(settlement ? { settlement: { amount: settlement.amount, validUntil: settlement.validUntil } } : {}),
      // The main link opens the plan page (every schedule, none chosen); the account page follows it.
      ...(planOptions.length > 0 ? { planOptions, actionUrl: `${account}/plan` } : {}),
      ...(kind === 'disputeRejected' && record.dispute
        ? {
            dispute: {
              outcome: 'rejected' as const,
              ...(record.dispute.resolutionNote ? { note: record.dispute.resolutionNote } : {}),
            },
          }
        : {}),
    },
  });
  if (result.outcome === 'deferred') {
    // Something changed since "Check the contact rules" (another message took the week's last
    // place, say): the workflow goes back to the check and waits there, the notes kept for then.
    await ports.workflow.answer(taskToken, {
      id: randomUUID(),
      outcome: 'resume',
      step: rung,
      because: 'contact-deferred',
    });
    return { sent: false, deferredUntil: result.until.toISOString() };
  }
  if (result.outcome === 'withheld' && result.person) {
    // The send gate found that only a person can go on (an address that bounced since the last
    // check, say): the workflow hands the case on now rather than wait out the rung's window.
    await ports.workflow.answer(taskToken, { id: randomUUID(), outcome: 'stopped', reason: result.person });
    return { sent: false };
  }
  if (record.brokenPromiseDate || record.noticeOnResume)
    await store.clearNotes(caseId, ['brokenPromiseDate', 'noticeOnResume']);
  const sent = result.outcome === 'sent';
  // The case's events follow through the outbox (carryOutFollowUps), a moment later; keyed by the
  // message, so a retried task queues them once.
  const messageKey = `${rung}-${record.cycle ?? 0}`;
  if (sent && plans.length > 0) {
    await queueFollowUp(store, {
      caseId,
      key: `event-plan-offered-${messageKey}`,
      followUp: {
        type: 'event',
        detailType: CaseDetailType.planOffered,
        detail: {
          caseId,
          accountId: record.accountId,
          balance: record.balance,
          plans: plans.map((plan) => ({ planId: plan.id, total: plan.total, instalments: plan.instalments })),
          at: now.toISOString(),
        },
      },
      now,
    });
  } else if (sent && rung !== 'planOffer') {
    await queueFollowUp(store, {
      caseId,
      key: `event-reminder-sent-${messageKey}`,
      followUp: {
        type: 'event',
        detailType: CaseDetailType.reminderSent,
        detail: {
          caseId,
          accountId: record.accountId,
          rung,
          balance: record.balance,
          sentAt: now.toISOString(),
          ...(referralDate ? { agencyReferralDate: referralDate } : {}),
        },
      },
      now,
    });
    if (settlement) {
      await queueFollowUp(store, {
        caseId,
        key: `event-settlement-offered-${messageKey}`,
        followUp: {
          type: 'event',
          detailType: CaseDetailType.settlementOffered,
          detail: {
            caseId,
            accountId: record.accountId,
            amount: settlement.amount,
            balance: record.balance,
            discountPercent: settlement.discountPercent,
            validUntil: settlement.validUntil,
            at: now.toISOString(),
          },
        },
        now,
      });
    }
  }
  return { sent };
}
