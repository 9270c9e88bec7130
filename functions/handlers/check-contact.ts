import middy from '@middy/core';
import * as z from 'zod';
import { RUNGS } from '../domain/policy.ts';
import { type ClockConfig, contactDecisionFor, policyClockOf } from '../shared/case-mail.ts';
import { CaseStore } from '../shared/case-store.ts';
import { env, loadConfig } from '../shared/config.ts';
import { lambdaContext } from './middleware/lambda-context.ts';
import { parseEvent } from './middleware/parse-event.ts';

const config = loadConfig({
  TABLE_NAME: env.tableName,
  DAY_SECONDS: env.daySeconds,
  CLOCK_ORIGIN: env.instant,
  CLOCK_ORIGIN_POLICY: env.instant,
}) satisfies ClockConfig;
const store = new CaseStore(config.TABLE_NAME);

const CheckContactInput = z.object({
  caseId: z.string().min(1),
  step: z.enum(RUNGS as ['friendly', 'firm', 'final']),
});

/**
 * Task "Check the contact rules": may the rung's reminder go now? Its result is the reply "May we
 * write now?" routes on: `wait` until a real instant (the Wait state's timestamp), `person` when no
 * hours are known to be safe, otherwise on to the rung (whose send decides again, in its transaction).
 */
export const handler = middy()
  .use(lambdaContext())
  .use(parseEvent(CheckContactInput))
  .handler(async ({ caseId, step }) => {
    const record = await store.getCase(caseId);
    if (!record) throw new Error(`Case ${caseId} does not exist`);
    const now = new Date();
    const ledger = await store.contactLedger(record.debtor.email);
    const decision = contactDecisionFor(record, ledger.sends, 'collection', policyClockOf(config), now);
    return {
      decision: decision.decision,
      // Always present, so the state machine's ResultSelector finds it.
      until: (decision.decision === 'wait' ? decision.until : now).toISOString(),
      step,
      reason: decision.decision === 'person' ? 'no-contact-hours' : 'none',
      why: decision.decision === 'send' ? 'may write now' : decision.reason,
    };
  });
