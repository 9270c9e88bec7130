import middy from '@middy/core';
import { dynamoCases } from '../adapters/dynamodb/cases.ts';
import { eventBridgeCaseEvents } from '../adapters/eventbridge/case-events.ts';
import * as z from '../contract/zod.ts';
import { HARDSHIP_CHECKPOINTS } from '../domain/hardship-check.ts';
import { loadFunctionConfig } from '../shared/config.ts';
import { checkHardship } from '../use-cases/check-hardship.ts';
import { lambdaContext } from './middleware/lambda-context.ts';
import { parseEvent } from './middleware/parse-event.ts';

const config = loadFunctionConfig('checkHardship');
const ports = { store: dynamoCases(config.TABLE_NAME), events: eventBridgeCaseEvents(config.EVENT_BUS_NAME) };

const CheckHardshipInput = z.object({
  caseId: z.string().check(z.minLength(1)),
  before: z.enum(HARDSHIP_CHECKPOINTS),
});

/**
 * Tasks "Check for signs of hardship" and "… before referral": records the decision and tells the
 * state machine where to go. Its result is the reply: `{ step }` before the final notice (for the
 * contact rules), `{ outcome: 'resume', step, because: 'hardship-checked' }` before the referral.
 */
export const handler = middy()
  .use(lambdaContext())
  .use(parseEvent(CheckHardshipInput))
  .handler(async ({ caseId, before }) => {
    const { check, reply } = await checkHardship(caseId, before, ports);
    return { ...reply, signs: check.signs };
  });
