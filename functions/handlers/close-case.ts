import middy from '@middy/core';
import * as z from 'zod';
import { closeAs } from '../shared/case-closing.ts';
import { MAILING_HANDLER_CONFIG } from '../shared/case-mail.ts';
import { CaseStore } from '../shared/case-store.ts';
import { loadConfig } from '../shared/config.ts';
import { lambdaContext } from './middleware/lambda-context.ts';
import { parseEvent } from './middleware/parse-event.ts';

const config = loadConfig(MAILING_HANDLER_CONFIG);
const store = new CaseStore(config.TABLE_NAME);

const CloseCaseInput = z.object({ caseId: z.string().min(1), resolution: z.enum(['paid', 'credited']) });

/** Tasks "Thank the customer and close the case as paid" and "Close the case as credited". */
export const handler = middy()
  .use(lambdaContext())
  .use(parseEvent(CloseCaseInput))
  .handler(async ({ caseId, resolution }) => {
    const record = await store.getCase(caseId);
    if (!record) throw new Error(`Case ${caseId} does not exist`);
    await closeAs(resolution, { store, config, record, now: new Date() });
    return { caseId, status: resolution };
  });
