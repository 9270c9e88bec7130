import { InvalidParameterException, NotFoundException, PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localTopicArn, type SnsEmulator, startSnsEmulator } from '../../local/sns/index.ts';

const TOPIC = localTopicArn('collections-ar-team');

let emulator: SnsEmulator;
let client: SNSClient;

beforeAll(async () => {
  emulator = await startSnsEmulator({ topics: [TOPIC] });
  client = new SNSClient({
    endpoint: emulator.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
});

afterAll(async () => {
  client?.destroy();
  await emulator?.close();
});

describe('local SNS', () => {
  it('publishes to a topic as SNS does (AWS Query in, XML out) and keeps the message', async () => {
    const out = await client.send(
      new PublishCommand({
        TopicArn: TOPIC,
        Subject: 'Callback requested: ACC-1-1',
        Message: 'Phone: +44 20 7946 0958\nPreferred time: morning & <soon>',
        MessageAttributes: { event: { DataType: 'String', StringValue: 'CallbackRequested' } },
      }),
    );
    expect(out.MessageId).toMatch(/^[0-9a-f-]{36}$/);
    expect(out.$metadata.httpStatusCode).toBe(200);
    expect(emulator.messages()).toEqual([
      {
        messageId: out.MessageId,
        topicArn: TOPIC,
        subject: 'Callback requested: ACC-1-1',
        message: 'Phone: +44 20 7946 0958\nPreferred time: morning & <soon>',
        messageAttributes: { event: { DataType: 'String', StringValue: 'CallbackRequested' } },
        timestamp: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      },
    ]);
    const listed = (await (await fetch(`${emulator.url}/messages`)).json()) as { messageId: string }[];
    expect(listed.map((message) => message.messageId)).toEqual([out.MessageId]);
  });

  it('answers NotFound for a topic that does not exist', async () => {
    const attempt = client.send(new PublishCommand({ TopicArn: localTopicArn('missing'), Message: 'x' }));
    await expect(attempt).rejects.toBeInstanceOf(NotFoundException);
    await expect(attempt).rejects.toMatchObject({ message: 'Topic does not exist' });
  });

  it('refuses an empty message and a subject SNS would refuse', async () => {
    await expect(client.send(new PublishCommand({ TopicArn: TOPIC, Message: '' }))).rejects.toBeInstanceOf(
      InvalidParameterException,
    );
    for (const Subject of ['x'.repeat(101), 'two\nlines', 'café']) {
      await expect(
        client.send(new PublishCommand({ TopicArn: TOPIC, Message: 'x', Subject })),
      ).rejects.toMatchObject({ name: 'InvalidParameterException', message: 'Invalid parameter: Subject' });
    }
    expect(emulator.messages()).toHaveLength(1);
  });
});
