import type { Tracer as PowertoolsTracer } from '@aws-lambda-powertools/tracer';
import type { captureLambdaHandler as powertoolsMiddleware } from '@aws-lambda-powertools/tracer/middleware';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Tracer as NoTracer } from '../../build/no-tracer.ts';
import { captureLambdaHandler as noMiddleware } from '../../build/no-tracer-middleware.ts';

// The tracer is made once per function when its module loads, from the environment it finds.
const freshTracing = async () => {
  vi.resetModules();
  return import('../../functions/adapters/tracing/tracer.ts');
};
const instrumented = (client: DynamoDBClient) =>
  client.middlewareStack.identify().filter((name) => /xray/i.test(name));

afterEach(() => {
  vi.unstubAllEnvs();
  vi.resetModules();
});

describe('Powertools Tracer around every AWS SDK client (issue 13)', () => {
  it('on Lambda, puts the X-Ray instrumentation on the client: a subsegment per call', async () => {
    vi.stubEnv('AWS_EXECUTION_ENV', 'AWS_Lambda_nodejs24.x');
    vi.stubEnv('AWS_LAMBDA_FUNCTION_NAME', 'collections-close-case');
    vi.stubEnv(
      '_X_AMZN_TRACE_ID',
      'Root=1-67891233-abcdef012345678912345678;Parent=53995c3f42cd8ad8;Sampled=1',
    );
    const { traced, tracer } = await freshTracing();
    expect(tracer.isTracingEnabled()).toBe(true);
    const client = traced(new DynamoDBClient({ region: 'us-east-1' }));
    expect(instrumented(client)).not.toEqual([]);
  });

  it('outside Lambda (tests, npm start), is off and leaves the client as it was', async () => {
    vi.stubEnv('AWS_EXECUTION_ENV', '');
    const { traced, tracer } = await freshTracing();
    expect(tracer.isTracingEnabled()).toBe(false);
    const client = traced(new DynamoDBClient({ region: 'us-east-1' }));
    expect(instrumented(client)).toEqual([]);
    expect(client.middlewareStack.identify().length).toBeGreaterThan(0);
  });

  it('every handler gets the tracer’s middleware outermost, never recording the response', async () => {
    vi.resetModules();
    const { lambdaContext } = await import('../../functions/handlers/middleware/lambda-context.ts');
    const [tracing, logging] = lambdaContext();
    expect(tracing?.before).toBeTypeOf('function');
    expect(tracing?.after).toBeTypeOf('function');
    expect(tracing?.onError).toBeTypeOf('function');
    expect(logging?.before).toBeTypeOf('function');
    // The stand-ins of a function bundled without the tracer keep the same calls.
    const client = new DynamoDBClient({ region: 'us-east-1' });
    expect(new NoTracer().captureAWSv3Client(client)).toBe(client);
    expect(noMiddleware(undefined, { captureResponse: false }).before).toBeTypeOf('function');
  });
});

// The stand-ins answer the calls the handlers make, typed as Powertools' own.
type UsedTracer = Pick<PowertoolsTracer, 'captureAWSv3Client'>;
const _tracerShape: UsedTracer = new NoTracer();
const _middlewareShape: (tracer: PowertoolsTracer, options: { captureResponse: boolean }) => unknown =
  noMiddleware satisfies (...args: Parameters<typeof powertoolsMiddleware>) => unknown;
