/** Publish: its parameters checked as SNS checks them, and the message kept. */
import { randomUUID } from 'node:crypto';
import { SnsError } from './errors.ts';
import type { PublishedMessage } from './types.ts';

/** SNS's limit on a message (and its attributes): 256 KiB. */
export const MAX_MESSAGE_BYTES = 262_144;

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

export function publish(
  params: URLSearchParams,
  topics: ReadonlySet<string>,
  published: PublishedMessage[],
): string {
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
  if (size > MAX_MESSAGE_BYTES) throw new SnsError('InvalidParameter', 'Invalid parameter: Message too long');
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
