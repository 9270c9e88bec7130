import { ArnFormat, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { agencyDeadLetterQueueId } from '../../functions/contract/agency.ts';
import {
  METRICS,
  METRICS_NAMESPACE,
  METRICS_SERVICE,
  OUTBOX_OLDEST_ITEM_ALARM_SECONDS,
} from '../../functions/contract/metrics.ts';

export interface OperationsAlarmsProps {
  /**
   * Subscribed to the topic by email (the recipient confirms the subscription once).
   * @default no subscription: on-call subscribes to the topic (its ARN is a stack output)
   */
  readonly alarmEmail?: string;
}

/** Where each alarm's runbook section is: docs/operations.md, by heading anchor. */
export const RUNBOOK = 'docs/operations.md';

/**
 * SES reviews an account whose bounce rate reaches 5 % or whose complaint rate reaches 0.1 %, and may
 * pause its sending above 10 % and 0.5 % (Amazon SES Developer Guide, "Sending review process FAQs" /
 * reputation metrics). The alarms fire well below that, at 2 % and 0.05 %, to leave time to act.
 * SES publishes the rates as fractions (0.02 is 2 %).
 */
export const SES_BOUNCE_RATE_ALARM = 0.02;
export const SES_COMPLAINT_RATE_ALARM = 0.0005;
/** The rates at which SES puts an account under review, for the record (and the docs). */
export const SES_REVIEW_BOUNCE_RATE = 0.05;
export const SES_REVIEW_COMPLAINT_RATE = 0.001;

/**
 * An intake queue's oldest message may wait this long before operations hear of it. A nightly batch of
 * 100,000 invoices drains in about 20 minutes at the intake's bounded concurrency (INTAKE_QUEUE), so
 * anything older than an hour means the consumer is failing or stopped.
 */
export const INTAKE_OLDEST_MESSAGE_ALARM_SECONDS = 60 * 60;
/** The portal's p99 latency above which debtors wait too long for a page (three 5-minute periods in a row). */
export const PORTAL_P99_LATENCY_ALARM_MS = 3000;
/** Server errors the portal may answer in 5 minutes before operations hear of it. */
export const PORTAL_5XX_ALARM_COUNT = 3;

/** The DynamoDB operations the handlers use (throttles and system errors are counted per operation). */
const TABLE_OPERATIONS = [
  dynamodb.Operation.GET_ITEM,
  dynamodb.Operation.PUT_ITEM,
  dynamodb.Operation.UPDATE_ITEM,
  dynamodb.Operation.DELETE_ITEM,
  dynamodb.Operation.QUERY,
  dynamodb.Operation.TRANSACT_WRITE_ITEMS,
  dynamodb.Operation.BATCH_GET_ITEM,
  dynamodb.Operation.BATCH_WRITE_ITEM,
];

/** How an alarm reads to the person it wakes: what it means, what to do, where the runbook says more. */
export interface AlarmText {
  readonly meaning: string;
  readonly action: string;
  /** The heading anchor in docs/operations.md. */
  readonly runbook: string;
}

interface AlarmOptions extends AlarmText {
  /** @default 0 */
  readonly threshold?: number;
  /** @default GREATER_THAN_THRESHOLD */
  readonly comparison?: cloudwatch.ComparisonOperator;
  /** @default 1 */
  readonly evaluationPeriods?: number;
  /** @default evaluationPeriods */
  readonly datapointsToAlarm?: number;
  /** @default NOT_BREACHING: no data means nothing happened (no error, no message) */
  readonly treatMissingData?: cloudwatch.TreatMissingData;
}

/** The alarm description: meaning, what to do, and the runbook section (CloudWatch allows 1,024 characters). */
export function alarmDescription(text: AlarmText): string {
  return `${text.meaning} What to do: ${text.action} Runbook: ${RUNBOOK}#${text.runbook}`;
}

/**
 * Tells operations when something is stuck or about to go wrong, each alarm with what to do in its
 * description: the workflow's executions, every function's errors and throttles, the portal's server
 * errors and latency, the intake queues' age, the dead-letter queues, the outbox, SES's reputation and
 * DynamoDB. One encrypted SNS topic carries every alarm.
 */
export class OperationsAlarms extends Construct {
  readonly topic: sns.Topic;
  readonly key: kms.Key;
  private readonly action: actions.SnsAction;
  private readonly created: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, props: OperationsAlarmsProps = {}) {
    super(scope, id);
    const stack = Stack.of(this);

    this.key = new kms.Key(this, 'TopicKey', {
      description: 'Encrypts the collections SNS topics (operations alarms, AR team notices)',
      enableKeyRotation: true,
      // Encrypts notifications in flight only; nothing stored under it outlives the topic.
      removalPolicy: RemovalPolicy.DESTROY,
      pendingWindow: Duration.days(7),
    });
    this.topic = new sns.Topic(this, 'Topic', {
      displayName: 'Customer-first collections: operations alarms',
      masterKey: this.key,
      enforceSSL: true,
    });

    // CloudWatch publishes alarm notifications as a service: allow it for this account's alarms only,
    // on the topic and on the key that encrypts it (without the key grant, delivery silently fails).
    const fromOwnAlarms = {
      StringEquals: { 'aws:SourceAccount': stack.account },
      ArnLike: {
        'aws:SourceArn': stack.formatArn({
          service: 'cloudwatch',
          resource: 'alarm',
          resourceName: '*',
          arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        }),
      },
    };
    const cloudwatchService = new iam.ServicePrincipal('cloudwatch.amazonaws.com');
    this.topic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowCloudWatchAlarms',
        principals: [cloudwatchService],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: fromOwnAlarms,
      }),
    );
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowCloudWatchAlarmsToUseTheKey',
        principals: [cloudwatchService],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: fromOwnAlarms,
      }),
    );

    if (props.alarmEmail) this.topic.addSubscription(new subscriptions.EmailSubscription(props.alarmEmail));
    this.action = new actions.SnsAction(this.topic);
  }

  /** Every alarm added so far. */
  get alarms(): readonly cloudwatch.Alarm[] {
    return this.created;
  }

  /** Executions that failed, timed out, were aborted or throttled: each is a case that needs a person. */
  watchWorkflow(stateMachine: sfn.IStateMachine): void {
    const period = Duration.minutes(5);
    const sum = { period, statistic: cloudwatch.Stats.SUM };
    this.add('WorkflowExecutionsFailed', stateMachine.metricFailed(sum), {
      meaning: 'A collections case execution failed: the case is waiting for a person.',
      action:
        'Read the failed state and its error in the execution history, fix the cause, then redrive the execution (npm run ops -- executions failed; npm run ops -- executions redrive <executionArn>).',
      runbook: 'executions-failed-timed-out-aborted',
    });
    this.add('WorkflowExecutionsTimedOut', stateMachine.metricTimedOut(sum), {
      meaning: 'A collections case execution timed out.',
      action:
        'Find the execution (npm run ops -- executions failed), read the state that waited too long, and redrive it once the cause is fixed.',
      runbook: 'executions-failed-timed-out-aborted',
    });
    this.add('WorkflowExecutionsAborted', stateMachine.metricAborted(sum), {
      meaning: 'A collections case execution was stopped by hand or by a deployment.',
      action:
        'Check who stopped it (CloudTrail StopExecution); if it was not meant, look the case up (npm run ops -- case <accountId>) and redrive it.',
      runbook: 'executions-failed-timed-out-aborted',
    });
    this.add('WorkflowExecutionsThrottled', stateMachine.metricThrottled(sum), {
      meaning: 'Step Functions throttled executions: cases are being started or answered slower than asked.',
      action:
        'The intake retries on its own; if it persists, check the account quotas (StartExecution, state transitions) and raise them.',
      runbook: 'executions-throttled',
    });
  }

  /** Errors (sustained: two of three 5-minute periods) and throttles of one function. */
  watchFunction(id: string, fn: lambda.IFunction): void {
    const period = Duration.minutes(5);
    this.add(`${id}Errors`, fn.metricErrors({ period, statistic: cloudwatch.Stats.SUM }), {
      meaning: `The ${id} function keeps failing (errors in two of the last three 5-minute periods).`,
      action: `Open its log group and read the errors by correlation id (case, account, execution); fix and redeploy, then redrive what it left behind.`,
      runbook: 'function-errors',
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
    });
    this.add(`${id}Throttles`, fn.metricThrottles({ period, statistic: cloudwatch.Stats.SUM }), {
      meaning: `The ${id} function was throttled: the account's concurrency is exhausted.`,
      action:
        'Find the function using the concurrency (the dashboard’s functions row); raise the account quota or reserve concurrency.',
      runbook: 'function-throttles',
    });
  }

  /** The portal's server errors and its p99 latency. */
  watchApi(api: apigwv2.IHttpApi): void {
    const period = Duration.minutes(5);
    this.add('PortalApiServerErrors', api.metricServerError({ period, statistic: cloudwatch.Stats.SUM }), {
      meaning: `The debtor portal answered more than ${PORTAL_5XX_ALARM_COUNT} server errors in 5 minutes: debtors see an error page.`,
      action: 'Read the Portal function’s errors in its log group; fix and redeploy.',
      runbook: 'portal-server-errors',
      threshold: PORTAL_5XX_ALARM_COUNT,
    });
    this.add(
      'PortalApiLatencyP99',
      api.metricLatency({ period, statistic: cloudwatch.Stats.percentile(99) }),
      {
        meaning: `The debtor portal's p99 latency stayed above ${PORTAL_P99_LATENCY_ALARM_MS} ms for 15 minutes.`,
        action:
          'Check the Portal function’s duration and DynamoDB latency on the dashboard; look for throttling or a slow dependency.',
        runbook: 'portal-latency',
        threshold: PORTAL_P99_LATENCY_ALARM_MS,
        evaluationPeriods: 3,
      },
    );
  }

  /** The age of an intake queue's oldest message: the consumer is failing or stopped. */
  watchIntakeQueue(id: string, queue: sqs.IQueue): void {
    this.add(
      `${id}QueueOldestMessage`,
      queue.metricApproximateAgeOfOldestMessage({
        period: Duration.minutes(5),
        statistic: cloudwatch.Stats.MAXIMUM,
      }),
      {
        meaning: `The ${id} intake queue's oldest message is over ${INTAKE_OLDEST_MESSAGE_ALARM_SECONDS / 60} minutes old: its consumer is failing, throttled or not attached.`,
        action: 'Check the consumer function’s errors and throttles; once fixed, the queue drains by itself.',
        runbook: 'intake-queue-oldest-message',
        threshold: INTAKE_OLDEST_MESSAGE_ALARM_SECONDS,
      },
    );
  }

  /**
   * Alarms as soon as the dead-letter queue holds a message: an event could not be taken in. An
   * intake's by default (the ops CLI redrives it); `text` for a queue it cannot (an agency's).
   */
  watchDeadLetterQueue(id: string, queue: sqs.IQueue, text?: AlarmText): void {
    this.add(
      `${id}DeadLetters`,
      queue.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(1),
        statistic: cloudwatch.Stats.MAXIMUM,
      }),
      text ?? {
        meaning: `The ${id} dead-letter queue holds messages: events that were invalid or kept failing.`,
        action: `Read each message's reason (npm run ops -- dlq list); fix the sender or the handler, then send them back through intake (npm run ops -- dlq redrive ${id}).`,
        runbook: 'dead-letter-queue-holds-messages',
      },
    );
  }

  /**
   * An agency's dead-letter queue (issue 14): placements and forwards its endpoint refused for a day.
   * It has no intake queue: the ops CLI's redrive puts each event back on the bus its rule listens on.
   */
  watchAgencyDeadLetterQueue(agency: { agencyId: string; name: string }, queue: sqs.IQueue): void {
    const id = agencyDeadLetterQueueId(agency.agencyId);
    this.watchDeadLetterQueue(`Agency-${agency.agencyId}`, queue, {
      meaning: `${agency.name} has not taken some placements or forwards after a day of retries: they wait in the dead-letter queue of its rule, and the agency does not have them.`,
      action: `Read them (${id} in npm run ops -- dlq list); find out with the agency why its endpoint refused them (the endpoint, the connection's credentials). Once it takes events again, put them back on the bus, where its rule delivers each again (npm run ops -- dlq redrive ${id}).`,
      runbook: 'agency-dead-letters',
    });
  }

  /**
   * Alarms as soon as a table stream consumer's on-failure queue holds a record: an outbox item
   * failed every retry from the stream (the item itself still waits in the table for the schedule),
   * or a timeline entry's metrics could not be emitted (RecordMetrics).
   */
  watchStreamDeadLetterQueue(id: string, queue: sqs.IQueue): void {
    this.add(
      `${id}DeadLetters`,
      queue.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(1),
        statistic: cloudwatch.Stats.MAXIMUM,
      }),
      {
        meaning: `The ${id} on-failure queue holds records: table stream records its function kept failing on (outbox items, recorded messages, or RecordMetrics' timeline entries).`,
        action:
          "Read the function's errors for those records. An outbox item or recorded message still waits in the table (npm run ops -- outbox list): once fixed, the scheduled run carries it out. RecordMetrics' records are data points the graphs miss (the timeline is whole). Then purge the queue.",
        runbook: 'dead-letter-queue-holds-messages',
      },
    );
  }

  /** The outbox's oldest due item, from the contract's metric: "send waiting messages" is not keeping up. */
  watchOutbox(): void {
    const { name, statistic } = METRICS.outboxOldestItemAge;
    const metric = new cloudwatch.Metric({
      namespace: METRICS_NAMESPACE,
      metricName: name,
      dimensionsMap: { service: METRICS_SERVICE },
      statistic,
      period: Duration.minutes(5),
    });
    this.add('OutboxOldestItem', metric, {
      meaning: `A message or follow-up in the outbox has been due for over ${OUTBOX_OLDEST_ITEM_ALARM_SECONDS / 60} minutes: "send waiting messages" is failing or stopped.`,
      action:
        'Check the SendWaitingMessages function’s errors and its schedule; list what waits (npm run ops -- outbox list). Once fixed, each item goes late, once.',
      runbook: 'outbox-oldest-item',
      threshold: OUTBOX_OLDEST_ITEM_ALARM_SECONDS,
    });
  }

  /** SES's account reputation: bounce rate at 2 % and complaint rate at 0.05 % (SES reviews at 5 % and 0.1 %). */
  watchSesReputation(): void {
    const rate = (metricName: string) =>
      new cloudwatch.Metric({
        namespace: 'AWS/SES',
        metricName,
        statistic: cloudwatch.Stats.MAXIMUM,
        period: Duration.hours(1),
      });
    this.add('SesBounceRate', rate('Reputation.BounceRate'), {
      meaning: `The account's SES bounce rate is above ${SES_BOUNCE_RATE_ALARM * 100} % (SES reviews the account at ${SES_REVIEW_BOUNCE_RATE * 100} %).`,
      action:
        'Find where the bad addresses come from (billing data, a batch import); permanently bounced addresses are already refused by the send gate. Fix the source before SES pauses sending.',
      runbook: 'ses-bounce-rate',
      threshold: SES_BOUNCE_RATE_ALARM,
    });
    this.add('SesComplaintRate', rate('Reputation.ComplaintRate'), {
      meaning: `The account's SES complaint rate is above ${SES_COMPLAINT_RATE_ALARM * 100} % (SES reviews the account at ${SES_REVIEW_COMPLAINT_RATE * 100} %).`,
      action:
        'Check which emails draw complaints (the dashboard’s email row) and that every email carries one-click unsubscribe; complaints are already opt-outs.',
      runbook: 'ses-complaint-rate',
      threshold: SES_COMPLAINT_RATE_ALARM,
    });
  }

  /** DynamoDB throttles and system errors on the case table, over the operations the handlers use. */
  watchTable(table: dynamodb.ITableV2): void {
    const period = Duration.minutes(5);
    this.add(
      'TableThrottles',
      table.metricThrottledRequestsForOperations({ operations: TABLE_OPERATIONS, period }),
      {
        meaning: 'DynamoDB throttled requests on the case table.',
        action:
          'The handlers retry with backoff; if it persists, look for a hot partition (one account or the outbox) and at the table’s on-demand limits.',
        runbook: 'dynamodb-throttles-and-system-errors',
      },
    );
    this.add(
      'TableSystemErrors',
      table.metricSystemErrorsForOperations({ operations: TABLE_OPERATIONS, period }),
      {
        meaning: 'DynamoDB answered system errors (HTTP 500) on the case table.',
        action:
          'An AWS-side problem: check the AWS Health Dashboard; the handlers retry, and what failed is redriven from the DLQ or the execution.',
        runbook: 'dynamodb-throttles-and-system-errors',
      },
    );
  }

  private add(id: string, metric: cloudwatch.IMetric, options: AlarmOptions): void {
    const evaluationPeriods = options.evaluationPeriods ?? 1;
    const alarm = new cloudwatch.Alarm(this, id, {
      metric,
      alarmDescription: alarmDescription(options),
      threshold: options.threshold ?? 0,
      comparisonOperator: options.comparison ?? cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods,
      datapointsToAlarm: options.datapointsToAlarm ?? evaluationPeriods,
      treatMissingData: options.treatMissingData ?? cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(this.action);
    alarm.addOkAction(this.action);
    this.created.push(alarm);
  }
}
