import { request as httpRequest } from 'node:http';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PORTAL_ROUTES } from '../../functions/contract/routes.ts';
import {
  type ApiGatewayEmulator,
  type ApiGatewayHandler,
  compileRoutes,
  isTextContentType,
  matchRoute,
  startApiGatewayEmulator,
} from '../../local/api-gateway/index.ts';

const seen: Array<{ event: APIGatewayProxyEventV2 }> = [];
const errors: unknown[] = [];

const handler: ApiGatewayHandler = async (event) => {
  seen.push({ event });
  const mode = event.queryStringParameters?.mode;
  switch (mode) {
    case 'string':
      return 'Hello from Lambda!';
    case 'object':
      return { message: 'Hello from Lambda!' };
    case 'throw':
      throw new Error('handler broke');
    case 'binary':
      return {
        statusCode: 200,
        headers: { 'content-type': 'image/png' },
        body: Buffer.from([137, 80, 78, 71, 0, 255]).toString('base64'),
        isBase64Encoded: true,
      };
    case 'malformed':
      return { statusCode: 200, body: { not: 'a string' } };
    default:
      return {
        statusCode: 201,
        headers: { 'content-type': 'text/html; charset=utf-8', 'x-count': 3, 'x-flag': true },
        cookies: ['session=abc; HttpOnly; Secure', 'theme=dark'],
        body: '<h1>ok</h1>',
      };
  }
};

let api: ApiGatewayEmulator;
let greedy: ApiGatewayEmulator;

beforeAll(async () => {
  api = await startApiGatewayEmulator({
    routes: [...PORTAL_ROUTES, { method: 'POST', path: '/upload' }],
    handler,
    logger: { warn: () => {}, error: (...args: unknown[]) => errors.push(args) },
  });
  greedy = await startApiGatewayEmulator({
    routes: [
      { method: 'GET', path: '/pets/dog/1' },
      { method: 'GET', path: '/pets/dog/{id}' },
      { method: 'GET', path: '/pets/{proxy+}' },
      { method: 'ANY', path: '/{proxy+}' },
      { method: 'GET', path: '$default' },
    ],
    handler: async (event) => ({ routeKey: event.routeKey, pathParameters: event.pathParameters ?? null }),
  });
});

afterAll(async () => {
  await api?.close();
  await greedy?.close();
});

const last = () => {
  const entry = seen.at(-1);
  if (!entry) throw new Error('the handler was not called');
  return entry;
};

