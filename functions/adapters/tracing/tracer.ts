import { Tracer } from '@aws-lambda-powertools/tracer';

/**
 * Powertools Tracer (issue 13), one per function: the service name comes from
 * POWERTOOLS_SERVICE_NAME, which the construct sets. Outside Lambda (tests, `npm start`) it is off
 * by itself. On Lambda it comes from the Powertools layer (build/lambda-bundling.ts).
 */
export const tracer = new Tracer();

/**
 * The client with a subsegment per AWS SDK call (service, operation, status, retries), under the
 * invocation's segment; no request or response body is recorded.
 */
export const traced = <Client>(client: Client): Client => tracer.captureAWSv3Client(client);
