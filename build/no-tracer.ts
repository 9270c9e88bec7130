/**
 * Powertools Tracer's stand-in for a function bundled without it (build/lambda-bundling.ts): the
 * calls the handlers make, doing nothing. Lambda's active tracing still records the invocation.
 */
export class Tracer {
  /** The client as given: no subsegment per call. */
  captureAWSv3Client<T>(client: T): T {
    return client;
  }
}
