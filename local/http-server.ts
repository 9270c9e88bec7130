import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The account every local emulator pretends to run in. */
export const LOCAL_ACCOUNT_ID = '000000000000';
export const LOCAL_REGION = 'us-east-1';

export type ListenOptions = { host?: string; port?: number };

export type RunningServer = { server: Server; url: string; close(): Promise<void> };

/** Starts `server` on 127.0.0.1 (port 0 unless told) and gives back its URL and a close that ends open sockets. */
export async function listen(server: Server, { host = '127.0.0.1', port = 0 }: ListenOptions = {}) {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  let closed: Promise<void> | undefined;
  return {
    server,
    url: `http://${shownHost}:${address.port}`,
    close() {
      closed ??= new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
      return closed;
    },
  } satisfies RunningServer;
}

export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`Request body is larger than ${limit} bytes`);
  }
}

/** Reads a request body, refusing more than `limit` bytes. */
export async function readBody(request: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    request.resume();
    throw new BodyTooLargeError(limit);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) {
      request.resume();
      throw new BodyTooLargeError(limit);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

export function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
  contentType = 'application/json',
) {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': contentType,
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  response.end(text);
}

/** Thrown by a JSON-RPC operation to answer with an AWS error (`{"__type", "message"}`). */
export class AwsError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export type JsonRpcOperations = Record<string, (input: Record<string, unknown>) => unknown>;

/**
 * A request handler for an AWS JSON 1.0 / 1.1 protocol service: dispatches `X-Amz-Target: <prefix>.<Op>`
 * to `operations[Op]`, answers with its result or with an AwsError's `{"__type", "message"}`.
 */
export function jsonRpcHandler(options: {
  targetPrefix: string;
  jsonVersion: '1.0' | '1.1';
  operations: JsonRpcOperations;
  /** Extra routes (GET pages for people); return true when handled. */
  other?: (request: IncomingMessage, response: ServerResponse) => boolean;
  maxBodyBytes?: number;
}) {
  const contentType = `application/x-amz-json-${options.jsonVersion}`;
  return async (request: IncomingMessage, response: ServerResponse) => {
    const requestId = randomUUID();
    const fail = (error: AwsError) =>
      sendJson(
        response,
        error.status,
        { __type: error.type, message: error.message },
        { 'x-amzn-requestid': requestId, ...error.headers },
        contentType,
      );
    try {
      if (options.other?.(request, response)) return;
      const target = request.headers['x-amz-target'];
      if (request.method !== 'POST' || typeof target !== 'string') {
        fail(new AwsError('UnknownOperationException', 'Expected a POST with an X-Amz-Target header', 404));
        return;
      }
      const [prefix, operationName = ''] = target.split('.', 2);
      const operation = Object.hasOwn(options.operations, operationName)
        ? options.operations[operationName]
        : undefined;
      if (prefix !== options.targetPrefix || !operation) {
        fail(new AwsError('UnknownOperationException', `Operation ${target} is not supported here`));
        return;
      }
      const raw = await readBody(request, options.maxBodyBytes ?? 10 * 1024 * 1024);
      let input: unknown;
      try {
        input = raw.length === 0 ? {} : JSON.parse(raw.toString('utf8'));
      } catch {
        fail(new AwsError('SerializationException', 'The request body is not valid JSON'));
        return;
      }
      if (typeof input !== 'object' || input === null || Array.isArray(input)) {
        fail(new AwsError('SerializationException', 'The request body must be a JSON object'));
        return;
      }
      const output = await operation(input as Record<string, unknown>);
      sendJson(response, 200, output ?? {}, { 'x-amzn-requestid': requestId }, contentType);
    } catch (error) {
      if (error instanceof AwsError) fail(error);
      else if (error instanceof BodyTooLargeError)
        fail(new AwsError('RequestEntityTooLarge', error.message, 413));
      else {
        console.error('local emulator: operation failed', error);
        fail(new AwsError('InternalFailure', error instanceof Error ? error.message : String(error), 500));
      }
    }
  };
}

/** Creates an http server around an async handler (errors end the request with 500). */
export function httpServer(handler: (request: IncomingMessage, response: ServerResponse) => Promise<void>) {
  return createServer((request, response) => {
    handler(request, response).catch((error: unknown) => {
      console.error('local emulator: request failed', error);
      if (!response.headersSent) sendJson(response, 500, { message: 'Internal Server Error' });
      else response.destroy();
    });
  });
}
