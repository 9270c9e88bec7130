import type { MiddlewareObj } from '@middy/core';
import type * as z from '../../contract/zod.ts';
import { describeIssues } from '../../shared/issues.ts';
import { appendCorrelationIds, type CorrelationIds, correlationIdsOf } from '../../shared/logger.ts';

/** An invocation whose event does not have the shape its handler expects: nothing was done. */
export class ParseError extends Error {
  override name = 'ParseError';
}

/**
 * Parses the event with the handler's schema before the handler runs (the single parse point of
 * every handler): the handler receives the parsed, typed value, or the invocation fails with a
 * {@link ParseError} that says what is wrong. The ids the parsed event carries are appended to the
 * log here, once: by default the input's own `caseId`, `accountId`, ... (a task's input).
 */
export function parseEvent<S extends z.ZodMiniType>(
  schema: S,
  correlate: (event: z.output<S>) => CorrelationIds = correlationIdsOf,
): MiddlewareObj<z.output<S>> {
  return {
    before: (request) => {
      const parsed = schema.safeParse(request.event);
      if (!parsed.success) throw new ParseError(`Failed to parse schema: ${describeIssues(parsed.error)}`);
      request.event = parsed.data;
      appendCorrelationIds(correlate(parsed.data));
    },
  };
}
