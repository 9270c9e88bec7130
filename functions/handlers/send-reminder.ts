import { randomUUID } from 'node:crypto';
import middy from '@middy/core';
import * as z from 'zod';
import { CaseDetailType } from '../contract/events.ts';
import { localDate } from '../domain/dates.ts';
import { policyFor, RUNGS } from '../domain/policy.ts';
import { agencyReferralDate } from '../domain/schedule.ts';
import { settlementOffer } from '../domain/settlement.ts';
import { MAILING_HANDLER_CONFIG, sendCaseEmail } from '../shared/case-mail.ts';
import { CaseStore } from '../shared/case-store.ts';
import { loadConfig } from '../shared/config.ts';
import { publish } from '../shared/publish.ts';
import { answerWaitingTask, takeTurn } from '../shared/workflow.ts';
import { lambdaContext } from './middleware/lambda-context.ts';
import { parseEvent } from './middleware/parse-event.ts';

const config = loadConfig(MAILING_HANDLER_CONFIG);
const store = new CaseStore(config.TABLE_NAME);

const WAITING_STATE = {
  friendly: 'Send friendly reminder and wait for reply',
  firm: 'Send firm reminder and wait for reply',
  final: 'Send final notice and wait for reply',
} as const;

const SendReminderInput = z.object({
  caseId: z.string().min(1),
  rung: z.enum(RUNGS as ['friendly', 'firm', 'final']),
  taskToken: z.string().min(1),
  replyWindowSeconds: z.object({ friendly: z.number(), firm: z.number(), final: z.number() }),
});

/**
 * Task (wait for reply): keeps the token on the case, then emails the rung's reminder. If the
 * balance was settled before the token could be kept, it answers its own token: the case is paid.
 */
export const handler = middy()
  .use(lambdaContext())
  .use(parseEvent(SendReminderInput))
  .handler(async ({ caseId, rung, taskToken }) => {
    if (!(await takeTurn(store, { caseId, taskToken, waitingState: WAITING_STATE[rung], rung })))
      return { sent: false };
    const record = await store.getCase(caseId);
    if (!record) throw new Error(`Case ${caseId} does not exist`);
    const now = new Date();
    const policy = policyFor(record.debtor.segment);
    const referralDate =
      rung === 'final' ? agencyReferralDate(policy, now, record.debtor.timeZone) : undefined;
    // A rejected dispute's outcome is explained in a fresh notice; a broken promise is mentioned kindly.
    const kind = record.noticeOnResume ?? rung;
    // Where the policy offers it, the final notice offers early settlement; billing learns the amount.
    const settlement =
      kind === 'final'
        ? settlementOffer(policy, record.balance, localDate(now, record.debtor.timeZone))
        : undefined;
    // Kept before the email goes, so a payment of the offered amount right after it settles the case.
    if (settlement)
      await store.keepSettlementOffer(caseId, { ...settlement, balanceAtOffer: record.balance });
    const result = await sendCaseEmail({
      store,
      config,
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
        ...(settlement
          ? { settlement: { amount: settlement.amount, validUntil: settlement.validUntil } }
          : {}),
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
      await answerWaitingTask(taskToken, {
        id: randomUUID(),
        outcome: 'resume',
        step: rung,
        because: 'contact-deferred',
      });
      return { sent: false, deferredUntil: result.until.toISOString() };
    }
    if (record.brokenPromiseDate || record.noticeOnResume)
      await store.clearNotes(caseId, ['brokenPromiseDate', 'noticeOnResume']);
    const sent = result.outcome === 'sent';
    if (sent) {
      await publish(config.EVENT_BUS_NAME, CaseDetailType.reminderSent, {
        caseId,
        accountId: record.accountId,
        rung,
        balance: record.balance,
        sentAt: now.toISOString(),
        ...(referralDate ? { agencyReferralDate: referralDate } : {}),
      });
      if (settlement) {
        await publish(config.EVENT_BUS_NAME, CaseDetailType.settlementOffered, {
          caseId,
          accountId: record.accountId,
          amount: settlement.amount,
          balance: record.balance,
          discountPercent: settlement.discountPercent,
          validUntil: settlement.validUntil,
          at: now.toISOString(),
        });
      }
    }
    return { sent };
  });
