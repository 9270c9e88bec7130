import type { MiddlewareObj } from '@middy/core';

/**
 * Powertools Tracer's middleware, for a function bundled without the tracer: it does nothing (middy
 * takes no middleware without a hook, so it has one that returns nothing).
 */
export const captureLambdaHandler = (_tracer?: unknown, _options?: unknown): MiddlewareObj => ({
  before: () => undefined,
});
