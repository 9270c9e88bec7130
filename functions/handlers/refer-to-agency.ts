import middy from '@middy/core';
import { dynamoCaseStore } from '../adapters/dynamodb/store.ts';
import { eventBridgeCaseEvents } from '../adapters/eventbridge/case-events.ts';
import * as z from '../contract/zod.ts';
import { gateMail } from '../shared/case-mail.ts';
import { loadFunctionConfig } from '../shared/config.ts';
import { referToAgency } from '../use-cases/refer-to-agency.ts';
import { lambdaContext } from './middleware/lambda-context.ts';
import { parseEvent } from './middleware/parse-event.ts';

const config = loadFunctionConfig('referToAgency');
const store = dynamoCaseStore(config.TABLE_NAME);
const ports = { store, mail: gateMail(store, config), events: eventBridgeCaseEvents(config.EVENT_BUS_NAME) };

const ReferInput = z.object({ caseId: z.string().check(z.minLength(1)) });

/**
 * Task "Refer to collection agency": the last resort. Every precondition is checked again now;
 * a case that fails one is held for a person instead, with the reason on its timeline.
 */
export const handler = middy()
  .use(lambdaContext())
  .use(parseEvent(ReferInput))
  .handler(({ caseId }) =>
    referToAgency(caseId, ports, { agencies: config.AGENCIES, daySeconds: config.DAY_SECONDS }),
  );
