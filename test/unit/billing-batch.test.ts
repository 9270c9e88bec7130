import type { Context } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as z from 'zod';
import { processBillingBatch } from '../../functions/handlers/middleware/billing-batch.ts';
import { RejectedEventError } from '../../functions/shared/billing-batch.ts';
import { parkInDeadLetterQueue } from '../../functions/shared/dead-letter.ts';
import { appendCorrelationIds, logger } from '../../functions/shared/logger.ts';
import { logLines } from '../support/log-lines.ts';

// The logger reads its level once, when it is created (tests run at ERROR): these tests read INFO lines.
vi.hoisted(() => {
  process.env.POWERTOOLS_LOG_LEVEL = 'INFO';
});

vi.mock('../../functions/shared/dead-letter.ts', () => ({ parkInDeadLetterQueue: vi.fn() }));
const park = vi.mocked(parkInDeadLetterQueue);

const DLQ = 'https://sqs.eu-west-2.amazonaws.com/000000000000/dead-letters';
const Detail = z.object({ accountId: z.string(), amount: z.number().int() });

const context = {
  callbackWaitsForEmptyEventLoop: false,
  functionName: 'collections-test',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:eu-west-2:000000000000:function:collections-test',
  memoryLimitInMB: '256',
  awsRequestId: 'request-1',
  logGroupName: '/aws/lambda/collections-test',
  logStreamName: 'test',
  getRemainingTimeInMillis: () => 30_000,
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
} satisfies Context;

const envelope = (detailType: string, detail: unknown, id: string = crypto.randomUUID()) => ({
  version: '0',
  id,
  'detail-type': detailType,
  source: 'billing',
  account: '000000000000',
  time: '2026-11-20T10:00:00Z',
  region: 'eu-west-2',
  resources: [],
  detail,
});

const record = (body: unknown, messageId: string = crypto.randomUUID()) => ({
  messageId,
  receiptHandle: messageId,
  body: typeof body === 'string' ? body : JSON.stringify(body),
});

beforeEach(() => {
  park.mockReset();
  park.mockResolvedValue(undefined);
});
afterEach(() => {
  logger.resetKeys();
});

