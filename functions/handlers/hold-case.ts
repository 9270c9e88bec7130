import middy from '@middy/core';
import * as z from 'zod';
import { PausedReplySchema } from '../domain/journey.ts';
import { CaseStore } from '../shared/case-store.ts';
import { env, loadConfig } from '../shared/config.ts';
import { takeTurn } from '../shared/workflow.ts';
import { lambdaContext } from './middleware/lambda-context.ts';
import { parseEvent } from './middleware/parse-event.ts';

const config = loadConfig({ TABLE_NAME: env.tableName });
const store = new CaseStore(config.TABLE_NAME);

const HoldCaseInput = z.object({
  caseId: z.string().min(1),
  taskToken: z.string().min(1),
  reply: PausedReplySchema,
});

const WAITING_STATE = 'Pause collection and wait';

/**
 * Task "Pause collection and wait": keeps the token so a payment, a resolution or a resume event
 * can end the pause early. It sends nothing: the action that started the pause acknowledged it.
 */
export const handler = middy()
  .use(lambdaContext())
  .use(parseEvent(HoldCaseInput))
  .handler(async ({ caseId, taskToken, reply }) => {
    const holding = await takeTurn(store, {
      caseId,
      taskToken,
      waitingState: `${WAITING_STATE} (${reply.reason} until ${reply.until})`,
    });
    return { holding };
  });
