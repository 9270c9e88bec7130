import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from '../../contract/table.ts';
import type { CaseLookups, PhoneLookup } from '../../ports/case-store.ts';
import { caseIdsOfAccount } from './account-cases.ts';
import { dynamo } from './client.ts';

/**
 * The lookups an operator finds cases by (the port: ports/case-store.ts `CaseLookups`), each a Get or
 * a Query on one partition, never a Scan: an account's cases from its account item, an invoice's
 * case on its idempotency item, a debtor's cases on the lookup items openOrJoinCase writes.
 */
export function dynamoCaseLookups(tableName: string): CaseLookups & PhoneLookup {
  async function caseIdsIn(query: ConstructorParameters<typeof QueryCommand>[0]): Promise<string[]> {
    const ids: string[] = [];
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const out = await dynamo.send(new QueryCommand({ ...query, ExclusiveStartKey }));
      for (const item of out.Items ?? []) if (typeof item.caseId === 'string') ids.push(item.caseId);
      ExclusiveStartKey = out.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    return ids;
  }

  return {
    casesOfAccount: (accountId) => caseIdsOfAccount(tableName, accountId),

    async caseOfInvoice(invoiceId) {
      const out = await dynamo.send(
        new GetCommand({ TableName: tableName, Key: keys.invoice(invoiceId), ConsistentRead: true }),
      );
      const caseId = out.Item?.caseId;
      return typeof caseId === 'string' ? caseId : undefined;
    },

    async casesOfPhone(phone) {
      const { pk, skPrefix } = keys.phoneCasesPrefix(phone);
      return caseIdsIn({
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': pk, ':prefix': skPrefix },
        ConsistentRead: true,
      });
    },

    async casesOfDebtor(email) {
      const { pk, skPrefix } = keys.debtorCasesPrefix(email);
      const ids = await caseIdsIn({
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': pk, ':prefix': skPrefix },
        ConsistentRead: true,
      });
      return ids;
    },
  };
}
