import { createHash, randomUUID } from 'node:crypto';
import type { MessageAttributeValue } from '@aws-sdk/client-sqs';
import type {
  SQSBatchResponse,
  SQSEvent,
  SQSMessageAttributes,
  SQSRecord,
  SQSRecordAttributes,
} from 'aws-lambda';
import {
  AwsError,
  httpServer,
  jsonRpcHandler,
  type ListenOptions,
  LOCAL_ACCOUNT_ID,
  LOCAL_REGION,
  listen,
  sendJson,
} from './http-server.ts';

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
   * Multiplies every SQS duration (visibility timeouts and delays) so tests and local runs need not
   * wait real minutes: 0.001 turns a 180 s visibility timeout into 180 ms. Default 1.
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
  state: 'visible' | 'in flight' | 'delayed';
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
  queueArn(name: string): string;
  /** Sends a message in-process; returns its message id. */
  send(
    name: string,
    body: string,
    attributes?: Record<string, MessageAttributeValue>,
    options?: { delaySeconds?: number },
  ): string;
  messages(name: string): LocalQueueMessage[];
  /**
   * Feeds the queue to `handler` like a Lambda event source mapping with ReportBatchItemFailures.
   * Returns a function that detaches the consumer.
   */
  attachConsumer(name: string, handler: SqsHandler, options?: SqsConsumerOptions): () => void;
  /** Resolves when every queue with a consumer is empty and no invocation is running. */
  drained(): Promise<void>;
};

const MAX_MESSAGE_BYTES = 1024 * 1024;
const MAX_BATCH_ENTRIES = 10;
const SENDER_ID = LOCAL_ACCOUNT_ID;
const SYSTEM_ATTRIBUTES = [
  'ApproximateReceiveCount',
  'ApproximateFirstReceiveTimestamp',
  'SentTimestamp',
  'SenderId',
  'DeadLetterQueueSourceArn',
] as const;

type WireAttribute = { DataType: string; StringValue?: string; BinaryValue?: string };

type StoredMessage = {
  messageId: string;
  body: string;
  /** As on the wire: BinaryValue in base64. */
  messageAttributes: Record<string, WireAttribute>;
  md5OfBody: string;
  sentTimestamp: number;
  firstReceiveTimestamp?: number;
  receiveCount: number;
  /** When it may be received (after a delay or a visibility timeout). */
  visibleAt: number;
  /** Set once received: the latest receipt handle. */
  receiptHandle?: string;
  deadLetterQueueSourceArn?: string;
};

type Consumer = {
  handler: SqsHandler;
  batchSize: number;
  maxConcurrency: number;
  running: number;
};

type Waiter = {
  max: number;
  visibilityMs: number;
  resolve: (messages: StoredMessage[]) => void;
  timer: NodeJS.Timeout;
};

type Queue = {
  config: LocalQueueConfig;
  name: string;
  arn: string;
  createdTimestamp: number;
  visibilityTimeoutSeconds: number;
  maxReceiveCount: number;
  messages: StoredMessage[];
  consumer?: Consumer;
  waiters: Waiter[];
  wakeTimer?: NodeJS.Timeout;
  wakeAt?: number;
  pumpHandle?: NodeJS.Immediate;
};

const md5 = (data: string | Uint8Array) => createHash('md5').update(data).digest('hex');

/** MD5 of message attributes exactly as SQS computes it (what MD5OfMessageAttributes holds). */
export function md5OfMessageAttributes(attributes: Record<string, WireAttribute>): string | undefined {
  const names = Object.keys(attributes).sort();
  if (names.length === 0) return undefined;
  const hash = createHash('md5');
  const field = (bytes: Uint8Array) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(bytes.length);
    hash.update(length);
    hash.update(bytes);
  };
  for (const name of names) {
    const attribute = attributes[name] as WireAttribute;
    field(Buffer.from(name, 'utf8'));
    field(Buffer.from(attribute.DataType, 'utf8'));
    if (attribute.DataType.startsWith('Binary')) {
      hash.update(Buffer.from([2]));
      field(Buffer.from(attribute.BinaryValue ?? '', 'base64'));
    } else {
      hash.update(Buffer.from([1]));
      field(Buffer.from(attribute.StringValue ?? '', 'utf8'));
    }
  }
  return hash.digest('hex');
}

