import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { keys, queuePartition, TABLE } from '../../contract/table.ts';
import type { QueueMoves } from '../../domain/queues.ts';
import { isQueue, type QueueName } from '../../domain/queues.ts';
import type { QueueRow, WorkQueues } from '../../ports/staff.ts';
import { dynamo } from './client.ts';

/**
 * The queue items a change writes with its case (ports/staff.ts `WorkQueues` reads them): one item
 * per case and queue, under the case's partition, keyed into the sparse byQueue index.
 */
export function queueWrites(
  tableName: string,
  caseId: string,
  accountId: string,
  moves: QueueMoves | undefined,
) {
  const entered = new Set((moves?.enter ?? []).map((entry) => entry.queue));
  const puts = (moves?.enter ?? []).map((entry) => ({
    Put: {
      TableName: tableName,
      Item: {
        ...keys.queueEntry(caseId, entry.queue, entry.since),
        itemType: 'queue-entry',
        caseId,
        accountId,
        queue: entry.queue,
        since: entry.since,
        summary: entry.summary,
      },
    },
  }));
  const deletes = (moves?.leave ?? [])
    .filter((queue) => !entered.has(queue))
    .map((queue) => {
      const { pk, sk } = keys.queueEntry(caseId, queue, '');
      return { Delete: { TableName: tableName, Key: { pk, sk } } };
    });
  return [...puts, ...deletes];
}

/**
 * The work queues a case is in now: its queue items, read strongly (one Query on the case's
 * partition, a read unit). A case that leaves every queue deletes only these: a delete in a
 * transaction is billed two write units whether the item is there or not, and most cases are in
 * none of the eight queues when they close (issue 15: 16 write units a case saved).
 */
export async function queuesOf(tableName: string, caseId: string): Promise<QueueName[]> {
  const { pk, sk } = keys.queueEntry(caseId, '', '');
  const out = await dynamo.send(
    new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': pk, ':prefix': sk },
      ProjectionExpression: 'sk',
      ConsistentRead: true,
    }),
  );
  return (out.Items ?? []).map((item) => String(item.sk).slice(sk.length)).filter(isQueue);
}

/** The deletes that take a case out of the queues it was found in (queuesOf). */
export const leaveQueues = (
  tableName: string,
  caseId: string,
  accountId: string,
  queues: readonly QueueName[],
) => queueWrites(tableName, caseId, accountId, { leave: [...queues] });

/** The work queues over the byQueue index: each read one Query on the queue's partition. */
export function dynamoWorkQueues(tableName: string): WorkQueues {
  const index = TABLE.byQueueIndex;
  return {
    async queue(name, limit) {
      const out = await dynamo.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: index.name,
          KeyConditionExpression: '#pk = :pk',
          ExpressionAttributeNames: { '#pk': index.partitionKey },
          ExpressionAttributeValues: { ':pk': queuePartition(name) },
          Limit: limit,
        }),
      );
      return (out.Items ?? []).map((item) => ({
        caseId: item.caseId as string,
        accountId: item.accountId as string,
        since: item.since as string,
        summary: item.summary as QueueRow['summary'],
      }));
    },

    async count(name) {
      let count = 0;
      let ExclusiveStartKey: Record<string, unknown> | undefined;
      do {
        const out = await dynamo.send(
          new QueryCommand({
            TableName: tableName,
            IndexName: index.name,
            KeyConditionExpression: '#pk = :pk',
            ExpressionAttributeNames: { '#pk': index.partitionKey },
            ExpressionAttributeValues: { ':pk': queuePartition(name) },
            Select: 'COUNT',
            ExclusiveStartKey,
          }),
        );
        count += out.Count ?? 0;
        ExclusiveStartKey = out.LastEvaluatedKey;
      } while (ExclusiveStartKey);
      return count;
    },
  };
}
