import { readFileSync } from 'node:fs';
import path from 'node:path';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { CfnResource, Stack, TagManager } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import { targetFromOutputs } from '../../bin/ops/target.ts';
import { agencyDeadLetterQueueId } from '../../functions/contract/agency.ts';
import type { ResolutionSchema } from '../../functions/contract/case-events.ts';
import {
  type DimensionsOf,
  type DimensionValues,
  METRICS,
  METRICS_ENVIRONMENT,
  METRICS_NAMESPACE,
  METRICS_SERVICE,
  OUTBOX_OLDEST_ITEM_ALARM_SECONDS,
} from '../../functions/contract/metrics.ts';
import { BILLING_RULES, INTAKE_QUEUE } from '../../functions/contract/rules.ts';
import {
  SES_DETAIL_TYPES,
  SES_EVENT_TYPES,
  sesEventsRulePattern,
} from '../../functions/contract/ses-events.ts';
import { COMPONENT_TAG, COST_ALLOCATION_TAGS, PROJECT_ROOT } from '../../lib/collections-stack.ts';
import {
  INTAKE_OLDEST_MESSAGE_ALARM_SECONDS,
  PORTAL_5XX_ALARM_COUNT,
  PORTAL_P99_LATENCY_ALARM_MS,
  RUNBOOK,
  SES_BOUNCE_RATE_ALARM,
  SES_COMPLAINT_RATE_ALARM,
  SES_REVIEW_BOUNCE_RATE,
  SES_REVIEW_COMPLAINT_RATE,
} from '../../lib/constructs/operations-alarms.ts';
import { FUNCTIONS, type FunctionName } from '../../lib/functions.ts';
import { grantsOf, roleStatements } from './iam.ts';
import {
  arnOf,
  FULL_CONTEXT,
  ref,
  resourceAt,
  resourcesOfType,
  type Synthesized,
  synthesize,
  type TemplateJson,
} from './synth.ts';

// One synthesis without bundling: these tests read configuration, not code.
let synth: Synthesized;
let json: TemplateJson;
beforeAll(() => {
  synth = synthesize(FULL_CONTEXT);
  json = synth.json;
}, 120_000);

const names = Object.keys(FUNCTIONS) as FunctionName[];
const props = (id: string) => json.Resources[id]?.Properties ?? {};
const functionId = (name: FunctionName) => resourceAt(json, `${FUNCTIONS[name].id}/Function/Resource`)[0];
const alarmAt = (id: string) => props(resourceAt(json, `Operations/${id}/Resource`)[0]);
const topicId = () => resourceAt(json, 'Operations/Topic/Resource')[0];
const configurationSetId = () => resourceAt(json, 'Email/ConfigurationSet/Resource')[0];
const envOf = (name: FunctionName) =>
  (props(functionId(name)).Environment as { Variables: Record<string, unknown> }).Variables;

