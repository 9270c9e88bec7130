import { QueryCommand, ScanCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { keys, OUTCOME_SHARDS, shardOf } from '../../contract/table.ts';
import {
  type Increments,
  mergeOutcomeDays,
  OUTCOME_ENTRIES,
  type OutcomeDay,
} from '../../domain/outcomes.ts';
import type { OutcomeCounters, RecordedEntries, RecordedEntry } from '../../ports/outcomes.ts';
import { cancellationCodes, dynamo } from './client.ts';

/** How long the mark of a counted entry is kept: well past the stream's 24-hour retention. */
const COUNTED_KEEP_SECONDS = 3 * 86_400;

/**
 * The outcome counters over the single table (the port: ports/outcomes.ts): per day and segment,
 * one item per shard (`OUTCOMES#<segment>`, `DAY#<day>#<shard>`, the shard by case), each counter
 * an atomic ADD; the entry's mark is put in the same transaction, on condition that it is new, so a
 * retried record adds nothing twice. A period reads every shard (and the items from before the
 * shards) in one Query and adds them up per day.
 */
export function dynamoOutcomeCounters(tableName: string): OutcomeCounters {
  return {
    async add(segment, day, increments, counted) {
      const names = Object.keys(increments).filter((name) => Number.isFinite(increments[name]));
      if (names.length === 0) return 'added';
      const attribute = Object.fromEntries(names.map((name, i) => [`#c${i}`, name]));
      const values = Object.fromEntries(names.map((name, i) => [`:c${i}`, increments[name] as number]));
      try {
        await dynamo.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Put: {
                  TableName: tableName,
                  Item: {
                    ...keys.outcomeCounted(counted.caseId, counted.entryKey),
                    itemType: 'outcome-counted',
                    expiresAt: Math.floor(Date.now() / 1000) + COUNTED_KEEP_SECONDS,
                  },
                  ConditionExpression: 'attribute_not_exists(pk)',
                },
              },
              {
                Update: {
                  TableName: tableName,
                  Key: keys.outcomeDay(segment, day, shardOf(counted.caseId, OUTCOME_SHARDS)),
                  UpdateExpression: `SET #type = :type, #segment = :segment, #day = :day ADD ${names
                    .map((_, i) => `#c${i} :c${i}`)
                    .join(', ')}`,
                  ExpressionAttributeNames: {
                    ...attribute,
                    '#type': 'itemType',
                    '#segment': 'segment',
                    '#day': 'day',
                  },
                  ExpressionAttributeValues: {
                    ...values,
                    ':type': 'outcome-day',
                    ':segment': segment,
                    ':day': day,
                  },
                },
              },
            ],
          }),
        );
        return 'added';
      } catch (error) {
        if (cancellationCodes(error)?.[0] === 'ConditionalCheckFailed') return 'duplicate';
        throw error;
      }
    },

    async period(segment, from, to) {
      const range = keys.outcomeDays(segment, from, to);
      const items: OutcomeDay[] = [];
      let start: Record<string, unknown> | undefined;
      // One Query on one partition; a page boundary (1 MB) only continues it.
      do {
        const out = await dynamo.send(
          new QueryCommand({
            TableName: tableName,
            KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
            ExpressionAttributeValues: { ':pk': range.pk, ':from': range.fromSk, ':to': range.toSk },
            ...(start ? { ExclusiveStartKey: start } : {}),
          }),
        );
        for (const item of out.Items ?? []) {
          const { pk: _pk, sk: _sk, itemType: _type, segment: _segment, day, ...counts } = item;
          if (typeof day !== 'string') continue;
          items.push({ day, counts: numbersOf(counts) });
        }
        start = out.LastEvaluatedKey;
      } while (start);
      return mergeOutcomeDays(items);
    },

    async replaceDay(segment, day, counts) {
      // The day's total on shard 0; the other shards and the item from before the shards go.
      const names = Object.keys(counts).filter((name) => Number.isFinite(counts[name]) && counts[name] !== 0);
      await dynamo.send(
        new TransactWriteCommand({
          TransactItems: [
            names.length > 0
              ? {
                  Put: {
                    TableName: tableName,
                    Item: {
                      ...keys.outcomeDay(segment, day, 0),
                      itemType: 'outcome-day',
                      segment,
                      day,
                      ...Object.fromEntries(names.map((name) => [name, counts[name]])),
                    },
                  },
                }
              : { Delete: { TableName: tableName, Key: keys.outcomeDay(segment, day, 0) } },
            { Delete: { TableName: tableName, Key: keys.outcomeDay(segment, day) } },
            ...Array.from({ length: OUTCOME_SHARDS - 1 }, (_, i) => ({
              Delete: { TableName: tableName, Key: keys.outcomeDay(segment, day, i + 1) },
            })),
          ],
        }),
      );
    },
  };
}

const numbersOf = (counts: Record<string, unknown>): Increments =>
  Object.fromEntries(
    Object.entries(counts).filter((entry): entry is [string, number] => typeof entry[1] === 'number'),
  );

/**
 * Every timeline entry the outcomes count, read from the whole table (a Scan, page by page): for
 * rebuilding the counters from the cases (`npm run ops -- outcomes rebuild`), never for a request.
 */
export function dynamoRecordedEntries(tableName: string): RecordedEntries {
  return {
    async *entries() {
      let start: Record<string, unknown> | undefined;
      const types = Object.fromEntries(OUTCOME_ENTRIES.map((type, i) => [`:t${i}`, type]));
      do {
        const out = await dynamo.send(
          new ScanCommand({
            TableName: tableName,
            FilterExpression: `itemType = :timeline AND #type IN (${Object.keys(types).join(', ')})`,
            ExpressionAttributeNames: { '#type': 'type' },
            ExpressionAttributeValues: { ':timeline': 'timeline', ...types },
            ...(start ? { ExclusiveStartKey: start } : {}),
          }),
        );
        for (const item of out.Items ?? []) {
          if (typeof item.caseId !== 'string' || typeof item.type !== 'string' || typeof item.at !== 'string')
            continue;
          yield {
            caseId: item.caseId,
            entryId: typeof item.entryId === 'string' ? item.entryId : String(item.sk),
            type: item.type,
            at: item.at,
            ...(item.data && typeof item.data === 'object'
              ? { data: item.data as Record<string, unknown> }
              : {}),
          } satisfies RecordedEntry;
        }
        start = out.LastEvaluatedKey;
      } while (start);
    },
  };
}
