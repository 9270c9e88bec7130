import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from '../../contract/table.ts';
import type { CaseRecord } from '../../domain/case.ts';
import { getItems } from './account-cases.ts';
import { caseFromItem } from './case-item.ts';
import { dynamo } from './client.ts';

/**
 * The case with its task token: one strongly consistent Query over the case item and the token's
 * own item (table.ts `caseWithToken`), which costs what a GetItem of the case costs (read units
 * count the bytes read, rounded up to 4 KB).
 */
export async function readCase(
  tableName: string,
  caseId: string,
  /** The adapters' client unless told (the property lives read with their own). */
  client: Pick<typeof dynamo, 'send'> = dynamo,
): Promise<CaseRecord | undefined> {
  const range = keys.caseWithToken(caseId);
  const out = await client.send(
    new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :case AND :token',
      ExpressionAttributeValues: { ':pk': range.pk, ':case': range.fromSk, ':token': range.toSk },
      ConsistentRead: true,
    }),
  );
  const items = out.Items ?? [];
  const item = items.find((entry) => entry.sk === keys.case(caseId).sk);
  const token = items.find((entry) => entry.sk === keys.caseTaskToken(caseId).sk);
  return item ? caseFromItem(item, token) : undefined;
}

/** These cases with their task tokens (BatchGetItem of both items of each); missing ones left out. */
export async function readCases(tableName: string, caseIds: readonly string[]): Promise<CaseRecord[]> {
  const items = await getItems(
    tableName,
    caseIds.flatMap((caseId) => [keys.case(caseId), keys.caseTaskToken(caseId)]),
  );
  const tokenSk = keys.caseTaskToken('').sk;
  const tokens = new Map(
    items.filter((item) => item.sk === tokenSk).map((item) => [String(item.pk), item] as const),
  );
  return items
    .filter((item) => item.sk === keys.case('').sk)
    .map((item) => caseFromItem(item, tokens.get(String(item.pk))));
}
