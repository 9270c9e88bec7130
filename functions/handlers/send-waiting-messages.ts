import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { dynamoCaseStore } from '../adapters/dynamodb/store.ts';
import { eventBridgeCaseEvents } from '../adapters/eventbridge/case-events.ts';
import { snsArTeam } from '../adapters/sns/ar-team.ts';
import { gateMail, MAILING_HANDLER_CONFIG } from '../shared/case-mail.ts';
import { env, loadConfig } from '../shared/config.ts';
import { sendWaitingMessages } from '../use-cases/send-waiting-messages.ts';
import { lambdaContext } from './middleware/lambda-context.ts';

const config = loadConfig({ ...MAILING_HANDLER_CONFIG, AR_TEAM_TOPIC_ARN: env.arn });
const store = dynamoCaseStore(config.TABLE_NAME);
const ports = {
  store,
  mail: gateMail(store, config),
  events: eventBridgeCaseEvents(config.EVENT_BUS_NAME),
  arTeam: snsArTeam(config.AR_TEAM_TOPIC_ARN),
};
const LEASE_MARGIN_MS = 1_000;

/**
 * Scheduled "send waiting messages": each message the gate deferred that is now due goes through
 * the same gate again, and failed follow-ups of debtors' actions are carried out (see the use case).
 */
export const handler = middy(async (_event: unknown, context: Context) => {
  const now = new Date();
  // The lease lasts as long as this run can (the function's timeout), so a crashed run frees it.
  const leaseUntil = new Date(now.getTime() + context.getRemainingTimeInMillis() + LEASE_MARGIN_MS);
  return sendWaitingMessages({ holder: context.awsRequestId, now, leaseUntil }, ports);
}).use(lambdaContext());
