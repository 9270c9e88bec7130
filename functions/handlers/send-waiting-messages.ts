import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { dynamoCaseLookups } from '../adapters/dynamodb/case-lookups.ts';
import { dynamoDueSoonNotes } from '../adapters/dynamodb/due-soon-notes.ts';
import { dynamoCaseStore } from '../adapters/dynamodb/store.ts';
import type { OutboxItem } from '../ports/case-store.ts';
import { debtorOptOutUrl, gateMail, policyClockOf } from '../shared/case-mail.ts';
import { loadFunctionConfig } from '../shared/config.ts';
import { emitOutboxBacklog, metricsMiddleware } from '../shared/metrics.ts';
import { sendWaitingMessage, sendWaitingMessages } from '../use-cases/send-waiting-messages.ts';
import { lambdaContext } from './middleware/lambda-context.ts';
import { isStreamBatch, processOutboxStream } from './middleware/table-stream.ts';

const config = loadFunctionConfig('sendWaitingMessages');
const store = dynamoCaseStore(config.TABLE_NAME);
const ports = {
  store,
  mail: gateMail(store, config),
  // Issue 16: the notes before a due date (no case) go on the same schedule, through the same rules.
  dueSoon: {
    notes: dynamoDueSoonNotes(config.TABLE_NAME),
    ledger: store,
    cases: { getCase: store.getCase, casesOfDebtor: dynamoCaseLookups(config.TABLE_NAME).casesOfDebtor },
    clock: policyClockOf(config),
    letter: {
      creditor: config.CREDITOR,
      portalUrl: config.PORTAL_BASE_URL,
      optOutUrl: (email: string, now: Date) => debtorOptOutUrl(email, config, now),
    },
  },
};
const LEASE_MARGIN_MS = 1_000;

/**
 * The mail carrier of the outbox. From the table's stream: each email just queued and due now
 * (an acknowledgement, a thanks) goes through the send gate at once. On its schedule: each message
 * the gate deferred that is now due goes through the same gate again, with whatever the stream left
 * (see the use case). Follow-ups are carryOutFollowUps' (this function has no bus or topic client).
 */
export const handler = middy(async (event: unknown, context: Context) => {
  if (isStreamBatch(event))
    return processOutboxStream(event, context, async (item: OutboxItem, now) => {
      if ('followUp' in item) throw new Error(`Outbox item ${item.messageKey} is a follow-up, not an email`);
      return sendWaitingMessage(item, now, ports);
    });
  const now = new Date();
  // The lease lasts as long as this run can (the function's timeout), so a crashed run frees it.
  const leaseUntil = new Date(now.getTime() + context.getRemainingTimeInMillis() + LEASE_MARGIN_MS);
  return emitOutboxBacklog(
    await sendWaitingMessages({ holder: context.awsRequestId, now, leaseUntil }, ports),
  );
})
  .use(lambdaContext())
  .use(metricsMiddleware());
