import { describe, expect, it } from 'vitest';
import { ASYNC_RETRY_ATTEMPTS } from '../../lib/functions.ts';
import { invokeAsync } from '../../local/runtime/async-invoke.ts';

// The local runtime invokes receiveTextReplies as SNS does in AWS: asynchronously, so that a failure
// is retried by Lambda and then parked in the function's on-failure queue, never thrown at the caller.
describe('a local asynchronous invocation (SNS to Lambda)', () => {
  const functionArn = 'arn:aws:lambda:us-east-1:000000000000:function:collections-ReceiveTextReplies';
  const payload = { Records: [{ Sns: { MessageId: 'M1' } }] };

  it('tries again after a failure, and parks nothing when a retry succeeds', async () => {
    let calls = 0;
    const parked: string[] = [];
    const outcome = await invokeAsync({
      functionArn,
      payload,
      invoke: async () => {
        if (++calls === 1) throw new Error('Case changed since version 6');
      },
      retryScale: 0,
      park: (record) => parked.push(record),
    });
    expect(outcome).toBe('succeeded');
    expect(calls).toBe(2);
    expect(parked).toEqual([]);
  });

  it('parks the event with why after Lambda’s retries, as an on-failure destination record', async () => {
    let calls = 0;
    const parked: string[] = [];
    const outcome = await invokeAsync({
      functionArn,
      payload,
      invoke: async () => {
        calls++;
        throw new TypeError('Cannot read the case');
      },
      retryScale: 0,
      park: (record) => parked.push(record),
    });
    expect(outcome).toBe('parked');
    expect(calls).toBe(1 + ASYNC_RETRY_ATTEMPTS);
    expect(parked).toHaveLength(1);
    expect(JSON.parse(parked[0] as string)).toMatchObject({
      requestContext: {
        functionArn: `${functionArn}:$LATEST`,
        condition: 'RetriesExhausted',
        approximateInvokeCount: 3,
      },
      requestPayload: payload,
      responsePayload: { errorType: 'TypeError', errorMessage: 'Cannot read the case' },
    });
  });
});
