import { EventBridgeSchema } from '@aws-lambda-powertools/parser/schemas/eventbridge';
import type { SqsSchema } from '@aws-lambda-powertools/parser/schemas/sqs';
import type { SQSBatchResponse } from 'aws-lambda';
import * as z from 'zod';
import { parkInDeadLetterQueue } from './dead-letter.ts';
import { describeIssues } from './issues.ts';
import { logger } from './logger.ts';

/** An event that will never succeed, however often it is retried; it is parked with this reason. */
export class RejectedEventError extends Error {
  override name = 'RejectedEventError';
}

/**
 * Processes a batch of billing events from a rule's queue, one record at a time: an invalid event
 * goes to the dead-letter queue once with a readable reason; a passing failure (throttling, an
 * outage) is reported as a batch item failure so only that record is retried.
 */
export async function processBillingBatch<T extends z.ZodType>(options: {
  batch: z.infer<typeof SqsSchema>;
  /** The detail's schema, or one per detail-type when a rule carries several. */
  detailSchema: T | Readonly<Record<string, T>>;
  deadLetterQueueUrl: string;
  handlerName: string;
  handle: (detail: z.infer<T>, eventId: string, detailType: string) => Promise<void>;
}): Promise<SQSBatchResponse> {
  const schemaFor = (detailType: unknown): T | undefined =>
    options.detailSchema instanceof z.ZodType
      ? options.detailSchema
      : (options.detailSchema as Readonly<Record<string, T>>)[String(detailType)];
  const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
  for (const record of options.batch.Records) {
    try {
      let body: unknown;
      try {
        body = JSON.parse(record.body);
      } catch {
        throw new RejectedEventError('the message body is not JSON');
      }
      const detailType = (body as { 'detail-type'?: unknown })?.['detail-type'];
      const detailSchema = schemaFor(detailType);
      if (!detailSchema)
        throw new RejectedEventError(`detail-type: "${String(detailType)}" is not handled here`);
      const parsed = EventBridgeSchema.extend({ detail: detailSchema }).safeParse(body);
      if (!parsed.success) throw new RejectedEventError(describeIssues(parsed.error));
      const event = parsed.data as { id: string; detail: z.infer<T>; 'detail-type': string };
      await options.handle(event.detail, event.id, event['detail-type']);
    } catch (error) {
      if (error instanceof RejectedEventError) {
        logger.warn('Event rejected to the dead-letter queue', {
          messageId: record.messageId,
          reason: error.message,
        });
        try {
          await parkInDeadLetterQueue(
            options.deadLetterQueueUrl,
            record.body,
            error.message,
            options.handlerName,
          );
          continue;
        } catch (parkError) {
          logger.error('Could not park a rejected event; it will be retried', {
            messageId: record.messageId,
            error: parkError as Error,
          });
        }
      } else {
        logger.error('Event processing failed; it will be retried', {
          messageId: record.messageId,
          error: error as Error,
        });
      }
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures };
}
