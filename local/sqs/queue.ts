import { createHash, randomUUID } from 'node:crypto';
import { LOCAL_ACCOUNT_ID } from '../http-server.ts';
import {
  attributesSize,
  INVALID_CHARACTERS,
  lambdaAttributes,
  md5OfMessageAttributes,
  toWireAttributes,
  type WireAttribute,
} from './attributes.ts';
import { invalidParameter, missingParameter, sqsError } from './errors.ts';
import type { LocalQueueConfig, LocalQueueMessage } from './types.ts';

export const MAX_MESSAGE_BYTES = 1024 * 1024;
export const SENDER_ID = LOCAL_ACCOUNT_ID;

/** A message as a queue keeps it. */
export type StoredMessage = {
  messageId: string;
  body: string;
  /** As on the wire: BinaryValue in base64. */
  messageAttributes: Record<string, WireAttribute>;
  md5OfBody: string;
  sentTimestamp: number;
  firstReceiveTimestamp?: number;
  receiveCount: number;
  /** When it may be received again (after a visibility timeout). */
  visibleAt: number;
  /** Set once received: the latest receipt handle. */
  receiptHandle?: string;
  deadLetterQueueSourceArn?: string;
};

const md5 = (data: string | Uint8Array) => createHash('md5').update(data).digest('hex');

/** What SendMessage answers. */
export type SendResult = { MessageId: string; MD5OfMessageBody: string; MD5OfMessageAttributes?: string };

/**
 * One queue: its messages, receiving with a visibility timeout, and the redrive of a message received
 * `maxReceiveCount` times to the dead-letter queue. `changed` is called after every change.
 */
export class Queue {
  readonly name: string;
  readonly arn: string;
  readonly visibilityTimeoutSeconds: number;
  readonly maxReceiveCount: number;
  readonly messages: StoredMessage[] = [];
  deadLetterQueue?: Queue;

  constructor(
    readonly config: LocalQueueConfig,
    region: string,
    private readonly changed: (queue: Queue) => void,
    private readonly logger: Pick<Console, 'warn'>,
  ) {
    this.name = config.name;
    this.arn = `arn:aws:sqs:${region}:${LOCAL_ACCOUNT_ID}:${config.name}`;
    this.visibilityTimeoutSeconds = config.visibilityTimeoutSeconds ?? 30;
    this.maxReceiveCount = config.maxReceiveCount ?? 5;
  }

  /** Checks a message as SendMessage does and adds it. */
  send(body: unknown, rawAttributes: Record<string, unknown> | undefined): SendResult {
    if (typeof body !== 'string') throw missingParameter('MessageBody');
    if (body.length === 0) throw invalidParameter('The request must contain a non-empty message body.');
    if (INVALID_CHARACTERS.test(body))
      throw sqsError(
        'InvalidMessageContents',
        'InvalidMessageContents',
        'Invalid characters found. Valid unicode characters are #x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF',
      );
    const messageAttributes = toWireAttributes(rawAttributes);
    if (Buffer.byteLength(body) + attributesSize(messageAttributes) > MAX_MESSAGE_BYTES)
      throw invalidParameter(
        `One or more parameters are invalid. Reason: Message must be shorter than ${MAX_MESSAGE_BYTES} bytes.`,
      );
    const now = Date.now();
    const message: StoredMessage = {
      messageId: randomUUID(),
      body,
      messageAttributes,
      md5OfBody: md5(body),
      sentTimestamp: now,
      receiveCount: 0,
      visibleAt: now,
    };
    this.messages.push(message);
    this.changed(this);
    return {
      MessageId: message.messageId,
      MD5OfMessageBody: message.md5OfBody,
      ...(Object.keys(messageAttributes).length > 0
        ? { MD5OfMessageAttributes: md5OfMessageAttributes(messageAttributes) }
        : {}),
    };
  }

  /** Receives up to `max` visible messages, moving those received too often to the dead-letter queue. */
  take(max: number, visibilityMs: number): StoredMessage[] {
    const now = Date.now();
    const taken: StoredMessage[] = [];
    const dlq = this.deadLetterQueue;
    for (let index = 0; index < this.messages.length && taken.length < max; ) {
      const message = this.messages[index] as StoredMessage;
      if (message.visibleAt > now) {
        index++;
        continue;
      }
      if (dlq !== undefined && message.receiveCount >= this.maxReceiveCount) {
        this.messages.splice(index, 1);
        dlq.messages.push({
          ...message,
          receiptHandle: undefined,
          visibleAt: now,
          deadLetterQueueSourceArn: this.arn,
        });
        this.logger.warn(
          `local SQS: message ${message.messageId} moved from ${this.name} to ${dlq.name} after ${message.receiveCount} receives`,
        );
        this.changed(dlq);
        continue;
      }
      message.receiveCount++;
      message.firstReceiveTimestamp ??= now;
      message.receiptHandle = Buffer.from(`${this.name}#${message.messageId}#${randomUUID()}`).toString(
        'base64url',
      );
      message.visibleAt = now + visibilityMs;
      taken.push(message);
      index++;
    }
    if (taken.length > 0) this.changed(this);
    return taken;
  }

  /** Deletes the message received with this receipt handle, unless it was received again since. */
  delete(receiptHandle: string) {
    const message = this.messages.find((candidate) => candidate.receiptHandle === receiptHandle);
    if (message) this.messages.splice(this.messages.indexOf(message), 1);
  }

  /** When the next invisible message becomes visible again (Infinity if none will). */
  nextVisibleAt(now: number): number {
    let next = Number.POSITIVE_INFINITY;
    for (const message of this.messages)
      if (message.visibleAt > now && message.visibleAt < next) next = message.visibleAt;
    return next;
  }

  /** The messages as `messages(name)` and `GET /queues` show them. */
  inspect(): LocalQueueMessage[] {
    const now = Date.now();
    return this.messages.map((message) => ({
      messageId: message.messageId,
      body: message.body,
      messageAttributes: lambdaAttributes(message.messageAttributes),
      attributes: {
        ApproximateReceiveCount: String(message.receiveCount),
        ...(message.firstReceiveTimestamp
          ? { ApproximateFirstReceiveTimestamp: String(message.firstReceiveTimestamp) }
          : {}),
        SentTimestamp: String(message.sentTimestamp),
        SenderId: SENDER_ID,
        ...(message.deadLetterQueueSourceArn
          ? { DeadLetterQueueSourceArn: message.deadLetterQueueSourceArn }
          : {}),
      },
      md5OfBody: message.md5OfBody,
      state: message.visibleAt <= now ? 'visible' : 'in flight',
    }));
  }
}
