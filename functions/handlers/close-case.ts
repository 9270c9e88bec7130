import middy from '@middy/core';
import { dynamoCaseStore } from '../adapters/dynamodb/store.ts';
import { eventBridgeCaseEvents } from '../adapters/eventbridge/case-events.ts';
import * as z from '../contract/zod.ts';
import { gateMail } from '../shared/case-mail.ts';
import { loadFunctionConfig } from '../shared/config.ts';
import { closeCase } from '../use-cases/close-case.ts';
import { lambdaContext } from './middleware/lambda-context.ts';
import { parseEvent } from './middleware/parse-event.ts';

const config = loadFunctionConfig('closeCase');
const store = dynamoCaseStore(config.TABLE_NAME);
const ports = { store, mail: gateMail(store, config), events: eventBridgeCaseEvents(config.EVENT_BUS_NAME) };

const CloseCaseInput = z.object({
  caseId: z.string().check(z.minLength(1)),
  resolution: z.enum(['paid', 'credited']),
});

/** Tasks "Thank the customer and close the case as paid" and "Close the case as credited". */
export const handler = middy()
  .use(lambdaContext())
  .use(parseEvent(CloseCaseInput))
  .handler(async ({ caseId, resolution }) => {
    await closeCase(caseId, resolution, ports, new Date());
    return { caseId, status: resolution };
  });
