import { createServer, type Server, type Socket } from 'node:net';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, onFreePort } from '../../local/dynamodb/free-port.ts';
import { LOCAL_CREDENTIALS, startDynamoDbLocal } from '../../local/dynamodb/index.ts';
import { LOCAL_REGION } from '../../local/http-server.ts';

/** A port someone else holds on 127.0.0.1, as another process did between freePort and the child's bind in CI. */
let taken: Server;
let takenPort: number;
/** It accepts and never answers, as a busy server might; DynamoDB Local's readiness probe must not wait on it. */
const held = new Set<Socket>();

beforeAll(async () => {
  taken = createServer((socket) => held.add(socket));
  await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
  takenPort = (taken.address() as { port: number }).port;
});
afterAll(async () => {
  for (const socket of held) socket.destroy();
  await new Promise<void>((resolve) => taken.close(() => resolve()));
});

describe('a port taken between freePort and the child binding it', () => {
  it('DynamoDB Local starts on another port', async () => {
    const offered: number[] = [];
    const ports = async () => {
      const port = offered.length === 0 ? takenPort : await freePort();
      offered.push(port);
      return port;
    };
    const dynamo = await startDynamoDbLocal({ ports });
    try {
      expect(offered[0]).toBe(takenPort);
      expect(offered).toHaveLength(2);
      expect(dynamo.url).toBe(`http://127.0.0.1:${offered[1]}`);
      const client = new DynamoDBClient({
        endpoint: dynamo.url,
        region: LOCAL_REGION,
        credentials: LOCAL_CREDENTIALS,
      });
      await expect(client.send(new ListTablesCommand({}))).resolves.toMatchObject({ TableNames: [] });
      client.destroy();
    } finally {
      await dynamo.close();
    }
  });

  it('tries a few ports, then says why it could not start', async () => {
    let tries = 0;
    const start = async (port: number) => {
      tries++;
      throw new Error(`Failed to bind to 0.0.0.0/0.0.0.0:${port}: Address already in use`);
    };
    await expect(onFreePort(start, { ports: async () => takenPort, attempts: 3 })).rejects.toThrow(
      /Address already in use/,
    );
    expect(tries).toBe(3);
  });

  it('does not retry a failure that is not about the port', async () => {
    let tries = 0;
    const start = async () => {
      tries++;
      throw new Error('java: command not found');
    };
    await expect(onFreePort(start)).rejects.toThrow('java: command not found');
    expect(tries).toBe(1);
  });
});
