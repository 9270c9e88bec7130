import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, DynamoDBBatchResponse, DynamoDBRecord } from 'aws-lambda';
import { outboxItemOfImage } from '../../adapters/dynamodb/stream-images.ts';
import * as z from '../../contract/zod.ts';
import type { OutboxItem } from '../../ports/case-store.ts';
import { logger, withCorrelationIds } from '../../shared/logger.ts';

/**
 * A batch of the table's stream as Lambda's event source mapping delivers it: only what the
 * consumers read (each record's sequence number, for batch item failures, and its new image).
 */
export const TableStreamEventSchema = z.object({
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

/** True for the table's stream (the consumers are also invoked by their schedule). */
export const isStreamBatch = (event: unknown): boolean =>
  Array.isArray((event as { Records?: unknown } | null)?.Records);

/**
 * Handles the items a stream batch brings, one record at a time and in order, with Powertools'
 * batch utility: a record that fails is reported as a batch item failure (the mapping retries from
 * it, bisecting, a bounded number of times, then parks it in the on-failure queue); the others
 * stand. A record whose image is not the consumer's kind of item (`parse`, given the image and the
 * record's event name, says undefined) is left.
 */
export function processTableStream<T extends { caseId: string; messageKey: string }>(
  event: unknown,
  context: Context,
  parse: (image: Record<string, unknown> | undefined, eventName: string | undefined) => T | undefined,
  handle: (item: T) => Promise<string | undefined>,
): Promise<DynamoDBBatchResponse> {
  const batch = TableStreamEventSchema.parse(event);
  const handleRecord = async (record: DynamoDBRecord): Promise<void> => {
    const item = parse(record.dynamodb?.NewImage as Record<string, unknown> | undefined, record.eventName);
    if (!item) {
      logger.warn('A stream record this function does not handle; left alone', {
        sequenceNumber: record.dynamodb?.SequenceNumber,
      });
      return;
    }
    await withCorrelationIds({ caseId: item.caseId }, async () => {
      try {
        const outcome = await handle(item);
        if (outcome) logger.info('Stream record handled', { messageKey: item.messageKey, outcome });
      } catch (error) {
        logger.error('A stream record failed; the stream retries it', {
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

/**
 * Handles the items a stream batch brings all together (`handle` takes them in order), for a
 * consumer whose writes cost less per batch than per record (recordOutcomes, issue 15). Should
 * `handle` fail, every record of the batch is reported as a batch item failure, so the mapping
 * retries the batch as it retries a failed record (see processTableStream): `handle` must make a
 * retry safe, doing nothing twice. A record whose image is not the consumer's kind of item is left.
 */
export async function processTableStreamTogether<T extends { caseId: string; messageKey: string }>(
  event: unknown,
  parse: (image: Record<string, unknown> | undefined, eventName: string | undefined) => T | undefined,
  handle: (items: T[]) => Promise<void>,
): Promise<DynamoDBBatchResponse> {
  const batch = TableStreamEventSchema.parse(event);
  const items: T[] = [];
  for (const record of batch.Records) {
    const item = parse(record.dynamodb.NewImage, record.eventName);
    if (item) items.push(item);
    else
      logger.warn('A stream record this function does not handle; left alone', {
        sequenceNumber: record.dynamodb.SequenceNumber,
      });
  }
  if (items.length === 0) return { batchItemFailures: [] };
  try {
    await handle(items);
    return { batchItemFailures: [] };
  } catch (error) {
    logger.error('A stream batch failed; the stream retries it', {
      records: batch.Records.length,
      error: error as Error,
    });
    return {
      batchItemFailures: batch.Records.map((record) => ({ itemIdentifier: record.dynamodb.SequenceNumber })),
    };
  }
}

/**
 * The outbox items a stream batch brings, each that is due now (one due later is left to the
 * carrier's schedule), carried out by `carry`.
 */
export function processOutboxStream(
  event: unknown,
  context: Context,
  carry: (item: OutboxItem, now: Date) => Promise<string>,
): Promise<DynamoDBBatchResponse> {
  return processTableStream(event, context, outboxItemOfImage, async (item) => {
    const now = new Date();
    if (Date.parse(item.dueAt) > now.getTime()) return undefined;
    return carry(item, now);
  });
}
