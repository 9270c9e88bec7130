import middy from '@middy/core';
import { dynamoReplies } from '../adapters/dynamodb/replies.ts';
import { sfnWorkflow } from '../adapters/sfn/workflow.ts';
import * as z from '../contract/zod.ts';
import { PausedReplySchema } from '../domain/journey.ts';
import { PERSON_WAIT_STATE } from '../domain/queues.ts';
import { loadFunctionConfig } from '../shared/config.ts';
import { holdCase } from '../use-cases/hold-case.ts';
import { lambdaContext } from './middleware/lambda-context.ts';
import { parseEvent } from './middleware/parse-event.ts';

const config = loadFunctionConfig('holdCase');
const ports = { store: dynamoReplies(config.TABLE_NAME), workflow: sfnWorkflow() };

const HoldCaseInput = z.union([
  z.object({
    caseId: z.string().check(z.minLength(1)),
    taskToken: z.string().check(z.minLength(1)),
    reply: PausedReplySchema,
  }),
  // "Wait for a person to act" (issue 12): a case handed to a person keeps the token for them.
  z.object({
    caseId: z.string().check(z.minLength(1)),
    taskToken: z.string().check(z.minLength(1)),
    person: z.object({ reason: z.string(), waitSeconds: z.number() }),
  }),
  // "Wait while the agency works the case" (issue 14): the agency's report or a recall answers the token.
  z.object({
    caseId: z.string().check(z.minLength(1)),
    taskToken: z.string().check(z.minLength(1)),
    agency: z.object({ agencyId: z.string(), termSeconds: z.number() }),
  }),
]);

const WAITING_STATE = 'Pause collection and wait';
const AGENCY_WAIT_STATE = 'Wait while the agency works the case';

/**
 * Task "Pause collection and wait": keeps the token so a payment, a resolution or a resume event
 * can end the pause early. It sends nothing: the action that started the pause acknowledged it.
 */
export const handler = middy()
  .use(lambdaContext())
  .use(parseEvent(HoldCaseInput))
  .handler(async (input) => {
    const { caseId, taskToken } = input;
    if ('person' in input) {
      const holding = await holdCase(
        {
          caseId,
          taskToken,
          waitingState: `${PERSON_WAIT_STATE} (${input.person.reason})`,
          status: 'held-for-person',
        },
        ports,
      );
      return { holding };
    }
    if ('agency' in input) {
      const holding = await holdCase(
        {
          caseId,
          taskToken,
          waitingState: `${AGENCY_WAIT_STATE} (${input.agency.agencyId})`,
          status: 'placed',
        },
        ports,
      );
      return { holding };
    }
    const { reply } = input;
    const holding = await holdCase(
      { caseId, taskToken, waitingState: `${WAITING_STATE} (${reply.reason} until ${reply.until})` },
      ports,
    );
    return { holding };
  });
