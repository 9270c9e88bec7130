import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from '../../functions/contract/table.ts';

export type TimelineRow = { type: string; at: string; data?: Record<string, unknown> };

/** Reads case timelines straight from the runtime's table, in sort-key order. */
export function timelineReader(endpoint: string, tableName: string) {
  const table = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'l', secretAccessKey: 'l' },
    }),
  );
  const itemsOf = async (pk: string, skPrefix: string) =>
    (
      await table.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: { ':pk': pk, ':prefix': skPrefix },
          ConsistentRead: true,
        }),
      )
    ).Items ?? [];
  return {
    async timeline(caseId: string): Promise<TimelineRow[]> {
      const { pk, skPrefix } = keys.timelinePrefix(caseId);
      return (await itemsOf(pk, skPrefix)) as TimelineRow[];
    },
    /** The case's items whose sort key starts so (its outbox entries: 'OUTBOX#'). */
    caseItems: (caseId: string, skPrefix: string) => itemsOf(keys.case(caseId).pk, skPrefix),
    close: () => table.destroy(),
  };
}
