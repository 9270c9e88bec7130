import middy from '@middy/core';
import { dynamoCaseStore } from '../adapters/dynamodb/store.ts';
import { eventBridgeCaseEvents } from '../adapters/eventbridge/case-events.ts';
import * as z from '../contract/zod.ts';
import { personWait } from '../domain/queues.ts';
import { gateMail } from '../shared/case-mail.ts';
import { loadFunctionConfig } from '../shared/config.ts';
import { handOverForHardship } from '../use-cases/hand-over-for-hardship.ts';
import { lambdaContext } from './middleware/lambda-context.ts';
import { parseEvent } from './middleware/parse-event.ts';

const config = loadFunctionConfig('handOverForHardship');
const store = dynamoCaseStore(config.TABLE_NAME);
const ports = { store, mail: gateMail(store, config), events: eventBridgeCaseEvents(config.EVENT_BUS_NAME) };

const HandOverInput = z.object({ caseId: z.string().check(z.minLength(1)) });

/**
 * Task "Send a supportive message and hand the case to a person": signs of hardship stop the
 * ladder; the debtor gets a supportive message, the case waits for a person (ManualFollowUpNeeded).
 */
export const handler = middy()
  .use(lambdaContext())
  .use(parseEvent(HandOverInput))
  .handler(async ({ caseId }) => ({
    caseId,
    ...(await handOverForHardship(caseId, ports)),
    // The next state waits for a person this long (issue 12).
    person: personWait('hardship-signs', config.DAY_SECONDS),
  }));
