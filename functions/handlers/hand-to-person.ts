import middy from '@middy/core';
import { dynamoCases } from '../adapters/dynamodb/cases.ts';
import { eventBridgeCaseEvents } from '../adapters/eventbridge/case-events.ts';
import { ManualFollowUpReasonSchema } from '../contract/case-events.ts';
import * as z from '../contract/zod.ts';
import { personWait } from '../domain/queues.ts';
import { loadFunctionConfig } from '../shared/config.ts';
import { handToPerson } from '../use-cases/hand-to-person.ts';
import { lambdaContext } from './middleware/lambda-context.ts';
import { parseEvent } from './middleware/parse-event.ts';

const config = loadFunctionConfig('handToPerson');
const ports = { store: dynamoCases(config.TABLE_NAME), events: eventBridgeCaseEvents(config.EVENT_BUS_NAME) };

// Every reason, in the schema's order: `agency-referral-held` is a referral waiting for a supervisor's
// approval (issue 12; a referral held by a blocker is recorded by the referral itself).
const HandToPersonInput = z.object({
  caseId: z.string().check(z.minLength(1)),
  reason: ManualFollowUpReasonSchema,
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
    // The next state waits for a person this long (issue 12).
    return { caseId, status: 'held-for-person', reason, person: personWait(reason, config.DAY_SECONDS) };
  });
