import { Metrics, type MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { METRICS, METRICS_NAMESPACE, METRICS_SERVICE } from '../contract/metrics.ts';
import { type MetricPoint, outboxMetricPoints } from '../domain/metrics.ts';
import { logger } from './logger.ts';

/**
 * Powertools Metrics, in the contract (functions/contract/metrics.ts): EMF lines on stdout that
 * CloudWatch turns into metrics, in METRICS_NAMESPACE with the `service` dimension on every one.
 * Its own notes go to the Logger, except the one it writes when an invocation stored no metric: every
 * data point here goes at once, on its own (`singleMetric`), so that is the rule, not news.
 */
export const metrics = new Metrics({
  namespace: METRICS_NAMESPACE,
  serviceName: METRICS_SERVICE,
  logger: {
    debug: (message: unknown) => logger.debug(String(message)),
    info: (message: unknown) => logger.info(String(message)),
    warn: (message: unknown) => {
      if (!String(message).startsWith('No application metrics to publish')) logger.warn(String(message));
    },
    error: (message: unknown) => logger.error(String(message)),
  },
});

/**
 * Emits each data point with exactly its contract dimension set (`service`, then the metric's
 * dimensions in the contract's order), the unit the contract gives it.
 */
export function emitMetricPoints(points: readonly MetricPoint[]): void {
  for (const { metric, dimensions, value } of points) {
    const definition = METRICS[metric];
    const single = metrics.singleMetric();
    const values = dimensions as Record<string, string>;
    for (const name of definition.dimensions) single.addDimension(name, values[name] ?? 'other');
    single.addMetric(definition.name, definition.unit as (typeof MetricUnit)[keyof typeof MetricUnit], value);
  }
}

/**
 * A carrier's scheduled run: the backlog its use case found (`backlog`, `oldestDueSeconds`) as
 * OutboxBacklog and OutboxOldestItemAge. A run that left the work to another (it held the lease)
 * found none and emits nothing. Resolves the result, unchanged.
 */
export function emitOutboxBacklog<Result extends Record<string, unknown>>(result: Result): Result {
  const { backlog, oldestDueSeconds } = result;
  if (typeof backlog === 'number' && typeof oldestDueSeconds === 'number')
    emitMetricPoints(outboxMetricPoints({ backlog, oldestDueSeconds }));
  return result;
}

/** middy's middleware: flushes whatever an invocation stored, even when the handler throws. */
export const metricsMiddleware = () => logMetrics(metrics);
