import middy from '@middy/core';
import { dynamoCaseStore } from '../adapters/dynamodb/store.ts';
import { sfnWorkflow } from '../adapters/sfn/workflow.ts';
import * as z from '../contract/zod.ts';
import { LADDER_RUNGS } from '../domain/policy.ts';
import { gateMail } from '../shared/case-mail.ts';
import { loadFunctionConfig } from '../shared/config.ts';
import { sendReminder } from '../use-cases/send-reminder.ts';
import { lambdaContext } from './middleware/lambda-context.ts';
import { parseEvent } from './middleware/parse-event.ts';

const config = loadFunctionConfig('sendReminder');
const store = dynamoCaseStore(config.TABLE_NAME);
const ports = {
  store,
  workflow: sfnWorkflow(),
  mail: gateMail(store, config),
};

const WAITING_STATE = {
  friendly: 'Send friendly reminder and wait for reply',
  firm: 'Send firm reminder and wait for reply',
  planOffer: 'Offer a payment plan and wait for reply',
  final: 'Send final notice and wait for reply',
} as const;

const SendReminderInput = z.object({
  caseId: z.string().check(z.minLength(1)),
  rung: z.enum(LADDER_RUNGS),
  taskToken: z.string().check(z.minLength(1)),
  // A case opened before the plan offer was a rung has no window for it (it never reaches the rung).
  replyWindowSeconds: z.object({
    friendly: z.number(),
    firm: z.number(),
    planOffer: z.optional(z.number()),
    final: z.number(),
  }),
});

/**
 * Task (wait for reply): keeps the token on the case, then emails the rung's reminder. If the
 * balance was settled before the token could be kept, it answers its own token: the case is paid.
 */
export const handler = middy()
  .use(lambdaContext())
  .use(parseEvent(SendReminderInput))
  .handler(({ caseId, rung, taskToken }) =>
    sendReminder({ caseId, rung, taskToken, waitingState: WAITING_STATE[rung] }, ports),
  );
