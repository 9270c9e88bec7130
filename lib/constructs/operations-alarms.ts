import { ArnFormat, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';

export interface OperationsAlarmsProps {
  /**
   * Subscribed to the topic by email (the recipient confirms the subscription once).
   * @default no subscription: on-call subscribes to the topic (its ARN is a stack output)
   */
  readonly alarmEmail?: string;
}

/**
 * Tells operations when something is stuck: a case workflow failed or timed out, or a dead-letter
 * queue holds a message. One encrypted SNS topic carries every alarm.
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

  /** Alarms when any case execution fails or times out (a failure means a case needs a person). */
  watchWorkflow(stateMachine: sfn.IStateMachine): void {
    const period = Duration.minutes(5);
    this.add(
      'WorkflowExecutionsFailed',
      stateMachine.metricFailed({ period, statistic: cloudwatch.Stats.SUM }),
      'A collections case execution failed: the case is waiting for a person (see the execution history).',
    );
    this.add(
      'WorkflowExecutionsTimedOut',
      stateMachine.metricTimedOut({ period, statistic: cloudwatch.Stats.SUM }),
      'A collections case execution timed out.',
    );
  }

  /** Alarms as soon as the dead-letter queue holds a message: an event could not be taken in. */
  watchDeadLetterQueue(id: string, queue: sqs.IQueue): void {
    this.add(
      `${id}DeadLetters`,
      queue.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(1),
        statistic: cloudwatch.Stats.MAXIMUM,
      }),
      `The ${id} dead-letter queue holds messages: billing events that were invalid or kept failing.`,
    );
  }

  private add(id: string, metric: cloudwatch.IMetric, description: string): void {
    const alarm = new cloudwatch.Alarm(this, id, {
      metric,
      alarmDescription: description,
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      datapointsToAlarm: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(this.action);
    alarm.addOkAction(this.action);
    this.created.push(alarm);
  }
}
