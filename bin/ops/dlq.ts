import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import {
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  ListMessageMoveTasksCommand,
  type Message,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
  StartMessageMoveTaskCommand,
} from '@aws-sdk/client-sqs';
import { failed, usage } from './errors.ts';
import { duration, type Output, table } from './output.ts';
import type { QueuePair, Target } from './target.ts';

/** How long a listed message stays hidden from other readers (a dead-letter queue has no consumer). */
const PEEK_VISIBILITY_SECONDS = 5;
const MOVE_POLL_MS = 2000;

type Parked = {
  messageId: string;
  ageSeconds: number;
  receiveCount: number;
  reason: string;
  rejectedBy?: string;
  detailType?: string;
  ids: Record<string, string>;
};

/**
 * `dlq list`: each dead-letter queue, its depth, and each parked message's reason and age. Reading a
 * message hides it for a few seconds (SQS has no peek); nothing is deleted.
 */
export async function dlqList(target: Target, out: Output, limit: number): Promise<void> {
  const sqs = new SQSClient(target.client('sqs'));
  try {
    const queues = [];
    for (const [id, pair] of Object.entries(target.queues).sort(([a], [b]) => a.localeCompare(b))) {
      const depth = await depthOf(sqs, pair.deadLetterQueueUrl);
      const messages =
        depth.visible + depth.inFlight > 0 ? await peek(sqs, pair.deadLetterQueueUrl, limit) : [];
      queues.push({
        queue: id,
        url: pair.deadLetterQueueUrl,
        depth: depth.visible,
        inFlight: depth.inFlight,
        messages,
      });
      out.line(`${id}: ${depth.visible} parked${depth.inFlight ? ` (+${depth.inFlight} being read)` : ''}`);
      for (const line of table(
        messages.map((message) => [
          `  ${message.messageId}`,
          `${duration(message.ageSeconds * 1000)} old`,
          [message.detailType, ...Object.entries(message.ids).map(([key, value]) => `${key}=${value}`)]
            .filter(Boolean)
            .join(' '),
          message.reason,
        ]),
      ))
        out.line(line);
      if (messages.length < depth.visible) out.line(`  … ${depth.visible - messages.length} more (--limit)`);
    }
    const total = queues.reduce((sum, queue) => sum + queue.depth, 0);
    const redrivable = Object.entries(target.queues)
      .filter(([, pair]) => pair.queueUrl || pair.bus)
      .map(([id]) => id)
      .sort();
    out.line(
      total === 0
        ? 'Every dead-letter queue is empty.'
        : `Fix the cause, then: npm run ops -- dlq redrive <${redrivable.join(' | ')}>`,
    );
    out.result({ queues });
  } finally {
    sqs.destroy();
  }
}

/**
 * `dlq redrive <queue>`: sends the parked events back through their intake queue, once the cause is
 * fixed. Idempotent: the intake applies an event once (the same invoiceId, the same paymentId), and
 * a message leaves the dead-letter queue only once it is in the intake queue. On AWS, one SQS message
 * move task (StartMessageMoveTask, followed to its end); locally, message by message. An agency's
 * (issue 14) has no intake queue: each parked event is put back on the bus its rule listens on.
 */
export async function dlqRedrive(target: Target, queueId: string | undefined, out: Output): Promise<void> {
  const ids = Object.keys(target.queues).sort();
  if (queueId === undefined) throw usage(`dlq redrive needs a queue: one of ${ids.join(', ')}`);
  const pair = Object.entries(target.queues).find(([id]) => id.toLowerCase() === queueId.toLowerCase());
  if (!pair) throw usage(`no dead-letter queue "${queueId}": one of ${ids.join(', ')}`);
  const [id, queues] = pair;
  if (!queues.queueUrl && !queues.bus)
    throw failed(`the ${id} intake queue's URL is unknown (no ${id}QueueUrl output): cannot redrive`);
  const sqs = new SQSClient(target.client('sqs'));
  try {
    const { visible } = await depthOf(sqs, queues.deadLetterQueueUrl);
    if (visible === 0) {
      out.line(`${id}: nothing to redrive (the dead-letter queue is empty).`);
      out.result({ queue: id, moved: 0, status: 'EMPTY' });
      return;
    }
    const result = queues.queueUrl
      ? target.kind === 'aws'
        ? await moveTask(sqs, id, queues as Required<QueuePair>, out)
        : await moveByHand(sqs, id, queues as Required<QueuePair>, visible, out)
      : await putBackOnBus(sqs, target, id, queues, visible, out);
    out.result({ queue: id, ...result });
    if (result.status === 'FAILED')
      throw failed(`the redrive of ${id} failed: ${result.failureReason ?? 'see the SQS console'}`);
  } finally {
    sqs.destroy();
  }
}

async function depthOf(sqs: SQSClient, QueueUrl: string) {
  const out = await sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl,
      AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
    }),
  );
  return {
    visible: Number(out.Attributes?.ApproximateNumberOfMessages ?? 0),
    inFlight: Number(out.Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0),
  };
}

