import middy from '@middy/core';
import { dynamoCases } from '../adapters/dynamodb/cases.ts';
import { dynamoContactLedger } from '../adapters/dynamodb/contact-ledger.ts';
import { eventBridgeCaseEvents } from '../adapters/eventbridge/case-events.ts';
import * as z from '../contract/zod.ts';
import { HARDSHIP_CHECKPOINTS } from '../domain/hardship-check.ts';
import { loadFunctionConfig } from '../shared/config.ts';
import type { ClockConfig } from '../shared/contact-decision.ts';
import { checkContact } from '../use-cases/check-contact.ts';
import { checkHardship } from '../use-cases/check-hardship.ts';
import { lambdaContext } from './middleware/lambda-context.ts';
import { parseEvent } from './middleware/parse-event.ts';

const config = loadFunctionConfig('checkHardship') satisfies ClockConfig;
const ports = {
  store: { ...dynamoCases(config.TABLE_NAME), ...dynamoContactLedger(config.TABLE_NAME) },
  events: eventBridgeCaseEvents(config.EVENT_BUS_NAME),
};

const CheckHardshipInput = z.object({
  caseId: z.string().check(z.minLength(1)),
  before: z.enum(HARDSHIP_CHECKPOINTS),
});

/**
 * Tasks "Check for signs of hardship" and "… before referral": records the decision and tells the
 * state machine where to go. Before the final notice its result is what "May we write now?" routes
 * on: the step (the final notice, or `review`: the supportive message and a person) with the contact
 * rules' decision for it. Before the referral it is a reply, `{ outcome: 'resume', step, because:
 * 'hardship-checked' }`, for "Act on the reply".
 */
export const handler = middy()
  .use(lambdaContext())
  .use(parseEvent(CheckHardshipInput))
  .handler(async ({ caseId, before }) => {
    const { check, reply } = await checkHardship(caseId, before, ports);
    if (before === 'agency') return { ...reply, signs: check.signs };
    return { ...(await checkContact(caseId, reply.step, ports, config)), signs: check.signs };
  });
