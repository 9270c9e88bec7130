import type { SQSBatchResponse, SQSRecord, SQSRecordAttributes } from 'aws-lambda';
import { lambdaAttributes, md5OfMessageAttributes } from './attributes.ts';
import { type Queue, SENDER_ID, type StoredMessage } from './queue.ts';
import type { SqsConsumerOptions, SqsHandler } from './types.ts';

/**
 * A Lambda event source mapping with ReportBatchItemFailures: receives batches from one queue,
 * hands them to the handler (at most `maxConcurrency` at once), deletes what succeeded, and lets
 * the rest come back after the visibility timeout (and, received too often, go to the dead-letter
 * queue). It is woken by `poke()` after every change to its queue, and by a timer when an
 * invisible message becomes visible again.
 */
export class Consumer {
  readonly batchSize: number;
  readonly maxConcurrency: number;
  running = 0;
  private detached = false;
  private wakeTimer?: NodeJS.Timeout;
  private wakeAt?: number;
  private pumpHandle?: NodeJS.Immediate;

  constructor(
    private readonly queue: Queue,
    private readonly handler: SqsHandler,
    options: SqsConsumerOptions,
    private readonly context: {
      region: string;
      visibilityMs: (seconds: number) => number;
      /** Called when an invocation ends (the queue may now be drained). */
      changed: (queue: Queue) => void;
      isClosed: () => boolean;
      logger: Pick<Console, 'warn'>;
    },
  ) {
    this.batchSize = options.batchSize ?? 10;
    this.maxConcurrency = options.maxConcurrency ?? 2;
    if (this.batchSize < 1 || this.maxConcurrency < 1)
      throw new Error('batchSize and maxConcurrency must be at least 1');
  }

  /** After a change to the queue: pump soon, and re-arm the visibility timer. */
  poke() {
    if (this.detached || this.context.isClosed()) return;
    this.schedulePump();
    this.scheduleWake();
  }

  /** Stops receiving (an invocation already running finishes). */
  stop() {
    this.detached = true;
    if (this.wakeTimer) clearTimeout(this.wakeTimer);
    if (this.pumpHandle) clearImmediate(this.pumpHandle);
    this.wakeTimer = undefined;
    this.wakeAt = undefined;
    this.pumpHandle = undefined;
  }

  private scheduleWake() {
    const now = Date.now();
    const next = this.queue.nextVisibleAt(now);
    if (this.wakeAt === next && this.wakeTimer) return;
    if (this.wakeTimer) clearTimeout(this.wakeTimer);
    this.wakeTimer = undefined;
    this.wakeAt = undefined;
    if (next === Number.POSITIVE_INFINITY) return;
    this.wakeAt = next;
    this.wakeTimer = setTimeout(
      () => {
        this.wakeTimer = undefined;
        this.wakeAt = undefined;
        this.context.changed(this.queue);
      },
      next - now + 1,
    );
  }

  private schedulePump() {
    if (this.pumpHandle) return;
    // Deferred so a burst of sends in one tick lands in one batch, like a batching window.
    this.pumpHandle = setImmediate(() => {
      this.pumpHandle = undefined;
      this.pump();
    });
  }

  private pump() {
    if (this.detached || this.context.isClosed()) return;
    while (!this.detached && this.running < this.maxConcurrency) {
      const batch = this.queue.take(
        this.batchSize,
        this.context.visibilityMs(this.queue.visibilityTimeoutSeconds),
      );
      if (batch.length === 0) break;
      // On AWS a function's timeout is below its queue's visibility timeout (the stack sets 180 s),
      // so a message never comes back while its handler still runs. Locally there is no function
      // timeout and the visibility timeout is scaled down: a handler slowed by a busy machine would
      // see its messages again, and one that then succeeded could not delete them (received again).
      // So a message stays in flight until its handler answers, then visible when its timeout is up.
      const visibleAt = batch.map((message) => message.visibleAt);
      for (const message of batch) message.visibleAt = Number.POSITIVE_INFINITY;
      this.running++;
      this.invoke(batch).finally(() => {
        batch.forEach((message, index) => {
          message.visibleAt = Math.max(visibleAt[index] ?? 0, Date.now());
        });
        this.running--;
        this.context.changed(this.queue);
      });
    }
  }

  private async invoke(batch: StoredMessage[]) {
    const records = batch.map((message) => this.toRecord(message));
    const handles = new Map(records.map((record) => [record.messageId, record.receiptHandle]));
    let failed: Set<string>;
    try {
      const result = await this.handler({ Records: records });
      failed = failedIds(result, handles);
    } catch (error) {
      this.context.logger.warn(
        `local SQS: consumer of ${this.queue.name} failed a batch of ${batch.length}: ${error instanceof Error ? error.message : String(error)}`,
      );
      failed = new Set(handles.keys());
    }
    if (this.context.isClosed()) return;
    for (const [messageId, handle] of handles) if (!failed.has(messageId)) this.queue.delete(handle);
  }

  private toRecord(message: StoredMessage): SQSRecord {
    const attributes: SQSRecordAttributes = {
      ApproximateReceiveCount: String(message.receiveCount),
      SentTimestamp: String(message.sentTimestamp),
      SenderId: SENDER_ID,
      ApproximateFirstReceiveTimestamp: String(message.firstReceiveTimestamp ?? message.sentTimestamp),
      ...(message.deadLetterQueueSourceArn
        ? { DeadLetterQueueSourceArn: message.deadLetterQueueSourceArn }
        : {}),
    };
    const md5OfAttributes = md5OfMessageAttributes(message.messageAttributes);
    return {
      messageId: message.messageId,
      receiptHandle: message.receiptHandle as string,
      body: message.body,
      attributes,
      messageAttributes: lambdaAttributes(message.messageAttributes),
      md5OfBody: message.md5OfBody,
      ...(md5OfAttributes ? { md5OfMessageAttributes: md5OfAttributes } : {}),
      eventSource: 'aws:sqs',
      eventSourceARN: this.queue.arn,
      awsRegion: this.context.region,
    };
  }
}

/**
 * Which records a handler's answer marks as failed, the way Lambda reads ReportBatchItemFailures:
 * an identifier that is empty or not in the batch fails the whole batch.
 */
export function failedIds(result: unknown, handles: Map<string, string>): Set<string> {
  if (typeof result !== 'object' || result === null) return new Set();
  const failures = (result as Partial<SQSBatchResponse>).batchItemFailures;
  if (failures === undefined || failures === null) return new Set();
  if (!Array.isArray(failures)) return new Set(handles.keys());
  const ids = new Set<string>();
  for (const failure of failures) {
    const id = (failure as { itemIdentifier?: unknown } | null)?.itemIdentifier;
    if (typeof id !== 'string' || !handles.has(id)) return new Set(handles.keys());
    ids.add(id);
  }
  return ids;
}
