import { createHash } from 'node:crypto';
import {
  ChangeMessageVisibilityCommand,
  DeleteMessageBatchCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  PurgeQueueCommand,
  QueueDoesNotExist,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import type { SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { md5OfMessageAttributes, type SqsEmulator, startSqsEmulator } from '../../local/sqs-emulator.ts';

let sqs: SqsEmulator;
let client: SQSClient;
const warnings: string[] = [];

const QUEUES = ['api', 'intake', 'intake-dlq', 'work', 'work-dlq', 'plain'];

beforeAll(async () => {
  sqs = await startSqsEmulator({
    queues: [
      { name: 'api', visibilityTimeoutSeconds: 30 },
      { name: 'intake', deadLetterQueue: 'intake-dlq', maxReceiveCount: 3, visibilityTimeoutSeconds: 180 },
      { name: 'intake-dlq' },
      { name: 'work', deadLetterQueue: 'work-dlq', maxReceiveCount: 2, visibilityTimeoutSeconds: 100 },
      { name: 'work-dlq' },
      { name: 'plain' },
    ],
    // 180 s → 90 ms; 30 s → 15 ms.
    visibilityTimeoutScale: 0.0005,
    logger: {
      warn: (message: string) => warnings.push(message),
      error: (message: string) => warnings.push(message),
    },
  });
  client = new SQSClient({
    endpoint: sqs.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
});

afterAll(async () => {
  client?.destroy();
  await sqs?.close();
});

beforeEach(async () => {
  warnings.length = 0;
  for (const name of QUEUES) await client.send(new PurgeQueueCommand({ QueueUrl: sqs.queueUrl(name) }));
});

describe('local SQS over the real SDK', () => {
  it('gives queue URLs and refuses unknown queues with QueueDoesNotExist', async () => {
    const { QueueUrl } = await client.send(new GetQueueUrlCommand({ QueueName: 'api' }));
    expect(QueueUrl).toBe(`${sqs.url}/000000000000/api`);
    expect(sqs.queueUrl('api')).toBe(QueueUrl);
    const missing = client.send(new GetQueueUrlCommand({ QueueName: 'nope' }));
    await expect(missing).rejects.toBeInstanceOf(QueueDoesNotExist);
    await expect(
      client.send(new SendMessageCommand({ QueueUrl: `${sqs.url}/000000000000/nope`, MessageBody: 'x' })),
    ).rejects.toMatchObject({ name: 'QueueDoesNotExist', Code: 'AWS.SimpleQueueService.NonExistentQueue' });
  });

  it('sends and receives with attributes and the MD5 sums the SDK checks', async () => {
    const QueueUrl = sqs.queueUrl('api');
    const MessageAttributes = {
      kind: { DataType: 'String', StringValue: 'invoice' },
      amount: { DataType: 'Number', StringValue: '12.5' },
      blob: { DataType: 'Binary', BinaryValue: new Uint8Array([0, 1, 2, 255]) },
    };
    const sent = await client.send(
      new SendMessageCommand({ QueueUrl, MessageBody: 'héllo ✓', MessageAttributes }),
    );
    expect(sent.MessageId).toBeTruthy();
    expect(sent.MD5OfMessageAttributes).toBe(
      md5OfMessageAttributes({
        kind: { DataType: 'String', StringValue: 'invoice' },
        amount: { DataType: 'Number', StringValue: '12.5' },
        blob: { DataType: 'Binary', BinaryValue: Buffer.from([0, 1, 2, 255]).toString('base64') },
      }),
    );

    const received = await client.send(
      new ReceiveMessageCommand({
        QueueUrl,
        MaxNumberOfMessages: 10,
        MessageAttributeNames: ['All'],
        MessageSystemAttributeNames: ['ApproximateReceiveCount', 'SentTimestamp'],
      }),
    );
    expect(received.Messages).toHaveLength(1);
    const message = received.Messages?.[0];
    expect(message).toMatchObject({
      MessageId: sent.MessageId,
      Body: 'héllo ✓',
      MD5OfBody: sent.MD5OfMessageBody,
      MD5OfMessageAttributes: sent.MD5OfMessageAttributes,
      Attributes: { ApproximateReceiveCount: '1' },
      MessageAttributes: {
        kind: { DataType: 'String', StringValue: 'invoice' },
        amount: { DataType: 'Number', StringValue: '12.5' },
      },
    });
    expect([...(message?.MessageAttributes?.blob?.BinaryValue ?? [])]).toEqual([0, 1, 2, 255]);
    expect(Number(message?.Attributes?.SentTimestamp)).toBeGreaterThan(Date.now() - 5000);

    await client.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: message?.ReceiptHandle }));
    expect(sqs.messages('api')).toEqual([]);
  });

  it('matches a known SQS MD5 of message attributes', () => {
    // The sum SQS gives for these attributes (from a recorded ReceiveMessage response).
    expect(
      md5OfMessageAttributes({
        Hello: { DataType: 'String', StringValue: 'There' },
        General: { DataType: 'String', StringValue: 'Kenobi' },
      }),
    ).toBe('fca026605781cb4126a1e9044df24232');
  });

  it('returns only the message attributes asked for, with their own MD5', async () => {
    const QueueUrl = sqs.queueUrl('api');
    await client.send(
      new SendMessageCommand({
        QueueUrl,
        MessageBody: 'x',
        MessageAttributes: {
          'trace.id': { DataType: 'String', StringValue: 't' },
          other: { DataType: 'String', StringValue: 'o' },
        },
      }),
    );
    const received = await client.send(
      new ReceiveMessageCommand({ QueueUrl, MessageAttributeNames: ['trace.*'] }),
    );
    const message = received.Messages?.[0];
    expect(Object.keys(message?.MessageAttributes ?? {})).toEqual(['trace.id']);
    expect(message?.MD5OfMessageAttributes).toBe(
      md5OfMessageAttributes({ 'trace.id': { DataType: 'String', StringValue: 't' } }),
    );
    expect(message?.Attributes).toBeUndefined();
  });

  it('sends batches and reports per-entry failures', async () => {
    const QueueUrl = sqs.queueUrl('api');
    const result = await client.send(
      new SendMessageBatchCommand({
        QueueUrl,
        Entries: [
          { Id: 'a', MessageBody: 'one' },
          {
            Id: 'b',
            MessageBody: 'two',
            MessageAttributes: { n: { DataType: 'Number', StringValue: 'NaN!' } },
          },
          { Id: 'c', MessageBody: 'three', DelaySeconds: 0 },
        ],
      }),
    );
    expect(result.Successful?.map((entry) => entry.Id)).toEqual(['a', 'c']);
    expect(result.Failed).toEqual([
      expect.objectContaining({ Id: 'b', SenderFault: true, Code: 'InvalidParameterValue' }),
    ]);
    expect(sqs.messages('api').map((message) => message.body)).toEqual(['one', 'three']);

    await expect(
      client.send(
        new SendMessageBatchCommand({
          QueueUrl,
          Entries: [
            { Id: 'same', MessageBody: '1' },
            { Id: 'same', MessageBody: '2' },
          ],
        }),
      ),
    ).rejects.toMatchObject({ name: 'BatchEntryIdsNotDistinct' });
  });

  it('hides a received message for the (scaled) visibility timeout, then shows it again', async () => {
    const QueueUrl = sqs.queueUrl('api');
    await client.send(new SendMessageCommand({ QueueUrl, MessageBody: 'again' }));
    const first = await client.send(new ReceiveMessageCommand({ QueueUrl }));
    expect(first.Messages).toHaveLength(1);
    expect((await client.send(new ReceiveMessageCommand({ QueueUrl }))).Messages ?? []).toHaveLength(0);
    const attributes = await client.send(
      new GetQueueAttributesCommand({
        QueueUrl,
        AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
      }),
    );
    expect(attributes.Attributes).toEqual({
      ApproximateNumberOfMessages: '0',
      ApproximateNumberOfMessagesNotVisible: '1',
    });

    // Long poll: the message comes back when its 30 s (scaled to 15 ms) visibility timeout ends.
    const second = await client.send(
      new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 1, MessageSystemAttributeNames: ['All'] }),
    );
    expect(second.Messages?.[0]?.Attributes?.ApproximateReceiveCount).toBe('2');
    expect(second.Messages?.[0]?.ReceiptHandle).not.toBe(first.Messages?.[0]?.ReceiptHandle);

    // An old receipt handle is accepted but deletes nothing, like SQS.
    await client.send(
      new DeleteMessageCommand({ QueueUrl, ReceiptHandle: first.Messages?.[0]?.ReceiptHandle }),
    );
    expect(sqs.messages('api')).toHaveLength(1);
    await client.send(
      new ChangeMessageVisibilityCommand({
        QueueUrl,
        ReceiptHandle: second.Messages?.[0]?.ReceiptHandle,
        VisibilityTimeout: 0,
      }),
    );
    const third = await client.send(new ReceiveMessageCommand({ QueueUrl }));
    const deleted = await client.send(
      new DeleteMessageBatchCommand({
        QueueUrl,
        Entries: [{ Id: 'x', ReceiptHandle: third.Messages?.[0]?.ReceiptHandle }],
      }),
    );
    expect(deleted.Successful).toEqual([{ Id: 'x' }]);
    expect(sqs.messages('api')).toEqual([]);
    await expect(
      client.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: 'garbage' })),
    ).rejects.toMatchObject({ name: 'ReceiptHandleIsInvalid' });
  });

  it('long polls until a message arrives, and returns nothing when none does', async () => {
    const QueueUrl = sqs.queueUrl('api');
    const waiting = client.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 2 }));
    setTimeout(() => sqs.send('api', 'late'), 20);
    const started = Date.now();
    expect((await waiting).Messages?.[0]?.Body).toBe('late');
    expect(Date.now() - started).toBeLessThan(1000);

    const empty = await client.send(
      new ReceiveMessageCommand({ QueueUrl: sqs.queueUrl('plain'), WaitTimeSeconds: 1 }),
    );
    expect(empty.Messages ?? []).toEqual([]);
  });

  it('delays messages by DelaySeconds (scaled)', async () => {
    await client.send(
      new SendMessageCommand({ QueueUrl: sqs.queueUrl('plain'), MessageBody: 'later', DelaySeconds: 60 }),
    );
    expect(sqs.messages('plain')[0]?.state).toBe('delayed');
    expect(
      (await client.send(new ReceiveMessageCommand({ QueueUrl: sqs.queueUrl('plain') }))).Messages,
    ).toBeUndefined();
    const received = await client.send(
      new ReceiveMessageCommand({ QueueUrl: sqs.queueUrl('plain'), WaitTimeSeconds: 1 }),
    );
    expect(received.Messages?.[0]?.Body).toBe('later');
  });

  it('validates input like SQS', async () => {
    const QueueUrl = sqs.queueUrl('plain');
    await expect(
      client.send(new SendMessageCommand({ QueueUrl, MessageBody: 'bad \u0000 char' })),
    ).rejects.toMatchObject({
      name: 'InvalidMessageContents',
    });
    await expect(
      client.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 11 })),
    ).rejects.toMatchObject({
      name: 'InvalidParameterValue',
    });
    await expect(
      client.send(new SendMessageCommand({ QueueUrl, MessageBody: 'x'.repeat(1024 * 1024 + 1) })),
    ).rejects.toMatchObject({
      name: 'InvalidParameterValue',
    });
  });

  it('reports queue attributes, including the redrive policy', async () => {
    sqs.send('intake', 'a');
    sqs.send('intake', 'b', undefined, { delaySeconds: 900 });
    const { Attributes } = await client.send(
      new GetQueueAttributesCommand({ QueueUrl: sqs.queueUrl('intake'), AttributeNames: ['All'] }),
    );
    expect(Attributes).toMatchObject({
      QueueArn: 'arn:aws:sqs:us-east-1:000000000000:intake',
      ApproximateNumberOfMessages: '1',
      ApproximateNumberOfMessagesDelayed: '1',
      VisibilityTimeout: '180',
    });
    expect(JSON.parse(Attributes?.RedrivePolicy ?? '{}')).toEqual({
      deadLetterTargetArn: 'arn:aws:sqs:us-east-1:000000000000:intake-dlq',
      maxReceiveCount: 3,
    });
  });

  it('serves the queues as JSON on GET /queues', async () => {
    sqs.send('plain', 'shown', { k: { DataType: 'String', StringValue: 'v' } });
    const response = await fetch(`${sqs.url}/queues`);
    const queues = (await response.json()) as Array<{ name: string; messages: Array<{ body: string }> }>;
    expect(queues.map((queue) => queue.name)).toEqual(QUEUES);
    expect(queues.find((queue) => queue.name === 'plain')?.messages).toEqual([
      expect.objectContaining({
        body: 'shown',
        state: 'visible',
        messageAttributes: {
          k: { stringValue: 'v', stringListValues: [], binaryListValues: [], dataType: 'String' },
        },
      }),
    ]);
  });
});

