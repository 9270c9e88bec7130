import { Duration } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { INTAKE_QUEUE } from '../../functions/contract/rules.ts';

/** How long EventBridge keeps retrying delivery to the intake queue before dead-lettering the event. */
export const TARGET_MAX_EVENT_AGE = Duration.hours(24);
export const TARGET_RETRY_ATTEMPTS = 185;
/** Dead letters wait the longest SQS allows, so nothing is lost over a long weekend. */
export const DEAD_LETTER_RETENTION = Duration.days(14);

export interface BufferedIntakeProps {
  /** The bus the events arrive on. */
  readonly bus: events.IEventBus;
  /** The contract's event pattern, as JSON (`detail-type` spelled as on the wire). */
  readonly pattern: Record<string, unknown>;
  /** What the rule takes in, for the console. */
  readonly description: string;
}

/**
 * A buffered intake (DESIGN §8): bus rule ▸ SQS queue ▸ consumer function with bounded concurrency
 * and batch item failures. One dead-letter queue takes what EventBridge could not deliver, what the
 * consumer kept failing on, and what the consumer rejected as invalid (with the reason).
 */
export class BufferedIntake extends Construct {
  readonly rule: events.Rule;
  readonly queue: sqs.Queue;
  readonly deadLetterQueue: sqs.Queue;

  constructor(scope: Construct, id: string, props: BufferedIntakeProps) {
    super(scope, id);

    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: DEAD_LETTER_RETENTION,
    });
    this.queue = new sqs.Queue(this, 'Queue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout: Duration.seconds(INTAKE_QUEUE.visibilityTimeoutSeconds),
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: INTAKE_QUEUE.maxReceiveCount },
    });

    // The contract's pattern, verbatim: CDK only renames its own `detailType` key back to `detail-type`.
    const { 'detail-type': detailType, ...pattern } = props.pattern;
    this.rule = new events.Rule(this, 'Rule', {
      eventBus: props.bus,
      description: props.description,
      eventPattern: {
        ...pattern,
        ...(detailType === undefined ? {} : { detailType }),
      } as events.EventPattern,
    });
    this.rule.addTarget(
      new targets.SqsQueue(this.queue, {
        deadLetterQueue: this.deadLetterQueue,
        retryAttempts: TARGET_RETRY_ATTEMPTS,
        maxEventAge: TARGET_MAX_EVENT_AGE,
      }),
    );
  }

  /** Feeds the queue to its consumer; the consumer reports each failed record on its own. */
  attachConsumer(consumer: lambda.IFunction): void {
    consumer.addEventSource(
      new SqsEventSource(this.queue, {
        batchSize: INTAKE_QUEUE.batchSize,
        maxConcurrency: INTAKE_QUEUE.maxConcurrency,
        reportBatchItemFailures: true,
      }),
    );
  }
}
