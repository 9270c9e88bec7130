/** PutEvents: each entry checked as EventBridge checks it, and turned into the event a target gets. */
import { randomUUID } from 'node:crypto';
import { AwsError, LOCAL_ACCOUNT_ID } from '../http-server.ts';
import type { EventBridgeEvent } from './types.ts';

const MAX_ENTRIES = 10;
const MAX_REQUEST_BYTES = 256 * 1024;

type PutEventsEntry = {
  Source?: unknown;
  DetailType?: unknown;
  Detail?: unknown;
  EventBusName?: unknown;
  Resources?: unknown;
  Time?: unknown;
};

type ResultEntry = { EventId: string } | { ErrorCode: string; ErrorMessage: string };

/** Formats a time as EventBridge does: ISO 8601 in UTC, whole seconds. */
export const eventTime = (date: Date) => date.toISOString().replace(/\.\d{3}Z$/, 'Z');

/** `collections` or `arn:aws:events:...:event-bus/collections` → `collections`. */
export const busName = (nameOrArn: string) =>
  nameOrArn.replace(/^arn:[^:]+:events:[^:]*:[^:]*:event-bus\//, '');

export function putEvents(
  input: Record<string, unknown>,
  region: string,
  accept: (event: EventBridgeEvent, eventBusName: string) => void,
) {
  const entries = input.Entries;
  if (!Array.isArray(entries) || entries.length < 1 || entries.length > MAX_ENTRIES) {
    throw new AwsError(
      'ValidationException',
      `1 validation error detected: Value at 'entries' failed to satisfy constraint: Member must have length ` +
        `${Array.isArray(entries) && entries.length > MAX_ENTRIES ? `less than or equal to ${MAX_ENTRIES}` : 'greater than or equal to 1'}`,
    );
  }
  const size = (entries as PutEventsEntry[]).reduce((total, entry) => total + entrySize(entry), 0);
  if (size > MAX_REQUEST_BYTES) {
    throw new AwsError('ValidationException', 'Total size of the entries in the request is over the limit.');
  }
  const results = (entries as PutEventsEntry[]).map((entry): ResultEntry => {
    const problem = validateEntry(entry);
    if (problem) return problem;
    const event: EventBridgeEvent = {
      version: '0',
      id: randomUUID(),
      'detail-type': entry.DetailType as string,
      source: entry.Source as string,
      account: LOCAL_ACCOUNT_ID,
      time: eventTime(parseTime(entry.Time)),
      region,
      resources: Array.isArray(entry.Resources) ? entry.Resources.map(String) : [],
      detail: JSON.parse(entry.Detail as string),
    };
    accept(event, busName(typeof entry.EventBusName === 'string' ? entry.EventBusName : 'default'));
    return { EventId: event.id };
  });
  return { FailedEntryCount: results.filter((result) => 'ErrorCode' in result).length, Entries: results };
}

function validateEntry(entry: PutEventsEntry): ResultEntry | undefined {
  for (const field of ['Source', 'DetailType', 'Detail'] as const) {
    const value = entry[field];
    if (typeof value !== 'string' || value.length === 0) {
      return {
        ErrorCode: 'InvalidArgument',
        ErrorMessage: `Parameter ${field} is not valid. Reason: ${field} is a required argument.`,
      };
    }
  }
  if ((entry.Source as string).startsWith('aws.')) {
    return { ErrorCode: 'NotAuthorizedForSourceException', ErrorMessage: 'Not authorized for the source.' };
  }
  let detail: unknown;
  try {
    detail = JSON.parse(entry.Detail as string);
  } catch {
    detail = undefined;
  }
  if (typeof detail !== 'object' || detail === null || Array.isArray(detail)) {
    return { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' };
  }
  if (entry.Time !== undefined && Number.isNaN(parseTime(entry.Time).getTime())) {
    return { ErrorCode: 'InvalidArgument', ErrorMessage: 'Parameter Time is not valid.' };
  }
  return undefined;
}

/** The SDK sends a timestamp as epoch seconds (JSON 1.1); accept ISO strings too. */
function parseTime(time: unknown): Date {
  if (typeof time === 'number') return new Date(time * 1000);
  if (typeof time === 'string') return new Date(/^\d+(\.\d+)?$/.test(time) ? Number(time) * 1000 : time);
  return new Date();
}

/** Entry size as EventBridge counts it toward the 256 KB request limit. */
function entrySize(entry: PutEventsEntry): number {
  const bytes = (value: unknown) => (typeof value === 'string' ? Buffer.byteLength(value) : 0);
  return (
    (entry.Time !== undefined ? 14 : 0) +
    bytes(entry.Source) +
    bytes(entry.DetailType) +
    bytes(entry.Detail) +
    (Array.isArray(entry.Resources)
      ? entry.Resources.reduce((total: number, item) => total + bytes(item), 0)
      : 0)
  );
}
