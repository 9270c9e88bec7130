import { AwsError, httpServer, LOCAL_ACCOUNT_ID, LOCAL_REGION, listen } from '../http-server.ts';
import { sqsApi } from './api.ts';
import { Consumer } from './consumer.ts';
import { Queue } from './queue.ts';
import type { SqsEmulator, SqsEmulatorOptions } from './types.ts';

export { md5OfMessageAttributes } from './attributes.ts';
export type * from './types.ts';

/**
 * Local SQS: the intake queues and their dead-letter queues, fed to the consumers like Lambda event
 * source mappings, with SendMessage over HTTP for the handlers and GetQueueAttributes, ReceiveMessage and
 * DeleteMessage for the ops CLI.
 */
export async function startSqsEmulator(options: SqsEmulatorOptions): Promise<SqsEmulator> {
  const region = options.region ?? LOCAL_REGION;
  const scale = options.visibilityTimeoutScale ?? 1;
  const logger = options.logger ?? console;
  const queues = new Map<string, Queue>();
  const consumers = new Map<Queue, Consumer>();
  let closed = false;
  let drainWaiters: Array<() => void> = [];
  let baseUrl = '';

  /** After any change: wake the queue's consumer, settle drained(). */
  function changed(queue: Queue) {
    if (closed) return;
    consumers.get(queue)?.poke();
    checkDrained();
  }

  function checkDrained() {
    if (drainWaiters.length === 0) return;
    for (const [queue, consumer] of consumers) {
      if (queue.messages.length > 0 || consumer.running > 0) return;
    }
    const waiters = drainWaiters;
    drainWaiters = [];
    for (const resolve of waiters) resolve();
  }

  for (const config of options.queues) {
    if (queues.has(config.name)) throw new Error(`Queue ${config.name} is declared twice`);
    queues.set(config.name, new Queue(config, region, changed, logger));
  }
  for (const queue of queues.values()) {
    const dlq = queue.config.deadLetterQueue;
    if (dlq === undefined) continue;
    queue.deadLetterQueue = queues.get(dlq);
    if (!queue.deadLetterQueue)
      throw new Error(`Queue ${queue.name}: dead-letter queue ${dlq} is not declared`);
  }

  function queueNamed(name: string): Queue {
    const queue = queues.get(name);
    if (!queue) throw new Error(`No local queue named ${name}`);
    return queue;
  }

  function queueUrl(name: string) {
    queueNamed(name);
    return `${baseUrl}/${LOCAL_ACCOUNT_ID}/${name}`;
  }

  const server = await listen(
    httpServer(sqsApi(queues, consumers, queueUrl, (seconds) => seconds * 1000 * scale)),
    options,
  );
  baseUrl = server.url;

  return {
    url: server.url,
    queueUrl,
    send(name, body, attributes) {
      try {
        return queueNamed(name).send(body, attributes).MessageId;
      } catch (error) {
        if (error instanceof AwsError) throw new Error(`${error.type.replace(/^.*#/, '')}: ${error.message}`);
        throw error;
      }
    },
    messages: (name) => queueNamed(name).inspect(),
    attachConsumer(name, handler, consumerOptions = {}) {
      const queue = queueNamed(name);
      if (consumers.has(queue)) throw new Error(`Queue ${name} already has a consumer`);
      const consumer = new Consumer(queue, handler, consumerOptions, {
        region,
        visibilityMs: (seconds) => seconds * 1000 * scale,
        changed,
        isClosed: () => closed,
        logger,
      });
      consumers.set(queue, consumer);
      changed(queue);
      return () => {
        if (consumers.get(queue) !== consumer) return;
        consumers.delete(queue);
        consumer.stop();
        changed(queue);
      };
    },
    drained: () =>
      new Promise<void>((resolve) => {
        drainWaiters.push(resolve);
        checkDrained();
      }),
    async close() {
      closed = true;
      for (const consumer of consumers.values()) consumer.stop();
      for (const resolve of drainWaiters.splice(0)) resolve();
      await server.close();
    },
  };
}
