import { BatchGetCommand, GetCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from '../../contract/table.ts';
import { caseIdFor } from '../../domain/case.ts';
import { dynamo } from './client.ts';

/** BatchGetItem takes at most 100 keys a call. */
const BATCH_KEYS = 100;

/**
 * The ids of an account's cases, oldest first: `<account>-1` to `<account>-<caseCount>`, the count
 * kept on the account item by the transaction that opens each case (so none is missing, and none
 * is counted that was not opened). One strongly consistent GetItem, where the cases used to be
 * read from the byAccount index: the case item is on no index, so none of its many changes pays
 * an index write.
 */
export async function caseIdsOfAccount(tableName: string, accountId: string): Promise<string[]> {
  const out = await dynamo.send(
    new GetCommand({
      TableName: tableName,
      Key: keys.account(accountId),
      ConsistentRead: true,
      ProjectionExpression: 'caseCount',
    }),
  );
  const count = out.Item?.caseCount;
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 1) return [];
  return Array.from({ length: count }, (_, index) => caseIdFor(accountId, index + 1));
}

/** The items of these keys (strongly consistent), in no particular order; missing ones left out. */
export async function getItems(
  tableName: string,
  itemKeys: readonly Record<string, string>[],
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  for (let start = 0; start < itemKeys.length; start += BATCH_KEYS) {
    let pending: Record<string, unknown>[] = itemKeys.slice(start, start + BATCH_KEYS);
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(1000, 50 * 2 ** attempt)));
      const out = await dynamo.send(
        new BatchGetCommand({ RequestItems: { [tableName]: { Keys: pending, ConsistentRead: true } } }),
      );
      items.push(...(out.Responses?.[tableName] ?? []));
      pending = out.UnprocessedKeys?.[tableName]?.Keys ?? [];
      if (attempt >= 8 && pending.length > 0)
        throw new Error(`BatchGetItem left ${pending.length} keys unread after ${attempt + 1} attempts`);
    }
  }
  return items;
}

/** The items of these keys (strongly consistent), in the keys' order; undefined where missing. */
export async function getItemsByKey(
  tableName: string,
  itemKeys: readonly { pk: string; sk: string }[],
): Promise<(Record<string, unknown> | undefined)[]> {
  const items = await getItems(tableName, itemKeys);
  const byKey = new Map(items.map((item) => [`${item.pk}\u0000${item.sk}`, item] as const));
  return itemKeys.map((key) => byKey.get(`${key.pk}\u0000${key.sk}`));
}
