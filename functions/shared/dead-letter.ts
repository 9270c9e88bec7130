import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { withoutSdkLogging } from '../adapters/sdk-client.ts';
import { traced } from '../adapters/tracing/tracer.ts';

const sqs = traced(withoutSdkLogging(new SQSClient({})));

/**
 * Parks an event that can never succeed in its rule's dead-letter queue, with a reason a person
 * can read, so it is neither lost nor retried forever.
 */
export async function parkInDeadLetterQueue(queueUrl: string, body: string, reason: string, handler: string) {
  await sqs.send(
    new SendMessageCommand({
      QueueUrl: queueUrl,
      MessageBody: body,
      MessageAttributes: {
        reason: { DataType: 'String', StringValue: reason.slice(0, 1000) },
        rejectedBy: { DataType: 'String', StringValue: handler },
      },
    }),
  );
}
