import { Duration } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { STREAM_SETTINGS, type StreamFilter } from '../functions.ts';
import { DEAD_LETTER_RETENTION } from './buffered-intake.ts';
import { acknowledge } from './nag-acknowledgements.ts';

export interface TableStreamConsumerProps {
  /** The table whose stream (NEW_IMAGE) invokes the consumer. */
  readonly table: dynamodb.ITableV2;
  /** The function the records go to. */
  readonly consumer: lambda.IFunction;
  /** Lambda's filter criteria: only the records these let through invoke the consumer. */
  readonly filters: readonly StreamFilter[];
}

/**
 * The table's stream as a function's trigger (an event source mapping with filter criteria and
 * STREAM_SETTINGS from lib/functions.ts): a failed record is reported alone, the batch bisected on
 * an error, retried a bounded number of times, then described in the on-failure dead-letter queue
 * (the record's shard and sequence numbers: the item itself stays in the table for the schedule).
 */
export class TableStreamConsumer extends Construct {
  readonly deadLetterQueue: sqs.Queue;

  constructor(scope: Construct, id: string, props: TableStreamConsumerProps) {
    super(scope, id);
    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: DEAD_LETTER_RETENTION,
    });
    acknowledge(
      this.deadLetterQueue,
      'AwsSolutions-SQS3',
      'This queue is a dead-letter queue: the on-failure destination of the event source mapping on the table’s stream ' +
        '(Lambda writes there what failed every retry), not a queue anything consumes, so it needs no dead-letter queue of its own.',
    );
    props.consumer.addEventSource(
      new DynamoEventSource(props.table, {
        startingPosition: lambda.StartingPosition.LATEST,
        batchSize: STREAM_SETTINGS.batchSize,
        bisectBatchOnError: STREAM_SETTINGS.bisectBatchOnError,
        reportBatchItemFailures: STREAM_SETTINGS.reportBatchItemFailures,
        retryAttempts: STREAM_SETTINGS.retryAttempts,
        maxRecordAge: Duration.seconds(STREAM_SETTINGS.maxRecordAgeSeconds),
        onFailure: new SqsDlq(this.deadLetterQueue),
        filters: props.filters.map((filter) =>
          lambda.FilterCriteria.filter(filter as Record<string, unknown>),
        ),
      }),
    );
  }
}
