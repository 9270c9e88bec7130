/**
 * A phone of its own beside the mailbox (issue 16): it answers AWS End User Messaging SMS's
 * `SendTextMessage` (the AWS JSON 1.0 protocol, for the real `@aws-sdk/client-pinpoint-sms-voice-v2`),
 * keeps every text, and lets a person (or a test) reply as a debtor would.
 *
 * Public contract (scripts outside this repository read it; keep it exact):
 *  - `GET {phone}/messages`: JSON, every text sent, oldest first, each with `to`, `body`, `at`;
 *  - `POST {phone}/reply` with `{ "from": "+1…", "body": "STOP" }`: delivers an inbound text as the
 *    number's two-way channel would (published to the two-way SNS topic), answered once handled.
 * `GET {phone}/` is the page: every text by number, and a reply box.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { E164 } from '../../functions/domain/text-messages.ts';
import {
  BodyTooLargeError,
  httpServer,
  type ListenOptions,
  listen,
  readBody,
  sendJson,
} from '../http-server.ts';
import { phonePage } from './page.ts';
import type { PhoneReply, PhoneText } from './types.ts';

export type * from './types.ts';

export type PhoneOptions = ListenOptions & {
  /** The number texts come from (the inbound text's `destinationNumber`). */
  number: string;
  /** Delivers a reply as the two-way channel does (publish to its topic); resolves once handled. */
  deliverReply(inbound: Record<string, string>): Promise<void>;
};

export type LocalPhone = {
  url: string;
  texts(to?: string): PhoneText[];
  /** Sends a reply as the debtor `from` (what `POST /reply` does). */
  reply(from: string, body: string): Promise<PhoneReply>;
  close(): Promise<void>;
};

const MAX_BODY_BYTES = 64 * 1024;
/** End User Messaging SMS's limit on a message body, in characters. */
const MAX_MESSAGE_CHARS = 1_600;
const TARGET = 'PinpointSMSVoiceV2.SendTextMessage';

class ValidationException extends Error {}

export async function startPhone(options: PhoneOptions): Promise<LocalPhone> {
  const texts: PhoneText[] = [];
  const replies: PhoneReply[] = [];

  function sendTextMessage(input: Record<string, unknown>): string {
    const to = input.DestinationPhoneNumber;
    const body = input.MessageBody;
    const identity = input.OriginationIdentity;
    if (typeof to !== 'string' || !E164.test(to))
      throw new ValidationException('DestinationPhoneNumber must be an E.164 number');
    if (typeof body !== 'string' || body.length === 0 || body.length > MAX_MESSAGE_CHARS)
      throw new ValidationException(`MessageBody must hold 1 to ${MAX_MESSAGE_CHARS} characters`);
    if (typeof identity !== 'string' || identity.length === 0)
      throw new ValidationException('OriginationIdentity is required');
    const messageId = randomUUID();
    texts.push({
      to,
      body,
      at: new Date().toISOString(),
      messageId,
      originationIdentity: identity,
      ...(typeof input.ConfigurationSetName === 'string'
        ? { configurationSetName: input.ConfigurationSetName }
        : {}),
    });
    return messageId;
  }

  async function reply(from: string, body: string): Promise<PhoneReply> {
    if (!E164.test(from)) throw new ValidationException('from must be an E.164 number such as +15555550123');
    if (body.length === 0 || body.length > MAX_MESSAGE_CHARS)
      throw new ValidationException(`body must hold 1 to ${MAX_MESSAGE_CHARS} characters`);
    const inboundMessageId = randomUUID();
    const previous = [...texts].reverse().find((text) => text.to === from);
    // As End User Messaging SMS publishes an inbound text to the number's two-way channel.
    await options.deliverReply({
      originationNumber: from,
      destinationNumber: options.number,
      messageKeyword: body.trim().split(/\s+/)[0]?.toUpperCase() ?? '',
      messageBody: body,
      inboundMessageId,
      ...(previous ? { previousPublishedMessageId: previous.messageId } : {}),
    });
    const recorded = { from, body, at: new Date().toISOString(), inboundMessageId };
    replies.push(recorded);
    return recorded;
  }

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const path = new URL(request.url ?? '/', 'http://local').pathname;
    try {
      if (request.method === 'GET' && path === '/messages') {
        sendJson(
          response,
          200,
          texts.map(({ to, body, at, messageId }) => ({ to, body, at, messageId })),
        );
        return;
      }
      if (request.method === 'GET' && path === '/replies') {
        sendJson(response, 200, replies);
        return;
      }
      if (request.method === 'GET' && path === '/') {
        const page = phonePage(texts, replies, options.number);
        response.writeHead(200, {
          'content-type': 'text/html; charset=utf-8',
          'content-length': Buffer.byteLength(page),
        });
        response.end(page);
        return;
      }
      if (request.method === 'POST' && path === '/reply') {
        const input = JSON.parse((await readBody(request, MAX_BODY_BYTES)).toString('utf8') || '{}');
        if (typeof input?.from !== 'string' || typeof input?.body !== 'string')
          throw new ValidationException('expected a JSON body { "from": "+1…", "body": "…" }');
        sendJson(response, 200, await reply(input.from, input.body));
        return;
      }
      if (request.method === 'POST' && path === '/') {
        if (request.headers['x-amz-target'] !== TARGET) {
          sendJson(response, 400, {
            __type: 'UnknownOperationException',
            message: `Only ${TARGET} is emulated`,
          });
          return;
        }
        const input = JSON.parse((await readBody(request, MAX_BODY_BYTES)).toString('utf8') || '{}');
        const messageId = sendTextMessage(input as Record<string, unknown>);
        sendJson(response, 200, { MessageId: messageId }, {}, 'application/x-amz-json-1.0');
        return;
      }
      sendJson(response, 404, { message: 'Not found' });
    } catch (error) {
      if (error instanceof ValidationException || error instanceof SyntaxError) {
        sendJson(
          response,
          400,
          { __type: 'ValidationException', message: error.message },
          {},
          'application/x-amz-json-1.0',
        );
        return;
      }
      if (error instanceof BodyTooLargeError) {
        sendJson(response, 413, { message: error.message });
        return;
      }
      sendJson(response, 502, { message: `The reply was not handled: ${(error as Error).message}` });
    }
  };

  const server = await listen(httpServer(handle), options);
  return {
    url: server.url,
    texts: (to) => structuredClone(to ? texts.filter((text) => text.to === to) : texts),
    reply,
    close: server.close,
  };
}
