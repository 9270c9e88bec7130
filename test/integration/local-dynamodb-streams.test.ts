import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keys, shardedPartition } from '../../functions/contract/table.ts';
import { type FunctionName, outboxInsertFilter } from '../../lib/functions.ts';
import {
  createCollectionsTable,
  LOCAL_CREDENTIALS,
  type LocalDynamo,
  startDynamoDbLocal,
} from '../../local/dynamodb/index.ts';
import { startStreamMappings } from '../../local/dynamodb-streams/index.ts';
import { LOCAL_REGION } from '../../local/http-server.ts';

type Invocation = { name: FunctionName; event: { Records: Record<string, unknown>[] } };
const TABLE_NAME = 'streams-test';

let dynamo: LocalDynamo;
let doc: DynamoDBDocumentClient;
let mappings: { close(): Promise<void> };
const invocations: Invocation[] = [];
/** Cases whose records the carriers report as failed the first time they get them. */
const failOnce = new Set<string>();

beforeAll(async () => {
  dynamo = await startDynamoDbLocal();
  await createCollectionsTable(dynamo.url, TABLE_NAME);
  doc = DynamoDBDocumentClient.from(
    new DynamoDBClient({ endpoint: dynamo.url, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS }),
  );
  mappings = await startStreamMappings({
    endpoint: dynamo.url,
    tableName: TABLE_NAME,
    mappings: [
      { name: 'sendWaitingMessages', filters: [outboxInsertFilter('mail')] },
      { name: 'carryOutFollowUps', filters: [outboxInsertFilter('followUp')] },
    ],
    invoke: async (name, event) => {
      invocations.push({ name, event: structuredClone(event) as Invocation['event'] });
      type Record = { dynamodb: { SequenceNumber: string; NewImage?: { caseId?: { S?: string } } } };
      const failed = (event.Records as Record[]).filter((record) =>
        failOnce.delete(record.dynamodb.NewImage?.caseId?.S ?? ''),
      );
      return {
        batchItemFailures: failed.map((record) => ({ itemIdentifier: record.dynamodb.SequenceNumber })),
      };
    },
    pollMs: 50,
  });
}, 60_000);

afterAll(async () => {
  await mappings?.close();
  doc?.destroy();
  await dynamo?.close();
});

const put = (caseId: string, messageKey: string, carrier: 'mail' | 'followUp') =>
  doc.send(
    new PutCommand({
      TableName: TABLE_NAME,
      Item: {
        ...keys.outboxEntry(caseId, messageKey, new Date().toISOString(), carrier),
        itemType: 'outbox',
        caseId,
        messageKey,
        dueAt: new Date().toISOString(),
      },
    }),
  );

const recordsFor = (name: FunctionName, caseId: string) =>
  invocations
    .filter((invocation) => invocation.name === name)
    .flatMap((invocation) => invocation.event.Records)
    .filter((record) => JSON.stringify(record).includes(`CASE#${caseId}`));

async function until(check: () => boolean, ms = 10_000) {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('the local DynamoDB stream mappings', () => {
  it('bring each carrier the INSERTs of its own outbox partition, shaped as Lambda’s stream event', async () => {
    await put('S-1', 'ack-1', 'mail');
    await put('S-1', 'event-1', 'followUp');
    await until(
      () =>
        recordsFor('sendWaitingMessages', 'S-1').length > 0 &&
        recordsFor('carryOutFollowUps', 'S-1').length > 0,
    );
    const [mail] = recordsFor('sendWaitingMessages', 'S-1');
    expect(mail).toMatchObject({
      eventName: 'INSERT',
      eventSource: 'aws:dynamodb',
      eventSourceARN: expect.stringContaining(`table/${TABLE_NAME}/stream/`),
      dynamodb: {
        SequenceNumber: expect.any(String),
        NewImage: { messageKey: { S: 'ack-1' }, gsi1pk: { S: shardedPartition('OUTBOX#mail', 'S-1') } },
      },
    });
    expect(recordsFor('carryOutFollowUps', 'S-1')).toMatchObject([
      { dynamodb: { NewImage: { messageKey: { S: 'event-1' } } } },
    ]);
    // Neither carrier got the other's item.
    expect(recordsFor('sendWaitingMessages', 'S-1')).toHaveLength(1);
  });

  it('lets a filtered record through to no one: a MODIFY, another item, an item taken out of the outbox', async () => {
    await put('S-2', 'ack-2', 'mail');
    await until(() => recordsFor('sendWaitingMessages', 'S-2').length === 1);
    const key = keys.outboxEntry('S-2', 'ack-2', '', 'mail');
    await doc.send(
      new UpdateCommand({
        TableName: TABLE_NAME,
        Key: { pk: key.pk, sk: key.sk },
        UpdateExpression: 'SET claimedUntil = :now',
        ExpressionAttributeValues: { ':now': new Date().toISOString() },
      }),
    );
    await doc.send(
      new PutCommand({
        TableName: TABLE_NAME,
        Item: { ...keys.case('S-2'), itemType: 'case', caseId: 'S-2' },
      }),
    );
    // A later insert that does pass shows the stream has been read past the filtered ones.
    await put('S-2', 'ack-3', 'mail');
    await until(() => recordsFor('sendWaitingMessages', 'S-2').length === 2);
    expect(
      recordsFor('sendWaitingMessages', 'S-2').map((record) => (record as { eventName: string }).eventName),
    ).toStrictEqual(['INSERT', 'INSERT']);
    expect(recordsFor('carryOutFollowUps', 'S-2')).toStrictEqual([]);
  });

  it('retries a batch from its first failed record (batchItemFailures), then not again', async () => {
    failOnce.add('S-3');
    await put('S-3', 'event-3', 'followUp');
    await until(() => recordsFor('carryOutFollowUps', 'S-3').length === 2);
    await new Promise((resolve) => setTimeout(resolve, 500));
    // Delivered, reported failed, delivered again and taken: twice, and the same record both times.
    const [first, again] = recordsFor('carryOutFollowUps', 'S-3');
    expect(recordsFor('carryOutFollowUps', 'S-3')).toHaveLength(2);
    expect(again).toStrictEqual(first);
  });
});
