import { createServer } from 'node:net';

/** A port the OS says is free on 127.0.0.1, for child processes that cannot be given port 0. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/** What a child process that lost its port to another process says as it exits. */
const PORT_TAKEN = /Address already in use|EADDRINUSE/;

/**
 * Starts a child process on a port from `ports`, and on another one should the first be taken by
 * the time the child binds it. A port the OS called free is free only until someone else binds
 * it: on a busy machine (a CI run starts a dozen servers at once) another process can take it in
 * the moment between `freePort` closing its socket and the child binding. CI met exactly that once
 * (DynamoDB Local: "Failed to bind … Address already in use"). Any other failure is thrown at once.
 */
export async function onFreePort<T>(
  start: (port: number) => Promise<T>,
  { ports = freePort, attempts = 5 }: { ports?: () => Promise<number>; attempts?: number } = {},
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const port = await ports();
    try {
      return await start(port);
    } catch (error) {
      if (attempt >= attempts || !PORT_TAKEN.test(String((error as Error)?.message ?? error))) throw error;
    }
  }
}