async function receive(sqs: SQSClient, QueueUrl: string, max: number, VisibilityTimeout: number) {
  const out = await sqs.send(
    new ReceiveMessageCommand({
      QueueUrl,
      MaxNumberOfMessages: Math.min(10, Math.max(1, max)),
      VisibilityTimeout,
      MessageAttributeNames: ['All'],
      MessageSystemAttributeNames: ['SentTimestamp', 'ApproximateReceiveCount', 'DeadLetterQueueSourceArn'],
    }),
  );
  return out.Messages ?? [];
}

async function peek(sqs: SQSClient, QueueUrl: string, limit: number): Promise<Parked[]> {
  const seen = new Map<string, Parked>();
  while (seen.size < limit) {
    const batch = await receive(sqs, QueueUrl, limit - seen.size, PEEK_VISIBILITY_SECONDS);
    const fresh = batch.filter((message) => message.MessageId && !seen.has(message.MessageId));
    if (fresh.length === 0) break;
    for (const message of fresh) seen.set(message.MessageId as string, parked(message));
  }
  return [...seen.values()];
}

/** A parked message for people: why it is there, how old, which event (ids only). */
function parked(message: Message): Parked {
  const attributes = message.Attributes ?? {};
  const sent = Number(attributes.SentTimestamp ?? Date.now());
  const receiveCount = Number(attributes.ApproximateReceiveCount ?? 1);
  const reasonAttribute = message.MessageAttributes?.reason?.StringValue;
  const rejectedBy = message.MessageAttributes?.rejectedBy?.StringValue;
  const reason =
    reasonAttribute ??
    (attributes.DeadLetterQueueSourceArn
      ? `failed in its consumer on every receive (from ${attributes.DeadLetterQueueSourceArn.split(':').pop()})`
      : 'no reason recorded (EventBridge could not deliver it, or it was sent here directly)');
  const event = eventOf(message.Body);
  return {
    messageId: message.MessageId ?? '',
    ageSeconds: Math.max(0, Math.round((Date.now() - sent) / 1000)),
    // This read counts as one receive: the ones before it are the message's history.
    receiveCount: Math.max(0, receiveCount - 1),
    reason,
    ...(rejectedBy ? { rejectedBy } : {}),
    ...(event.detailType ? { detailType: event.detailType } : {}),
    ids: event.ids,
  };
}

/** The event's detail type and ids (accountId, invoiceId, paymentId…): never names, addresses or amounts. */
function eventOf(body: string | undefined): { detailType?: string; ids: Record<string, string> } {
  try {
    const event = JSON.parse(body ?? '') as { 'detail-type'?: unknown; detail?: Record<string, unknown> };
    const ids: Record<string, string> = {};
    for (const key of ['accountId', 'invoiceId', 'paymentId', 'caseId', 'updateId']) {
      const value = event.detail?.[key];
      if (typeof value === 'string') ids[key] = value.slice(0, 80);
    }
    return {
      ...(typeof event['detail-type'] === 'string' ? { detailType: event['detail-type'] } : {}),
      ids,
    };
  } catch {
    return { ids: {} };
  }
}

type MoveResult = { status: string; moved: number; toMove?: number; failureReason?: string };

/** AWS: one message move task from the dead-letter queue to the intake queue, followed to its end. */
async function moveTask(
  sqs: SQSClient,
  id: string,
  queues: Required<QueuePair>,
  out: Output,
): Promise<MoveResult> {
  const arnOf = async (QueueUrl: string) =>
    (await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }))).Attributes
      ?.QueueArn as string;
  const SourceArn = await arnOf(queues.deadLetterQueueUrl);
  const DestinationArn = await arnOf(queues.queueUrl);
  try {
    // The intake queue named explicitly: it also takes the events the consumer parked itself and those
    // EventBridge could not deliver, which carry no source queue.
    await sqs.send(new StartMessageMoveTaskCommand({ SourceArn, DestinationArn }));
    out.progress(`${id}: moving the dead letters back to ${queues.queueUrl.split('/').pop()}…`);
  } catch (error) {
    // One task per queue at a time: a second run follows the running one instead of starting another.
    if (/running|already/i.test((error as Error).message)) {
      out.progress(`${id}: a redrive is already running; following it…`);
    } else if ((error as Error).name === 'UnsupportedOperation') {
      // A queue SQS will not move from (not the dead-letter queue of another queue): message by message.
      out.progress(
        `${id}: SQS cannot move from this queue (${(error as Error).message}); moving message by message…`,
      );
      const { visible } = await depthOf(sqs, queues.deadLetterQueueUrl);
      return moveByHand(sqs, id, queues, visible, out);
    } else throw error;
  }
  for (;;) {
    const tasks = await sqs.send(new ListMessageMoveTasksCommand({ SourceArn, MaxResults: 1 }));
    const task = tasks.Results?.[0];
    const moved = task?.ApproximateNumberOfMessagesMoved ?? 0;
    const toMove = task?.ApproximateNumberOfMessagesToMove;
    out.progress(
      `${id}: ${task?.Status ?? 'UNKNOWN'}, ${moved}${toMove !== undefined ? ` of ${toMove}` : ''} moved`,
    );
    if (task?.Status !== 'RUNNING' && task?.Status !== 'CANCELLING')
      return {
        status: task?.Status ?? 'UNKNOWN',
        moved,
        ...(toMove !== undefined ? { toMove } : {}),
        ...(task?.FailureReason ? { failureReason: task.FailureReason } : {}),
      };
    await new Promise((resolve) => setTimeout(resolve, MOVE_POLL_MS));
  }
}

