import { randomUUID } from 'node:crypto';
import type { EventBridgeEvent as LambdaEventBridgeEvent } from 'aws-lambda';
import { assertValidPattern, matchesPattern } from './event-pattern.ts';
import {
  AwsError,
  httpServer,
  jsonRpcHandler,
  type ListenOptions,
  LOCAL_ACCOUNT_ID,
  LOCAL_REGION,
  listen,
  sendJson,
} from './http-server.ts';

export {
  assertValidPattern,
  type EventPattern,
  InvalidEventPatternError,
  matchesPattern,
} from './event-pattern.ts';

/** An event as EventBridge delivers it to a target. */
export type EventBridgeEvent = LambdaEventBridgeEvent<string, unknown>;

export type LocalRule = {
  name: string;
  eventBusName: string;
  pattern: Record<string, unknown>;
  /** The rule's target. A throw counts as a failed delivery and is retried. */
  deliver: (event: EventBridgeEvent) => Promise<void>;
};

export type Logger = Pick<Console, 'warn' | 'error'>;

export type EventBridgeEmulatorOptions = ListenOptions & {
  rules: LocalRule[];
  /** Retries after a failed delivery (a target's MaximumRetryAttempts). Default 3. */
  retryAttempts?: number;
  /** Wait before the first retry; it doubles at every further retry. Default 200 ms. */
  retryDelayMs?: number;
  /** Gets each event whose delivery failed every attempt (send it to the rule's dead-letter queue). */
  onDeliveryFailure?: (event: EventBridgeEvent, rule: LocalRule, error: unknown) => void | Promise<void>;
  region?: string;
  logger?: Logger;
};

export type EventBridgeEmulator = {
  url: string;
  close(): Promise<void>;
  /** Every event accepted so far, oldest first. */
  events(): EventBridgeEvent[];
  /** Resolves when no delivery is running or waiting for a retry. */
  settled(): Promise<void>;
};

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

export async function startEventBridgeEmulator(
  options: EventBridgeEmulatorOptions,
): Promise<EventBridgeEmulator> {
  const region = options.region ?? LOCAL_REGION;
  const retryAttempts = options.retryAttempts ?? 3;
  const retryDelayMs = options.retryDelayMs ?? 200;
  const logger = options.logger ?? console;
  for (const rule of options.rules) {
    try {
      assertValidPattern(rule.pattern);
    } catch (error) {
      throw new Error(`Rule ${rule.name}: ${(error as Error).message}`);
    }
  }

  const accepted: EventBridgeEvent[] = [];
  const timers = new Map<NodeJS.Timeout, () => void>();
  let running = 0;
  let closed = false;
  let settledWaiters: Array<() => void> = [];

  const checkSettled = () => {
    if (running > 0) return;
    const waiters = settledWaiters;
    settledWaiters = [];
    for (const resolve of waiters) resolve();
  };

  /** Waits `ms`, or less if the emulator closes meanwhile. */
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.set(timer, resolve);
    });

  async function deliver(event: EventBridgeEvent, rule: LocalRule) {
    let lastError: unknown;
    for (let attempt = 0; attempt <= retryAttempts; attempt++) {
      if (attempt > 0) {
        await sleep(retryDelayMs * 2 ** (attempt - 1));
        if (closed) return;
      }
      try {
        await rule.deliver(event);
        return;
      } catch (error) {
        lastError = error;
        logger.warn(
          `local EventBridge: rule ${rule.name} failed to deliver event ${event.id} ` +
            `(attempt ${attempt + 1} of ${retryAttempts + 1}): ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    }
    if (!options.onDeliveryFailure) {
      logger.error(
        `local EventBridge: rule ${rule.name} dropped event ${event.id} after ${retryAttempts + 1} attempts`,
      );
      return;
    }
    try {
      await options.onDeliveryFailure(event, rule, lastError);
    } catch (error) {
      logger.error(`local EventBridge: onDeliveryFailure for event ${event.id} failed`, error);
    }
  }

  function dispatch(event: EventBridgeEvent, eventBusName: string) {
    for (const rule of options.rules) {
      if (busName(rule.eventBusName) !== eventBusName || !matchesPattern(rule.pattern, event)) continue;
      running++;
      deliver(event, rule).finally(() => {
        running--;
        checkSettled();
      });
    }
  }

  function putEvents(input: Record<string, unknown>) {
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
      throw new AwsError(
        'ValidationException',
        'Total size of the entries in the request is over the limit.',
      );
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
      accepted.push(event);
      dispatch(event, busName(typeof entry.EventBusName === 'string' ? entry.EventBusName : 'default'));
      return { EventId: event.id };
    });
    return { FailedEntryCount: results.filter((result) => 'ErrorCode' in result).length, Entries: results };
  }

  const server = await listen(
    httpServer(
      jsonRpcHandler({
        targetPrefix: 'AWSEvents',
        jsonVersion: '1.1',
        operations: { PutEvents: putEvents },
        other: (request, response) => {
          if (request.method !== 'GET' || new URL(request.url ?? '/', 'http://local').pathname !== '/events')
            return false;
          sendJson(response, 200, accepted);
          return true;
        },
      }),
    ),
    options,
  );

  return {
    url: server.url,
    events: () => [...accepted],
    settled: () =>
      new Promise<void>((resolve) => {
        settledWaiters.push(resolve);
        checkSettled();
      }),
    async close() {
      closed = true;
      for (const [timer, wake] of timers) {
        clearTimeout(timer);
        wake();
      }
      timers.clear();
      await server.close();
    },
  };
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
