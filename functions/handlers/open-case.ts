import middy from '@middy/core';
import { dynamoCases } from '../adapters/dynamodb/cases.ts';
import { eventBridgeCaseEvents } from '../adapters/eventbridge/case-events.ts';
import * as z from '../contract/zod.ts';
import { loadFunctionConfig } from '../shared/config.ts';
import { openCase } from '../use-cases/open-case.ts';
import { lambdaContext } from './middleware/lambda-context.ts';
import { parseEvent } from './middleware/parse-event.ts';

const config = loadFunctionConfig('openCase');
const ports = { store: dynamoCases(config.TABLE_NAME), events: eventBridgeCaseEvents(config.EVENT_BUS_NAME) };

const OpenCaseInput = z.object({ caseId: z.string().check(z.minLength(1)) });

/** Task "Open the case": fixes the timetable and announces the case. Its result becomes `$.Payload`. */
export const handler = middy()
  .use(lambdaContext())
  .use(parseEvent(OpenCaseInput))
  .handler(({ caseId }) => openCase(caseId, ports, { daySeconds: config.DAY_SECONDS }));
