import * as z from '../../contract/zod.ts';
import { lambdaContext } from './lambda-context.ts';
import { parseEvent } from './parse-event.ts';

const stringRecord = z.record(z.string(), z.string());

/**
 * An API Gateway HTTP API (payload format 2.0) request: the fields the portal reads are checked
 * and typed; every other field passes through untouched (a router may read them).
 */
export const HttpApiEventSchema = z.looseObject({
  routeKey: z.string(),
  rawPath: z.string(),
  rawQueryString: z.string(),
  headers: stringRecord,
  pathParameters: z.nullish(stringRecord),
  body: z.optional(z.string()),
  isBase64Encoded: z.boolean(),
  requestContext: z.looseObject({
    requestId: z.string(),
    http: z.looseObject({ method: z.string(), path: z.string() }),
  }),
});

export type HttpApiEvent = z.output<typeof HttpApiEventSchema>;

/** Parses the request; its id (API Gateway's `requestId`) goes on every log line as `correlation_id`. */
export const parseHttpApiEvent = () =>
  parseEvent(HttpApiEventSchema, (event) => ({ correlationId: event.requestContext.requestId }));

/**
 * The portal's middleware stack: the Lambda context in the logs, the request parsed and its id on
 * every log line. `middy().use(httpApiMiddleware()).handler(async (event, context) => ...)`; the
 * page handler appends the case's id once it knows the case: `appendCorrelationIds({ caseId })`.
 */
export const httpApiMiddleware = () => [...lambdaContext(), parseHttpApiEvent()];
