import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import {
  BodyTooLargeError,
  httpServer,
  type ListenOptions,
  LOCAL_ACCOUNT_ID,
  LOCAL_REGION,
  listen,
  readBody,
} from './http-server.ts';

export type LocalRoute = { readonly method: string; readonly path: string };

export type ApiGatewayHandler = (
  event: APIGatewayProxyEventV2,
  context: Context,
) => Promise<APIGatewayProxyStructuredResultV2 | string | object>;

export type ApiGatewayEmulatorOptions = ListenOptions & {
  /** `{ method: 'GET', path: '/case/{link}' }`; method `ANY` matches every method; path `$default` catches the rest. */
  routes: readonly LocalRoute[];
  handler: ApiGatewayHandler;
  /** The API id in requestContext. Default `local`. */
  apiId?: string;
  /** Name the Lambda context carries. Default `api`. */
  functionName?: string;
  /** What getRemainingTimeInMillis counts down from. Default 30 s (API Gateway's integration timeout). */
  timeoutSeconds?: number;
  logger?: Pick<Console, 'warn' | 'error'>;
};

export type ApiGatewayEmulator = { url: string; close(): Promise<void> };

/** API Gateway's payload limit for HTTP APIs. */
export const MAX_REQUEST_BYTES = 10 * 1024 * 1024;
/** Lambda's synchronous invocation payload limit: the event, once built, must fit. */
export const MAX_EVENT_BYTES = 6 * 1024 * 1024;

/**
 * Content types API Gateway (HTTP API, payload 2.0) passes as text; any other body, including one
 * without a Content-Type and form posts, reaches the function base64-encoded with isBase64Encoded true.
 */
export function isTextContentType(contentType: string | undefined): boolean {
  if (!contentType) return false;
  const type = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  return (
    type.startsWith('text/') ||
    type === 'application/json' ||
    type === 'application/xml' ||
    type === 'application/javascript'
  );
}

type CompiledRoute = {
  route: LocalRoute;
  routeKey: string;
  method: string;
  /** Literal segments, `{name}` variables, and a trailing `{name+}`. */
  segments: Array<{ literal: string } | { variable: string }>;
  greedy?: string;
};

type RouteMatch = { compiled: CompiledRoute; pathParameters: Record<string, string> };

export function compileRoutes(routes: readonly LocalRoute[]): CompiledRoute[] {
  return routes.map((route) => {
    const method = route.method.toUpperCase();
    if (route.path === '$default') return { route, routeKey: '$default', method: 'ANY', segments: [] };
    if (!route.path.startsWith('/')) throw new Error(`Route path must start with /: ${route.path}`);
    const parts = route.path.split('/').slice(1);
    const segments: CompiledRoute['segments'] = [];
    let greedy: string | undefined;
    parts.forEach((part, index) => {
      const variable = /^\{([A-Za-z0-9._-]+)(\+?)\}$/.exec(part);
      if (!variable) segments.push({ literal: part });
      else if (variable[2]) {
        if (index !== parts.length - 1)
          throw new Error(`A greedy path variable must end the path: ${route.path}`);
        greedy = variable[1];
      } else segments.push({ variable: variable[1] as string });
    });
    return {
      route,
      routeKey: `${method} ${route.path}`,
      method,
      segments,
      ...(greedy !== undefined ? { greedy } : {}),
    };
  });
}

const decode = (text: string) => {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
};

/**
 * Picks the route API Gateway would: an exact route (literal segments before path variables, left
 * to right) before a greedy one (longest prefix first), a route's own method before ANY, then `$default`.
 */
export function matchRoute(routes: CompiledRoute[], method: string, rawPath: string): RouteMatch | undefined {
  const parts = rawPath.split('/').slice(1);
  const candidates: Array<RouteMatch & { rank: number[] }> = [];
  for (const compiled of routes) {
    if (compiled.routeKey === '$default') continue;
    if (compiled.method !== 'ANY' && compiled.method !== method.toUpperCase()) continue;
    const { segments, greedy } = compiled;
    if (greedy === undefined ? parts.length !== segments.length : parts.length <= segments.length) continue;
    const pathParameters: Record<string, string> = {};
    const rank: number[] = [greedy === undefined ? 1 : 0, greedy === undefined ? 0 : segments.length];
    let matched = true;
    segments.forEach((segment, index) => {
      const part = parts[index] as string;
      if ('literal' in segment) {
        if (segment.literal !== part) matched = false;
        rank.push(1);
      } else {
        if (part === '') matched = false;
        pathParameters[segment.variable] = decode(part);
        rank.push(0);
      }
    });
    if (!matched) continue;
    if (greedy !== undefined) {
      const rest = parts.slice(segments.length).join('/');
      if (rest === '') continue;
      pathParameters[greedy] = decode(rest);
    }
    rank.push(compiled.method === 'ANY' ? 0 : 1);
    candidates.push({ compiled, pathParameters, rank });
  }
  candidates.sort((left, right) => compareRanks(right.rank, left.rank));
  const best = candidates[0];
  if (best) return { compiled: best.compiled, pathParameters: best.pathParameters };
  const fallback = routes.find((compiled) => compiled.routeKey === '$default');
  return fallback ? { compiled: fallback, pathParameters: {} } : undefined;
}

