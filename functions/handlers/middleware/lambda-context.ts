import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import { tracer } from '../../adapters/tracing/tracer.ts';
import { logger } from '../../shared/logger.ts';

/**
 * Powertools' own middlewares, for every handler:
 * - the tracer's: a subsegment for the handler, cold start and service annotated, errors recorded;
 *   the response is never recorded (pages and replies carry a debtor's name and address);
 * - the logger's: every log line of the invocation carries the Lambda context (function, request
 *   id, cold start), and the keys appended during it (the correlation ids) are dropped when it ends,
 *   so the next invocation of a warm function starts clean. The event is never logged either.
 * `middy().use(lambdaContext())`: middy takes the list as it comes, the tracer outermost.
 */
export const lambdaContext = () => [
  captureLambdaHandler(tracer, { captureResponse: false }),
  injectLambdaContext(logger, { resetKeys: true }),
];
