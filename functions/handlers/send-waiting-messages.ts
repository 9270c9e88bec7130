import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import type { ContactPurpose } from '../domain/contact-rules.ts';
import type { EmailContext, EmailKind } from '../domain/emails.ts';
import { MAILING_HANDLER_CONFIG, sendCaseEmail } from '../shared/case-mail.ts';
import { CaseStore, type OutboxItem } from '../shared/case-store.ts';
import { env, loadConfig } from '../shared/config.ts';
import { carryOut } from '../shared/follow-ups.ts';
import { logger } from '../shared/logger.ts';
import { lambdaContext } from './middleware/lambda-context.ts';

const config = loadConfig({ ...MAILING_HANDLER_CONFIG, AR_TEAM_TOPIC_ARN: env.arn });
const store = new CaseStore(config.TABLE_NAME);
const LEASE = 'send-waiting-messages';
const LEASE_MARGIN_MS = 1_000;

/**
 * Scheduled "send waiting messages": each message the gate deferred (outside the contact window,
 * over the weekly cap) that is now due goes through the same gate again. It may go, wait again, or
 * be withheld (the debtor opted out meanwhile): late, once, never doubled (DESIGN §3). It also
 * carries out the follow-ups of debtors' actions that failed at the time (an event, an AR-team
 * notice). One run at a time: a run that finds another holding the lease leaves the work to it.
 */
export const handler = middy(async (_event: unknown, context: Context) => {
  const now = new Date();
  // The lease lasts as long as this run can (the function's timeout), so a crashed run frees it.
  const until = new Date(now.getTime() + context.getRemainingTimeInMillis() + LEASE_MARGIN_MS);
  if (!(await store.takeLease(LEASE, context.awsRequestId, now, until))) {
    logger.info('Another run is sending the waiting messages');
    return { due: 0, skipped: true };
  }
  try {
    return await sendDue(now);
  } finally {
    await store.releaseLease(LEASE, context.awsRequestId, new Date());
  }
}).use(lambdaContext());

async function sendDue(now: Date) {
  const due = await store.dueOutbox(now);
  const outcomes: Record<string, number> = {};
  for (const item of due) {
    let outcome: string;
    try {
      outcome = await handle(item, now);
    } catch (error) {
      // Left in the outbox for the next run; the others still go.
      logger.error('A waiting item failed; the next run tries it again', {
        caseId: item.caseId,
        messageKey: item.messageKey,
        error: error as Error,
      });
      outcome = 'failed';
    }
    outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
  }
  if (due.length > 0) logger.info('Waiting messages handled', { due: due.length, ...outcomes });
  return { due: due.length, ...outcomes };
}

async function handle(item: OutboxItem, now: Date): Promise<string> {
  if ('followUp' in item) {
    await carryOut(item.followUp, config);
    await store.removeFromOutbox(item, now);
    return 'followedUp';
  }
  const record = await store.getCase(item.caseId);
  if (!record) {
    await store.removeFromOutbox(item, now);
    return 'noCase';
  }
  const { outcome } = await sendCaseEmail({
    store,
    config,
    record,
    kind: item.kind as EmailKind,
    messageKey: item.messageKey,
    now,
    purpose: item.purpose as ContactPurpose,
    ...(item.agencyReferralDate ? { agencyReferralDate: item.agencyReferralDate } : {}),
    ...(item.extra ? { extra: item.extra as Partial<EmailContext> } : {}),
  });
  // Deferred again: the gate put it back with its new due time, which this removal leaves alone.
  if (outcome !== 'deferred') await store.removeFromOutbox(item, now);
  return outcome;
}
