/**
 * Stands in for `@smithy/core/event-streams` in the Lambda bundles only (see build/lambda-bundling.ts).
 * Event streams serve a few streaming operations (S3 SelectObjectContent, Bedrock, Transcribe, ...)
 * that no function of this system calls, yet every client bundles their codec (about 15 KiB
 * minified) for the protocol's lazy `import()`. Here the S3 client's configuration still resolves;
 * actually reading or writing an event stream fails with a clear message. Tests and the local
 * runtime run the sources unbundled, with the real module.
 *
 * esbuild fails the build if an SDK update starts importing anything else from the module.
 */
const LEFT_OUT =
  'Event streams are left out of the Lambda bundles (build/lambda-bundling.ts): no function of this system streams events through the AWS SDK';

function leftOut(): never {
  throw new Error(LEFT_OUT);
}

/** What a client's `eventStreamMarshaller` offers; neither is ever called by this system. */
const marshaller = { serialize: leftOut, deserialize: leftOut };

export const eventStreamSerdeProvider = (_options?: unknown) => marshaller;

export const resolveEventStreamSerdeConfig = <T extends { eventStreamSerdeProvider: (input: T) => unknown }>(
  input: T,
) => Object.assign(input, { eventStreamMarshaller: input.eventStreamSerdeProvider(input) });

export class EventStreamSerde {
  constructor(_options?: unknown) {
    leftOut();
  }
}
