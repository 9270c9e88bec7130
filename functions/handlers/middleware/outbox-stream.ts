import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, DynamoDBBatchResponse, DynamoDBRecord } from 'aws-lambda';
import { outboxItemOfImage } from '../../adapters/dynamodb/outbox-stream.ts';
import * as z from '../../contract/zod.ts';
import type { OutboxItem } from '../../ports/case-store.ts';
import { logger, withCorrelationIds } from '../../shared/logger.ts';

/**
 * A batch of the table's stream as Lambda's event source mapping delivers it: only what the carriers
 * read (each record's event name, sequence number for batch item failures, and new image).
 */
export const OutboxStreamEventSchema = z.object({
  Records: z
    .array(
      z.looseObject({
        eventName: z.optional(z.string()),
        eventSource: z.literal('aws:dynamodb'),
        dynamodb: z.looseObject({
          SequenceNumber: z.string(),
          NewImage: z.optional(z.record(z.string(), z.unknown())),
        }),
      }),
    )
    .check(z.minLength(1)),
});

/** True for the table's stream (the carriers are also invoked by their schedule). */
export const isStreamBatch = (event: unknown): boolean =>
  Array.isArray((event as { Records?: unknown } | null)?.Records);

/**
 * Carries out the outbox items a stream batch brings, each that is due now (one due later is left to
 * the carrier's schedule), with Powertools' batch utility: a record that fails is reported as a
 * batch item failure (the mapping retries from it, bisecting, a bounded number of times, then parks
 * it in the on-failure queue); the others stand.
 */
export function processOutboxStream(
  event: unknown,
  context: Context,
  carry: (item: OutboxItem, now: Date) => Promise<string>,
): Promise<DynamoDBBatchResponse> {
  const batch = OutboxStreamEventSchema.parse(event);
  const handleRecord = async (record: DynamoDBRecord): Promise<void> => {
    const item = outboxItemOfImage(record.dynamodb?.NewImage as Record<string, unknown> | undefined);
    if (!item) {
      logger.warn('A stream record that is not a waiting outbox item; left alone', {
        sequenceNumber: record.dynamodb?.SequenceNumber,
      });
      return;
    }
    const now = new Date();
    if (Date.parse(item.dueAt) > now.getTime()) return;
    await withCorrelationIds({ caseId: item.caseId }, async () => {
      try {
        const outcome = await carry(item, now);
        logger.info('Outbox item carried out from the stream', { messageKey: item.messageKey, outcome });
      } catch (error) {
        logger.error('An outbox item failed; the stream retries it', {
          messageKey: item.messageKey,
          error: error as Error,
        });
        throw error;
      }
    });
  };
  // A processor per invocation (the local runtime runs several at once in one process).
  return processPartialResponse(
    batch as unknown as { Records: DynamoDBRecord[] },
    handleRecord,
    new BatchProcessor(EventType.DynamoDBStreams),
    { context, processInParallel: false },
  );
}
