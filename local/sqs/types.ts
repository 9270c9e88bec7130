import type { MessageAttributeValue } from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent, SQSMessageAttributes } from 'aws-lambda';
import type { ListenOptions } from '../http-server.ts';

export type LocalQueueConfig = {
  name: string;
  /** Name of the queue that takes messages received `maxReceiveCount` times without being deleted. */
  deadLetterQueue?: string;
  /** Default 5 when a dead-letter queue is set. */
  maxReceiveCount?: number;
  /** Default 30, like SQS. */
  visibilityTimeoutSeconds?: number;
};

export type SqsEmulatorOptions = ListenOptions & {
  queues: LocalQueueConfig[];
  /**
   * Multiplies every visibility timeout so tests and local runs need not wait real minutes: 0.001
   * turns a 180 s visibility timeout into 180 ms. Default 1.
   */
  visibilityTimeoutScale?: number;
  region?: string;
  logger?: Pick<Console, 'warn' | 'error'>;
};

/** A message as `messages(name)` shows it. */
export type LocalQueueMessage = {
  messageId: string;
  body: string;
  /** Message attributes, in the shape Lambda hands them to a handler. */
  messageAttributes: SQSMessageAttributes;
  /** System attributes, as strings, like a Lambda record's. */
  attributes: Record<string, string>;
  md5OfBody: string;
  state: 'visible' | 'in flight';
};

export type SqsConsumerOptions = {
  /** Most records per invocation. Default 10. */
  batchSize?: number;
  /** Most invocations running at once (an event source mapping's maximum concurrency). Default 2. */
  maxConcurrency?: number;
};

// biome-ignore lint/suspicious/noConfusingVoidType: a handler may return nothing, like a Lambda SQSHandler
export type SqsHandler = (event: SQSEvent) => Promise<SQSBatchResponse | undefined | void>;

export type SqsEmulator = {
  url: string;
  close(): Promise<void>;
  queueUrl(name: string): string;
  /** Sends a message in-process (as EventBridge delivers to a rule's queue); returns its message id. */
  send(name: string, body: string, attributes?: Record<string, MessageAttributeValue>): string;
  messages(name: string): LocalQueueMessage[];
  /**
   * Feeds the queue to `handler` like a Lambda event source mapping with ReportBatchItemFailures.
   * Returns a function that detaches the consumer.
   */
  attachConsumer(name: string, handler: SqsHandler, options?: SqsConsumerOptions): () => void;
  /** Resolves when every queue with a consumer is empty and no invocation is running. */
  drained(): Promise<void>;
};
