import middy from '@middy/core';
import { dynamoCaseStore } from '../adapters/dynamodb/store.ts';
import { sfnWorkflow } from '../adapters/sfn/workflow.ts';
import {
  CollectionPausedDetailSchema,
  CollectionResumedDetailSchema,
  DisputeResolvedDetailSchema,
  InvoiceCancelledDetailSchema,
  NextBillingDetailType,
} from '../contract/billing-events-next.ts';
import type * as z from '../contract/zod.ts';
import { RejectedEventError } from '../shared/billing-batch.ts';
import { loadFunctionConfig } from '../shared/config.ts';
import { receiveCaseUpdate } from '../use-cases/receive-case-update.ts';
import { processBillingBatch } from './middleware/billing-batch.ts';
import { lambdaContext } from './middleware/lambda-context.ts';
import { parseEvent } from './middleware/parse-event.ts';
import { SqsEventSchema } from './middleware/sqs-event.ts';

const config = loadFunctionConfig('receiveCaseUpdate');
const ports = { store: dynamoCaseStore(config.TABLE_NAME), workflow: sfnWorkflow() };

const SCHEMAS = {
  [NextBillingDetailType.disputeResolved]: DisputeResolvedDetailSchema,
  [NextBillingDetailType.invoiceCancelled]: InvoiceCancelledDetailSchema,
  [NextBillingDetailType.collectionPaused]: CollectionPausedDetailSchema,
  [NextBillingDetailType.collectionResumed]: CollectionResumedDetailSchema,
};

export const handler = middy()
  .use(lambdaContext())
  .use(parseEvent(SqsEventSchema))
  .handler((batch, context) =>
    processBillingBatch(batch, context, {
      detailSchema: SCHEMAS,
      deadLetterQueueUrl: config.CASE_UPDATE_DLQ_URL,
      handlerName: 'receive-case-update',
      handle: applyOnLatest,
    }),
  );

type UpdateDetail = z.infer<(typeof SCHEMAS)[keyof typeof SCHEMAS]>;

async function applyOnLatest(detail: UpdateDetail, eventId: string, detailType: string): Promise<void> {
  const result = await receiveCaseUpdate(
    detail,
    { eventId, detailType, daySeconds: config.DAY_SECONDS },
    ports,
  );
  if (result.outcome === 'rejected') throw new RejectedEventError(result.reason);
}
