import { AwsError } from '../http-server.ts';

/** An SQS error as the JSON protocol carries it: the shape in `__type`, the Query code in a header. */
export const sqsError = (shape: string, queryCode: string, message: string, status = 400) =>
  new AwsError(`com.amazonaws.sqs#${shape}`, message, status, {
    'x-amzn-query-error': `${queryCode};Sender`,
  });

export const invalidParameter = (message: string) =>
  sqsError('InvalidParameterValue', 'InvalidParameterValue', message);

export const missingParameter = (name: string) =>
  sqsError('MissingParameter', 'MissingParameter', `The request must contain the parameter ${name}.`);

export const queueDoesNotExist = () =>
  sqsError(
    'QueueDoesNotExist',
    'AWS.SimpleQueueService.NonExistentQueue',
    'The specified queue does not exist.',
  );
