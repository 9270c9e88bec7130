import type { IncomingMessage, ServerResponse } from 'node:http';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { BodyTooLargeError, httpServer, type ListenOptions, listen, readBody } from '../http-server.ts';
import { buildEvent } from './event.ts';
import { jsonMessage, mapResult, respond } from './response.ts';
import { compileRoutes, type LocalRoute, matchRoute } from './routes.ts';

export { isTextContentType } from './event.ts';
export { compileRoutes, type LocalRoute, matchRoute } from './routes.ts';

/**
 * The Lambda integration behind the API. The local runtime gives it to the lambda host, which
 * makes the invocation's context, as for every other trigger.
 */
export type ApiGatewayHandler = (
  event: APIGatewayProxyEventV2,
) => Promise<APIGatewayProxyStructuredResultV2 | string | object>;

export type ApiGatewayEmulatorOptions = ListenOptions & {
  /** `{ method: 'GET', path: '/case/{link}' }`; method `ANY` matches every method; path `$default` catches the rest. */
  routes: readonly LocalRoute[];
  handler: ApiGatewayHandler;
  /** The API id in requestContext. Default `local`. */
  apiId?: string;
  logger?: Pick<Console, 'warn' | 'error'>;
};

export type ApiGatewayEmulator = { url: string; close(): Promise<void> };

/** API Gateway's payload limit for HTTP APIs. */
const MAX_REQUEST_BYTES = 10 * 1024 * 1024;
/** Lambda's synchronous invocation payload limit: the event, once built, must fit. */
const MAX_EVENT_BYTES = 6 * 1024 * 1024;

/** A local HTTP API (payload 2.0) in front of one Lambda integration: the debtor's portal. */
export async function startApiGatewayEmulator(
  options: ApiGatewayEmulatorOptions,
): Promise<ApiGatewayEmulator> {
  const routes = compileRoutes(options.routes);
  const apiId = options.apiId ?? 'local';
  const logger = options.logger ?? console;

  async function handle(request: IncomingMessage, response: ServerResponse) {
    const target = request.url ?? '/';
    const queryAt = target.indexOf('?');
    const rawPath = queryAt === -1 ? target : target.slice(0, queryAt);
    const rawQueryString = queryAt === -1 ? '' : target.slice(queryAt + 1);
    let body: Buffer;
    try {
      body = await readBody(request, MAX_REQUEST_BYTES);
    } catch (error) {
      if (error instanceof BodyTooLargeError) {
        respond(response, jsonMessage(413, 'Request Entity Too Large'), true);
        return;
      }
      throw error;
    }
    const match = matchRoute(routes, request.method ?? 'GET', rawPath);
    if (!match) {
      respond(response, jsonMessage(404, 'Not Found'));
      return;
    }
    const event = buildEvent(apiId, request, body, match, rawPath, rawQueryString);
    if (Buffer.byteLength(JSON.stringify(event)) > MAX_EVENT_BYTES) {
      respond(response, jsonMessage(413, 'Request Entity Too Large'));
      return;
    }
    let result: unknown;
    try {
      result = await options.handler(event);
    } catch (error) {
      logger.error(`local API Gateway: ${match.compiled.routeKey} handler failed`, error);
      respond(response, jsonMessage(500, 'Internal Server Error'));
      return;
    }
    const mapped = mapResult(result);
    if (typeof mapped === 'string') {
      logger.error(`local API Gateway: ${match.compiled.routeKey} returned a malformed response: ${mapped}`);
      respond(response, jsonMessage(500, 'Internal Server Error'));
      return;
    }
    respond(response, mapped);
  }

  const server = await listen(httpServer(handle), options);
  return { url: server.url, close: server.close };
}
