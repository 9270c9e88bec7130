import { parser } from '@aws-lambda-powertools/parser/middleware';
import middy from '@middy/core';
import { z } from 'zod';
import { closeAsPaid } from '../shared/case-closing.ts';
import { CaseStore } from '../shared/case-store.ts';
import { env, loadConfig } from '../shared/config.ts';

const config = loadConfig({
  TABLE_NAME: env.tableName,
  EVENT_BUS_NAME: z.string().min(1),
  SENDER_ADDRESS: env.email,
  PORTAL_BASE_URL: env.url,
  LINK_SECRET_ARN: env.arn,
});
const store = new CaseStore(config.TABLE_NAME);

const CloseCaseInput = z.object({ caseId: z.string().min(1), resolution: z.literal('paid') });

/** Task "Thank the customer and close the case as paid". */
export const handler = middy()
  .use(parser({ schema: CloseCaseInput }))
  .handler(async ({ caseId }) => {
    const record = await store.getCase(caseId);
    if (!record) throw new Error(`Case ${caseId} does not exist`);
    await closeAsPaid({ store, config, record, now: new Date() });
    return { caseId, status: 'paid' };
  });
