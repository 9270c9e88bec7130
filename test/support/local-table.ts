import { inject } from 'vitest';
import {
  createCollectionsTable,
  databaseOf,
  LOCAL_CREDENTIALS,
  type LocalDynamo,
  startDynamoDbLocal,
} from '../../local/dynamodb/index.ts';
import { LOCAL_REGION } from '../../local/http-server.ts';

/**
 * DynamoDB Local with the collections table, for a test of the adapters themselves: the adapters'
 * one client reads its endpoint from the SDK's standard variables, as on Lambda, so they are set
 * here, before the test imports an adapter (its client is made when its module loads).
 */
export async function startLocalTable(tableName: string): Promise<LocalDynamo> {
  // A database of its own on the project's shared DynamoDB Local (test/support/shared-dynamodb.ts).
  const shared = inject('sharedDynamoDbUrl');
  const dynamo = shared ? await databaseOf(shared) : await startDynamoDbLocal();
  await createCollectionsTable(dynamo.url, tableName);
  process.env.AWS_ENDPOINT_URL_DYNAMODB = dynamo.url;
  process.env.AWS_REGION = LOCAL_REGION;
  process.env.AWS_ACCESS_KEY_ID = LOCAL_CREDENTIALS.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = LOCAL_CREDENTIALS.secretAccessKey;
  return dynamo;
}
