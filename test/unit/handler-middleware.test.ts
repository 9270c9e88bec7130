import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as z from 'zod';
import { httpApiMiddleware } from '../../functions/handlers/middleware/http-api.ts';
import { lambdaContext } from '../../functions/handlers/middleware/lambda-context.ts';
import { ParseError, parseEvent } from '../../functions/handlers/middleware/parse-event.ts';
import {
  appendCorrelationIds,
  correlationIdsOf,
  logger,
  withCorrelationIds,
} from '../../functions/shared/logger.ts';
import { logLines } from '../support/log-lines.ts';

// The logger reads its level once, when it is created (tests run at ERROR): these tests read INFO lines.
vi.hoisted(() => {
  process.env.POWERTOOLS_LOG_LEVEL = 'INFO';
});

const context = (awsRequestId: string) =>
  ({
    callbackWaitsForEmptyEventLoop: false,
    functionName: 'collections-test',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:eu-west-2:000000000000:function:collections-test',
    memoryLimitInMB: '256',
    awsRequestId,
    logGroupName: '/aws/lambda/collections-test',
    logStreamName: 'test',
    getRemainingTimeInMillis: () => 30_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  }) satisfies Context;

afterEach(() => logger.resetKeys());

const TaskInput = z.object({ caseId: z.string().min(1), rung: z.enum(['friendly', 'firm']) });

describe('a task handler’s middleware', () => {
  const handler = middy()
    .use(lambdaContext())
    .use(parseEvent(TaskInput))
    .handler(async (input) => {
      logger.info('Working on it');
      return input;
    });

  // What Step Functions sends is not typed: the handler must not trust it.
  const invoke = (input: unknown, requestId: string) =>
    handler(input as z.input<typeof TaskInput>, context(requestId));

  it('hands the handler its parsed input, stripped of what the schema does not name', async () => {
    let output: unknown;
    await logLines(async () => {
      output = await invoke({ caseId: 'ACC-1-1', rung: 'firm', extra: 'x' }, 'r-1');
    });
    expect(output).toEqual({ caseId: 'ACC-1-1', rung: 'firm' });
  });

  it('fails an input of the wrong shape with a ParseError that says what is wrong', async () => {
    await expect(invoke({ caseId: '', rung: 'final' }, 'r-2')).rejects.toBeInstanceOf(ParseError);
    await expect(invoke({ caseId: '', rung: 'final' }, 'r-2')).rejects.toThrow(/caseId: .*; rung: /);
  });

  it('logs every line with the Lambda context and the case’s id, and forgets both afterwards', async () => {
    const lines = await logLines(async () => {
      await invoke({ caseId: 'ACC-1-1', rung: 'firm' }, 'r-1');
      logger.info('Between invocations');
      await invoke({ caseId: 'ACC-2-1', rung: 'friendly' }, 'r-2');
    });
    expect(lines.map((line) => [line.message, line.caseId, line.function_request_id])).toEqual([
      ['Working on it', 'ACC-1-1', 'r-1'],
      ['Between invocations', undefined, 'r-1'],
      ['Working on it', 'ACC-2-1', 'r-2'],
    ]);
    expect(lines[0]).toMatchObject({ function_name: 'collections-test', cold_start: expect.any(Boolean) });
  });
});

describe('a log line', () => {
  // What every line carries, in Powertools' order, then the unit's ids and the call's own attributes.
  const handler = middy()
    .use(lambdaContext())
    .handler(async () => {
      await withCorrelationIds({ caseId: 'ACC-1-1', accountId: 'ACC-1' }, async () => {
        logger.info('Reminder sent', { rung: 'firm' });
        logger.error('Send failed', { error: new Error('outage') });
      });
    });

  it('carries the function’s name and request id, the trace and the ids, not its ARN, memory or sampling rate', async () => {
    vi.stubEnv(
      '_X_AMZN_TRACE_ID',
      'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1',
    );
    try {
      const lines = await logLines(() => handler({}, context('r-1')));
      const [sent, failed] = lines;
      expect(Object.keys(sent ?? {})).toEqual([
        'level',
        'message',
        'timestamp',
        'service',
        'cold_start',
        'function_name',
        'function_request_id',
        'xray_trace_id',
        'caseId',
        'accountId',
        'rung',
      ]);
      expect(sent).toMatchObject({
        level: 'INFO',
        message: 'Reminder sent',
        timestamp: expect.any(String),
        service: 'collections',
        cold_start: expect.any(Boolean),
        function_name: 'collections-test',
        function_request_id: 'r-1',
        xray_trace_id: '1-5759e988-bd862e3fe1be46a994272793',
        caseId: 'ACC-1-1',
        accountId: 'ACC-1',
        rung: 'firm',
      });
      expect(failed).toMatchObject({
        level: 'ERROR',
        caseId: 'ACC-1-1',
        error: { name: 'Error', message: 'outage', location: expect.any(String), stack: expect.any(String) },
      });
      for (const line of lines)
        for (const key of ['function_arn', 'function_memory_size', 'sampling_rate'])
          expect(line).not.toHaveProperty(key);
    } finally {
      vi.unstubAllEnvs();
    }
  });
});