describe('metrics contract', () => {
  const definitions = Object.values(METRICS);

  it('names each metric once, in CloudWatch’s limits, with a unit Powertools accepts', () => {
    const metricNames = definitions.map((definition) => definition.name);
    expect(new Set(metricNames).size).toBe(metricNames.length);
    for (const definition of definitions) {
      expect(definition.name).toMatch(/^[A-Z][A-Za-z]{2,254}$/);
      expect(Object.values(MetricUnit)).toContain(definition.unit);
      // Powertools allows 29 dimensions besides `service`; the contract's are few and never repeated.
      expect(new Set(definition.dimensions).size).toBe(definition.dimensions.length);
      expect(definition.dimensions.length).toBeLessThanOrEqual(3);
      expect(definition.description.length).toBeGreaterThan(20);
    }
    expect(METRICS_NAMESPACE).toMatch(/^[A-Za-z0-9]+$/);
  });

  it('covers every metric issue 13 names, business and operational', () => {
    const metricNames = definitions.map((definition) => definition.name);
    expect(metricNames).toEqual(
      expect.arrayContaining([
        'CasesOpened',
        'CasesResolved',
        'MessagesSent',
        'MessagesDeferred',
        'MessagesWithheld',
        'EmailsBounced',
        'EmailsComplained',
        'PaymentsReceived',
        'CommitmentsMade',
        'CommitmentsKept',
        'CommitmentsBroken',
        'DisputesOpened',
        'DisputesResolved',
        'SurveyScore',
        'OutboxBacklog',
        'OutboxOldestItemAge',
      ]),
    );
    expect(METRICS.casesOpened.dimensions).toStrictEqual(['segment']);
    expect(METRICS.casesResolved.dimensions).toStrictEqual(['segment', 'outcome']);
    expect(METRICS.messagesDeferred.dimensions).toStrictEqual(['deferredReason']);
    expect(METRICS.messagesWithheld.dimensions).toStrictEqual(['withheldReason']);
    expect(METRICS.outboxOldestItemAge).toMatchObject({
      unit: 'Seconds',
      dimensions: [],
      kind: 'operational',
    });
  });

  it('types the outcome dimension as exactly the case events’ resolutions, and each metric’s dimensions', () => {
    expectTypeOf<DimensionValues['outcome']>().toEqualTypeOf<z.infer<typeof ResolutionSchema>>();
    expectTypeOf<DimensionsOf<'casesResolved'>>().toEqualTypeOf<{
      segment: 'consumer' | 'small-business' | 'enterprise';
      outcome: 'paid' | 'credited' | 'written-off' | 'placed';
    }>();
    expectTypeOf<DimensionsOf<'outboxOldestItemAge'>>().toEqualTypeOf<Record<never, never>>();
  });

  it('is what every function emits into: Powertools’ service and namespace set from it', () => {
    expect(METRICS_ENVIRONMENT).toStrictEqual({
      POWERTOOLS_SERVICE_NAME: METRICS_SERVICE,
      POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
    });
    for (const name of names) expect(envOf(name)).toMatchObject(METRICS_ENVIRONMENT);
  });
});

