import { jsonRpcHandler, LOCAL_ACCOUNT_ID, sendJson } from '../http-server.ts';
import { md5OfMessageAttributes, type WireAttribute } from './attributes.ts';
import { invalidParameter, missingParameter, queueDoesNotExist, sqsError } from './errors.ts';
import type { Queue, StoredMessage } from './queue.ts';

/**
 * The SQS API over HTTP (AWS JSON 1.0): SendMessage, the one action the handlers call (to park a
 * poison event in its dead-letter queue); GetQueueAttributes, ReceiveMessage and DeleteMessage, what
 * the ops CLI calls to list a dead-letter queue and to move its messages back to their intake queue
 * (`npm run ops -- dlq list | dlq redrive`); and `GET /queues`, every queue and its messages for people.
 */
export function sqsApi(
  queues: ReadonlyMap<string, Queue>,
  consumers: ReadonlyMap<Queue, unknown>,
  queueUrl: (name: string) => string,
  visibilityMs: (seconds: number) => number = (seconds) => seconds * 1000,
) {
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
    if (!queue) throw queueDoesNotExist();
    return queue;
  }

  return jsonRpcHandler({
    targetPrefix: 'AmazonSQS',
    jsonVersion: '1.0',
    operations: {
      SendMessage: (input) =>
        queueFromUrl(input).send(input.MessageBody, input.MessageAttributes as Record<string, unknown>),

      GetQueueAttributes(input) {
        const queue = queueFromUrl(input);
        const now = Date.now();
        const visible = queue.messages.filter((message) => message.visibleAt <= now).length;
        const all: Record<string, string> = {
          QueueArn: queue.arn,
          ApproximateNumberOfMessages: String(visible),
          ApproximateNumberOfMessagesNotVisible: String(queue.messages.length - visible),
          ApproximateNumberOfMessagesDelayed: '0',
          VisibilityTimeout: String(queue.visibilityTimeoutSeconds),
          ...(queue.deadLetterQueue
            ? {
                RedrivePolicy: JSON.stringify({
                  deadLetterTargetArn: queue.deadLetterQueue.arn,
                  maxReceiveCount: queue.maxReceiveCount,
                }),
              }
            : {}),
        };
        return { Attributes: pick(all, input.AttributeNames) };
      },

      ReceiveMessage(input) {
        const queue = queueFromUrl(input);
        const max = input.MaxNumberOfMessages ?? 1;
        if (typeof max !== 'number' || !Number.isInteger(max) || max < 1 || max > 10)
          throw invalidParameter(
            `Value ${String(max)} for parameter MaxNumberOfMessages is invalid. Reason: Must be between 1 and 10, if provided.`,
          );
        const timeout = input.VisibilityTimeout ?? queue.visibilityTimeoutSeconds;
        if (typeof timeout !== 'number' || !Number.isInteger(timeout) || timeout < 0 || timeout > 43_200)
          throw invalidParameter(
            `Value ${String(timeout)} for parameter VisibilityTimeout is invalid. Reason: Must be between 0 and 43200, if provided.`,
          );
        // Long polling is not needed by anyone here: what is visible now is the answer.
        const messages = queue.take(max, visibilityMs(timeout));
        const systemNames = input.MessageSystemAttributeNames ?? input.AttributeNames;
        return {
          Messages: messages.map((message) => received(message, systemNames, input.MessageAttributeNames)),
        };
      },

      DeleteMessage(input) {
        const queue = queueFromUrl(input);
        const handle = input.ReceiptHandle;
        if (typeof handle !== 'string' || handle.length === 0) throw missingParameter('ReceiptHandle');
        if (!Buffer.from(handle, 'base64url').toString('utf8').startsWith(`${queue.name}#`))
          throw sqsError(
            'ReceiptHandleIsInvalid',
            'ReceiptHandleIsInvalid',
            `The input receipt handle "${handle}" is not a valid receipt handle.`,
          );
        // A handle of a message received again since, or already deleted, deletes nothing (as in SQS).
        queue.delete(handle);
        return {};
      },
    },
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
          consumer: consumers.has(queue),
          messages: queue.inspect(),
        })),
      );
      return true;
    },
  });
}

/** The attributes asked for: `All`, or the names given (none when none are asked for). */
function pick<T>(all: Record<string, T>, names: unknown): Record<string, T> {
  if (!Array.isArray(names)) return {};
  if (names.includes('All') || names.includes('.*')) return all;
  return Object.fromEntries(Object.entries(all).filter(([name]) => names.includes(name)));
}

/** A received message as ReceiveMessage answers it: the system and message attributes asked for. */
function received(message: StoredMessage, systemNames: unknown, attributeNames: unknown) {
  const system: Record<string, string> = {
    ApproximateReceiveCount: String(message.receiveCount),
    SentTimestamp: String(message.sentTimestamp),
    SenderId: LOCAL_ACCOUNT_ID,
    ...(message.firstReceiveTimestamp
      ? { ApproximateFirstReceiveTimestamp: String(message.firstReceiveTimestamp) }
      : {}),
    ...(message.deadLetterQueueSourceArn
      ? { DeadLetterQueueSourceArn: message.deadLetterQueueSourceArn }
      : {}),
  };
  const attributes: Record<string, WireAttribute> = pick(message.messageAttributes, attributeNames);
  const md5 = md5OfMessageAttributes(attributes);
  return {
    MessageId: message.messageId,
    ReceiptHandle: message.receiptHandle,
    MD5OfBody: message.md5OfBody,
    Body: message.body,
    ...(Object.keys(pick(system, systemNames)).length > 0 ? { Attributes: pick(system, systemNames) } : {}),
    ...(Object.keys(attributes).length > 0
      ? { MessageAttributes: attributes, MD5OfMessageAttributes: md5 }
      : {}),
  };
}
