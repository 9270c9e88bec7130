import middy from '@middy/core';
import { dynamoCases } from '../adapters/dynamodb/cases.ts';
import { dynamoContactRecords } from '../adapters/dynamodb/contact-records.ts';
import { eventBridgeCaseEvents } from '../adapters/eventbridge/case-events.ts';
import * as z from '../contract/zod.ts';
import { loadFunctionConfig } from '../shared/config.ts';
import type { ClockConfig } from '../shared/contact-decision.ts';
import { openCase } from '../use-cases/open-case.ts';
import { lambdaContext } from './middleware/lambda-context.ts';
import { parseEvent } from './middleware/parse-event.ts';

const config = loadFunctionConfig('openCase') satisfies ClockConfig;
const ports = {
  store: { ...dynamoCases(config.TABLE_NAME), ...dynamoContactRecords(config.TABLE_NAME) },
  events: eventBridgeCaseEvents(config.EVENT_BUS_NAME),
};

const OpenCaseInput = z.object({ caseId: z.string().check(z.minLength(1)) });

/**
 * Task "Open the case": fixes the timetable, announces the case, and asks the contact rules for the
 * moment the friendly reminder is due. Its result becomes `$.Payload`.
 */
export const handler = middy()
  .use(lambdaContext())
  .use(parseEvent(OpenCaseInput))
  .handler(({ caseId }) => openCase(caseId, ports, config));
