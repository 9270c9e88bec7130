import { Duration } from 'aws-cdk-lib';
import type * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import {
  METRICS,
  METRICS_NAMESPACE,
  METRICS_SERVICE,
  type MetricDefinition,
  OUTBOX_OLDEST_ITEM_ALARM_SECONDS,
} from '../../functions/contract/metrics.ts';
import { CFN_LINT_SCHEMA_WITHOUT_TAGS, ignoreCfnLintChecks } from './nag-acknowledgements.ts';
import {
  PORTAL_P99_LATENCY_ALARM_MS,
  SES_BOUNCE_RATE_ALARM,
  SES_COMPLAINT_RATE_ALARM,
  SES_REVIEW_BOUNCE_RATE,
  SES_REVIEW_COMPLAINT_RATE,
} from './operations-alarms.ts';

/** A buffered intake: its queue and its dead-letter queue. */
export interface WatchedQueue {
  readonly queue: sqs.IQueue;
  readonly deadLetterQueue: sqs.IQueue;
}

export interface OperationsDashboardProps {
  /** Every function, by a readable id. */
  readonly functions: Readonly<Record<string, lambda.IFunction>>;
  readonly api: apigwv2.IHttpApi;
  readonly stateMachine: sfn.IStateMachine;
  /** Each intake (the billing rules' and the email events'), by id. */
  readonly queues: Readonly<Record<string, WatchedQueue>>;
  /**
   * The table stream consumers' on-failure queues, by id, shown with the dead letters.
   * @default none
   */
  readonly streamDeadLetterQueues?: Readonly<Record<string, sqs.IQueue>>;
  /**
   * Each collection agency's dead-letter queue (issue 14: placements and forwards it never took), by id.
   * @default none
   */
  readonly agencyDeadLetterQueues?: Readonly<Record<string, sqs.IQueue>>;
  /**
   * The two-way texts' dead-letter queue (issue 16: a debtor's text the handler could not take).
   * @default none
   */
  readonly textRepliesDeadLetterQueue?: sqs.IQueue;
  readonly table: dynamodb.ITableV2;
  /** Shown at the top, with their state. */
  readonly alarms: readonly cloudwatch.IAlarm[];
}

const PERIOD = Duration.minutes(5);
const FULL = 24;

/**
 * One contract metric as a graph line set. A metric without breakdown dimensions is one line; one with
 * dimensions is a SEARCH over its dimension set, one line per value (segment, outcome, reason…), so a
 * new segment or reason shows without a redeploy.
 */
export function contractMetric(definition: MetricDefinition): cloudwatch.IMetric {
  if (definition.dimensions.length === 0) {
    return new cloudwatch.Metric({
      namespace: METRICS_NAMESPACE,
      metricName: definition.name,
      dimensionsMap: { service: METRICS_SERVICE },
      statistic: definition.statistic,
      period: PERIOD,
    });
  }
  const schema = [METRICS_NAMESPACE, 'service', ...definition.dimensions].join(',');
  return new cloudwatch.SearchExpression({
    expression: `SEARCH('{${schema}} MetricName="${definition.name}" service="${METRICS_SERVICE}"', '${definition.statistic}', ${PERIOD.toSeconds()})`,
    // Each line is named by its dimension values alone.
    label: '',
    period: PERIOD,
  });
}

/**
 * The operations dashboard: the alarms' state, the business metrics of the contract
 * (functions/contract/metrics.ts), and beside them the health of every component: functions, portal
 * API, workflow executions, intake and dead-letter queues, the case table and SES.
 */