/** A raw request, to send repeated headers and cookies the way browsers and proxies do. */
function rawRequest(url: string, method: string, headers: string[], body?: Buffer) {
  return new Promise<{
    status: number;
    headers: Record<string, string | string[] | undefined>;
    body: Buffer;
  }>((resolve, reject) => {
    // A raw header list gets no automatic Host header.
    const request = httpRequest(
      url,
      { method, headers: ['Host', new URL(url).host, ...headers] },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: Buffer.concat(chunks),
          }),
        );
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

describe('requests become payload 2.0 events', () => {
  it('builds the event as API Gateway does', async () => {
    const response = await rawRequest(`${api.url}/case/ab%2Fc%20d?x=1&x=2&y=hello%20world&flag`, 'GET', [
      'User-Agent',
      'test-agent/1.0',
      'X-Multi',
      'one',
      'X-Multi',
      'two',
      'Cookie',
      'a=1; b=2',
      'Cookie',
      'c=3',
      'Accept',
      'text/html',
    ]);
    expect(response.status).toBe(201);
    const { event } = last();
    expect(event).toMatchObject({
      version: '2.0',
      routeKey: 'GET /case/{link}',
      rawPath: '/case/ab%2Fc%20d',
      rawQueryString: 'x=1&x=2&y=hello%20world&flag',
      cookies: ['a=1', 'b=2', 'c=3'],
      queryStringParameters: { x: '1,2', y: 'hello world', flag: '' },
      pathParameters: { link: 'ab/c d' },
      isBase64Encoded: false,
      requestContext: {
        accountId: '000000000000',
        apiId: 'local',
        domainName: new URL(api.url).host,
        domainPrefix: '127',
        http: {
          method: 'GET',
          path: '/case/ab%2Fc%20d',
          protocol: 'HTTP/1.1',
          sourceIp: '127.0.0.1',
          userAgent: 'test-agent/1.0',
        },
        routeKey: 'GET /case/{link}',
        stage: '$default',
      },
    });
    expect(event.body).toBeUndefined();
    expect(event.headers).toMatchObject({
      'user-agent': 'test-agent/1.0',
      'x-multi': 'one,two',
      accept: 'text/html',
      host: new URL(api.url).host,
      'x-forwarded-for': '127.0.0.1',
      'x-forwarded-proto': 'http',
    });
    expect(event.headers.cookie).toBeUndefined();
    expect(event.headers['x-amzn-trace-id']).toMatch(/^Root=1-[0-9a-f]{8}-[0-9a-f]{24}$/);
    expect(event.requestContext.time).toMatch(/^\d\d\/[A-Z][a-z]{2}\/\d{4}:\d\d:\d\d:\d\d \+0000$/);
    expect(Math.abs(event.requestContext.timeEpoch - Date.now())).toBeLessThan(5000);
    expect(event.requestContext.requestId).toBeTruthy();
  });

  it('leaves out cookies, query and path parameters when there are none', async () => {
    await fetch(`${api.url}/`);
    const { event } = last();
    expect(event.routeKey).toBe('GET /');
    expect(event.rawQueryString).toBe('');
    expect('cookies' in event).toBe(false);
    expect('queryStringParameters' in event).toBe(false);
    expect('pathParameters' in event).toBe(false);
  });

  it.each([
    ['application/json', '{"a":1}', false],
    ['application/json; charset=utf-8', '{"a":1}', false],
    ['text/plain', 'plain words', false],
    ['application/xml', '<a/>', false],
    ['application/x-www-form-urlencoded', 'a=1&b=2', true],
    ['application/octet-stream', 'raw bytes', true],
    [undefined, 'no type', true],
  ])('a %s body is base64-encoded: %s', async (contentType, body, encoded) => {
    const headers = contentType ? ['Content-Type', contentType] : [];
    await rawRequest(`${api.url}/upload`, 'POST', headers, Buffer.from(body));
    const { event } = last();
    expect(event.isBase64Encoded).toBe(encoded);
    expect(event.body).toBe(encoded ? Buffer.from(body).toString('base64') : body);
  });

  it('passes binary bytes intact', async () => {
    const bytes = Buffer.from([0, 1, 2, 250, 255]);
    await rawRequest(`${api.url}/upload`, 'POST', ['Content-Type', 'image/png'], bytes);
    const { event } = last();
    expect(Buffer.from(event.body ?? '', 'base64')).toEqual(bytes);
  });

  it('refuses a body over 10 MB with 413', async () => {
    const response = await rawRequest(
      `${api.url}/upload`,
      'POST',
      ['Content-Type', 'text/plain'],
      Buffer.alloc(10 * 1024 * 1024 + 1, 97),
    );
    expect(response.status).toBe(413);
    expect(JSON.parse(response.body.toString())).toEqual({ message: 'Request Entity Too Large' });
  });
});

describe('results become responses', () => {
  it('maps a structured result: status, headers, a Set-Cookie per cookie, body', async () => {
    const response = await rawRequest(`${api.url}/`, 'GET', []);
    expect(response.status).toBe(201);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.headers['x-count']).toBe('3');
    expect(response.headers['x-flag']).toBe('true');
    expect(response.headers['set-cookie']).toEqual(['session=abc; HttpOnly; Secure', 'theme=dark']);
    expect(response.body.toString()).toBe('<h1>ok</h1>');
  });

  it('decodes a base64 body', async () => {
    const response = await fetch(`${api.url}/?mode=binary`);
    expect(response.headers.get('content-type')).toBe('image/png');
    expect([...new Uint8Array(await response.arrayBuffer())]).toEqual([137, 80, 78, 71, 0, 255]);
  });

  it('infers 200 application/json for a string, the string being the body', async () => {
    const response = await fetch(`${api.url}/?mode=string`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await response.text()).toBe('Hello from Lambda!');
  });

  it('infers 200 application/json for an object without statusCode', async () => {
    const response = await fetch(`${api.url}/?mode=object`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await response.json()).toEqual({ message: 'Hello from Lambda!' });
  });

  it('answers 500 Internal Server Error when the handler throws or returns a malformed result', async () => {
    for (const mode of ['throw', 'malformed']) {
      const response = await fetch(`${api.url}/?mode=${mode}`);
      expect(response.status).toBe(500);
      expect(await response.json()).toEqual({ message: 'Internal Server Error' });
    }
    expect(errors).toHaveLength(2);
  });

  it('answers 404 Not Found for a request no route matches', async () => {
    for (const [method, path] of [
      ['GET', '/nope'],
      ['POST', '/'],
      ['GET', '/case'],
      ['GET', '/case/a/b/c'],
    ] as const) {
      const response = await fetch(`${api.url}${path}`, { method });
      expect(response.status).toBe(404);
      expect(await response.json()).toEqual({ message: 'Not Found' });
    }
  });
});

describe('route selection', () => {
  const route = async (method: string, path: string) => {
    const response = await fetch(`${greedy.url}${path}`, { method });
    return (await response.json()) as { routeKey: string; pathParameters: Record<string, string> | null };
  };

  it('prefers exact routes, then path variables, then greedy ones, then ANY, then $default', async () => {
    expect(await route('GET', '/pets/dog/1')).toEqual({ routeKey: 'GET /pets/dog/1', pathParameters: null });
    expect(await route('GET', '/pets/dog/2')).toEqual({
      routeKey: 'GET /pets/dog/{id}',
      pathParameters: { id: '2' },
    });
    expect(await route('GET', '/pets/cat/1')).toEqual({
      routeKey: 'GET /pets/{proxy+}',
      pathParameters: { proxy: 'cat/1' },
    });
    expect(await route('POST', '/pets/dog/1')).toEqual({
      routeKey: 'ANY /{proxy+}',
      pathParameters: { proxy: 'pets/dog/1' },
    });
    expect(await route('GET', '/')).toEqual({ routeKey: '$default', pathParameters: null });
  });

  it('matches the portal routes from the contract', () => {
    const compiled = compileRoutes(PORTAL_ROUTES);
    expect(matchRoute(compiled, 'GET', '/')?.compiled.routeKey).toBe('GET /');
    expect(matchRoute(compiled, 'GET', '/case/x%2By')?.pathParameters).toEqual({ link: 'x+y' });
    expect(matchRoute(compiled, 'POST', '/case/x')).toBeUndefined();
  });

  it('knows which content types are text', () => {
    expect(isTextContentType('text/csv')).toBe(true);
    expect(isTextContentType('Application/JSON')).toBe(true);
    expect(isTextContentType('multipart/form-data; boundary=x')).toBe(false);
    expect(isTextContentType(undefined)).toBe(false);
  });
});
