/**
 * The AWS JSON 1.0 protocol of Step Functions: `X-Amz-Target: AWSStepFunctions.<Action>` dispatched
 * to an operation, errors answered as `{"__type": "com.amazonaws.states#<Code>", "message"}`.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { BodyTooLargeError, type JsonRpcOperations, readBody } from '../http-server.ts';
import { ApiError } from './errors.ts';

const MAX_BODY_BYTES = 1024 * 1024;

export function stepFunctionsHttpHandler(operations: JsonRpcOperations) {
  return async (request: IncomingMessage, response: ServerResponse) => {
    const reply = (status: number, body: unknown) => {
      const text = JSON.stringify(body);
      response.writeHead(status, {
        'content-type': 'application/x-amz-json-1.0',
        'content-length': Buffer.byteLength(text),
        'x-amzn-requestid': randomUUID(),
      });
      response.end(text);
    };
    const fail = (code: string, message: string, status = 400) =>
      reply(status, { __type: `com.amazonaws.states#${code}`, message });
    try {
      if (request.method !== 'POST') return fail('UnknownOperationException', 'Only POST is supported');
      const target = String(request.headers['x-amz-target'] ?? '');
      const name = target.startsWith('AWSStepFunctions.') ? target.slice('AWSStepFunctions.'.length) : '';
      const operation = Object.hasOwn(operations, name) ? operations[name] : undefined;
      const raw = await readBody(request, MAX_BODY_BYTES);
      if (!operation) return fail('UnknownOperationException', `Unsupported operation: '${target}'`);
      let body: unknown;
      try {
        const text = raw.toString('utf8');
        body = text.trim() === '' ? {} : JSON.parse(text);
      } catch {
        return fail('SerializationException', 'The request body is not valid JSON');
      }
      if (body === null || typeof body !== 'object' || Array.isArray(body)) {
        return fail('SerializationException', 'The request body must be a JSON object');
      }
      reply(200, await operation(body as Record<string, unknown>));
    } catch (error) {
      if (error instanceof BodyTooLargeError)
        return fail('ValidationException', 'Request body too large', 413);
      if (error instanceof ApiError) return fail(error.code, error.message);
      fail('InternalServerError', error instanceof Error ? error.message : String(error), 500);
    }
  };
}