function compareRanks(left: number[], right: number[]) {
  for (let index = 0; index < Math.max(left.length, right.length); index++) {
    const difference = (left[index] ?? -1) - (right[index] ?? -1);
    if (difference !== 0) return difference;
  }
  return 0;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `12/Mar/2020:19:03:58 +0000`, as in requestContext.time. */
export function requestTime(date: Date) {
  const pad = (value: number) => String(value).padStart(2, '0');
  return (
    `${pad(date.getUTCDate())}/${MONTHS[date.getUTCMonth()]}/${date.getUTCFullYear()}:` +
    `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`
  );
}

function parseQuery(rawQueryString: string): Record<string, string> | undefined {
  if (rawQueryString === '') return undefined;
  const result: Record<string, string> = {};
  for (const pair of rawQueryString.split('&')) {
    if (pair === '') continue;
    const equals = pair.indexOf('=');
    const key = decode((equals === -1 ? pair : pair.slice(0, equals)).replaceAll('+', ' '));
    const value = equals === -1 ? '' : decode(pair.slice(equals + 1).replaceAll('+', ' '));
    result[key] = Object.hasOwn(result, key) ? `${result[key]},${value}` : value;
  }
  return Object.keys(result).length > 0 ? result : undefined;
}

const jsonMessage = (status: number, message: string) => ({
  statusCode: status,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ message }),
});

