import middy from '@middy/core';
import * as z from 'zod';
import { ManualFollowUpReasonSchema } from '../contract/case-events.ts';
import { CaseDetailType } from '../contract/events.ts';
import { CaseStore } from '../shared/case-store.ts';
import { env, loadConfig } from '../shared/config.ts';
import { publish } from '../shared/publish.ts';
import { lambdaContext } from './middleware/lambda-context.ts';
import { parseEvent } from './middleware/parse-event.ts';

const config = loadConfig({ TABLE_NAME: env.tableName, EVENT_BUS_NAME: z.string().min(1) });
const store = new CaseStore(config.TABLE_NAME);

const HandToPersonInput = z.object({
  caseId: z.string().min(1),
  reason: ManualFollowUpReasonSchema.exclude(['agency-referral-held']),
});

/**
 * Task "Hand the case to a person for manual follow-up": no automatic step is left (never an
 * automatic agency referral after an opt-out); the AR team is told with ManualFollowUpNeeded.
 */
export const handler = middy()
  .use(lambdaContext())
  .use(parseEvent(HandToPersonInput))
  .handler(async ({ caseId, reason }) => {
    const record = await store.getCase(caseId);
    if (!record) throw new Error(`Case ${caseId} does not exist`);
    const now = new Date();
    if (record.status === 'open') {
      await store.holdForPerson(record, {
        type: 'HandedToPerson',
        at: now.toISOString(),
        entryId: `handed-${reason}`,
        data: { reason },
      });
      await publish(config.EVENT_BUS_NAME, CaseDetailType.manualFollowUpNeeded, {
        caseId,
        accountId: record.accountId,
        reason,
        balance: record.balance,
        at: now.toISOString(),
      });
    }
    return { caseId, status: 'held-for-person', reason };
  });
