import middy from '@middy/core';
import { dynamoCases } from '../adapters/dynamodb/cases.ts';
import { dynamoContactLedger } from '../adapters/dynamodb/contact-ledger.ts';
import * as z from '../contract/zod.ts';
import { LADDER_RUNGS } from '../domain/policy.ts';
import { loadFunctionConfig } from '../shared/config.ts';
import type { ClockConfig } from '../shared/contact-decision.ts';
import { checkContact, checkContactAfter } from '../use-cases/check-contact.ts';
import { lambdaContext } from './middleware/lambda-context.ts';
import { parseEvent } from './middleware/parse-event.ts';

const config = loadFunctionConfig('checkContact') satisfies ClockConfig;
const ports = {
  store: { ...dynamoCases(config.TABLE_NAME), ...dynamoContactLedger(config.TABLE_NAME) },
};

const CheckContactInput = z.object({
  caseId: z.string().check(z.minLength(1)),
  // A rung, or the supportive message that hands the case to a person after signs of hardship.
  step: z.enum([...LADDER_RUNGS, 'review']),
  // The reply the state machine holds: `timedOut` when the rung named in `step` waited its whole
  // reply window (the rung's Catch put States.Timeout there), so the next rung is the one to check.
  reply: z.optional(z.looseObject({ timedOut: z.optional(z.looseObject({ Error: z.string() })) })),
});

/**
 * Task "Check the contact rules": which step is next (after a rung whose reply window ran out, the
 * next rung of the segment's ladder; otherwise the rung named), and may its message go now? Its
 * result is the reply "May we write now?" routes on: `wait` until a real instant (the Wait state's
 * timestamp), `person` when no hours are known to be safe or the address is undeliverable (the
 * reason the workflow hands on), `hardship` when the next rung is the final notice (the check for
 * signs of hardship comes first and asks the contact rules itself), otherwise on to the rung (whose
 * send decides again, in its transaction).
 */
export const handler = middy()
  .use(lambdaContext())
  .use(parseEvent(CheckContactInput))
  .handler(({ caseId, step, reply }) =>
    reply?.timedOut && step !== 'review'
      ? checkContactAfter(caseId, step, ports, config)
      : checkContact(caseId, step, ports, config),
  );
