/**
 * Lambda's asynchronous invocation (how SNS invokes a subscribed function), as the local runtime
 * does it: the function is tried, then `ASYNC_RETRY_ATTEMPTS` more times, a minute and then two
 * minutes later (scaled, as the runtime's other retries are), and an event it failed on every time
 * goes to its on-failure queue as an on-failure destination record, whose `responsePayload` says why.
 * The caller (SNS) is never told: SNS counts an accepted invocation as delivered.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { ASYNC_RETRY_ATTEMPTS } from '../../lib/functions.ts';

/** Lambda's own waits before its first and second retry of an asynchronous invocation. */
const RETRY_DELAYS_MS = [60_000, 120_000] as const;

export type AsyncInvocation = {
  functionArn: string;
  payload: unknown;
  invoke: () => Promise<unknown>;
  /** Multiplies Lambda's retry delays (the runtime's `retryScale`: 0.01 in tests). */
  retryScale: number;
  /** Keeps the on-failure record (the function's dead-letter queue). */
  park: (record: string) => void;
};

export async function invokeAsync(invocation: AsyncInvocation): Promise<'succeeded' | 'parked'> {
  for (let attempt = 0; ; attempt++) {
    try {
      await invocation.invoke();
      return 'succeeded';
    } catch (error) {
      if (attempt >= ASYNC_RETRY_ATTEMPTS) {
        invocation.park(JSON.stringify(failureRecord(invocation, attempt + 1, error)));
        return 'parked';
      }
      const delay = RETRY_DELAYS_MS[Math.min(attempt, RETRY_DELAYS_MS.length - 1)] ?? 0;
      await sleep(delay * invocation.retryScale);
    }
  }
}

/** The record Lambda sends to an on-failure destination when the retries are exhausted. */
function failureRecord(invocation: AsyncInvocation, invokeCount: number, error: unknown) {
  return {
    version: '1.0',
    timestamp: new Date().toISOString(),
    requestContext: {
      functionArn: `${invocation.functionArn}:$LATEST`,
      condition: 'RetriesExhausted',
      approximateInvokeCount: invokeCount,
    },
    requestPayload: invocation.payload,
    responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
    responsePayload: {
      errorType: error instanceof Error ? error.name : 'Error',
      errorMessage: error instanceof Error ? error.message : String(error),
    },
  };
}
