import { DeleteCommand, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import {
  keys,
  LEGACY_OUTBOX_PARTITION,
  OUTBOX_PARTITIONS,
  partitionsOf,
  TABLE,
} from '../../contract/table.ts';
import { carrierOf, type Outbox, type OutboxItem } from '../../ports/case-store.ts';
import { dynamo, putIfStill, updateIfStill } from './client.ts';

/** How long a sent or withheld outbox item is kept (real days: it is for people looking into it). */
const DONE_OUTBOX_ITEM_DAYS = 30;

/** How long a claim's item is kept after it runs out (then DynamoDB's TTL removes it). */
const CLAIM_KEEP_SECONDS = 86_400;

/** The item's key (its index key too: a claim or removal applies only while it still waits as read). */
const keyOf = (item: OutboxItem) => {
  const { pk, sk } = keys.outboxEntry(item.caseId, item.messageKey, item.dueAt, carrierOf(item));
  return { pk, sk };
};

/** Messages and follow-ups that wait until they are due, on the table's index by due time. */
export function dynamoOutbox(tableName: string): Outbox {
  async function due(partition: string, now: Date, limit: number) {
    const out = await dynamo.send(
      new QueryCommand({
        TableName: tableName,
        IndexName: TABLE.byAccountIndex.name,
        KeyConditionExpression: 'gsi1pk = :outbox AND gsi1sk <= :now',
        ExpressionAttributeValues: { ':outbox': partition, ':now': `${now.toISOString()}#~` },
        Limit: limit,
      }),
    );
    return (out.Items ?? []) as OutboxItem[];
  }

  return {
    /**
     * Keeps a message or follow-up until it is due. A new item is on the table's stream at once: one
     * due now goes to its carrier straight away, one due later waits for the carrier's schedule.
     */
    async putInOutbox(item) {
      await dynamo.send(
        new PutCommand({
          TableName: tableName,
          Item: {
            ...keys.outboxEntry(item.caseId, item.messageKey, item.dueAt, carrierOf(item)),
            itemType: 'outbox',
            ...item,
          },
        }),
      );
    },

    /**
     * One carrier's waiting items due by `now`, oldest first; then its kind of item from the
     * partition every item shared before the carriers were split (empty once those are carried out).
     */
    async dueOutbox(carrier, now, limit = 50) {
      // Every shard of the carrier's partition (and the unsharded one), merged oldest due first.
      const shards = await Promise.all(
        partitionsOf(OUTBOX_PARTITIONS[carrier]).map((p) => due(p, now, limit)),
      );
      const own = shards
        .flat()
        .sort((a, b) =>
          ((a as { gsi1sk?: string }).gsi1sk ?? '').localeCompare((b as { gsi1sk?: string }).gsi1sk ?? ''),
        )
        .slice(0, limit);
      if (own.length >= limit) return own;
      const legacy = await due(LEGACY_OUTBOX_PARTITION, now, limit);
      return [...own, ...legacy.filter((item) => carrierOf(item) === carrier)].slice(0, limit);
    },

    /**
     * The claim is an item of its own (issue 15), then a strongly consistent read of the outbox item
     * (taken after the claim, so an item carried out by an attempt that held an earlier claim is
     * seen as done): still waiting, with the due time it was read with. One write unit and one read
     * unit, where a claim written on the item (which waits on the index) cost two write units.
     */
    async claimOutboxItem(item, now, until) {
      const claimed = await putIfStill({
        TableName: tableName,
        Item: {
          ...keys.outboxClaim(item.caseId, item.messageKey, item.dueAt),
          itemType: 'outbox-claim',
          claimedUntil: until.toISOString(),
          [TABLE.ttlAttribute]: Math.floor(until.getTime() / 1000) + CLAIM_KEEP_SECONDS,
        },
        ConditionExpression: 'attribute_not_exists(pk) OR claimedUntil <= :now',
        ExpressionAttributeValues: { ':now': now.toISOString() },
      });
      if (!claimed) return false;
      const out = await dynamo.send(
        new GetCommand({
          TableName: tableName,
          Key: keyOf(item),
          ConsistentRead: true,
          ProjectionExpression: 'gsi1pk, dueAt',
        }),
      );
      return typeof out.Item?.gsi1pk === 'string' && out.Item.dueAt === item.dueAt;
    },

    async releaseOutboxItem(item) {
      await dynamo.send(
        new DeleteCommand({
          TableName: tableName,
          Key: keys.outboxClaim(item.caseId, item.messageKey, item.dueAt),
        }),
      );
    },

    /**
     * Takes a message out of the outbox, unless it was put back with a new due time meanwhile. The
     * done item stays a while for whoever looks into a late message, then expires (the timeline keeps
     * what happened to it).
     */
    async removeFromOutbox(item, now) {
      await updateIfStill({
        TableName: tableName,
        Key: keyOf(item),
        // claimedUntil: a claim written on the item before claims were items of their own.
        UpdateExpression: 'REMOVE gsi1pk, gsi1sk, claimedUntil SET #status = :done, #expiresAt = :expiresAt',
        ConditionExpression: 'dueAt = :dueAt',
        ExpressionAttributeNames: { '#status': 'status', '#expiresAt': TABLE.ttlAttribute },
        ExpressionAttributeValues: {
          ':dueAt': item.dueAt,
          ':done': 'done',
          ':expiresAt': Math.floor(now.getTime() / 1000) + DONE_OUTBOX_ITEM_DAYS * 86_400,
        },
      });
    },
  };
}
