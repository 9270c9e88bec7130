/**
 * The AWS Query protocol as SNS speaks it: a form-encoded POST with `Action` and `Version`, answered
 * in XML; and `GET /messages`, every message kept, as JSON for people.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { BodyTooLargeError, readBody, sendJson } from '../http-server.ts';
import { SnsError } from './errors.ts';
import { MAX_MESSAGE_BYTES } from './publish.ts';
import type { PublishedMessage } from './types.ts';

const XML_NAMESPACE = 'http://sns.amazonaws.com/doc/2010-03-31/';
const API_VERSION = '2010-03-31';

const escapeXml = (text: string) =>
  text.replace(
    /[<>&'"]/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c] ?? c,
  );

function sendXml(response: ServerResponse, status: number, body: string, requestId: string) {
  const text = `<?xml version="1.0"?>\n${body}\n`;
  response.writeHead(status, {
    'content-type': 'text/xml',
    'content-length': Buffer.byteLength(text),
    'x-amzn-requestid': requestId,
  });
  response.end(text);
}

export function snsQueryHandler(service: {
  published: readonly PublishedMessage[];
  isDown: () => boolean;
  publish: (params: URLSearchParams) => string;
}) {
  return async (request: IncomingMessage, response: ServerResponse) => {
    const requestId = randomUUID();
    const path = new URL(request.url ?? '/', 'http://local').pathname;
    if (request.method === 'GET' && path === '/messages') {
      sendJson(response, 200, service.published);
      return;
    }
    const fail = (error: SnsError) =>
      sendXml(
        response,
        error.status,
        `<ErrorResponse xmlns="${XML_NAMESPACE}">
  <Error>
    <Type>${error.type}</Type>
    <Code>${escapeXml(error.code)}</Code>
    <Message>${escapeXml(error.message)}</Message>
  </Error>
  <RequestId>${requestId}</RequestId>
</ErrorResponse>`,
        requestId,
      );
    try {
      if (request.method !== 'POST' || path !== '/') {
        throw new SnsError('InvalidAction', 'Expected a POST of an AWS Query request to /', 404);
      }
      const contentType = request.headers['content-type'] ?? '';
      if (!contentType.startsWith('application/x-www-form-urlencoded'))
        throw new SnsError('InvalidParameter', 'Expected a form-encoded body (the AWS Query protocol)');
      const params = new URLSearchParams((await readBody(request, 2 * MAX_MESSAGE_BYTES)).toString('utf8'));
      const action = params.get('Action');
      if (params.get('Version') !== API_VERSION)
        throw new SnsError('InvalidParameter', `Invalid parameter: Version must be ${API_VERSION}`);
      if (action !== 'Publish')
        throw new SnsError(
          'InvalidAction',
          `The action ${action ?? '(none)'} is not valid for this endpoint.`,
        );
      if (service.isDown())
        throw new SnsError('ServiceUnavailable', 'Service is unavailable', 503, 'Receiver');
      const messageId = service.publish(params);
      sendXml(
        response,
        200,
        `<PublishResponse xmlns="${XML_NAMESPACE}">
  <PublishResult>
    <MessageId>${messageId}</MessageId>
  </PublishResult>
  <ResponseMetadata>
    <RequestId>${requestId}</RequestId>
  </ResponseMetadata>
</PublishResponse>`,
        requestId,
      );
    } catch (error) {
      if (error instanceof SnsError) fail(error);
      else if (error instanceof BodyTooLargeError)
        fail(new SnsError('InvalidParameter', 'Invalid parameter: Message too long', 413));
      else {
        console.error('local SNS: request failed', error);
        fail(
          new SnsError(
            'InternalError',
            error instanceof Error ? error.message : String(error),
            500,
            'Receiver',
          ),
        );
      }
    }
  };
}
