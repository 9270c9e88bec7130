import { AsyncLocalStorage } from 'node:async_hooks';
import { LogFormatter, Logger, LogItem } from '@aws-lambda-powertools/logger';
import type { LogAttributes, UnformattedAttributes } from '@aws-lambda-powertools/logger/types';

/**
 * Powertools' own line (its keys, in its order) without `function_arn`, `function_memory_size` and
 * `sampling_rate`: about 120 of a line's 400 bytes, paid for in CloudWatch Logs on every line, and
 * telling nothing the log group (one per function) and the function's configuration (its memory)
 * don't. Powertools does not export its formatter to extend, so this one builds the same line.
 */
class CollectionsLogFormatter extends LogFormatter {
  formatAttributes(attributes: UnformattedAttributes, additionalLogAttributes: LogAttributes): LogItem {
    return new LogItem({
      attributes: {
        level: attributes.logLevel,
        message: attributes.message,
        timestamp: this.formatTimestamp(attributes.timestamp),
        service: attributes.serviceName,
        cold_start: attributes.lambdaContext?.coldStart,
        function_name: attributes.lambdaContext?.functionName,
        function_request_id: attributes.lambdaContext?.awsRequestId,
        xray_trace_id: attributes.xRayTraceId,
        tenant_id: attributes.lambdaContext?.tenantId,
      },
    }).addAttributes(additionalLogAttributes);
  }
}

/** The invocation's logger: its Lambda context and the ids appended for the whole invocation. */
const invocationLogger = new Logger({
  serviceName: 'collections',
  logFormatter: new CollectionsLogFormatter(),
});

/**
 * The ids of the unit of work in progress (a record of a batch, a waiting message), each unit its
 * own: units handled at once (a batch's records of different accounts) never see each other's ids.
 */
const units = new AsyncLocalStorage<Record<string, string>>();
const LOG_LEVELS: ReadonlySet<PropertyKey> = new Set(['debug', 'info', 'warn', 'error', 'critical']);

/**
 * Structured logs with ids only: no names, addresses or amounts of a debtor (DESIGN §7).
 *
 * Powertools' Logger, as Powertools' middleware sees it (Lambda context, cold start, keys reset at
 * the end of each invocation). Inside {@link withCorrelationIds} its lines also carry that unit's
 * ids, and `appendKeys`/`removeKeys` change that unit's ids only (Powertools' own keys are one set
 * per process, which records handled at once would mix).
 */
export const logger: Logger = new Proxy(invocationLogger, {
  get(target, property) {
    const unit = units.getStore();
    if (unit) {
      if (LOG_LEVELS.has(property)) {
        const log = Reflect.get(target, property, target) as (input: unknown, ...extra: unknown[]) => void;
        return (input: unknown, ...extra: unknown[]) => log.call(target, input, { ...unit }, ...extra);
      }
      if (property === 'appendKeys')
        return (attributes: Record<string, unknown>) => {
          for (const [key, value] of Object.entries(attributes))
            if (typeof value === 'string') unit[key] = value;
        };
      if (property === 'removeKeys')
        return (keys: readonly string[]) => {
          for (const key of keys) delete unit[key];
        };
    }
    const value = Reflect.get(target, property, target);
    return typeof value === 'function' ? value.bind(target) : value;
  },
});

/**
 * The ids that tie a log line to a case. They are appended to every line of the invocation once,
 * where they become known (the handler middleware does it from the parsed input; a use case that
 * finds the case later calls {@link appendCorrelationIds} once), never added by hand to each line.
 * Nothing else may be appended this way: a debtor's name, address or amount has no place in a log.
 */
export type CorrelationIds = {
  caseId?: string;
  accountId?: string;
  /** The case's Step Functions execution, where the invocation knows it. */
  executionArn?: string;
  executionName?: string;
  /** The billing event being handled (EventBridge `id`), and the SQS message that carried it. */
  eventId?: string;
  messageId?: string;
  detailType?: string;
  /** The request's own id (API Gateway's `requestId`): Powertools' `correlation_id` key. */
  correlationId?: string;
};

export const CORRELATION_KEYS = [
  'caseId',
  'accountId',
  'executionArn',
  'executionName',
  'eventId',
  'messageId',
  'detailType',
  'correlationId',
] as const satisfies readonly (keyof CorrelationIds)[];

/**
 * The correlation ids found in a value (a task's input, a billing event's detail): only the known
 * keys, only non-empty strings, so nothing personal travels along by accident.
 */
export function correlationIdsOf(value: unknown): CorrelationIds {
  if (typeof value !== 'object' || value === null) return {};
  const ids: CorrelationIds = {};
  for (const key of CORRELATION_KEYS) {
    const id = (value as Record<string, unknown>)[key];
    if (typeof id === 'string' && id !== '') ids[key] = id;
  }
  return ids;
}

/**
 * Appends correlation ids to every log line from here to the end of the invocation (the handler
 * middleware resets them afterwards), or of the batch record being processed.
 */
export function appendCorrelationIds(ids: CorrelationIds): void {
  const { correlationId, ...known } = correlationIdsOf(ids);
  if (correlationId) logger.setCorrelationId(correlationId);
  if (Object.keys(known).length > 0) logger.appendKeys(known);
}

/** Forgets every correlation id appended so far in this invocation. */
export function removeCorrelationIds(): void {
  logger.removeKeys([...CORRELATION_KEYS.filter((key) => key !== 'correlationId'), 'correlation_id']);
}

/**
 * Runs one of several units of work of an invocation (a record of a batch, a waiting message of
 * the outbox) with its ids on every log line, including any it appends itself (the case it finds),
 * beside the invocation's own. The ids are the unit's alone: units may run at once (a batch's
 * records of different accounts), and none sees another's, nor the next unit any of them.
 */
export function withCorrelationIds<T>(ids: CorrelationIds, work: () => Promise<T>): Promise<T> {
  const { correlationId, ...known } = correlationIdsOf(ids);
  return units.run(
    { ...units.getStore(), ...known, ...(correlationId ? { correlation_id: correlationId } : {}) },
    work,
  );
}
