import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  BodyTooLargeError,
  httpServer,
  type ListenOptions,
  LOCAL_ACCOUNT_ID,
  LOCAL_REGION,
  listen,
  readBody,
  sendJson,
} from './http-server.ts';

/**
 * A local SNS that answers `Publish` the way AWS does, for the real `@aws-sdk/client-sns`: the AWS
 * Query protocol (a form-encoded POST with `Action` and `Version`, answered in XML). It delivers
 * nowhere: it keeps every message, for tests (`messages()`) and for people (`GET /messages`, JSON).
 */
export type SnsEmulatorOptions = ListenOptions & {
  /** The topics that exist (ARNs); publishing to any other is SNS's NotFound error. */
  topics: string[];
};

export type PublishedMessage = {
  messageId: string;
  topicArn: string;
  subject?: string;
  message: string;
  /** String and Number attributes by name, as `{ DataType, StringValue }`. */
  messageAttributes: Record<string, { DataType: string; StringValue?: string }>;
  /** When it was published, ISO 8601. */
  timestamp: string;
};

export type SnsEmulator = {
  url: string;
  /** Every message published so far, oldest first (copies). */
  messages(topicArn?: string): PublishedMessage[];
  /** While on, every Publish fails as in an SNS outage (503 ServiceUnavailable), to test what survives one. */
  outage(on: boolean): void;
  close(): Promise<void>;
};

const XML_NAMESPACE = 'http://sns.amazonaws.com/doc/2010-03-31/';
const API_VERSION = '2010-03-31';
/** SNS's limit on a message (and its attributes): 256 KiB. */
const MAX_MESSAGE_BYTES = 262_144;

export const localTopicArn = (name: string) => `arn:aws:sns:${LOCAL_REGION}:${LOCAL_ACCOUNT_ID}:${name}`;

class SnsError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
    readonly type: 'Sender' | 'Receiver' = 'Sender',
  ) {
    super(message);
  }
}

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

/** `MessageAttributes.entry.N.Name` / `.Value.DataType` / `.Value.StringValue` → by name. */
function messageAttributes(params: URLSearchParams): PublishedMessage['messageAttributes'] {
  const attributes: PublishedMessage['messageAttributes'] = {};
  for (let n = 1; params.has(`MessageAttributes.entry.${n}.Name`); n++) {
    const prefix = `MessageAttributes.entry.${n}`;
    const name = params.get(`${prefix}.Name`) ?? '';
    const dataType = params.get(`${prefix}.Value.DataType`);
    const value = params.get(`${prefix}.Value.StringValue`) ?? undefined;
    if (!name || !dataType)
      throw new SnsError('InvalidParameter', `Invalid parameter: MessageAttributes entry ${n}`);
    if (params.has(`${prefix}.Value.BinaryValue`))
      throw new SnsError('InvalidParameter', 'Invalid parameter: binary message attributes are not emulated');
    if (value === undefined)
      throw new SnsError(
        'ParameterValueInvalid',
        `The message attribute '${name}' must contain non-empty message attribute value for message attribute type '${dataType}'.`,
      );
    attributes[name] = { DataType: dataType, StringValue: value };
  }
  return attributes;
}

export async function startSnsEmulator(options: SnsEmulatorOptions): Promise<SnsEmulator> {
  const topics = new Set(options.topics);
  const published: PublishedMessage[] = [];

  function publish(params: URLSearchParams): string {
    const topicArn = params.get('TopicArn') ?? params.get('TargetArn');
    if (!topicArn) {
      if (params.has('PhoneNumber'))
        throw new SnsError('InvalidParameter', 'Invalid parameter: SMS is not emulated');
      throw new SnsError('InvalidParameter', 'Invalid parameter: TopicArn or TargetArn Reason: no value');
    }
    if (!/^arn:aws[a-z-]*:sns:[^:]+:\d{12}:[A-Za-z0-9_-]{1,256}$/.test(topicArn))
      throw new SnsError('InvalidParameter', 'Invalid parameter: TopicArn');
    if (!topics.has(topicArn)) throw new SnsError('NotFound', 'Topic does not exist', 404);
    const message = params.get('Message');
    if (!message) throw new SnsError('InvalidParameter', 'Invalid parameter: Empty message');
    const subject = params.get('Subject') ?? undefined;
    if (
      subject !== undefined &&
      (subject.length === 0 || subject.length > 100 || !/^[\x20-\x7e]+$/.test(subject) || /^\s/.test(subject))
    )
      throw new SnsError('InvalidParameter', 'Invalid parameter: Subject');
    if (params.get('MessageStructure') === 'json')
      throw new SnsError('InvalidParameter', 'Invalid parameter: MessageStructure json is not emulated');
    const attributes = messageAttributes(params);
    const size =
      Buffer.byteLength(message) +
      Object.entries(attributes).reduce(
        (sum, [name, value]) =>
          sum +
          Buffer.byteLength(name) +
          Buffer.byteLength(value.DataType) +
          Buffer.byteLength(value.StringValue ?? ''),
        0,
      );
    if (size > MAX_MESSAGE_BYTES)
      throw new SnsError('InvalidParameter', 'Invalid parameter: Message too long');
    const messageId = randomUUID();
    published.push({
      messageId,
      topicArn,
      ...(subject !== undefined ? { subject } : {}),
      message,
      messageAttributes: attributes,
      timestamp: new Date().toISOString(),
    });
    return messageId;
  }

  let down = false;
  async function handle(request: IncomingMessage, response: ServerResponse) {
    const requestId = randomUUID();
    const path = new URL(request.url ?? '/', 'http://local').pathname;
    if (request.method === 'GET' && path === '/messages') {
      sendJson(response, 200, published);
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
      if (down) throw new SnsError('ServiceUnavailable', 'Service is unavailable', 503, 'Receiver');
      const messageId = publish(params);
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
  }

  const server = await listen(httpServer(handle), options);
  return {
    url: server.url,
    messages: (topicArn) =>
      structuredClone(topicArn ? published.filter((m) => m.topicArn === topicArn) : published),
    outage: (on) => {
      down = on;
    },
    close: server.close,
  };
}