describe('processing a batch of billing events', () => {
  it('hands each valid event to the handler with its id and detail-type, and reports no failure', async () => {
    const handle = vi.fn(async () => undefined);
    const event = envelope('Payment Received', { accountId: 'ACC-1', amount: 100 }, 'event-1');
    const response = await processBillingBatch({ Records: [record(event)] }, context, {
      detailSchema: Detail,
      deadLetterQueueUrl: DLQ,
      handlerName: 'receive-payment',
      handle,
    });
    expect(response).toEqual({ batchItemFailures: [] });
    expect(handle).toHaveBeenCalledExactlyOnceWith(
      { accountId: 'ACC-1', amount: 100 },
      'event-1',
      'Payment Received',
    );
    expect(park).not.toHaveBeenCalled();
  });

  it.each([
    ['a body that is not JSON', 'not json', /^the message body is not JSON$/],
    [
      'a detail that fails its schema',
      envelope('Payment Received', { accountId: 'ACC-1', amount: 1.5 }),
      /^detail\.amount: /,
    ],
    [
      'an envelope without its source',
      { ...envelope('Payment Received', { accountId: 'ACC-1', amount: 1 }), source: undefined },
      /^source: /,
    ],
  ])('parks %s once, with the reason, and does not retry it', async (_name, body, reason) => {
    const handle = vi.fn(async () => undefined);
    const message = record(body, 'message-1');
    const response = await processBillingBatch({ Records: [message] }, context, {
      detailSchema: Detail,
      deadLetterQueueUrl: DLQ,
      handlerName: 'receive-payment',
      handle,
    });
    expect(response).toEqual({ batchItemFailures: [] });
    expect(handle).not.toHaveBeenCalled();
    expect(park).toHaveBeenCalledOnce();
    const [queueUrl, parkedBody, parkedReason, handlerName] = park.mock.calls[0] ?? [];
    expect([queueUrl, parkedBody, handlerName]).toEqual([DLQ, message.body, 'receive-payment']);
    expect(parkedReason).toMatch(reason);
  });

  it('parks a detail-type the rule does not handle, and judges each other by its own schema', async () => {
    const handle = vi.fn(async () => undefined);
    const response = await processBillingBatch(
      {
        Records: [
          record(envelope('Collection Paused', { accountId: 'ACC-1', amount: 1 })),
          record(envelope('Dispute Resolved', { accountId: 'ACC-1', outcome: 'maybe' })),
          record(envelope('Invoice Cancelled', { accountId: 'ACC-1', amount: 1 }, 'event-3')),
        ],
      },
      context,
      {
        detailSchema: {
          'Dispute Resolved': z.object({ accountId: z.string(), outcome: z.enum(['upheld', 'rejected']) }),
          'Invoice Cancelled': Detail,
        },
        deadLetterQueueUrl: DLQ,
        handlerName: 'receive-case-update',
        handle,
      },
    );
    expect(response).toEqual({ batchItemFailures: [] });
    expect(park.mock.calls.map((call) => call[2])).toEqual([
      'detail-type: "Collection Paused" is not handled here',
      expect.stringMatching(/^detail\.outcome: /),
    ]);
    expect(handle).toHaveBeenCalledExactlyOnceWith(
      { accountId: 'ACC-1', amount: 1 },
      'event-3',
      'Invoice Cancelled',
    );
  });

  it('parks an event the handler rejects, with the handler’s reason', async () => {
    const response = await processBillingBatch(
      { Records: [record(envelope('Payment Received', { accountId: 'ACC-1', amount: 1 }))] },
      context,
      {
        detailSchema: Detail,
        deadLetterQueueUrl: DLQ,
        handlerName: 'receive-payment',
        handle: async () => {
          throw new RejectedEventError('amount.currency: the open case is kept in another currency');
        },
      },
    );
    expect(response).toEqual({ batchItemFailures: [] });
    expect(park.mock.calls.map((call) => call[2])).toEqual([
      'amount.currency: the open case is kept in another currency',
    ]);
  });

  it('reports a passing failure as a batch item failure, the other records still handled', async () => {
    const handled: string[] = [];
    const response = await processBillingBatch(
      {
        Records: [
          record(envelope('Payment Received', { accountId: 'ACC-1', amount: 1 }, 'event-1'), 'message-1'),
          record(envelope('Payment Received', { accountId: 'ACC-2', amount: 2 }, 'event-2'), 'message-2'),
          record(envelope('Payment Received', { accountId: 'ACC-3', amount: 3 }, 'event-3'), 'message-3'),
        ],
      },
      context,
      {
        detailSchema: Detail,
        deadLetterQueueUrl: DLQ,
        handlerName: 'receive-payment',
        handle: async (_detail, eventId) => {
          if (eventId === 'event-2') throw new Error('ProvisionedThroughputExceededException');
          handled.push(eventId);
        },
      },
    );
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'message-2' }] });
    expect(handled).toEqual(['event-1', 'event-3']);
    expect(park).not.toHaveBeenCalled();
  });

  it('retries a rejected event whose dead-letter queue cannot be reached', async () => {
    park.mockRejectedValueOnce(new Error('SQS unavailable'));
    const response = await processBillingBatch({ Records: [record('not json', 'message-1')] }, context, {
      detailSchema: Detail,
      deadLetterQueueUrl: DLQ,
      handlerName: 'receive-payment',
      handle: async () => undefined,
    });
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'message-1' }] });
  });

  it('answers a batch whose every record failed with its failures, not an error', async () => {
    const response = await processBillingBatch(
      {
        Records: [
          record(envelope('Payment Received', { accountId: 'ACC-1', amount: 1 }), 'message-1'),
          record(envelope('Payment Received', { accountId: 'ACC-2', amount: 2 }), 'message-2'),
        ],
      },
      context,
      {
        detailSchema: Detail,
        deadLetterQueueUrl: DLQ,
        handlerName: 'receive-payment',
        handle: async () => {
          throw new Error('outage');
        },
      },
    );
    expect(response).toEqual({
      batchItemFailures: [{ itemIdentifier: 'message-1' }, { itemIdentifier: 'message-2' }],
    });
  });

  it('handles the records one at a time, in the order SQS delivered them', async () => {
    const steps: string[] = [];
    await processBillingBatch(
      {
        Records: ['event-1', 'event-2', 'event-3'].map((id) =>
          record(envelope('Payment Received', { accountId: 'ACC-1', amount: 1 }, id)),
        ),
      },
      context,
      {
        detailSchema: Detail,
        deadLetterQueueUrl: DLQ,
        handlerName: 'receive-payment',
        handle: async (_detail, eventId) => {
          steps.push(`start ${eventId}`);
          await new Promise((resolve) => setTimeout(resolve, eventId === 'event-1' ? 20 : 1));
          steps.push(`end ${eventId}`);
        },
      },
    );
    expect(steps).toEqual([
      'start event-1',
      'end event-1',
      'start event-2',
      'end event-2',
      'start event-3',
      'end event-3',
    ]);
  });

  it('handles different accounts’ records at once, each account’s in order, each line with its own record’s ids', async () => {
    const steps: string[] = [];
    let inFlight = 0;
    let most = 0;
    const lines = await logLines(() =>
      processBillingBatch(
        {
          Records: [
            ['event-a1', 'ACC-A'],
            ['event-b1', 'ACC-B'],
            ['event-a2', 'ACC-A'],
            ['event-c1', 'ACC-C'],
          ].map(([id, accountId]) =>
            record(envelope('Payment Received', { accountId, amount: 1 }, id), `message-${id}`),
          ),
        },
        context,
        {
          detailSchema: Detail,
          deadLetterQueueUrl: DLQ,
          handlerName: 'receive-payment',
          recordsAtOnce: 2,
          handle: async (detail, eventId) => {
            inFlight++;
            most = Math.max(most, inFlight);
            steps.push(`start ${eventId}`);
            appendCorrelationIds({ caseId: `${detail.accountId}-1` });
            await new Promise((resolve) => setTimeout(resolve, 10));
            logger.info('Payment received');
            steps.push(`end ${eventId}`);
            inFlight--;
          },
        },
      ),
    );
    // Two at once, never more; the account's second record starts only after its first ended.
    expect(most).toBe(2);
    expect(steps.slice(0, 2)).toEqual(['start event-a1', 'start event-b1']);
    expect(steps.indexOf('start event-a2')).toBeGreaterThan(steps.indexOf('end event-a1'));
    for (const line of lines.filter((entry) => entry.message === 'Payment received')) {
      const account = String(line.accountId);
      expect(line.caseId).toBe(`${account}-1`);
      expect(String(line.eventId)).toMatch(new RegExp(`^event-${account.slice(-1).toLowerCase()}`));
      expect(line.messageId).toBe(`message-${line.eventId}`);
    }
    expect(lines.filter((entry) => entry.message === 'Payment received')).toHaveLength(4);
  });

  it('puts each record’s ids on the lines logged while it is handled, and only then', async () => {
    const lines = await logLines(() =>
      processBillingBatch(
        {
          Records: [
            record(envelope('Payment Received', { accountId: 'ACC-1', amount: 1 }, 'event-1'), 'message-1'),
            record('not json', 'message-2'),
          ],
        },
        context,
        {
          detailSchema: Detail,
          deadLetterQueueUrl: DLQ,
          handlerName: 'receive-payment',
          handle: async () => {
            // As a use case does once it has found the case.
            appendCorrelationIds({ caseId: 'ACC-1-1' });
            logger.info('Payment received');
          },
        },
      ),
    );
    const received = lines.find((line) => line.message === 'Payment received');
    expect(received).toMatchObject({
      messageId: 'message-1',
      eventId: 'event-1',
      accountId: 'ACC-1',
      detailType: 'Payment Received',
      caseId: 'ACC-1-1',
    });
    expect(received).not.toHaveProperty('amount');
    const rejected = lines.find((line) => line.message === 'Event rejected to the dead-letter queue');
    expect(rejected).toMatchObject({ messageId: 'message-2', reason: 'the message body is not JSON' });
    // The first record's ids do not leak onto the second's lines.
    expect(rejected).not.toHaveProperty('eventId');
    expect(rejected).not.toHaveProperty('accountId');
    expect(rejected).not.toHaveProperty('caseId');
  });
});
