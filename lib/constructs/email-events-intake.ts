import { Duration } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { INTAKE_QUEUE } from '../../functions/contract/rules.ts';
import { sesEventsRulePattern } from '../../functions/contract/ses-events.ts';
import { DEAD_LETTER_RETENTION, TARGET_MAX_EVENT_AGE, TARGET_RETRY_ATTEMPTS } from './billing-intake.ts';

export interface EmailEventsIntakeProps {
  /** The configuration set whose events are taken in (SES tags each event with its name). */
  readonly configurationSetName: string;
}

/**
 * SES's bounce, complaint, reject, delivery and delivery-delay events for this stack's configuration
 * set, buffered like the billing intake (rule ▸ SQS queue ▸ consumer with bounded concurrency and batch
 * item failures, one dead-letter queue for what could not be delivered or processed).
 *
 * SES publishes configuration-set events to the account's default bus only, so the rule lives there
 * and matches this configuration set alone; its target is the queue directly (no second bus hop and no
 * role to forward between buses). The consumer is attached with `attachConsumer` once its handler
 * exists; until then events wait in the queue (kept four days) and the queue-age alarm says so.
 */
export class EmailEventsIntake extends Construct {
  readonly rule: events.Rule;
  readonly queue: sqs.Queue;
  readonly deadLetterQueue: sqs.Queue;

  constructor(scope: Construct, id: string, props: EmailEventsIntakeProps) {
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

    const defaultBus = events.EventBus.fromEventBusName(this, 'DefaultBus', 'default');
    // The contract's pattern, verbatim: CDK only renames its own `detailType` key back to `detail-type`.
    const { 'detail-type': detailType, ...pattern } = sesEventsRulePattern(props.configurationSetName);
    this.rule = new events.Rule(this, 'Rule', {
      eventBus: defaultBus,
      description: 'SES bounce, complaint, reject, delivery and delay events of the collections emails',
      eventPattern: { ...pattern, detailType },
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