export async function startApiGatewayEmulator(
  options: ApiGatewayEmulatorOptions,
): Promise<ApiGatewayEmulator> {
  const routes = compileRoutes(options.routes);
  const apiId = options.apiId ?? 'local';
  const functionName = options.functionName ?? 'api';
  const timeoutMs = (options.timeoutSeconds ?? 30) * 1000;
  const logger = options.logger ?? console;

  function buildEvent(
    request: IncomingMessage,
    body: Buffer,
    match: RouteMatch,
    rawPath: string,
    rawQueryString: string,
  ): APIGatewayProxyEventV2 {
    const now = new Date();
    const headers: Record<string, string> = {};
    const cookies: string[] = [];
    const raw = request.rawHeaders;
    for (let index = 0; index + 1 < raw.length; index += 2) {
      const name = (raw[index] as string).toLowerCase();
      const value = raw[index + 1] as string;
      if (name === 'cookie') {
        cookies.push(
          ...value
            .split(';')
            .map((cookie) => cookie.trim())
            .filter(Boolean),
        );
        continue;
      }
      headers[name] = Object.hasOwn(headers, name) ? `${headers[name]},${value}` : value;
    }
    const sourceIp = (request.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, '');
    headers['x-forwarded-for'] = headers['x-forwarded-for']
      ? `${headers['x-forwarded-for']}, ${sourceIp}`
      : sourceIp;
    headers['x-forwarded-port'] = String(request.socket.localPort ?? '');
    headers['x-forwarded-proto'] = 'http';
    headers['x-amzn-trace-id'] ??=
      `Root=1-${Math.floor(now.getTime() / 1000).toString(16)}-${randomBytes(12).toString('hex')}`;
    const domainName = headers.host ?? '127.0.0.1';
    const queryStringParameters = parseQuery(rawQueryString);
    const hasParameters = Object.keys(match.pathParameters).length > 0;
    const text = isTextContentType(headers['content-type']);
    return {
      version: '2.0',
      routeKey: match.compiled.routeKey,
      rawPath,
      rawQueryString,
      ...(cookies.length > 0 ? { cookies } : {}),
      headers,
      ...(queryStringParameters ? { queryStringParameters } : {}),
      requestContext: {
        accountId: LOCAL_ACCOUNT_ID,
        apiId,
        domainName,
        domainPrefix: domainName.split(':')[0]?.split('.')[0] ?? domainName,
        http: {
          method: request.method ?? 'GET',
          path: rawPath,
          protocol: `HTTP/${request.httpVersion}`,
          sourceIp,
          userAgent: headers['user-agent'] ?? '',
        },
        requestId: randomBytes(11).toString('base64'),
        routeKey: match.compiled.routeKey,
        stage: '$default',
        time: requestTime(now),
        timeEpoch: now.getTime(),
      },
      ...(hasParameters ? { pathParameters: match.pathParameters } : {}),
      ...(body.length > 0 ? { body: text ? body.toString('utf8') : body.toString('base64') } : {}),
      isBase64Encoded: body.length > 0 && !text,
    };
  }

  function lambdaContext(): Context {
    const deadline = Date.now() + timeoutMs;
    const requestId = randomUUID();
    const unsupported = () => {
      throw new Error('Callback-style completion is not supported; return a promise');
    };
    return {
      callbackWaitsForEmptyEventLoop: true,
      functionName,
      functionVersion: '$LATEST',
      invokedFunctionArn: `arn:aws:lambda:${LOCAL_REGION}:${LOCAL_ACCOUNT_ID}:function:${functionName}`,
      memoryLimitInMB: '128',
      awsRequestId: requestId,
      logGroupName: `/aws/lambda/${functionName}`,
      logStreamName: `${new Date().toISOString().slice(0, 10).replaceAll('-', '/')}/[$LATEST]${requestId.replaceAll('-', '')}`,
      getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
      done: unsupported,
      fail: unsupported,
      succeed: unsupported,
    };
  }

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
    const event = buildEvent(request, body, match, rawPath, rawQueryString);
    if (Buffer.byteLength(JSON.stringify(event)) > MAX_EVENT_BYTES) {
      respond(response, jsonMessage(413, 'Request Entity Too Large'));
      return;
    }
    let result: unknown;
    try {
      result = await options.handler(event, lambdaContext());
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

/**
 * How API Gateway reads a payload 2.0 response: an object with a statusCode is a structured result;
 * anything else (a string, an object without statusCode) is the body of a 200 application/json answer.
 * Returns a reason string when the structured result is malformed (API Gateway answers 500).
 */
export function mapResult(result: unknown): APIGatewayProxyStructuredResultV2 | string {
  const isObject = typeof result === 'object' && result !== null && !Array.isArray(result);
  if (!isObject || !('statusCode' in result)) {
    return {
      statusCode: 200,
      headers: { 'content-type': 'application/json' },
      body: typeof result === 'string' ? result : (JSON.stringify(result) ?? 'null'),
      isBase64Encoded: false,
    };
  }
  const structured = result as Record<string, unknown>;
  const { statusCode, headers, body, cookies, isBase64Encoded } = structured;
  if (typeof statusCode !== 'number' || !Number.isInteger(statusCode) || statusCode < 100 || statusCode > 599)
    return `statusCode ${JSON.stringify(statusCode)} is not an HTTP status code`;
  if (body !== undefined && body !== null && typeof body !== 'string') return 'body must be a string';
  if (headers !== undefined && (typeof headers !== 'object' || headers === null || Array.isArray(headers)))
    return 'headers must be an object';
  if (
    cookies !== undefined &&
    (!Array.isArray(cookies) || !cookies.every((cookie) => typeof cookie === 'string'))
  )
    return 'cookies must be an array of strings';
  const outHeaders: Record<string, string> = {};
  for (const [name, value] of Object.entries((headers ?? {}) as Record<string, unknown>)) {
    if (typeof value === 'object' && value !== null)
      return `header ${name} must be a string, number or boolean`;
    outHeaders[name] = String(value);
  }
  return {
    statusCode,
    headers: outHeaders,
    ...(typeof body === 'string' ? { body } : {}),
    ...(cookies ? { cookies: cookies as string[] } : {}),
    isBase64Encoded: isBase64Encoded === true,
  };
}

function respond(
  response: ServerResponse,
  result: APIGatewayProxyStructuredResultV2,
  closeConnection = false,
) {
  const body =
    result.body === undefined
      ? Buffer.alloc(0)
      : result.isBase64Encoded
        ? Buffer.from(result.body, 'base64')
        : Buffer.from(result.body, 'utf8');
  const headers: Array<[string, string]> = [];
  for (const [name, value] of Object.entries(result.headers ?? {})) {
    if (name.toLowerCase() === 'content-length' || name.toLowerCase() === 'transfer-encoding') continue;
    headers.push([name, String(value)]);
  }
  for (const cookie of result.cookies ?? []) headers.push(['set-cookie', cookie]);
  headers.push(['content-length', String(body.length)]);
  if (closeConnection) headers.push(['connection', 'close']);
  response.writeHead(result.statusCode ?? 200, headers.flat());
  response.end(body);
}