describe('SES configuration set and its events', () => {
  it('turns reputation metrics on and suppresses bounced and complaining addresses', () => {
    expect(props(configurationSetId())).toMatchObject({
      ReputationOptions: { ReputationMetricsEnabled: true },
      SendingOptions: { SendingEnabled: true },
      SuppressionOptions: { SuppressedReasons: ['BOUNCE', 'COMPLAINT'] },
    });
  });

  it('publishes bounce, complaint, reject, delivery and delivery delay to the default bus', () => {
    const destinations = resourcesOfType(json, 'AWS::SES::ConfigurationSetEventDestination');
    expect(destinations).toHaveLength(1);
    const destination = destinations[0]?.[1];
    expect(destination?.Properties.ConfigurationSetName).toStrictEqual(ref(configurationSetId()));
    const eventDestination = destination?.Properties.EventDestination as {
      Enabled: boolean;
      MatchingEventTypes: string[];
      EventBridgeDestination: { EventBusArn: unknown };
    };
    expect(eventDestination.Enabled).toBe(true);
    expect([...eventDestination.MatchingEventTypes].sort()).toStrictEqual(
      ['bounce', 'complaint', 'reject', 'delivery', 'deliveryDelay'].sort(),
    );
    expect(JSON.stringify(eventDestination.EventBridgeDestination.EventBusArn)).toContain(
      ':event-bus/default',
    );
    expect(SES_EVENT_TYPES).toHaveLength(5);
  });

  it('takes them in on the default bus, for this configuration set only, into a queue with a DLQ', () => {
    const [ruleId, rule] = resourceAt(json, 'EmailEventsIntake/Rule/Resource');
    const queue = resourceAt(json, 'EmailEventsIntake/Queue/Resource')[0];
    const dlq = resourceAt(json, 'EmailEventsIntake/DeadLetterQueue/Resource')[0];
    expect(rule.Properties.EventBusName).toBe('default');
    // The contract's pattern, verbatim, with the configuration set's name as CloudFormation resolves it.
    const configurationSetName = ref(configurationSetId()) as unknown as string;
    expect(props(ruleId).EventPattern).toStrictEqual(sesEventsRulePattern(configurationSetName));
    expect(props(ruleId).EventPattern).toMatchObject({
      source: ['aws.ses'],
      'detail-type': Object.values(SES_DETAIL_TYPES).map((type) => type.detailType),
      detail: { mail: { tags: { 'ses:configuration-set': [ref(configurationSetId())] } } },
    });
    expect(props(ruleId).Targets).toStrictEqual([
      expect.objectContaining({ Arn: arnOf(queue), DeadLetterConfig: { Arn: arnOf(dlq) } }),
    ]);
    expect(props(queue)).toMatchObject({
      SqsManagedSseEnabled: true,
      RedrivePolicy: { deadLetterTargetArn: arnOf(dlq) },
    });
    expect(props(dlq)).toMatchObject({ SqsManagedSseEnabled: true, MessageRetentionPeriod: 14 * 86_400 });
    expect(json.Outputs?.EmailEventsDeadLetterQueueUrl?.Value).toStrictEqual(ref(dlq));
  });

  it('feeds the queue to ReceiveEmailEvents in bounded batches that report item failures', () => {
    const queue = resourceAt(json, 'EmailEventsIntake/Queue/Resource')[0];
    const dlq = resourceAt(json, 'EmailEventsIntake/DeadLetterQueue/Resource')[0];
    const consumer = functionId('receiveEmailEvents');
    const mappings = Object.values(json.Resources).filter(
      (resource) =>
        resource.Type === 'AWS::Lambda::EventSourceMapping' &&
        JSON.stringify(resource.Properties?.EventSourceArn) === JSON.stringify(arnOf(queue)),
    );
    expect(mappings).toHaveLength(1);
    expect(mappings[0]?.Properties).toMatchObject({
      FunctionName: ref(consumer),
      BatchSize: INTAKE_QUEUE.batchSize,
      ScalingConfig: { MaximumConcurrency: INTAKE_QUEUE.maxConcurrency },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
    // It parks an event that fails its schema in the intake's DLQ, and may send there alone.
    const env = (props(consumer).Environment as { Variables: Record<string, unknown> }).Variables;
    expect(env.EMAIL_EVENTS_DLQ_URL).toStrictEqual(ref(dlq));
    const grants = grantsOf(
      roleStatements(json, resourceAt(json, `${FUNCTIONS.receiveEmailEvents.id}/Role/Resource`)[0]),
    );
    expect(grants.get('sqs:SendMessage')).toStrictEqual([arnOf(dlq)]);
    for (const action of ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'states:SendTaskSuccess'])
      expect(grants.has(action)).toBe(true);
    // It records what SES said; it never emails, starts a workflow or publishes.
    expect(
      [...grants.keys()].filter((action) => /^(ses|events|sns):|StartExecution/.test(action)),
    ).toStrictEqual([]);
  });

  it('tells the one function that emails (deliverEmail) the configuration set, and lets it send with it', () => {
    const mailing = names.filter((name) =>
      (FUNCTIONS[name].permissions as readonly string[]).includes('ses:send'),
    );
    expect(mailing).toStrictEqual(['deliverEmail']);
    for (const name of names) {
      const env = envOf(name);
      if (mailing.includes(name)) {
        expect(env.SES_CONFIGURATION_SET).toStrictEqual(ref(configurationSetId()));
        const resources = grantsOf(
          roleStatements(json, resourceAt(json, `${FUNCTIONS[name].id}/Role/Resource`)[0]),
        ).get('ses:SendRawEmail');
        expect(JSON.stringify(resources)).toContain(':configuration-set/');
        expect(JSON.stringify(resources)).toContain(JSON.stringify(ref(configurationSetId())));
      } else {
        expect(env.SES_CONFIGURATION_SET).toBeUndefined();
      }
    }
    expect(json.Outputs?.SesConfigurationSetName?.Value).toStrictEqual(ref(configurationSetId()));
  });

  it('makes the configuration set the default of an identity created here, with Easy DKIM and MAIL FROM', () => {
    const { json: withIdentity } = synthesize({
      senderAddress: 'collections@acme.example',
      createSesIdentity: 'true',
      mailFromDomain: 'bounce.acme.example',
    });
    const [, identity] = resourceAt(withIdentity, 'Email/Identity/Resource');
    const setId = resourceAt(withIdentity, 'Email/ConfigurationSet/Resource')[0];
    expect(identity.Properties).toMatchObject({
      EmailIdentity: 'acme.example',
      ConfigurationSetAttributes: { ConfigurationSetName: ref(setId) },
      DkimAttributes: { SigningEnabled: true },
      DkimSigningAttributes: { NextSigningKeyLength: 'RSA_2048_BIT' },
      MailFromAttributes: { MailFromDomain: 'bounce.acme.example', BehaviorOnMxFailure: 'USE_DEFAULT_VALUE' },
    });
    const outputs = withIdentity.Outputs ?? {};
    expect(Object.keys(outputs).filter((key) => key.startsWith('SesDkimRecord'))).toHaveLength(3);
    expect(JSON.stringify(outputs.SesMailFromMxRecord?.Value)).toContain(
      'bounce.acme.example MX 10 feedback-smtp.',
    );
    expect(outputs.SesMailFromSpfRecord?.Value).toBe(
      'bounce.acme.example TXT "v=spf1 include:amazonses.com ~all"',
    );
    expect(outputs.SesDmarcRecord?.Value).toMatch(/^_dmarc\.acme\.example TXT "v=DMARC1; p=none; /);
  });

  it('prints no MAIL FROM records without mailFromDomain, and no DNS records without an identity', () => {
    const { json: bare } = synthesize({
      senderAddress: 'collections@acme.example',
      createSesIdentity: 'true',
    });
    const [, identity] = resourceAt(bare, 'Email/Identity/Resource');
    expect(identity.Properties.MailFromAttributes).toBeUndefined();
    expect(Object.keys(bare.Outputs ?? {}).filter((key) => key.startsWith('SesMailFrom'))).toStrictEqual([]);
    expect(
      Object.keys(json.Outputs ?? {}).filter((key) => /^Ses(Dkim|MailFrom|Dmarc)/.test(key)),
    ).toStrictEqual([]);
  });
});

describe('alarms', () => {
  const alarms = () => resourcesOfType(json, 'AWS::CloudWatch::Alarm');

  it('keep the logical ids of the alarms that existed before issue 13', () => {
    const ids = alarms().map(([id]) => id);
    expect(ids).toEqual(
      expect.arrayContaining([
        'OperationsCaseUpdatesDeadLettersAD099939',
        'OperationsInvoiceOverdueDeadLetters9E176B18',
        'OperationsPaymentReceivedDeadLetters91400BFA',
        'OperationsWorkflowExecutionsFailedAC5FB100',
        'OperationsWorkflowExecutionsTimedOutFAD2DD2E',
      ]),
    );
  });

  it('all go to the encrypted topic, alarm and recovery alike', () => {
    expect(alarms().length).toBeGreaterThan(40);
    for (const [, alarm] of alarms()) {
      expect(alarm.Properties).toMatchObject({ AlarmActions: [ref(topicId())], OKActions: [ref(topicId())] });
    }
  });

  it('each say what it means and what to do, pointing at a section of the runbook that exists', () => {
    const runbook = readFileSync(path.join(PROJECT_ROOT, RUNBOOK), 'utf8');
    // GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens.
    const anchors = new Set(
      [...runbook.matchAll(/^#{2,4} (.+)$/gm)].map((match) =>
        (match[1] as string)
          .trim()
          .toLowerCase()
          .replace(/[^a-z0-9 _-]/g, '')
          .replace(/ /g, '-'),
      ),
    );
    for (const [id, alarm] of alarms()) {
      const description = alarm.Properties.AlarmDescription as string;
      expect(description.length, id).toBeLessThanOrEqual(1024);
      const match = description.match(/^(.+) What to do: (.+) Runbook: docs\/operations\.md#([a-z0-9-]+)$/);
      expect(match, `${id}: ${description}`).not.toBeNull();
      expect(anchors, `${id} points at #${match?.[3]}`).toContain(match?.[3]);
    }
  });

  it('watch every function’s errors (sustained) and throttles', () => {
    for (const name of names) {
      const { id } = FUNCTIONS[name];
      expect(alarmAt(`${id}Errors`)).toMatchObject({
        Namespace: 'AWS/Lambda',
        MetricName: 'Errors',
        Dimensions: [{ Name: 'FunctionName', Value: ref(functionId(name)) }],
        Statistic: 'Sum',
        Threshold: 0,
        EvaluationPeriods: 3,
        DatapointsToAlarm: 2,
      });
      expect(alarmAt(`${id}Throttles`)).toMatchObject({
        MetricName: 'Throttles',
        Dimensions: [{ Name: 'FunctionName', Value: ref(functionId(name)) }],
        Threshold: 0,
      });
    }
  });

  it('watch the portal API’s server errors and p99 latency', () => {
    const api = resourcesOfType(json, 'AWS::ApiGatewayV2::Api')[0]?.[0] as string;
    expect(alarmAt('PortalApiServerErrors')).toMatchObject({
      Namespace: 'AWS/ApiGateway',
      MetricName: '5xx',
      Dimensions: [{ Name: 'ApiId', Value: ref(api) }],
      Statistic: 'Sum',
      Threshold: PORTAL_5XX_ALARM_COUNT,
    });
    expect(alarmAt('PortalApiLatencyP99')).toMatchObject({
      MetricName: 'Latency',
      ExtendedStatistic: 'p99',
      Threshold: PORTAL_P99_LATENCY_ALARM_MS,
      EvaluationPeriods: 3,
    });
  });

  it('watch executions failed, timed out, aborted and throttled', () => {
    const machine = resourceAt(json, 'CaseWorkflow/StateMachine/Resource')[0];
    for (const [id, metric] of [
      ['WorkflowExecutionsFailed', 'ExecutionsFailed'],
      ['WorkflowExecutionsTimedOut', 'ExecutionsTimedOut'],
      ['WorkflowExecutionsAborted', 'ExecutionsAborted'],
      ['WorkflowExecutionsThrottled', 'ExecutionThrottled'],
    ] as const) {
      expect(alarmAt(id)).toMatchObject({
        Namespace: 'AWS/States',
        MetricName: metric,
        Dimensions: [{ Name: 'StateMachineArn', Value: ref(machine) }],
        Threshold: 0,
      });
    }
  });

  it('watch each intake queue’s oldest message and each dead-letter queue, the email events’ too', () => {
    for (const id of [...BILLING_RULES.map((rule) => rule.id), 'EmailEvents']) {
      const construct = id === 'EmailEvents' ? 'EmailEventsIntake' : `${id}Intake`;
      const queue = resourceAt(json, `${construct}/Queue/Resource`)[0];
      const dlq = resourceAt(json, `${construct}/DeadLetterQueue/Resource`)[0];
      expect(alarmAt(`${id}QueueOldestMessage`)).toMatchObject({
        Namespace: 'AWS/SQS',
        MetricName: 'ApproximateAgeOfOldestMessage',
        Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [queue, 'QueueName'] } }],
        Statistic: 'Maximum',
        Threshold: INTAKE_OLDEST_MESSAGE_ALARM_SECONDS,
      });
      expect(alarmAt(`${id}DeadLetters`)).toMatchObject({
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [dlq, 'QueueName'] } }],
        Threshold: 0,
      });
    }
  });

  it('watch the outbox’s oldest item on the contract’s metric', () => {
    expect(alarmAt('OutboxOldestItem')).toMatchObject({
      Namespace: METRICS_NAMESPACE,
      MetricName: METRICS.outboxOldestItemAge.name,
      Dimensions: [{ Name: 'service', Value: METRICS_SERVICE }],
      Statistic: 'Maximum',
      Threshold: OUTBOX_OLDEST_ITEM_ALARM_SECONDS,
      ComparisonOperator: 'GreaterThanThreshold',
    });
  });

  it('watch SES’s bounce rate at 2 % and complaint rate at 0.05 %, below the 5 % and 0.1 % of an SES review', () => {
    expect([SES_BOUNCE_RATE_ALARM, SES_COMPLAINT_RATE_ALARM]).toStrictEqual([0.02, 0.0005]);
    expect([SES_REVIEW_BOUNCE_RATE, SES_REVIEW_COMPLAINT_RATE]).toStrictEqual([0.05, 0.001]);
    expect(alarmAt('SesBounceRate')).toMatchObject({
      Namespace: 'AWS/SES',
      MetricName: 'Reputation.BounceRate',
      Threshold: 0.02,
      ComparisonOperator: 'GreaterThanThreshold',
    });
    expect(alarmAt('SesComplaintRate')).toMatchObject({
      Namespace: 'AWS/SES',
      MetricName: 'Reputation.ComplaintRate',
      Threshold: 0.0005,
    });
    expect(alarmAt('SesBounceRate').AlarmDescription).toContain('SES reviews the account at 5 %');
    expect(alarmAt('SesComplaintRate').AlarmDescription).toContain('SES reviews the account at 0.1 %');
  });

  it('watch DynamoDB throttles and system errors on the case table', () => {
    const table = resourcesOfType(json, 'AWS::DynamoDB::GlobalTable')[0]?.[0] as string;
    for (const [id, metricName] of [
      ['TableThrottles', 'ThrottledRequests'],
      ['TableSystemErrors', 'SystemErrors'],
    ] as const) {
      const metrics = alarmAt(id).Metrics as {
        Expression?: string;
        MetricStat?: { Metric: { MetricName: string; Dimensions: { Name: string; Value: unknown }[] } };
      }[];
      const stats = metrics.filter((m) => m.MetricStat).map((m) => m.MetricStat?.Metric);
      expect(stats.length).toBeGreaterThanOrEqual(5);
      for (const metric of stats) {
        expect(metric?.MetricName).toBe(metricName);
        expect(metric?.Dimensions).toContainEqual({ Name: 'TableName', Value: ref(table) });
      }
      expect(metrics.some((m) => m.Expression)).toBe(true);
    }
  });
});

