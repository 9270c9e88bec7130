import middy from '@middy/core';
import * as z from 'zod';
import { dynamoCases } from '../adapters/dynamodb/cases.ts';
import { eventBridgeCaseEvents } from '../adapters/eventbridge/case-events.ts';
import { ManualFollowUpReasonSchema } from '../contract/case-events.ts';
import { env, loadConfig } from '../shared/config.ts';
import { handToPerson } from '../use-cases/hand-to-person.ts';
import { lambdaContext } from './middleware/lambda-context.ts';
import { parseEvent } from './middleware/parse-event.ts';

const config = loadConfig({ TABLE_NAME: env.tableName, EVENT_BUS_NAME: z.string().min(1) });
const ports = { store: dynamoCases(config.TABLE_NAME), events: eventBridgeCaseEvents(config.EVENT_BUS_NAME) };

const HandToPersonInput = z.object({
  caseId: z.string().min(1),
  reason: ManualFollowUpReasonSchema.exclude(['agency-referral-held']),
});

/**
 * Task "Hand the case to a person for manual follow-up": no automatic step is left (never an
 * automatic agency referral after an opt-out); the AR team is told with ManualFollowUpNeeded.
 */
export const handler = middy()
  .use(lambdaContext())
  .use(parseEvent(HandToPersonInput))
  .handler(async ({ caseId, reason }) => {
    await handToPerson(caseId, reason, ports);
    return { caseId, status: 'held-for-person', reason };
  });
