import { Logger } from '@aws-lambda-powertools/logger';

/** Structured logs with ids only: no names, addresses or amounts of a debtor (DESIGN §7). */
export const logger = new Logger({ serviceName: 'collections' });

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
 * and forgets them all afterwards so the next unit starts clean. Not for use inside a handler whose
 * middleware appended the invocation's own ids: those would be forgotten too.
 */
export async function withCorrelationIds<T>(ids: CorrelationIds, work: () => Promise<T>): Promise<T> {
  appendCorrelationIds(ids);
  try {
    return await work();
  } finally {
    removeCorrelationIds();
  }
}
