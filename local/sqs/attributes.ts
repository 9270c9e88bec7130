import { createHash } from 'node:crypto';
import type { SQSMessageAttributes } from 'aws-lambda';
import { invalidParameter, sqsError } from './errors.ts';

/** A message attribute as on the wire: BinaryValue in base64. */
export type WireAttribute = { DataType: string; StringValue?: string; BinaryValue?: string };

/** Characters SQS accepts in a message body and string attribute values. */
export const INVALID_CHARACTERS = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

const ATTRIBUTE_NAME = /^(?!\.)(?!.*\.\.)(?!.*\.$)[A-Za-z0-9_.-]{1,256}$/;

/** MD5 of message attributes exactly as SQS computes it (what MD5OfMessageAttributes holds). */
export function md5OfMessageAttributes(attributes: Record<string, WireAttribute>): string | undefined {
  const names = Object.keys(attributes).sort();
  if (names.length === 0) return undefined;
  const hash = createHash('md5');
  const field = (bytes: Uint8Array) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(bytes.length);
    hash.update(length);
    hash.update(bytes);
  };
  for (const name of names) {
    const attribute = attributes[name] as WireAttribute;
    field(Buffer.from(name, 'utf8'));
    field(Buffer.from(attribute.DataType, 'utf8'));
    if (attribute.DataType.startsWith('Binary')) {
      hash.update(Buffer.from([2]));
      field(Buffer.from(attribute.BinaryValue ?? '', 'base64'));
    } else {
      hash.update(Buffer.from([1]));
      field(Buffer.from(attribute.StringValue ?? '', 'utf8'));
    }
  }
  return hash.digest('hex');
}

/** Checks message attributes as SQS does and gives them in their wire form. */
export function toWireAttributes(
  attributes: Record<string, unknown> | undefined,
  where = 'MessageAttribute',
): Record<string, WireAttribute> {
  const result: Record<string, WireAttribute> = {};
  if (attributes === undefined) return result;
  if (typeof attributes !== 'object' || attributes === null) throw invalidParameter(`${where} must be a map`);
  const entries = Object.entries(attributes);
  if (entries.length > 10)
    throw invalidParameter(
      `Number of message attributes [${entries.length}] exceeds the allowed maximum [10].`,
    );
  for (const [name, raw] of entries) {
    if (!ATTRIBUTE_NAME.test(name) || /^(aws\.|amazon\.)/i.test(name))
      throw invalidParameter(`Message attribute name '${name}' is invalid.`);
    const value = (raw ?? {}) as {
      DataType?: unknown;
      StringValue?: unknown;
      BinaryValue?: unknown;
    };
    const dataType = value.DataType;
    if (
      typeof dataType !== 'string' ||
      !/^(String|Number|Binary)(\..+)?$/.test(dataType) ||
      dataType.length > 256
    )
      throw invalidParameter(`The type of message (user) attribute '${name}' is invalid.`);
    if (dataType.startsWith('Binary')) {
      let base64: string;
      if (typeof value.BinaryValue === 'string') base64 = value.BinaryValue;
      else if (value.BinaryValue instanceof Uint8Array)
        base64 = Buffer.from(value.BinaryValue).toString('base64');
      else
        throw invalidParameter(`The message attribute '${name}' with type 'Binary' must use field 'Binary'.`);
      result[name] = { DataType: dataType, BinaryValue: base64 };
    } else {
      if (typeof value.StringValue !== 'string' || value.StringValue.length === 0)
        throw invalidParameter(
          `The message attribute '${name}' must contain non-empty message attribute value.`,
        );
      if (INVALID_CHARACTERS.test(value.StringValue))
        throw sqsError(
          'InvalidMessageContents',
          'InvalidMessageContents',
          `Message attribute '${name}' holds invalid characters.`,
        );
      if (
        dataType.startsWith('Number') &&
        !/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(value.StringValue.trim())
      )
        throw invalidParameter(`Can't cast the value of message (user) attribute '${name}' to a number.`);
      result[name] = { DataType: dataType, StringValue: value.StringValue };
    }
  }
  return result;
}

/** The bytes the attributes count towards the message size limit. */
export function attributesSize(attributes: Record<string, WireAttribute>) {
  let size = 0;
  for (const [name, attribute] of Object.entries(attributes)) {
    size += Buffer.byteLength(name) + Buffer.byteLength(attribute.DataType);
    size +=
      attribute.BinaryValue !== undefined
        ? Buffer.from(attribute.BinaryValue, 'base64').length
        : Buffer.byteLength(attribute.StringValue ?? '');
  }
  return size;
}

/** The attributes in the shape Lambda hands them to a handler. */
export function lambdaAttributes(attributes: Record<string, WireAttribute>): SQSMessageAttributes {
  const result: SQSMessageAttributes = {};
  for (const [name, attribute] of Object.entries(attributes)) {
    result[name] = {
      ...(attribute.StringValue !== undefined ? { stringValue: attribute.StringValue } : {}),
      ...(attribute.BinaryValue !== undefined ? { binaryValue: attribute.BinaryValue } : {}),
      stringListValues: [],
      binaryListValues: [],
      dataType: attribute.DataType,
    };
  }
  return result;
}
