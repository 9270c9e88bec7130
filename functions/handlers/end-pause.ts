import middy from '@middy/core';
import { dynamoCaseStore } from '../adapters/dynamodb/store.ts';
import { eventBridgeCaseEvents } from '../adapters/eventbridge/case-events.ts';
import * as z from '../contract/zod.ts';
import { gateMail } from '../shared/case-mail.ts';
import { loadFunctionConfig } from '../shared/config.ts';
import { endPauseStep } from '../use-cases/end-pause.ts';
import { lambdaContext } from './middleware/lambda-context.ts';
import { parseEvent } from './middleware/parse-event.ts';

const config = loadFunctionConfig('endPause');
const store = dynamoCaseStore(config.TABLE_NAME);
const ports = { store, mail: gateMail(store, config), events: eventBridgeCaseEvents(config.EVENT_BUS_NAME) };

const EndPauseInput = z.object({
  caseId: z.string().check(z.minLength(1)),
  context: z.looseObject({ caseId: z.string() }),
});

/**
 * Task "Decide how to go on after the pause": the pause (or a plan's wait for its next checkpoint)
 * ran its full length. Its result becomes `$.Payload`, with the reply "Act on the reply" routes on.
 */
export const handler = middy()
  .use(lambdaContext())
  .use(parseEvent(EndPauseInput))
  .handler(async ({ caseId, context }) =>
    endPauseStep(caseId, context, ports, { daySeconds: config.DAY_SECONDS }),
  );
