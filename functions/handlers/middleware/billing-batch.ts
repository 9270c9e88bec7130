import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSBatchResponse } from 'aws-lambda';
// The class itself from zod's core (not `z.core`, a namespace that would bundle every locale).
import { $ZodType } from 'zod/v4/core';
import { INTAKE_QUEUE } from '../../contract/rules.ts';
import * as z from '../../contract/zod.ts';
import { RejectedEventError } from '../../shared/billing-batch.ts';
import { parkInDeadLetterQueue } from '../../shared/dead-letter.ts';
import { describeIssues } from '../../shared/issues.ts';
import { appendCorrelationIds, correlationIdsOf, logger, withCorrelationIds } from '../../shared/logger.ts';
import { orderedLanes } from '../../shared/ordered-lanes.ts';
import { eventBridgeEvent } from './eventbridge-event.ts';
import type { SqsEvent, SqsRecord } from './sqs-event.ts';

export type BillingBatchOptions<T extends z.core.$ZodType> = {
  /** The detail's schema, or one per detail-type when a rule carries several. */
  detailSchema: T | Readonly<Record<string, T>>;
  /** The rule's dead-letter queue, where an event that can never succeed is parked with its reason. */
  deadLetterQueueUrl: string;
  /** Written on each parked message (`rejectedBy`), so a person knows which consumer refused it. */
  handlerName: string;
  /**
   * How many records of different accounts are handled at once (one account's always one after
   * another, in order).
   * @default INTAKE_QUEUE.recordsAtOnce
   */
  recordsAtOnce?: number;
  /** Handles one event. Throw {@link RejectedEventError} to park it; any other error retries it. */
  handle: (detail: z.infer<T>, eventId: string, detailType: string) => Promise<void>;
};

type BillingEvent<T extends z.core.$ZodType> = { id: string; 'detail-type': string; detail: z.infer<T> };

/** The EventBridge envelope around each detail schema, built once per consumer rather than per record. */
const envelopes = new WeakMap<object, ReadonlyMap<string, z.core.$ZodType> | z.core.$ZodType>();

function envelopeFor<T extends z.core.$ZodType>(
  detailSchema: T | Readonly<Record<string, T>>,
  detailType: unknown,
): z.core.$ZodType | undefined {
  let envelope = envelopes.get(detailSchema);
  if (!envelope) {
    envelope =
      detailSchema instanceof $ZodType
        ? eventBridgeEvent(detailSchema)
        : new Map(Object.entries(detailSchema).map(([type, schema]) => [type, eventBridgeEvent(schema)]));
    envelopes.set(detailSchema, envelope);
  }
  return envelope instanceof Map ? envelope.get(String(detailType)) : (envelope as z.core.$ZodType);
}

/** A message body that is not JSON. */
const NOT_JSON = Symbol('not JSON');

/** A message's body, parsed once: its order key and its event are both read from it. */
function bodyOf(record: SqsRecord): unknown {
  try {
    return JSON.parse(record.body);
  } catch {
    return NOT_JSON;
  }
}

/** The EventBridge event in a message's body, or the reason it can never be handled. */
function billingEventIn<T extends z.core.$ZodType>(
  body: unknown,
  detailSchema: T | Readonly<Record<string, T>>,
): BillingEvent<T> {
  if (body === NOT_JSON) throw new RejectedEventError('the message body is not JSON');
  const detailType = (body as { 'detail-type'?: unknown })?.['detail-type'];
  const envelope = envelopeFor(detailSchema, detailType);
  if (!envelope) throw new RejectedEventError(`detail-type: "${String(detailType)}" is not handled here`);
  const parsed = z.safeParse(envelope, body);
  if (!parsed.success) throw new RejectedEventError(describeIssues(parsed.error));
  return parsed.data as BillingEvent<T>;
}

/**
 * Processes a batch of billing events from a rule's queue with Powertools' batch utility: one
 * account's records one at a time and in order (two events of one account never race each other),
 * those of different accounts up to `recordsAtOnce` at once. An event that can
 * never succeed (not JSON, a detail-type not handled here, a detail that fails its schema, or a
 * {@link RejectedEventError} from `handle`) goes to the dead-letter queue once with a readable
 * reason and is not reported as failed, so SQS does not retry it forever; a passing failure
 * (throttling, an outage, the dead-letter queue unreachable) is reported as a batch item failure,
 * so only that record is retried. A batch whose every record failed also gets its
 * `{ batchItemFailures }`, not an error. Each record's ids (message, event, account or case) are on
 * every log line written while it is handled.
 */
export function processBillingBatch<T extends z.core.$ZodType>(
  batch: SqsEvent,
  context: Context,
  options: BillingBatchOptions<T>,
): Promise<SQSBatchResponse> {
  const handleRecord = (record: SqsRecord, body: unknown): Promise<void> =>
    withCorrelationIds({ messageId: record.messageId }, async () => {
      try {
        const event = billingEventIn(body, options.detailSchema);
        appendCorrelationIds({
          ...correlationIdsOf(event.detail),
          eventId: event.id,
          detailType: event['detail-type'],
        });
        await options.handle(event.detail, event.id, event['detail-type']);
      } catch (error) {
        if (!(error instanceof RejectedEventError)) {
          logger.error('Event processing failed; it will be retried', { error: error as Error });
          throw error;
        }
        logger.warn('Event rejected to the dead-letter queue', { reason: error.message });
        try {
          await parkInDeadLetterQueue(
            options.deadLetterQueueUrl,
            record.body,
            error.message,
            options.handlerName,
          );
        } catch (parkError) {
          logger.error('Could not park a rejected event; it will be retried', { error: parkError as Error });
          throw parkError;
        }
      }
    });
  // One account's records one after another, in the order SQS delivered them; other accounts' at
  // once, at most RECORDS_AT_ONCE (each record's log lines carry its own ids: withCorrelationIds).
  const inOrder = orderedLanes(options.recordsAtOnce ?? INTAKE_QUEUE.recordsAtOnce);
  // A processor per invocation: its state is the batch's, and the local runtime runs several
  // invocations of one consumer at once in one process (a Lambda environment runs one at a time).
  return processPartialResponse(
    batch,
    (record: SqsRecord) => {
      const body = bodyOf(record);
      return inOrder(orderingKeyOf(body), () => handleRecord(record, body));
    },
    new BatchProcessor(EventType.SQS),
    { context, processInParallel: true, throwOnFullBatchFailure: false },
  );
}

/**
 * What a record's order is kept within: its account (or case), read from the body without judging
 * it; a body that names neither shares one key with every other such record of the batch.
 */
function orderingKeyOf(body: unknown): string {
  const detail = (body as { detail?: { accountId?: unknown; caseId?: unknown } } | null)?.detail;
  const key = detail?.accountId ?? detail?.caseId;
  return typeof key === 'string' ? `account:${key}` : '';
}
