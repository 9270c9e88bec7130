import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { dynamoOutbox } from '../adapters/dynamodb/outbox.ts';
import { eventBridgeCaseEvents } from '../adapters/eventbridge/case-events.ts';
import { sfnWorkflow } from '../adapters/sfn/workflow.ts';
import { snsArTeam } from '../adapters/sns/ar-team.ts';
import type { OutboxItem } from '../ports/case-store.ts';
import { loadFunctionConfig } from '../shared/config.ts';
import { emitOutboxBacklog, metricsMiddleware } from '../shared/metrics.ts';
import { carryOutFollowUps, carryOutWaitingFollowUp } from '../use-cases/follow-ups.ts';
import { lambdaContext } from './middleware/lambda-context.ts';
import { isStreamBatch, processOutboxStream } from './middleware/table-stream.ts';

const config = loadFunctionConfig('carryOutFollowUps');
const ports = {
  store: dynamoOutbox(config.TABLE_NAME),
  events: eventBridgeCaseEvents(config.EVENT_BUS_NAME),
  arTeam: snsArTeam(config.AR_TEAM_TOPIC_ARN),
  workflow: sfnWorkflow(config.STATE_MACHINE_ARN),
};

/**
 * The follow-up carrier of the outbox: the case events and AR-team notices that actions, payments,
 * documents and reminders queued, and the start of a case's workflow when its friendly reminder is due. From the table's stream, each one due now at once; on its
 * schedule, whatever is due and left. Each is claimed before it is carried out, so the two never
 * carry one out twice. Emails are sendWaitingMessages' (this function has no SES client, no words).
 */
export const handler = middy(async (event: unknown, context: Context) => {
  if (isStreamBatch(event))
    return processOutboxStream(event, context, async (item: OutboxItem, now) => {
      if (!('followUp' in item))
        throw new Error(`Outbox item ${item.messageKey} is an email, not a follow-up`);
      return carryOutWaitingFollowUp(item, now, ports);
    });
  return emitOutboxBacklog(await carryOutFollowUps(new Date(), ports));
})
  .use(lambdaContext())
  .use(metricsMiddleware());