describe('dashboard', () => {
  /** The dashboard body with every token resolved to a readable marker. */
  const body = () => {
    const [, dashboard] = resourceAt(json, 'Dashboard/Dashboard/Resource');
    const parts = (dashboard.Properties.DashboardBody as { 'Fn::Join': [string, unknown[]] })['Fn::Join'][1];
    return parts.map((part) => (typeof part === 'string' ? part : `<${JSON.stringify(part)}>`)).join('');
  };

  it('shows every metric of the contract, in its namespace', () => {
    const text = body();
    for (const definition of Object.values(METRICS)) {
      expect(text).toContain(definition.name);
      if (definition.dimensions.length > 0) {
        expect(text).toContain(
          `SEARCH('{${[METRICS_NAMESPACE, 'service', ...definition.dimensions].join(',')}} MetricName=\\"${definition.name}\\"`,
        );
      }
    }
  });

  it('shows the health of every component beside them', () => {
    const text = body();
    for (const name of names) expect(text).toContain(functionId(name));
    for (const metric of ['Errors', 'Throttles', 'Duration'])
      expect(text).toContain(`"AWS/Lambda","${metric}"`);
    for (const metric of ['Count', '4xx', '5xx', 'Latency'])
      expect(text).toContain(`"AWS/ApiGateway","${metric}"`);
    for (const metric of [
      'ExecutionsStarted',
      'ExecutionsSucceeded',
      'ExecutionsFailed',
      'ExecutionsTimedOut',
      'ExecutionsAborted',
      'ExecutionThrottled',
    ]) {
      expect(text).toContain(`"AWS/States","${metric}"`);
    }
    for (const metric of ['ApproximateNumberOfMessagesVisible', 'ApproximateAgeOfOldestMessage']) {
      expect(text).toContain(`"AWS/SQS","${metric}"`);
    }
    for (const queue of resourcesOfType(json, 'AWS::SQS::Queue')) expect(text).toContain(queue[0]);
    for (const metric of ['ReadThrottleEvents', 'WriteThrottleEvents', 'SystemErrors']) {
      expect(text).toContain(`"AWS/DynamoDB","${metric}"`);
    }
    for (const metric of [
      'Send',
      'Delivery',
      'Bounce',
      'Complaint',
      'Reputation.BounceRate',
      'Reputation.ComplaintRate',
    ]) {
      expect(text).toContain(`"AWS/SES","${metric}"`);
    }
  });

  it('leads with the state of every alarm', () => {
    const text = body();
    expect(text).toContain('"type":"alarm"');
    for (const [id] of resourcesOfType(json, 'AWS::CloudWatch::Alarm')) expect(text).toContain(id);
    expect(json.Outputs?.DashboardName?.Value).toStrictEqual(
      ref(resourceAt(json, 'Dashboard/Dashboard/Resource')[0]),
    );
  });
});