const sqsError = (shape: string, queryCode: string, message: string, status = 400) =>
  new AwsError(`com.amazonaws.sqs#${shape}`, message, status, {
    'x-amzn-query-error': `${queryCode};Sender`,
  });

const invalidParameter = (message: string) =>
  sqsError('InvalidParameterValue', 'InvalidParameterValue', message);
const missingParameter = (name: string) =>
  sqsError('MissingParameter', 'MissingParameter', `The request must contain the parameter ${name}.`);

// Characters SQS accepts in a message body and string attribute values.
const INVALID_CHARACTERS = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

const ATTRIBUTE_NAME = /^(?!\.)(?!.*\.\.)(?!.*\.$)[A-Za-z0-9_.-]{1,256}$/;

function toWireAttributes(
  attributes: Record<string, unknown> | undefined,
  where = 'MessageAttribute',
): Record<string, WireAttribute> {
  const result: Record<string, WireAttribute> = {};
  if (attributes === undefined) return result;
  if (typeof attributes !== 'object' || attributes === null) throw invalidParameter(`${where} must be a map`);
  const entries = Object.entries(attributes);
  if (entries.length > 10)
    throw invalidParameter(
      `Number of message attributes [${entries.length}] exceeds the allowed maximum [10].`,
    );
  for (const [name, raw] of entries) {
    if (!ATTRIBUTE_NAME.test(name) || /^(aws\.|amazon\.)/i.test(name))
      throw invalidParameter(`Message attribute name '${name}' is invalid.`);
    const value = (raw ?? {}) as {
      DataType?: unknown;
      StringValue?: unknown;
      BinaryValue?: unknown;
    };
    const dataType = value.DataType;
    if (
      typeof dataType !== 'string' ||
      !/^(String|Number|Binary)(\..+)?$/.test(dataType) ||
      dataType.length > 256
    )
      throw invalidParameter(`The type of message (user) attribute '${name}' is invalid.`);
    if (dataType.startsWith('Binary')) {
      let base64: string;
      if (typeof value.BinaryValue === 'string') base64 = value.BinaryValue;
      else if (value.BinaryValue instanceof Uint8Array)
        base64 = Buffer.from(value.BinaryValue).toString('base64');
      else
        throw invalidParameter(`The message attribute '${name}' with type 'Binary' must use field 'Binary'.`);
      result[name] = { DataType: dataType, BinaryValue: base64 };
    } else {
      if (typeof value.StringValue !== 'string' || value.StringValue.length === 0)
        throw invalidParameter(
          `The message attribute '${name}' must contain non-empty message attribute value.`,
        );
      if (INVALID_CHARACTERS.test(value.StringValue))
        throw sqsError(
          'InvalidMessageContents',
          'InvalidMessageContents',
          `Message attribute '${name}' holds invalid characters.`,
        );
      if (
        dataType.startsWith('Number') &&
        !/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(value.StringValue.trim())
      )
        throw invalidParameter(`Can't cast the value of message (user) attribute '${name}' to a number.`);
      result[name] = { DataType: dataType, StringValue: value.StringValue };
    }
  }
  return result;
}

function attributesSize(attributes: Record<string, WireAttribute>) {
  let size = 0;
  for (const [name, attribute] of Object.entries(attributes)) {
    size += Buffer.byteLength(name) + Buffer.byteLength(attribute.DataType);
    size +=
      attribute.BinaryValue !== undefined
        ? Buffer.from(attribute.BinaryValue, 'base64').length
        : Buffer.byteLength(attribute.StringValue ?? '');
  }
  return size;
}

