import { DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { withoutSdkLogging } from '../sdk-client.ts';
import { traced } from '../tracing/tracer.ts';

// One client for every adapter over the table. Endpoints come from AWS_ENDPOINT_URL_<SERVICE>,
// which is how the local runtime points clients at itself.
export const dynamo = DynamoDBDocumentClient.from(traced(withoutSdkLogging(new DynamoDBClient({}))), {
  marshallOptions: { removeUndefinedValues: true },
});

/** How many times a write that lost a race re-reads and tries again before giving up. */
export const MAX_ATTEMPTS = 5;

export type UpdateParams = ConstructorParameters<typeof UpdateCommand>[0];

/** A write guarded by its condition: false when the condition no longer held (someone got there first). */
async function writeIfStill(write: () => Promise<unknown>): Promise<boolean> {
  try {
    await write();
    return true;
  } catch (error) {
    if ((error as Error).name === 'ConditionalCheckFailedException') return false;
    throw error;
  }
}

/** An update guarded by a condition: false when the condition no longer held (someone got there first). */
export const updateIfStill = (params: UpdateParams): Promise<boolean> =>
  writeIfStill(() => dynamo.send(new UpdateCommand(params)));

/** A put guarded by a condition: false when the condition no longer held (someone got there first). */
export const putIfStill = (params: ConstructorParameters<typeof PutCommand>[0]): Promise<boolean> =>
  writeIfStill(() => dynamo.send(new PutCommand(params)));

/** Why each item of a cancelled transaction failed, in the order of its items; undefined for other errors. */
export function cancellationCodes(error: unknown): (string | undefined)[] | undefined {
  if (error instanceof TransactionCanceledException)
    return error.CancellationReasons?.map((reason) => reason.Code);
  return undefined;
}