describe('outputs for operations', () => {
  it('name each intake queue (where dead letters go back to), the configuration set and the dashboard', () => {
    const outputs = json.Outputs ?? {};
    for (const id of BILLING_RULES.map((rule) => rule.id)) {
      expect(outputs[`${id}QueueUrl`]?.Value).toStrictEqual(
        ref(resourceAt(json, `${id}Intake/Queue/Resource`)[0]),
      );
    }
    expect(outputs.EmailEventsQueueUrl?.Value).toStrictEqual(
      ref(resourceAt(json, 'EmailEventsIntake/Queue/Resource')[0]),
    );
  });

  it('give the ops CLI what it reads: the table, the workflow, the secret, each dead-letter queue and its intake queue', () => {
    const outputs = json.Outputs ?? {};
    const values = Object.fromEntries(Object.keys(outputs).map((key) => [key, `value-of-${key}`]));
    const target = targetFromOutputs('collections', 'eu-west-1', values);
    expect([target.tableName, target.stateMachineArn, target.linkSecretArn]).toEqual([
      'value-of-TableName',
      'value-of-StateMachineArn',
      'value-of-LinkSigningSecretArn',
    ]);
    // Each agency's too (issue 14): no intake queue; its redrive puts the events back on the bus.
    const agencies = FULL_CONTEXT.agencies.map((agency) => agencyDeadLetterQueueId(agency.agencyId));
    expect(agencies).toEqual(['AgencyNorthwindRecoveries']);
    expect(Object.keys(target.queues).sort()).toEqual(
      [...BILLING_RULES.map((rule) => rule.id), 'EmailEvents', ...agencies].sort(),
    );
    for (const [id, pair] of Object.entries(target.queues))
      expect(pair, id).toEqual(
        agencies.includes(id)
          ? { deadLetterQueueUrl: `value-of-${id}DeadLetterQueueUrl`, bus: 'value-of-EventBusName' }
          : { deadLetterQueueUrl: `value-of-${id}DeadLetterQueueUrl`, queueUrl: `value-of-${id}QueueUrl` },
      );
  });

  it('name the link-signing secret, which npm run ops -- link-key rotate rotates', () => {
    expect(json.Outputs?.LinkSigningSecretArn?.Value).toStrictEqual(
      ref(resourceAt(json, 'LinkSigningSecret/Secret/Resource')[0]),
    );
  });

  it('keep the template within CloudFormation’s limits (500 resources, 200 outputs)', () => {
    expect(Object.keys(json.Resources).length).toBeLessThan(400);
    expect(Object.keys(json.Outputs ?? {}).length).toBeLessThan(200);
    expect(JSON.stringify(json).length).toBeLessThan(1_000_000);
  });
});