function lambdaAttributes(attributes: Record<string, WireAttribute>): SQSMessageAttributes {
  const result: SQSMessageAttributes = {};
  for (const [name, attribute] of Object.entries(attributes)) {
    result[name] = {
      ...(attribute.StringValue !== undefined ? { stringValue: attribute.StringValue } : {}),
      ...(attribute.BinaryValue !== undefined ? { binaryValue: attribute.BinaryValue } : {}),
      stringListValues: [],
      binaryListValues: [],
      dataType: attribute.DataType,
    };
  }
  return result;
}

function integerParameter(value: unknown, name: string, min: number, max: number, fallback: number) {
  if (value === undefined || value === null) return fallback;
  const number = typeof value === 'string' ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isInteger(number) || number < min || number > max)
    throw invalidParameter(
      `Value ${String(value)} for parameter ${name} is invalid. Reason: Must be between ${min} and ${max}, if provided.`,
    );
  return number;
}

export async function startSqsEmulator(options: SqsEmulatorOptions): Promise<SqsEmulator> {
  const region = options.region ?? LOCAL_REGION;
  const scale = options.visibilityTimeoutScale ?? 1;
  const logger = options.logger ?? console;
  const queues = new Map<string, Queue>();
  let closed = false;
  let drainWaiters: Array<() => void> = [];
  let baseUrl = '';

  const arnOf = (name: string) => `arn:aws:sqs:${region}:${LOCAL_ACCOUNT_ID}:${name}`;
  for (const config of options.queues) {
    if (queues.has(config.name)) throw new Error(`Queue ${config.name} is declared twice`);
    queues.set(config.name, {
      config,
      name: config.name,
      arn: arnOf(config.name),
      createdTimestamp: Date.now(),
      visibilityTimeoutSeconds: config.visibilityTimeoutSeconds ?? 30,
      maxReceiveCount: config.maxReceiveCount ?? 5,
      messages: [],
      waiters: [],
    });
  }
  for (const queue of queues.values()) {
    const dlq = queue.config.deadLetterQueue;
    if (dlq !== undefined && !queues.has(dlq))
      throw new Error(`Queue ${queue.name}: dead-letter queue ${dlq} is not declared`);
  }

  const scaled = (seconds: number) => seconds * 1000 * scale;

  function queueNamed(name: string): Queue {
    const queue = queues.get(name);
    if (!queue) throw new Error(`No local queue named ${name}`);
    return queue;
  }

  function queueFromUrl(input: Record<string, unknown>): Queue {
    const url = input.QueueUrl;
    if (typeof url !== 'string' || url.length === 0) throw missingParameter('QueueUrl');
    let name: string | undefined;
    try {
      const path = new URL(url).pathname.split('/').filter(Boolean);
      if (path.length === 2 && path[0] === LOCAL_ACCOUNT_ID) name = path[1];
    } catch {
      name = undefined;
    }
    const queue = name === undefined ? undefined : queues.get(name);
    if (!queue)
      throw sqsError(
        'QueueDoesNotExist',
        'AWS.SimpleQueueService.NonExistentQueue',
        'The specified queue does not exist.',
      );
    return queue;
  }

  // ---- state changes -------------------------------------------------------------------------

  function enqueue(
    queue: Queue,
    body: unknown,
    rawAttributes: Record<string, unknown> | undefined,
    delaySeconds: unknown,
  ) {
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
    const delay = integerParameter(delaySeconds, 'DelaySeconds', 0, 900, 0);
    const now = Date.now();
    const message: StoredMessage = {
      messageId: randomUUID(),
      body,
      messageAttributes,
      md5OfBody: md5(body),
      sentTimestamp: now,
      receiveCount: 0,
      visibleAt: now + scaled(delay),
    };
    queue.messages.push(message);
    changed(queue);
    return {
      MessageId: message.messageId,
      MD5OfMessageBody: message.md5OfBody,
      ...(Object.keys(messageAttributes).length > 0
        ? { MD5OfMessageAttributes: md5OfMessageAttributes(messageAttributes) }
        : {}),
    };
  }

  /** Receives up to `max` visible messages, moving those received too often to the dead-letter queue. */
  function take(queue: Queue, max: number, visibilityMs: number): StoredMessage[] {
    const now = Date.now();
    const taken: StoredMessage[] = [];
    const dlqName = queue.config.deadLetterQueue;
    for (let index = 0; index < queue.messages.length && taken.length < max; ) {
      const message = queue.messages[index] as StoredMessage;
      if (message.visibleAt > now) {
        index++;
        continue;
      }
      if (dlqName !== undefined && message.receiveCount >= queue.maxReceiveCount) {
        queue.messages.splice(index, 1);
        const dlq = queueNamed(dlqName);
        dlq.messages.push({
          ...message,
          receiptHandle: undefined,
          visibleAt: now,
          deadLetterQueueSourceArn: queue.arn,
        });
        logger.warn(
          `local SQS: message ${message.messageId} moved from ${queue.name} to ${dlqName} after ${message.receiveCount} receives`,
        );
        changed(dlq);
        continue;
      }
      message.receiveCount++;
      message.firstReceiveTimestamp ??= now;
      message.receiptHandle = Buffer.from(`${queue.name}#${message.messageId}#${randomUUID()}`).toString(
        'base64url',
      );
      message.visibleAt = now + visibilityMs;
      taken.push(message);
      index++;
    }
    if (taken.length > 0) changed(queue);
    return taken;
  }

  function parseReceiptHandle(queue: Queue, handle: unknown) {
    if (typeof handle !== 'string' || handle.length === 0) throw missingParameter('ReceiptHandle');
    const [queueName, messageId, nonce] = Buffer.from(handle, 'base64url').toString('utf8').split('#');
    if (queueName !== queue.name || !messageId || !nonce)
      throw sqsError(
        'ReceiptHandleIsInvalid',
        'ReceiptHandleIsInvalid',
        `The input receipt handle "${handle}" is not a valid receipt handle.`,
        404,
      );
    return queue.messages.find(
      (message) => message.messageId === messageId && message.receiptHandle === handle,
    );
  }

  /** Deletes the message if `handle` is its latest receipt handle (an older one succeeds without deleting, like SQS). */
  function deleteByHandle(queue: Queue, handle: unknown) {
    const message = parseReceiptHandle(queue, handle);
    if (!message) return;
    queue.messages.splice(queue.messages.indexOf(message), 1);
    changed(queue);
  }

  /** After any change: wake long polls and the consumer, re-arm the visibility timer, settle drained(). */
  function changed(queue: Queue) {
    if (closed) return;
    if (queue.waiters.length > 0 || queue.consumer) {
      schedulePump(queue);
      scheduleWake(queue);
    }
    checkDrained();
  }

  function scheduleWake(queue: Queue) {
    if (closed) return;
    const now = Date.now();
    let next = Number.POSITIVE_INFINITY;
    for (const message of queue.messages)
      if (message.visibleAt > now && message.visibleAt < next) next = message.visibleAt;
    if (queue.wakeAt === next && queue.wakeTimer) return;
    if (queue.wakeTimer) clearTimeout(queue.wakeTimer);
    queue.wakeTimer = undefined;
    queue.wakeAt = undefined;
    if (next === Number.POSITIVE_INFINITY || (queue.waiters.length === 0 && !queue.consumer)) return;
    queue.wakeAt = next;
    queue.wakeTimer = setTimeout(
      () => {
        queue.wakeTimer = undefined;
        queue.wakeAt = undefined;
        changed(queue);
      },
      next - now + 1,
    );
  }

  function schedulePump(queue: Queue) {
    if (closed || queue.pumpHandle) return;
    // Deferred so a burst of sends in one tick lands in one batch, like a batching window.
    queue.pumpHandle = setImmediate(() => {
      queue.pumpHandle = undefined;
      pump(queue);
    });
  }

  function pump(queue: Queue) {
    if (closed) return;
    while (queue.waiters.length > 0) {
      const waiter = queue.waiters[0] as Waiter;
      const messages = take(queue, waiter.max, waiter.visibilityMs);
      if (messages.length === 0) break;
      queue.waiters.shift();
      clearTimeout(waiter.timer);
      waiter.resolve(messages);
    }
    const consumer = queue.consumer;
    while (consumer && queue.consumer === consumer && consumer.running < consumer.maxConcurrency) {
      const batch = take(queue, consumer.batchSize, scaled(queue.visibilityTimeoutSeconds));
      if (batch.length === 0) break;
      consumer.running++;
      invoke(queue, consumer, batch).finally(() => {
        consumer.running--;
        changed(queue);
      });
    }
  }

  async function invoke(queue: Queue, consumer: Consumer, batch: StoredMessage[]) {
    const records = batch.map((message) => toRecord(queue, message));
    const handles = new Map(records.map((record) => [record.messageId, record.receiptHandle]));
    let failed: Set<string>;
    try {
      const result = await consumer.handler({ Records: records });
      failed = failedIds(result, handles);
    } catch (error) {
      logger.warn(
        `local SQS: consumer of ${queue.name} failed a batch of ${batch.length}: ${error instanceof Error ? error.message : String(error)}`,
      );
      failed = new Set(handles.keys());
    }
    if (closed) return;
    for (const [messageId, handle] of handles) {
      if (failed.has(messageId)) continue;
      const message = queue.messages.find((candidate) => candidate.receiptHandle === handle);
      if (message) queue.messages.splice(queue.messages.indexOf(message), 1);
    }
  }

  function toRecord(queue: Queue, message: StoredMessage): SQSRecord {
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
      eventSourceARN: queue.arn,
      awsRegion: region,
    };
  }

  function checkDrained() {
    if (drainWaiters.length === 0) return;
    for (const queue of queues.values()) {
      if (queue.consumer && (queue.messages.length > 0 || queue.consumer.running > 0)) return;
    }
    const waiters = drainWaiters;
    drainWaiters = [];
    for (const resolve of waiters) resolve();
  }

  function systemAttributes(message: StoredMessage): Record<string, string> {
    return {
      ApproximateReceiveCount: String(message.receiveCount),
      ApproximateFirstReceiveTimestamp: String(message.firstReceiveTimestamp ?? ''),
      SentTimestamp: String(message.sentTimestamp),
      SenderId: SENDER_ID,
      ...(message.deadLetterQueueSourceArn
        ? { DeadLetterQueueSourceArn: message.deadLetterQueueSourceArn }
        : {}),
    };
  }

  function stateOf(message: StoredMessage, now: number): LocalQueueMessage['state'] {
    if (message.visibleAt <= now) return 'visible';
    return message.receiptHandle ? 'in flight' : 'delayed';
  }

  function inspect(queue: Queue): LocalQueueMessage[] {
    const now = Date.now();
    return queue.messages.map((message) => {
      const attributes = systemAttributes(message);
      if (!message.firstReceiveTimestamp) delete attributes.ApproximateFirstReceiveTimestamp;
      return {
        messageId: message.messageId,
        body: message.body,
        messageAttributes: lambdaAttributes(message.messageAttributes),
        attributes,
        md5OfBody: message.md5OfBody,
        state: stateOf(message, now),
      };
    });
  }

  // ---- the SQS API -----------------------------------------------------------------------------

  function receiveMessage(input: Record<string, unknown>) {
    const queue = queueFromUrl(input);
    const max = integerParameter(input.MaxNumberOfMessages, 'MaxNumberOfMessages', 1, 10, 1);
    const visibility = integerParameter(
      input.VisibilityTimeout,
      'VisibilityTimeout',
      0,
      43200,
      queue.visibilityTimeoutSeconds,
    );
    const waitSeconds = integerParameter(input.WaitTimeSeconds, 'WaitTimeSeconds', 0, 20, 0);
    const wantedSystem = new Set<string>([
      ...((input.MessageSystemAttributeNames as string[] | undefined) ?? []),
      ...((input.AttributeNames as string[] | undefined) ?? []),
    ]);
    const wantedUser = (input.MessageAttributeNames as string[] | undefined) ?? [];
    // Like SQS, an empty receive answers `{}`.
    const render = (messages: StoredMessage[]) =>
      messages.length === 0
        ? {}
        : { Messages: messages.map((message) => renderMessage(message, wantedSystem, wantedUser)) };
    const messages = take(queue, max, scaled(visibility));
    if (messages.length > 0 || waitSeconds === 0) return render(messages);
    return new Promise((resolve) => {
      const waiter: Waiter = {
        max,
        visibilityMs: scaled(visibility),
        resolve: (found) => resolve(render(found)),
        timer: setTimeout(() => {
          queue.waiters.splice(queue.waiters.indexOf(waiter), 1);
          waiter.resolve([]);
        }, waitSeconds * 1000),
      };
      queue.waiters.push(waiter);
      changed(queue);
    });
  }

  function renderMessage(message: StoredMessage, wantedSystem: Set<string>, wantedUser: string[]) {
    const all = systemAttributes(message);
    const attributes: Record<string, string> = {};
    for (const name of SYSTEM_ATTRIBUTES) {
      if ((wantedSystem.has('All') || wantedSystem.has(name)) && all[name] !== undefined)
        attributes[name] = all[name];
    }
    const userAttributes: Record<string, WireAttribute> = {};
    for (const [name, attribute] of Object.entries(message.messageAttributes)) {
      const wanted = wantedUser.some(
        (pattern) =>
          pattern === 'All' ||
          pattern === '.*' ||
          pattern === name ||
          (pattern.endsWith('.*') && name.startsWith(pattern.slice(0, -1))),
      );
      if (wanted) userAttributes[name] = attribute;
    }
    const md5OfAttributes = md5OfMessageAttributes(userAttributes);
    return {
      MessageId: message.messageId,
      ReceiptHandle: message.receiptHandle,
      MD5OfBody: message.md5OfBody,
      Body: message.body,
      ...(Object.keys(attributes).length > 0 ? { Attributes: attributes } : {}),
      ...(md5OfAttributes
        ? { MD5OfMessageAttributes: md5OfAttributes, MessageAttributes: userAttributes }
        : {}),
    };
  }

  function batchEntries(input: Record<string, unknown>) {
    const entries = input.Entries;
    if (!Array.isArray(entries) || entries.length === 0)
      throw sqsError(
        'EmptyBatchRequest',
        'AWS.SimpleQueueService.EmptyBatchRequest',
        'There should be at least one entry in the request.',
      );
    if (entries.length > MAX_BATCH_ENTRIES)
      throw sqsError(
        'TooManyEntriesInBatchRequest',
        'AWS.SimpleQueueService.TooManyEntriesInBatchRequest',
        `Maximum number of entries per request are ${MAX_BATCH_ENTRIES}. You have sent ${entries.length}.`,
      );
    const ids = new Set<string>();
    for (const entry of entries as Array<{ Id?: unknown }>) {
      if (typeof entry.Id !== 'string' || !/^[A-Za-z0-9_-]{1,80}$/.test(entry.Id))
        throw sqsError(
          'InvalidBatchEntryId',
          'AWS.SimpleQueueService.InvalidBatchEntryId',
          'A batch entry id can only contain alphanumeric characters, hyphens and underscores. It can be at most 80 letters long.',
        );
      if (ids.has(entry.Id))
        throw sqsError(
          'BatchEntryIdsNotDistinct',
          'AWS.SimpleQueueService.BatchEntryIdsNotDistinct',
          `Id ${entry.Id} repeated.`,
        );
      ids.add(entry.Id);
    }
    return entries as Array<Record<string, unknown> & { Id: string }>;
  }

  const failure = (id: string, error: unknown) => {
    if (!(error instanceof AwsError)) throw error;
    return { Id: id, SenderFault: true, Code: error.type.replace(/^.*#/, ''), Message: error.message };
  };

  const operations = {
    SendMessage(input: Record<string, unknown>) {
      const queue = queueFromUrl(input);
      return enqueue(
        queue,
        input.MessageBody,
        input.MessageAttributes as Record<string, unknown>,
        input.DelaySeconds,
      );
    },
    SendMessageBatch(input: Record<string, unknown>) {
      const queue = queueFromUrl(input);
      const entries = batchEntries(input);
      const total = entries.reduce(
        (size, entry) =>
          size + (typeof entry.MessageBody === 'string' ? Buffer.byteLength(entry.MessageBody) : 0),
        0,
      );
      if (total > MAX_MESSAGE_BYTES)
        throw sqsError(
          'BatchRequestTooLong',
          'AWS.SimpleQueueService.BatchRequestTooLong',
          `Batch requests cannot be longer than ${MAX_MESSAGE_BYTES} bytes.`,
        );
      const Successful: unknown[] = [];
      const Failed: unknown[] = [];
      for (const entry of entries) {
        try {
          Successful.push({
            Id: entry.Id,
            ...enqueue(
              queue,
              entry.MessageBody,
              entry.MessageAttributes as Record<string, unknown>,
              entry.DelaySeconds,
            ),
          });
        } catch (error) {
          Failed.push(failure(entry.Id, error));
        }
      }
      return { Successful, Failed };
    },
    ReceiveMessage: receiveMessage,
    DeleteMessage(input: Record<string, unknown>) {
      deleteByHandle(queueFromUrl(input), input.ReceiptHandle);
      return {};
    },
    DeleteMessageBatch(input: Record<string, unknown>) {
      const queue = queueFromUrl(input);
      const Successful: unknown[] = [];
      const Failed: unknown[] = [];
      for (const entry of batchEntries(input)) {
        try {
          deleteByHandle(queue, entry.ReceiptHandle);
          Successful.push({ Id: entry.Id });
        } catch (error) {
          Failed.push(failure(entry.Id, error));
        }
      }
      return { Successful, Failed };
    },
    ChangeMessageVisibility(input: Record<string, unknown>) {
      const queue = queueFromUrl(input);
      const message = parseReceiptHandle(queue, input.ReceiptHandle);
      if (input.VisibilityTimeout === undefined) throw missingParameter('VisibilityTimeout');
      const seconds = integerParameter(input.VisibilityTimeout, 'VisibilityTimeout', 0, 43200, 0);
      if (!message || message.visibleAt <= Date.now())
        throw sqsError(
          'MessageNotInflight',
          'AWS.SimpleQueueService.MessageNotInflight',
          'Value for parameter ReceiptHandle is invalid. Reason: Message does not exist or is not available for visibility timeout change.',
        );
      message.visibleAt = Date.now() + scaled(seconds);
      changed(queue);
      return {};
    },
    GetQueueUrl(input: Record<string, unknown>) {
      const name = input.QueueName;
      if (typeof name !== 'string') throw missingParameter('QueueName');
      if (!queues.has(name))
        throw sqsError(
          'QueueDoesNotExist',
          'AWS.SimpleQueueService.NonExistentQueue',
          'The specified queue does not exist.',
        );
      return { QueueUrl: queueUrl(name) };
    },
    ListQueues(input: Record<string, unknown>) {
      const prefix = typeof input.QueueNamePrefix === 'string' ? input.QueueNamePrefix : '';
      return { QueueUrls: [...queues.keys()].filter((name) => name.startsWith(prefix)).map(queueUrl) };
    },
    GetQueueAttributes(input: Record<string, unknown>) {
      const queue = queueFromUrl(input);
      const now = Date.now();
      const count = (state: LocalQueueMessage['state']) =>
        String(queue.messages.filter((message) => stateOf(message, now) === state).length);
      const dlq = queue.config.deadLetterQueue;
      const all: Record<string, string> = {
        QueueArn: queue.arn,
        ApproximateNumberOfMessages: count('visible'),
        ApproximateNumberOfMessagesNotVisible: count('in flight'),
        ApproximateNumberOfMessagesDelayed: count('delayed'),
        CreatedTimestamp: String(Math.floor(queue.createdTimestamp / 1000)),
        LastModifiedTimestamp: String(Math.floor(queue.createdTimestamp / 1000)),
        VisibilityTimeout: String(queue.visibilityTimeoutSeconds),
        MaximumMessageSize: String(MAX_MESSAGE_BYTES),
        MessageRetentionPeriod: '345600',
        DelaySeconds: '0',
        ReceiveMessageWaitTimeSeconds: '0',
        SqsManagedSseEnabled: 'true',
        ...(dlq !== undefined
          ? {
              RedrivePolicy: JSON.stringify({
                deadLetterTargetArn: arnOf(dlq),
                maxReceiveCount: queue.maxReceiveCount,
              }),
            }
          : {}),
      };
      const names = (input.AttributeNames as string[] | undefined) ?? [];
      const Attributes: Record<string, string> = {};
      for (const [name, value] of Object.entries(all)) {
        if (names.includes('All') || names.includes(name)) Attributes[name] = value;
      }
      return { Attributes };
    },
    PurgeQueue(input: Record<string, unknown>) {
      const queue = queueFromUrl(input);
      queue.messages.length = 0;
      changed(queue);
      return {};
    },
  };

  function queueUrl(name: string) {
    queueNamed(name);
    return `${baseUrl}/${LOCAL_ACCOUNT_ID}/${name}`;
  }

  const server = await listen(
    httpServer(
      jsonRpcHandler({
        targetPrefix: 'AmazonSQS',
        jsonVersion: '1.0',
        operations,
        other: (request, response) => {
          if (request.method !== 'GET' || new URL(request.url ?? '/', 'http://local').pathname !== '/queues')
            return false;
          sendJson(
            response,
            200,
            [...queues.values()].map((queue) => ({
              name: queue.name,
              url: queueUrl(queue.name),
              ...(queue.config.deadLetterQueue ? { deadLetterQueue: queue.config.deadLetterQueue } : {}),
              consumer: queue.consumer !== undefined,
              messages: inspect(queue),
            })),
          );
          return true;
        },
      }),
    ),
    options,
  );
  baseUrl = server.url;

  return {
    url: server.url,
    queueUrl,
    queueArn: (name) => queueNamed(name).arn,
    send(name, body, attributes, sendOptions) {
      try {
        return enqueue(queueNamed(name), body, attributes, sendOptions?.delaySeconds).MessageId;
      } catch (error) {
        if (error instanceof AwsError) throw new Error(`${error.type.replace(/^.*#/, '')}: ${error.message}`);
        throw error;
      }
    },
    messages: (name) => inspect(queueNamed(name)),
    attachConsumer(name, handler, consumerOptions = {}) {
      const queue = queueNamed(name);
      if (queue.consumer) throw new Error(`Queue ${name} already has a consumer`);
      const consumer: Consumer = {
        handler,
        batchSize: consumerOptions.batchSize ?? 10,
        maxConcurrency: consumerOptions.maxConcurrency ?? 2,
        running: 0,
      };
      if (consumer.batchSize < 1 || consumer.maxConcurrency < 1)
        throw new Error('batchSize and maxConcurrency must be at least 1');
      queue.consumer = consumer;
      changed(queue);
      return () => {
        if (queue.consumer !== consumer) return;
        queue.consumer = undefined;
        changed(queue);
        scheduleWake(queue);
      };
    },
    drained: () =>
      new Promise<void>((resolve) => {
        drainWaiters.push(resolve);
        checkDrained();
      }),
    async close() {
      closed = true;
      for (const queue of queues.values()) {
        if (queue.wakeTimer) clearTimeout(queue.wakeTimer);
        if (queue.pumpHandle) clearImmediate(queue.pumpHandle);
        queue.wakeTimer = undefined;
        queue.pumpHandle = undefined;
        for (const waiter of queue.waiters.splice(0)) {
          clearTimeout(waiter.timer);
          waiter.resolve([]);
        }
      }
      for (const resolve of drainWaiters.splice(0)) resolve();
      await server.close();
    },
  };
}

/**
 * Which records a handler's answer marks as failed, the way Lambda reads ReportBatchItemFailures:
 * an identifier that is empty or not in the batch fails the whole batch.
 */
function failedIds(result: unknown, handles: Map<string, string>): Set<string> {
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
