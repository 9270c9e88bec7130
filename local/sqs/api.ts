import { jsonRpcHandler, LOCAL_ACCOUNT_ID, sendJson } from '../http-server.ts';
import { missingParameter, queueDoesNotExist } from './errors.ts';
import type { Queue } from './queue.ts';

/**
 * The SQS API over HTTP (AWS JSON 1.0): only SendMessage, the one action the handlers call (to park
 * a poison event in its dead-letter queue), and `GET /queues`, every queue and its messages for people.
 */
export function sqsApi(
  queues: ReadonlyMap<string, Queue>,
  consumers: ReadonlyMap<Queue, unknown>,
  queueUrl: (name: string) => string,
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
