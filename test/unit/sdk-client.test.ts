import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { withoutSdkLogging } from '../../functions/adapters/sdk-client.ts';

const hasLogger = (client: DynamoDBClient) =>
  client.middlewareStack.identify().some((name) => name.startsWith('loggerMiddleware'));

describe('SDK clients without the logger middleware (issue 15)', () => {
  it('a client as the SDK makes it masks and copies every call for its logger', () => {
    expect(hasLogger(new DynamoDBClient({ region: 'us-east-1' }))).toBe(true);
  });

  it('our clients leave that out, and keep every other middleware', () => {
    const plain = new DynamoDBClient({ region: 'us-east-1' });
    const lean = withoutSdkLogging(new DynamoDBClient({ region: 'us-east-1' }));
    expect(hasLogger(lean)).toBe(false);
    expect(lean.middlewareStack.identify()).toEqual(
      plain.middlewareStack.identify().filter((name) => !name.startsWith('loggerMiddleware')),
    );
  });
});
