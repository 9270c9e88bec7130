import { QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from '../../contract/table.ts';
import type { Increments } from '../../domain/outcomes.ts';
import type { OutcomeCounters } from '../../ports/outcomes.ts';
import { cancellationCodes, dynamo } from './client.ts';

/** How long the mark of a counted entry is kept: well past the stream's 24-hour retention. */
const COUNTED_KEEP_SECONDS = 3 * 86_400;

/**
 * The outcome counters over the single table (the port: ports/outcomes.ts): one item per day and
 * segment (`OUTCOMES#<segment>`, `DAY#<day>`), each counter an atomic ADD; the entry's mark is put
 * in the same transaction, on condition that it is new, so a retried record adds nothing twice.
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
                  Key: keys.outcomeDay(segment, day),
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
      const { pk } = keys.outcomeDay(segment, from);
      const days: { day: string; counts: Increments }[] = [];
      let start: Record<string, unknown> | undefined;
      // One Query on one partition; a page boundary (1 MB) only continues it.
      do {
        const out = await dynamo.send(
          new QueryCommand({
            TableName: tableName,
            KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
            ExpressionAttributeValues: {
              ':pk': pk,
              ':from': keys.outcomeDay(segment, from).sk,
              ':to': keys.outcomeDay(segment, to).sk,
            },
            ...(start ? { ExclusiveStartKey: start } : {}),
          }),
        );
        for (const item of out.Items ?? []) {
          const { pk: _pk, sk, itemType: _type, segment: _segment, day: _day, ...counts } = item;
          const numbers = Object.fromEntries(
            Object.entries(counts).filter((entry): entry is [string, number] => typeof entry[1] === 'number'),
          );
          days.push({ day: String(sk).slice('DAY#'.length), counts: numbers });
        }
        start = out.LastEvaluatedKey;
      } while (start);
      return days;
    },
  };
}