describe('cost allocation tags', () => {
  it('are on the stack, so CloudFormation propagates them to everything it can tag', () => {
    expect(synth.stack.tags.tagValues()).toMatchObject(COST_ALLOCATION_TAGS);
    expect(synth.assembly.getStackByName(synth.stack.stackName).tags).toMatchObject(COST_ALLOCATION_TAGS);
  });

  it('are on every taggable resource of the template, with the component it serves', () => {
    const taggable = synth.stack.node
      .findAll()
      .filter((construct): construct is CfnResource => CfnResource.isCfnResource(construct))
      .filter((resource) => TagManager.isTaggable(resource));
    expect(taggable.length).toBeGreaterThan(50);
    const components = new Set<string>();
    for (const resource of taggable) {
      const logicalId = Stack.of(resource).resolve(resource.logicalId) as string;
      const tags = resource.tags.tagValues();
      expect([logicalId, tags.application]).toStrictEqual([logicalId, COST_ALLOCATION_TAGS.application]);
      expect(tags[COMPONENT_TAG], logicalId).toMatch(
        /^(intake|workflow|portal|email|data|operations|ar-team|staff-console)$/,
      );
      components.add(tags[COMPONENT_TAG] as string);
      // And in the template CloudFormation deploys, found through the assertions API.
      const template = json.Resources[logicalId];
      if (!template) continue;
      const expected = {
        application: COST_ALLOCATION_TAGS.application,
        [COMPONENT_TAG]: tags[COMPONENT_TAG],
      };
      // Cognito's user pool names its tags UserPoolTags (a map); every other resource here, Tags.
      const tagsProperty = template.Type === 'AWS::Cognito::UserPool' ? 'UserPoolTags' : 'Tags';
      const listed = Array.isArray(template.Properties[tagsProperty]);
      const found = synth.template.findResources(template.Type, {
        Properties: {
          [tagsProperty]: listed
            ? Match.arrayWith(Object.entries(expected).map(([Key, Value]) => ({ Key, Value })))
            : Match.objectLike(expected),
        },
      });
      expect(Object.keys(found), `${template.Type} ${logicalId}`).toContain(logicalId);
    }
    expect([...components].sort()).toStrictEqual(
      ['ar-team', 'data', 'email', 'intake', 'operations', 'portal', 'staff-console', 'workflow'].sort(),
    );
  });

  it('split the functions by the part they serve', () => {
    const componentOfFunction = (name: FunctionName) =>
      (props(functionId(name)).Tags as { Key: string; Value: string }[]).find(
        (tag) => tag.Key === COMPONENT_TAG,
      )?.Value;
    expect(componentOfFunction('receiveOverdueInvoice')).toBe('intake');
    expect(componentOfFunction('sendReminder')).toBe('workflow');
    for (const portal of ['portalPages', 'portalActions', 'portalDocuments'] as const)
      expect([portal, componentOfFunction(portal)]).toStrictEqual([portal, 'portal']);
    expect(componentOfFunction('sendWaitingMessages')).toBe('email');
    expect(componentOfFunction('staffConsole')).toBe('staff-console');
  });
});
