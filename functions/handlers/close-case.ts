import middy from '@middy/core';
import * as z from 'zod';
import { dynamoCaseStore } from '../adapters/dynamodb/store.ts';
import { eventBridgeCaseEvents } from '../adapters/eventbridge/case-events.ts';
import { gateMail, MAILING_HANDLER_CONFIG } from '../shared/case-mail.ts';
import { loadConfig } from '../shared/config.ts';
import { closeCase } from '../use-cases/close-case.ts';
import { lambdaContext } from './middleware/lambda-context.ts';
import { parseEvent } from './middleware/parse-event.ts';

const config = loadConfig(MAILING_HANDLER_CONFIG);
const store = dynamoCaseStore(config.TABLE_NAME);
const ports = { store, mail: gateMail(store, config), events: eventBridgeCaseEvents(config.EVENT_BUS_NAME) };

const CloseCaseInput = z.object({ caseId: z.string().min(1), resolution: z.enum(['paid', 'credited']) });

/** Tasks "Thank the customer and close the case as paid" and "Close the case as credited". */
export const handler = middy()
  .use(lambdaContext())
  .use(parseEvent(CloseCaseInput))
  .handler(async ({ caseId, resolution }) => {
    await closeCase(caseId, resolution, ports, new Date());
    return { caseId, status: resolution };
  });
