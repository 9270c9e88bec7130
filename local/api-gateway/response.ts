/** How API Gateway turns a Lambda's payload 2.0 answer into an HTTP response. */
import type { ServerResponse } from 'node:http';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

/** The answer API Gateway gives on its own (404, 413, 500): `{"message": ...}`. */
export const jsonMessage = (status: number, message: string) => ({
  statusCode: status,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ message }),
});

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

/** Writes the answer; content-length is API Gateway's, not the function's. */
export function respond(
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