/**
 * An agency's dead letters (issue 14): each parked event (the whole EventBridge event) is put back on
 * the bus with its source, detail-type and detail as they were, then deleted from the dead-letter
 * queue; the agency's rule delivers it to the agency again (with a new event id: the agency
 * de-duplicates a forward by its `forwardId`, a placement by its `caseId`). Only as many as were parked
 * at the start; one the bus refuses stops the run, left in the queue. On AWS and locally alike.
 */
async function putBackOnBus(
  sqs: SQSClient,
  target: Target,
  id: string,
  queues: QueuePair,
  parkedAtStart: number,
  out: Output,
): Promise<MoveResult> {
  const bus = queues.bus as string;
  const events = new EventBridgeClient(target.client('eventbridge'));
  let moved = 0;
  try {
    while (moved < parkedAtStart) {
      const batch = await receive(sqs, queues.deadLetterQueueUrl, parkedAtStart - moved, 30);
      if (batch.length === 0) break;
      for (const message of batch) {
        const event = parsedEvent(message.Body);
        if (!event)
          return {
            status: 'FAILED',
            moved,
            toMove: parkedAtStart,
            failureReason: `${message.MessageId} is not an EventBridge event`,
          };
        const put = await events.send(
          new PutEventsCommand({
            Entries: [
              {
                EventBusName: bus,
                Source: event.source,
                DetailType: event.detailType,
                Detail: JSON.stringify(event.detail),
              },
            ],
          }),
        );
        if (put.FailedEntryCount)
          return {
            status: 'FAILED',
            moved,
            toMove: parkedAtStart,
            failureReason: `the bus refused ${message.MessageId}: ${put.Entries?.[0]?.ErrorMessage ?? put.Entries?.[0]?.ErrorCode ?? 'no reason given'}`,
          };
        await sqs.send(
          new DeleteMessageCommand({
            QueueUrl: queues.deadLetterQueueUrl,
            ReceiptHandle: message.ReceiptHandle,
          }),
        );
        moved++;
        out.progress(`${id}: ${moved} of ${parkedAtStart} put back on ${bus} (${message.MessageId})`);
      }
    }
  } finally {
    events.destroy();
  }
  out.line(
    `${id}: ${moved} dead letter${moved === 1 ? '' : 's'} put back on the bus ${bus}; its rule delivers each to the agency again.`,
  );
  return { status: 'COMPLETED', moved, toMove: parkedAtStart };
}

/** A parked EventBridge event's source, detail-type and detail; undefined when the body is not one. */
function parsedEvent(body: string | undefined) {
  try {
    const event = JSON.parse(body ?? '') as { source?: unknown; 'detail-type'?: unknown; detail?: unknown };
    if (typeof event.source !== 'string' || typeof event['detail-type'] !== 'string') return undefined;
    if (typeof event.detail !== 'object' || event.detail === null) return undefined;
    return { source: event.source, detailType: event['detail-type'], detail: event.detail };
  } catch {
    return undefined;
  }
}

/**
 * Locally: each message is sent to the intake queue, then deleted from the dead-letter queue (a stop
 * in between leaves it in both; the intake's idempotency makes the second delivery harmless). Only as
 * many as were parked at the start move: an event that fails again and comes back waits for the next run.
 */
async function moveByHand(
  sqs: SQSClient,
  id: string,
  queues: Required<QueuePair>,
  parkedAtStart: number,
  out: Output,
): Promise<MoveResult> {
  let moved = 0;
  while (moved < parkedAtStart) {
    const batch = await receive(sqs, queues.deadLetterQueueUrl, parkedAtStart - moved, 30);
    if (batch.length === 0) break;
    for (const message of batch) {
      await sqs.send(new SendMessageCommand({ QueueUrl: queues.queueUrl, MessageBody: message.Body ?? '' }));
      await sqs.send(
        new DeleteMessageCommand({
          QueueUrl: queues.deadLetterQueueUrl,
          ReceiptHandle: message.ReceiptHandle,
        }),
      );
      moved++;
      out.progress(`${id}: ${moved} of ${parkedAtStart} moved (${message.MessageId})`);
    }
  }
  out.line(`${id}: ${moved} dead letter${moved === 1 ? '' : 's'} sent back through intake.`);
  return { status: 'COMPLETED', moved, toMove: parkedAtStart };
}