describe('correlation ids', () => {
  it('takes only the known ids, only as non-empty strings: nothing personal rides along', () => {
    expect(
      correlationIdsOf({
        caseId: 'ACC-1-1',
        accountId: 'ACC-1',
        executionArn: '',
        name: 'Alex',
        email: 'alex@example.com',
        balance: { amount: 100, currency: 'GBP' },
        eventId: 42,
      }),
    ).toEqual({ caseId: 'ACC-1-1', accountId: 'ACC-1' });
    expect(correlationIdsOf('ACC-1')).toEqual({});
    expect(correlationIdsOf(null)).toEqual({});
  });

  it('can be appended once a handler finds the case, and stay for the rest of the invocation', async () => {
    const handler = middy()
      .use(lambdaContext())
      .use(parseEvent(z.object({ invoiceId: z.string() })))
      .handler(async () => {
        logger.info('Before the case is known');
        appendCorrelationIds({ caseId: 'ACC-1-1', executionArn: 'arn:aws:states:::execution:x:ACC-1-1' });
        logger.info('Case opened');
        logger.info('Workflow started');
      });
    const lines = await logLines(() => handler({ invoiceId: 'INV-1' }, context('r-1')));
    expect(lines.map((line) => [line.message, line.caseId])).toEqual([
      ['Before the case is known', undefined],
      ['Case opened', 'ACC-1-1'],
      ['Workflow started', 'ACC-1-1'],
    ]);
  });
});

describe('units of work within one invocation', () => {
  it('each log with their own ids, also those they append, and leave none behind', async () => {
    const lines = await logLines(async () => {
      for (const caseId of ['ACC-1-1', 'ACC-2-1']) {
        await withCorrelationIds({ caseId }, async () => {
          appendCorrelationIds({ executionName: `${caseId}-run` });
          logger.info('Waiting message sent');
        });
      }
      logger.info('Waiting messages handled');
    });
    expect(lines.map((line) => [line.message, line.caseId, line.executionName])).toEqual([
      ['Waiting message sent', 'ACC-1-1', 'ACC-1-1-run'],
      ['Waiting message sent', 'ACC-2-1', 'ACC-2-1-run'],
      ['Waiting messages handled', undefined, undefined],
    ]);
  });

  it('forget their ids when the work fails, too', async () => {
    await expect(
      withCorrelationIds({ caseId: 'ACC-1-1' }, async () => {
        throw new Error('outage');
      }),
    ).rejects.toThrow('outage');
    const lines = await logLines(async () => logger.info('Next'));
    expect(lines[0]).not.toHaveProperty('caseId');
  });
});

describe('the portal’s middleware', () => {
  const request = {
    version: '2.0',
    routeKey: 'GET /case/{link}',
    rawPath: '/case/abc',
    rawQueryString: 'lang=es',
    cookies: ['a=b'],
    headers: { 'accept-language': 'es' },
    pathParameters: { link: 'abc' },
    isBase64Encoded: false,
    requestContext: {
      requestId: 'api-request-1',
      stage: '$default',
      http: { method: 'GET', path: '/case/abc', sourceIp: '203.0.113.1' },
    },
  };

  it('types the fields the portal reads, passes every other field through, and logs the request id', async () => {
    const handler = middy()
      .use(httpApiMiddleware())
      .handler(async (event) => {
        logger.info('Page served');
        // Typed: a misspelt field here does not compile.
        return { method: event.requestContext.http.method, link: event.pathParameters?.link, event };
      });
    let result: Awaited<ReturnType<typeof handler>> | undefined;
    const lines = await logLines(async () => {
      result = await handler(structuredClone(request), context('r-1'));
    });
    expect(result).toMatchObject({ method: 'GET', link: 'abc', event: request });
    expect(lines.find((line) => line.message === 'Page served')).toMatchObject({
      correlation_id: 'api-request-1',
      function_request_id: 'r-1',
    });
  });

  it('refuses a request without its route', async () => {
    const handler = middy()
      .use(httpApiMiddleware())
      .handler(async () => 'served');
    const { routeKey: _, ...withoutRoute } = request;
    await expect(handler(withoutRoute as typeof request, context('r-1'))).rejects.toThrow(/routeKey/);
  });
});
