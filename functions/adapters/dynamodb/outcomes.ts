import { QueryCommand, ScanCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { keys, OUTCOME_SHARDS, shardOf } from '../../contract/table.ts';
import {
  type Increments,
  mergeOutcomeDays,
  OUTCOME_ENTRIES,
  type OutcomeDay,
} from '../../domain/outcomes.ts';
import type {
  Counted,
  CountedEntry,
  OutcomeCounters,
  RecordedEntries,
  RecordedEntry,
} from '../../ports/outcomes.ts';
import { cancellationCodes, dynamo } from './client.ts';

/** How long the mark of a counted entry is kept: well past the stream's 24-hour retention. */
const COUNTED_KEEP_SECONDS = 3 * 86_400;

/**
 * The most items one transaction of counted entries holds (marks and counter items): DynamoDB's
 * limit is 100, and a batch that needs more is counted in several transactions, each exactly once.
 */
export const MAX_COUNTING_ITEMS = 90;

/**
 * The outcome counters over the single table (the port: ports/outcomes.ts): per day and segment,
 * one item per shard (`OUTCOMES#<segment>`, `DAY#<day>#<shard>`, the shard by stream batch), each
 * counter an atomic ADD. A batch's entries are counted in one transaction (issue 15): each entry's
 * mark, put on condition that it is new, and one addition per day and segment with the entries'
 * sums, so a retried record adds nothing twice. A period reads every shard (and the items from
 * before the shards) in one Query and adds them up per day.
 */
export function dynamoOutcomeCounters(tableName: string): OutcomeCounters {
  return {
    async addBatch(entries, shardKey) {
      const shard = shardOf(shardKey, OUTCOME_SHARDS);
      const duplicates: Counted[] = [];
      // An entry twice in one batch is counted once (a transaction may not write one item twice).
      const marks = new Set<string>();
      const counting: CountedEntry[] = [];
      for (const entry of entries) {
        const increments = finiteOf(entry.increments);
        if (Object.keys(increments).length === 0) continue;
        const mark = JSON.stringify([entry.counted.caseId, entry.counted.entryKey]);
        if (marks.has(mark)) duplicates.push(entry.counted);
        else counting.push({ ...entry, increments });
        marks.add(mark);
      }
      let added = 0;
      for (const chunk of chunksOf(counting)) {
        let rest = chunk;
        // Each try without the entries the last found counted already: at most one try per entry.
        while (rest.length > 0) {
          try {
            await dynamo.send(
              new TransactWriteCommand({
                TransactItems: [
                  ...rest.map((entry) => markOf(tableName, entry.counted)),
                  ...sumsOf(rest).map((sum) => additionOf(tableName, sum, shard)),
                ],
              }),
            );
            added += rest.length;
            break;
          } catch (error) {
            // Only marks have a condition: any other reason (a conflict, throttling) fails the batch.
            const codes = cancellationCodes(error) ?? [];
            const countedAlready = (i: number) => codes[i] === 'ConditionalCheckFailed';
            const otherReason = codes.some(
              (code, i) => !countedAlready(i) && code !== undefined && code !== 'None',
            );
            if (otherReason || !codes.some((_, i) => countedAlready(i))) throw error;
            duplicates.push(...rest.filter((_, i) => countedAlready(i)).map((entry) => entry.counted));
            rest = rest.filter((_, i) => !countedAlready(i));
          }
        }
      }
      return { added, duplicates };
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

/** The entry's mark, on condition that it is new: what makes the entry counted once. */
const markOf = (tableName: string, counted: Counted) => ({
  Put: {
    TableName: tableName,
    Item: {
      ...keys.outcomeCounted(counted.caseId, counted.entryKey),
      itemType: 'outcome-counted',
      expiresAt: Math.floor(Date.now() / 1000) + COUNTED_KEEP_SECONDS,
    },
    ConditionExpression: 'attribute_not_exists(pk)',
  },
});

type DaySum = { segment: string; day: string; increments: Increments };

/** The entries' increments summed per day and segment: one addition per counter item. */
function sumsOf(entries: readonly CountedEntry[]): DaySum[] {
  const sums = new Map<string, DaySum>();
  for (const { segment, day, increments } of entries) {
    const key = JSON.stringify([segment, day]);
    const sum = sums.get(key) ?? { segment, day, increments: {} };
    for (const [name, value] of Object.entries(increments))
      sum.increments[name] = (sum.increments[name] ?? 0) + value;
    sums.set(key, sum);
  }
  return [...sums.values()];
}

/** An atomic addition of the sums to the day's item of the segment on the shard. */
function additionOf(tableName: string, { segment, day, increments }: DaySum, shard: number) {
  const names = Object.keys(increments);
  return {
    Update: {
      TableName: tableName,
      Key: keys.outcomeDay(segment, day, shard),
      UpdateExpression: `SET #type = :type, #segment = :segment, #day = :day ADD ${names
        .map((_, i) => `#c${i} :c${i}`)
        .join(', ')}`,
      ExpressionAttributeNames: {
        ...Object.fromEntries(names.map((name, i) => [`#c${i}`, name])),
        '#type': 'itemType',
        '#segment': 'segment',
        '#day': 'day',
      },
      ExpressionAttributeValues: {
        ...Object.fromEntries(names.map((name, i) => [`:c${i}`, increments[name]])),
        ':type': 'outcome-day',
        ':segment': segment,
        ':day': day,
      },
    },
  };
}

/**
 * The entries in the fewest transactions of at most MAX_COUNTING_ITEMS items, in order: each
 * entry's mark, and one counter item per day and segment among the transaction's entries.
 */
function chunksOf(entries: readonly CountedEntry[]): CountedEntry[][] {
  const chunks: CountedEntry[][] = [];
  let chunk: CountedEntry[] = [];
  let days = new Set<string>();
  for (const entry of entries) {
    const day = JSON.stringify([entry.segment, entry.day]);
    const items = chunk.length + 1 + days.size + (days.has(day) ? 0 : 1);
    if (items > MAX_COUNTING_ITEMS) {
      chunks.push(chunk);
      chunk = [];
      days = new Set();
    }
    chunk.push(entry);
    days.add(day);
  }
  if (chunk.length > 0) chunks.push(chunk);
  return chunks;
}

const finiteOf = (increments: Increments): Increments =>
  Object.fromEntries(Object.entries(increments).filter(([, value]) => Number.isFinite(value)));

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
