import middy from '@middy/core';
import * as z from 'zod';
import { CaseDetailType } from '../contract/events.ts';
import { policyFor } from '../domain/policy.ts';
import { planReminders } from '../domain/schedule.ts';
import { CaseStore } from '../shared/case-store.ts';
import { env, loadConfig } from '../shared/config.ts';
import { publish } from '../shared/publish.ts';
import { lambdaContext } from './middleware/lambda-context.ts';
import { parseEvent } from './middleware/parse-event.ts';

const config = loadConfig({
  TABLE_NAME: env.tableName,
  EVENT_BUS_NAME: z.string().min(1),
  DAY_SECONDS: env.daySeconds,
});
const store = new CaseStore(config.TABLE_NAME);

const OpenCaseInput = z.object({ caseId: z.string().min(1) });

/** Task "Open the case": fixes the timetable and announces the case. Its result becomes `$.Payload`. */
export const handler = middy()
  .use(lambdaContext())
  .use(parseEvent(OpenCaseInput))
  .handler(async ({ caseId }) => {
    const record = await store.getCase(caseId);
    if (!record) throw new Error(`Case ${caseId} does not exist`);
    const policy = policyFor(record.debtor.segment);
    const now = new Date();
    const earliestDue =
      record.invoices.map((invoice) => invoice.dueDate).sort()[0] ?? record.openedAt.slice(0, 10);
    const schedule = planReminders({
      policy,
      dueDate: earliestDue,
      timeZone: record.debtor.timeZone,
      now,
      daySeconds: config.DAY_SECONDS,
    });
    if (!record.caseOpenedAnnouncedAt) {
      await publish(config.EVENT_BUS_NAME, CaseDetailType.caseOpened, {
        caseId,
        accountId: record.accountId,
        balance: record.balance,
        invoiceIds: record.invoices.map((invoice) => invoice.invoiceId),
        segment: policy.segment,
        openedAt: record.openedAt,
      });
      await store.markAnnounced(caseId, 'caseOpenedAnnouncedAt', now.toISOString());
    }
    return { caseId, ...schedule };
  });
