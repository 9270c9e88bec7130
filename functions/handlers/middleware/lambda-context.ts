import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logger } from '../../shared/logger.ts';

/**
 * Powertools' own middleware: every log line of the invocation carries the Lambda context
 * (function, request id, cold start), and the keys appended during it (the correlation ids) are
 * dropped when it ends, so the next invocation of a warm function starts clean. The event is never
 * logged: it carries a debtor's name and address.
 */
export const lambdaContext = () => injectLambdaContext(logger, { resetKeys: true });