export class OperationsDashboard extends Construct {
  readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: OperationsDashboardProps) {
    super(scope, id);
    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      defaultInterval: Duration.days(7),
      periodOverride: cloudwatch.PeriodOverride.AUTO,
    });
    ignoreCfnLintChecks(this.dashboard.node.defaultChild as cloudwatch.CfnDashboard, [
      CFN_LINT_SCHEMA_WITHOUT_TAGS,
    ]);
    const sum = { period: PERIOD, statistic: cloudwatch.Stats.SUM };
    const heading = (text: string) =>
      new cloudwatch.TextWidget({ markdown: `## ${text}`, width: FULL, height: 1 });
    const graph = (
      title: string,
      left: cloudwatch.IMetric[],
      extra: Partial<cloudwatch.GraphWidgetProps> = {},
    ) => new cloudwatch.GraphWidget({ title, left, width: 6, height: 6, ...extra });
    const line = (label: string, value: number) => ({ label, value });

    this.dashboard.addWidgets(
      new cloudwatch.TextWidget({
        markdown:
          '# Customer-first collections\nEach alarm says what to do in its description; the runbook is `docs/operations.md`. ' +
          'Look a case up with `npm run ops -- case <accountId | invoiceId | email>`.',
        width: FULL,
        height: 2,
      }),
    );
    this.dashboard.addWidgets(
      new cloudwatch.AlarmStatusWidget({
        title: 'Alarms',
        alarms: [...props.alarms],
        width: FULL,
        height: 6,
      }),
    );

    // The product: what happens to cases and debtors.
    const business = Object.values(METRICS).filter((definition) => definition.kind === 'business');
    this.dashboard.addWidgets(heading('Cases and debtors'));
    this.dashboard.addWidgets(
      ...business.map((definition) => graph(definition.name, [contractMetric(definition)])),
    );

    this.dashboard.addWidgets(heading('Outbox ("send waiting messages")'));
    this.dashboard.addWidgets(
      graph(METRICS.outboxBacklog.name, [contractMetric(METRICS.outboxBacklog)], { width: 12 }),
      graph(METRICS.outboxOldestItemAge.name, [contractMetric(METRICS.outboxOldestItemAge)], {
        width: 12,
        leftAnnotations: [line('alarm', OUTBOX_OLDEST_ITEM_ALARM_SECONDS)],
      }),
    );

    const functions = Object.entries(props.functions);
    const perFunction = (metric: (fn: lambda.IFunction) => cloudwatch.Metric) =>
      functions.map(([name, fn]) => metric(fn).with({ label: name }));
    this.dashboard.addWidgets(heading('Functions'));
    this.dashboard.addWidgets(
      graph(
        'Errors',
        perFunction((fn) => fn.metricErrors(sum)),
        { width: 8 },
      ),
      graph(
        'Throttles',
        perFunction((fn) => fn.metricThrottles(sum)),
        { width: 8 },
      ),
      graph(
        'Duration p99 (ms)',
        perFunction((fn) =>
          fn.metricDuration({ period: PERIOD, statistic: cloudwatch.Stats.percentile(99) }),
        ),
        { width: 8 },
      ),
    );

    this.dashboard.addWidgets(heading('Debtor portal (HTTP API)'));
    this.dashboard.addWidgets(
      graph('Requests', [props.api.metricCount(sum)], { width: 8 }),
      graph('4xx and 5xx', [props.api.metricClientError(sum), props.api.metricServerError(sum)], {
        width: 8,
      }),
      graph(
        'Latency p99 (ms)',
        [props.api.metricLatency({ period: PERIOD, statistic: cloudwatch.Stats.percentile(99) })],
        { width: 8, leftAnnotations: [line('alarm', PORTAL_P99_LATENCY_ALARM_MS)] },
      ),
    );

    const machine = props.stateMachine;
    this.dashboard.addWidgets(heading('Case workflow (Step Functions)'));
    this.dashboard.addWidgets(
      graph('Executions started and succeeded', [machine.metricStarted(sum), machine.metricSucceeded(sum)], {
        width: 12,
      }),
      graph(
        'Executions failed, timed out, aborted, throttled',
        [
          machine.metricFailed(sum),
          machine.metricTimedOut(sum),
          machine.metricAborted(sum),
          machine.metricThrottled(sum),
        ],
        { width: 12 },
      ),
    );

    const queues = Object.entries(props.queues);
    const maximum = { period: PERIOD, statistic: cloudwatch.Stats.MAXIMUM };
    this.dashboard.addWidgets(heading('Intake queues'));
    this.dashboard.addWidgets(
      graph(
        'Messages waiting',
        queues.map(([name, { queue }]) =>
          queue.metricApproximateNumberOfMessagesVisible(maximum).with({ label: name }),
        ),
        { width: 8 },
      ),
      graph(
        'Oldest message age (s)',
        queues.map(([name, { queue }]) =>
          queue.metricApproximateAgeOfOldestMessage(maximum).with({ label: name }),
        ),
        { width: 8 },
      ),
      graph(
        'Dead letters',
        [
          ...queues.map(([name, { deadLetterQueue }]) =>
            deadLetterQueue.metricApproximateNumberOfMessagesVisible(maximum).with({ label: name }),
          ),
          ...Object.entries({
            ...props.streamDeadLetterQueues,
            ...props.agencyDeadLetterQueues,
            ...(props.textRepliesDeadLetterQueue ? { TextReplies: props.textRepliesDeadLetterQueue } : {}),
          }).map(([name, queue]) =>
            queue.metricApproximateNumberOfMessagesVisible(maximum).with({ label: name }),
          ),
        ],
        { width: 8 },
      ),
    );

    const table = props.table;
    this.dashboard.addWidgets(heading('Case table (DynamoDB)'));
    this.dashboard.addWidgets(
      graph(
        'Read and write throttle events',
        [table.metric('ReadThrottleEvents', sum), table.metric('WriteThrottleEvents', sum)],
        { width: 8 },
      ),
      graph('System errors', [table.metricSystemErrorsForOperations({ period: PERIOD })], { width: 8 }),
      graph(
        'Consumed capacity',
        [table.metricConsumedReadCapacityUnits(sum), table.metricConsumedWriteCapacityUnits(sum)],
        { width: 8 },
      ),
    );

    const ses = (metricName: string, statistic: string = cloudwatch.Stats.SUM, period = PERIOD) =>
      new cloudwatch.Metric({ namespace: 'AWS/SES', metricName, statistic, period });
    this.dashboard.addWidgets(heading('Email (SES, whole account)'));
    this.dashboard.addWidgets(
      graph('Sends, deliveries, rejects', [ses('Send'), ses('Delivery'), ses('Reject')], { width: 8 }),
      graph('Bounces and complaints', [ses('Bounce'), ses('Complaint')], { width: 8 }),
      graph(
        'Reputation (fraction)',
        [
          ses('Reputation.BounceRate', cloudwatch.Stats.MAXIMUM, Duration.hours(1)),
          ses('Reputation.ComplaintRate', cloudwatch.Stats.MAXIMUM, Duration.hours(1)),
        ],
        {
          width: 8,
          leftAnnotations: [
            line('bounce alarm', SES_BOUNCE_RATE_ALARM),
            line('SES review: bounces', SES_REVIEW_BOUNCE_RATE),
            line('complaint alarm', SES_COMPLAINT_RATE_ALARM),
            line('SES review: complaints', SES_REVIEW_COMPLAINT_RATE),
          ],
        },
      ),
    );
  }
}