describe('the Lambda-like consumer', () => {
  it('hands over the exact Lambda SQS event and deletes what succeeds', async () => {
    const events: SQSEvent[] = [];
    const detach = sqs.attachConsumer(
      'intake',
      async (event) => {
        events.push(event);
      },
      { batchSize: 10, maxConcurrency: 1 },
    );
    try {
      await client.send(
        new SendMessageBatchCommand({
          QueueUrl: sqs.queueUrl('intake'),
          Entries: [
            {
              Id: '1',
              MessageBody: '{"n":1}',
              MessageAttributes: { kind: { DataType: 'String', StringValue: 'k' } },
            },
            { Id: '2', MessageBody: '{"n":2}' },
          ],
        }),
      );
      await sqs.drained();
    } finally {
      detach();
    }
    expect(events).toHaveLength(1);
    const [first, second] = events[0]?.Records ?? [];
    expect(first).toEqual({
      messageId: expect.any(String),
      receiptHandle: expect.any(String),
      body: '{"n":1}',
      attributes: {
        ApproximateReceiveCount: '1',
        SentTimestamp: expect.stringMatching(/^\d{13}$/),
        SenderId: '000000000000',
        ApproximateFirstReceiveTimestamp: expect.stringMatching(/^\d{13}$/),
      },
      messageAttributes: {
        kind: { stringValue: 'k', stringListValues: [], binaryListValues: [], dataType: 'String' },
      },
      md5OfBody: createHash('md5').update('{"n":1}').digest('hex'),
      md5OfMessageAttributes: md5OfMessageAttributes({ kind: { DataType: 'String', StringValue: 'k' } }),
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:intake',
      awsRegion: 'us-east-1',
    });
    expect(second?.body).toBe('{"n":2}');
    expect(second?.md5OfMessageAttributes).toBeUndefined();
    expect(sqs.messages('intake')).toEqual([]);
  });

  it('retries batch item failures after the visibility timeout, then moves them to the dead-letter queue', async () => {
    const seen: Array<{ body: string; count: string }> = [];
    const detach = sqs.attachConsumer(
      'intake',
      async (event) => {
        for (const record of event.Records)
          seen.push({ body: record.body, count: record.attributes.ApproximateReceiveCount });
        return {
          batchItemFailures: event.Records.filter((record) => record.body === 'poison').map((record) => ({
            itemIdentifier: record.messageId,
          })),
        };
      },
      { batchSize: 10, maxConcurrency: 2 },
    );
    const started = Date.now();
    try {
      sqs.send('intake', 'good');
      const poisonId = sqs.send('intake', 'poison', {
        reason: { DataType: 'String', StringValue: 'bad data' },
      });
      await sqs.drained();
      expect(Date.now() - started).toBeLessThan(2000);
      expect(seen.filter((entry) => entry.body === 'good')).toEqual([{ body: 'good', count: '1' }]);
      expect(seen.filter((entry) => entry.body === 'poison').map((entry) => entry.count)).toEqual([
        '1',
        '2',
        '3',
      ]);
      expect(sqs.messages('intake')).toEqual([]);
      const dead = sqs.messages('intake-dlq');
      expect(dead).toHaveLength(1);
      expect(dead[0]).toMatchObject({
        messageId: poisonId,
        body: 'poison',
        messageAttributes: { reason: { stringValue: 'bad data' } },
        attributes: { DeadLetterQueueSourceArn: 'arn:aws:sqs:us-east-1:000000000000:intake' },
      });
      expect(warnings.some((warning) => warning.includes('moved from intake to intake-dlq'))).toBe(true);
    } finally {
      detach();
    }
  });

  it('fails the whole batch when the handler throws, or names a record not in the batch', async () => {
    let calls = 0;
    const detach = sqs.attachConsumer(
      'work',
      async (event) => {
        calls++;
        if (event.Records.some((record) => record.body === 'throw')) throw new Error('boom');
        return { batchItemFailures: [{ itemIdentifier: 'not-in-batch' }] };
      },
      { batchSize: 5, maxConcurrency: 1 },
    );
    try {
      sqs.send('work', 'throw');
      sqs.send('work', 'fine');
      await sqs.drained();
    } finally {
      detach();
    }
    // Two receives each (maxReceiveCount 2), then both go to the dead-letter queue.
    expect(calls).toBe(2);
    expect(
      sqs
        .messages('work-dlq')
        .map((message) => message.body)
        .sort(),
    ).toEqual(['fine', 'throw']);
    expect(warnings.some((warning) => warning.includes('boom'))).toBe(true);
  });

  it('keeps to maxConcurrency and batchSize', async () => {
    let running = 0;
    let most = 0;
    const sizes: number[] = [];
    const detach = sqs.attachConsumer(
      'plain',
      async (event) => {
        running++;
        most = Math.max(most, running);
        sizes.push(event.Records.length);
        await new Promise((resolve) => setTimeout(resolve, 10));
        running--;
      },
      { batchSize: 3, maxConcurrency: 2 },
    );
    try {
      for (let index = 0; index < 20; index++) sqs.send('plain', `m${index}`);
      await sqs.drained();
    } finally {
      detach();
    }
    expect(most).toBe(2);
    expect(Math.max(...sizes)).toBe(3);
    expect(sizes.reduce((total, size) => total + size, 0)).toBe(20);
    expect(sqs.messages('plain')).toEqual([]);
  });

  it('delivers when a message arrives after the consumer is attached, without polling', async () => {
    const bodies: string[] = [];
    const detach = sqs.attachConsumer('plain', async (event) => {
      bodies.push(...event.Records.map((record) => record.body));
    });
    try {
      await sqs.drained();
      await client.send(new SendMessageCommand({ QueueUrl: sqs.queueUrl('plain'), MessageBody: 'pushed' }));
      await sqs.drained();
    } finally {
      detach();
    }
    expect(bodies).toEqual(['pushed']);
  });
});

describe('closing', () => {
  it('leaves no timers or waiting receives behind', async () => {
    const other = await startSqsEmulator({
      queues: [{ name: 'q' }],
      visibilityTimeoutScale: 1,
      logger: { warn: () => {}, error: () => {} },
    });
    const otherClient = new SQSClient({
      endpoint: other.url,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    other.attachConsumer('q', async () => {
      throw new Error('always');
    });
    other.send('q', 'stuck');
    other.send('q', 'delayed', undefined, { delaySeconds: 900 });
    await new Promise((resolve) => setTimeout(resolve, 20));
    const before = process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;
    const pending = otherClient.send(
      new ReceiveMessageCommand({ QueueUrl: other.queueUrl('q'), WaitTimeSeconds: 20 }),
    );
    await new Promise((resolve) => setTimeout(resolve, 20));
    await other.close();
    await pending.catch(() => undefined);
    otherClient.destroy();
    const after = process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;
    expect(after).toBeLessThan(before);
  });
});
