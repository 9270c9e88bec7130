import { createHash } from 'node:crypto';
import {
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import type { SQSEvent } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { md5OfMessageAttributes, type SqsEmulator, startSqsEmulator } from '../../local/sqs/index.ts';

let sqs: SqsEmulator;
let client: SQSClient;
const warnings: string[] = [];

const QUEUES = ['api', 'intake', 'intake-dlq', 'work', 'work-dlq', 'plain'];

// A fresh emulator for each test, so that no test sees another's messages.
beforeEach(async () => {
  warnings.length = 0;
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

afterEach(async () => {
  client?.destroy();
  await sqs?.close();
});

describe('local SQS over the real SDK (SendMessage, what the handlers call)', () => {
  it('gives queue URLs and refuses unknown queues with QueueDoesNotExist', async () => {
    expect(sqs.queueUrl('api')).toBe(`${sqs.url}/000000000000/api`);
    expect(() => sqs.queueUrl('nope')).toThrow('No local queue named nope');
    await expect(
      client.send(new SendMessageCommand({ QueueUrl: `${sqs.url}/000000000000/nope`, MessageBody: 'x' })),
    ).rejects.toMatchObject({ name: 'QueueDoesNotExist', Code: 'AWS.SimpleQueueService.NonExistentQueue' });
  });

  it('sends with attributes, answering the MD5 sums the SDK checks', async () => {
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
    expect(sent.MD5OfMessageBody).toBe(createHash('md5').update('héllo ✓').digest('hex'));
    expect(sent.MD5OfMessageAttributes).toBe(
      md5OfMessageAttributes({
        kind: { DataType: 'String', StringValue: 'invoice' },
        amount: { DataType: 'Number', StringValue: '12.5' },
        blob: { DataType: 'Binary', BinaryValue: Buffer.from([0, 1, 2, 255]).toString('base64') },
      }),
    );
    const [message] = sqs.messages('api');
    expect(message).toMatchObject({
      messageId: sent.MessageId,
      body: 'héllo ✓',
      md5OfBody: sent.MD5OfMessageBody,
      state: 'visible',
      attributes: { ApproximateReceiveCount: '0', SenderId: '000000000000' },
      messageAttributes: {
        kind: { stringValue: 'invoice', dataType: 'String' },
        amount: { stringValue: '12.5', dataType: 'Number' },
        blob: { binaryValue: Buffer.from([0, 1, 2, 255]).toString('base64'), dataType: 'Binary' },
      },
    });
    expect(message?.attributes.ApproximateFirstReceiveTimestamp).toBeUndefined();
    expect(Number(message?.attributes.SentTimestamp)).toBeGreaterThan(Date.now() - 5000);
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

  it('validates input like SQS', async () => {
    const QueueUrl = sqs.queueUrl('plain');
    await expect(
      client.send(new SendMessageCommand({ QueueUrl, MessageBody: 'bad \u0000 char' })),
    ).rejects.toMatchObject({
      name: 'InvalidMessageContents',
    });
    await expect(
      client.send(new SendMessageCommand({ QueueUrl, MessageBody: 'x'.repeat(1024 * 1024 + 1) })),
    ).rejects.toMatchObject({
      name: 'InvalidParameterValue',
    });
    await expect(
      client.send(
        new SendMessageCommand({
          QueueUrl,
          MessageBody: 'x',
          MessageAttributes: { n: { DataType: 'Number', StringValue: 'not a number' } },
        }),
      ),
    ).rejects.toMatchObject({
      name: 'InvalidParameterValue',
    });
    expect(() => sqs.send('plain', '')).toThrow('InvalidParameterValue');
    expect(sqs.messages('plain')).toEqual([]);
  });

  it('serves the queues as JSON on GET /queues', async () => {
    sqs.send('plain', 'shown', { k: { DataType: 'String', StringValue: 'v' } });
    const response = await fetch(`${sqs.url}/queues`);
    const queues = (await response.json()) as Array<{
      name: string;
      deadLetterQueue?: string;
      messages: Array<{ body: string }>;
    }>;
    expect(queues.map((queue) => queue.name)).toEqual(QUEUES);
    expect(queues.find((queue) => queue.name === 'intake')?.deadLetterQueue).toBe('intake-dlq');
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
      // Two sends in one tick land in one batch, as within a batching window.
      sqs.send('intake', '{"n":1}', { kind: { DataType: 'String', StringValue: 'k' } });
      sqs.send('intake', '{"n":2}');
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

  it('never hands a message to a consumer again while its handler is still running (as a function timeout below the visibility timeout guarantees on AWS)', async () => {
    const seen: string[] = [];
    const detach = sqs.attachConsumer(
      'work',
      async (event) => {
        for (const record of event.Records) seen.push(record.attributes.ApproximateReceiveCount);
        // Far longer than the scaled visibility timeout (100 s × 0.0005 = 50 ms).
        await new Promise((resolve) => setTimeout(resolve, 300));
        return { batchItemFailures: [] };
      },
      { batchSize: 1, maxConcurrency: 2 },
    );
    try {
      sqs.send('work', 'slow');
      await sqs.drained();
      expect(seen).toEqual(['1']);
      expect(sqs.messages('work')).toEqual([]);
      expect(sqs.messages('work-dlq')).toEqual([]);
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
  it('leaves no timers behind', async () => {
    const other = await startSqsEmulator({
      queues: [{ name: 'q' }],
      visibilityTimeoutScale: 1,
      logger: { warn: () => {}, error: () => {} },
    });
    other.attachConsumer('q', async () => {
      throw new Error('always');
    });
    other.send('q', 'stuck');
    await new Promise((resolve) => setTimeout(resolve, 20));
    // The failed message waits out its 30 s visibility timeout on a timer.
    const before = process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;
    await other.close();
    const after = process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;
    expect(after).toBeLessThan(before);
  });
});

describe('what the ops CLI calls on a dead-letter queue: GetQueueAttributes, ReceiveMessage, DeleteMessage', () => {
  it('counts, reads (with the reason attribute) and deletes parked messages', async () => {
    const QueueUrl = sqs.queueUrl('intake-dlq');
    await client.send(
      new SendMessageCommand({
        QueueUrl,
        MessageBody: '{"detail":1}',
        MessageAttributes: { reason: { DataType: 'String', StringValue: 'amount: must be an integer' } },
      }),
    );
    await client.send(new SendMessageCommand({ QueueUrl, MessageBody: '{"detail":2}' }));
    const attributes = await client.send(
      new GetQueueAttributesCommand({
        QueueUrl,
        AttributeNames: ['ApproximateNumberOfMessages', 'QueueArn'],
      }),
    );
    expect(attributes.Attributes).toEqual({
      ApproximateNumberOfMessages: '2',
      QueueArn: 'arn:aws:sqs:us-east-1:000000000000:intake-dlq',
    });
    const intake = await client.send(
      new GetQueueAttributesCommand({ QueueUrl: sqs.queueUrl('intake'), AttributeNames: ['All'] }),
    );
    expect(JSON.parse(intake.Attributes?.RedrivePolicy ?? '{}')).toEqual({
      deadLetterTargetArn: 'arn:aws:sqs:us-east-1:000000000000:intake-dlq',
      maxReceiveCount: 3,
    });

    // The SDK checks MD5OfBody and MD5OfMessageAttributes: a wrong sum would reject here.
    const { Messages = [] } = await client.send(
      new ReceiveMessageCommand({
        QueueUrl,
        MaxNumberOfMessages: 10,
        VisibilityTimeout: 60,
        MessageAttributeNames: ['All'],
        MessageSystemAttributeNames: ['SentTimestamp', 'ApproximateReceiveCount'],
      }),
    );
    expect(Messages.map((message) => [message.Body, message.MessageAttributes?.reason?.StringValue])).toEqual(
      [
        ['{"detail":1}', 'amount: must be an integer'],
        ['{"detail":2}', undefined],
      ],
    );
    expect(Messages[0]?.Attributes?.ApproximateReceiveCount).toBe('1');
    expect(Number(Messages[0]?.Attributes?.SentTimestamp)).toBeGreaterThan(Date.now() - 60_000);
    // In flight now: not received again, counted as not visible.
    expect((await client.send(new ReceiveMessageCommand({ QueueUrl }))).Messages ?? []).toEqual([]);
    const inFlight = await client.send(
      new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['ApproximateNumberOfMessagesNotVisible'] }),
    );
    expect(inFlight.Attributes).toEqual({ ApproximateNumberOfMessagesNotVisible: '2' });

    await client.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: Messages[0]?.ReceiptHandle }));
    expect(sqs.messages('intake-dlq').map((message) => message.body)).toEqual(['{"detail":2}']);
    await expect(
      client.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: 'not-a-handle' })),
    ).rejects.toMatchObject({ name: 'ReceiptHandleIsInvalid' });
    await expect(
      client.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 11 })),
    ).rejects.toMatchObject({ name: 'InvalidParameterValue' });
  });

  it('makes a received message visible again after its visibility timeout', async () => {
    const QueueUrl = sqs.queueUrl('plain');
    await client.send(new SendMessageCommand({ QueueUrl, MessageBody: 'again' }));
    // 20 s at this emulator's scale: 10 ms.
    const first = await client.send(new ReceiveMessageCommand({ QueueUrl, VisibilityTimeout: 20 }));
    expect(first.Messages?.map((message) => message.Body)).toEqual(['again']);
    await new Promise((resolve) => setTimeout(resolve, 30));
    const second = await client.send(
      new ReceiveMessageCommand({ QueueUrl, MessageSystemAttributeNames: ['ApproximateReceiveCount'] }),
    );
    expect(second.Messages?.[0]?.Attributes?.ApproximateReceiveCount).toBe('2');
  });
});
