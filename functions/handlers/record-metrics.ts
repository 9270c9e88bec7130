import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { dynamoCases } from '../adapters/dynamodb/cases.ts';
import { timelineEntryOfImage } from '../adapters/dynamodb/stream-images.ts';
import { loadFunctionConfig } from '../shared/config.ts';
import { emitMetricPoints, metricsMiddleware } from '../shared/metrics.ts';
import { caseFactsReader, recordedMetrics } from '../use-cases/record-metrics.ts';
import { lambdaContext } from './middleware/lambda-context.ts';
import { processTableStream } from './middleware/table-stream.ts';

const config = loadFunctionConfig('recordMetrics');
const ports = { store: dynamoCases(config.TABLE_NAME) };

/**
 * The business metrics of the contract (functions/contract/metrics.ts), derived from what the table
 * records: the table's stream brings each timeline entry a metric counts (lib/functions.ts
 * METRIC_ENTRY_FILTERS), the use case maps it to data points (reading its case once per batch, for
 * the segment), and they go out as EMF through Powertools Metrics, each with its contract dimension
 * set. A batch the stream retries emits its points again: CloudWatch metrics are approximate, and a
 * retry is rare (the only call that can fail is the case's read).
 */
export const handler = middy(async (event: unknown, context: Context) => {
  const caseFacts = caseFactsReader(ports);
  return processTableStream(event, context, timelineEntryOfImage, async (entry) => {
    emitMetricPoints(await recordedMetrics(entry, caseFacts));
    return undefined;
  });
})
  .use(lambdaContext())
  .use(metricsMiddleware());
