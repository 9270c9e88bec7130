import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { METRIC_TIMELINE_ENTRIES, METRICS_ENVIRONMENT } from '../../functions/contract/metrics.ts';
import { PORTAL_ROUTES } from '../../functions/contract/routes.ts';
import { BILLING_RULES, billingRulePattern, INTAKE_QUEUE } from '../../functions/contract/rules.ts';
import { OUTBOX_PARTITIONS, TABLE } from '../../functions/contract/table.ts';
import { INCOMING_PREFIX } from '../../functions/domain/documents.ts';
import { DAY_SECONDS, PROJECT_ROOT } from '../../lib/collections-stack.ts';
import { PORTAL_THROTTLE } from '../../lib/constructs/portal-api.ts';
import {
  FUNCTIONS,
  type FunctionName,
  type FunctionSpec,
  OUTBOX_CARRIERS,
  outboxInsertFilter,
  type Permission,
  STATE_MACHINE_FILE,
  STREAM_SETTINGS,
} from '../../lib/functions.ts';
import { grantsOf, identityStatements, list, roleStatements, type Statement } from './iam.ts';
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

// One synthesis for the whole file. The bundles themselves are test/stack/cli.test.ts's: what
// `cdk synth` bundles, loaded on Node 24 (bundling every handler here too took 22 s more).
let synth: Synthesized;
let json: TemplateJson;
beforeAll(() => {
  synth = synthesize(FULL_CONTEXT);
  json = synth.json;
}, 120_000);

/** What CDK sets for the AWS Parameters and Secrets Lambda Extension (its cache, port, timeouts, log level). */
const EXTENSION_VARIABLE = /^(PARAMETERS_SECRETS_EXTENSION_|SECRETS_MANAGER_|SSM_PARAMETER_STORE_)/;

const SOURCES = FULL_CONTEXT.billingSources.split(',').map((s) => s.trim());
const names = Object.keys(FUNCTIONS) as FunctionName[];
const functionId = (name: FunctionName) => resourceAt(json, `${FUNCTIONS[name].id}/Function/Resource`)[0];
const roleId = (name: FunctionName) => resourceAt(json, `${FUNCTIONS[name].id}/Role/Resource`)[0];
const props = (id: string) => json.Resources[id]?.Properties ?? {};

/** Flattens Ref / GetAtt / Join into one readable string, e.g. `arn:<AWS::Partition>:states:...`. */
function flatten(value: unknown): string {
  if (typeof value === 'string') return value;
  const v = value as Record<string, unknown>;
  if ('Ref' in v) return `<${v.Ref}>`;
  if ('Fn::GetAtt' in v) return `<${(v['Fn::GetAtt'] as string[]).join('.')}>`;
  if ('Fn::Join' in v) {
    const [separator, parts] = v['Fn::Join'] as [string, unknown[]];
    return parts.map(flatten).join(separator);
  }
  return JSON.stringify(value);
}

const stateMachineId = () => resourceAt(json, 'CaseWorkflow/StateMachine/Resource')[0];
const alarmTopicId = () => resourceAt(json, 'Operations/Topic/Resource')[0];
const arTeamTopicId = () => resourceAt(json, 'ArTeam/Topic/Resource')[0];
const topicKeyId = () => resourceAt(json, 'Operations/TopicKey/Resource')[0];
const documentBucketId = () => resourceAt(json, 'DisputeDocuments/Bucket/Resource')[0];
const stateMachineName = () => props(stateMachineId()).StateMachineName as string;
const stateMachineArnByName = () =>
  `arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:stateMachine:${stateMachineName()}`;

describe('event intake', () => {
  it('creates the bus under the configured name', () => {
    synth.template.resourceCountIs('AWS::Events::EventBus', 1);
    synth.template.hasResourceProperties('AWS::Events::EventBus', { Name: FULL_CONTEXT.eventBusName });
  });

  for (const rule of BILLING_RULES) {
    describe(rule.id, () => {
      const ids = () => ({
        rule: resourceAt(json, `${rule.id}Intake/Rule/Resource`)[0],
        queue: resourceAt(json, `${rule.id}Intake/Queue/Resource`)[0],
        dlq: resourceAt(json, `${rule.id}Intake/DeadLetterQueue/Resource`)[0],
        consumer: functionId(rule.consumer),
      });

      it('matches exactly the contract pattern on the bus', () => {
        const { rule: id } = ids();
        const busId = resourcesOfType(json, 'AWS::Events::EventBus')[0]?.[0] as string;
        expect(props(id).EventPattern).toStrictEqual(billingRulePattern(rule, SOURCES));
        expect(props(id).EventBusName).toStrictEqual(ref(busId));
      });

      it('targets the intake queue with its own dead-letter queue and a retry policy', () => {
        const { rule: id, queue, dlq } = ids();
        expect(props(id).Targets).toStrictEqual([
          {
            Id: 'Target0',
            Arn: arnOf(queue),
            DeadLetterConfig: { Arn: arnOf(dlq) },
            RetryPolicy: { MaximumEventAgeInSeconds: 86_400, MaximumRetryAttempts: 185 },
          },
        ]);
      });

      it('redrives the queue to the same dead-letter queue; both encrypted, the DLQ kept 14 days', () => {
        const { queue, dlq } = ids();
        expect(props(queue)).toMatchObject({
          SqsManagedSseEnabled: true,
          VisibilityTimeout: INTAKE_QUEUE.visibilityTimeoutSeconds,
          RedrivePolicy: { deadLetterTargetArn: arnOf(dlq), maxReceiveCount: INTAKE_QUEUE.maxReceiveCount },
        });
        expect(props(dlq)).toMatchObject({ SqsManagedSseEnabled: true, MessageRetentionPeriod: 14 * 86_400 });
        expect(props(dlq).RedrivePolicy).toBeUndefined();
      });

      it('lets only this rule send to the queue and the DLQ, and only over TLS', () => {
        const { rule: id, queue, dlq } = ids();
        for (const q of [queue, dlq]) {
          const policy = resourcesOfType(json, 'AWS::SQS::QueuePolicy').find(([, r]) =>
            list(r.Properties?.Queues as unknown[]).some((x) => JSON.stringify(x) === JSON.stringify(ref(q))),
          );
          if (!policy) throw new Error(`no queue policy on ${q}`);
          const statements = (policy[1].Properties.PolicyDocument as { Statement: Statement[] }).Statement;
          expect(statements).toContainEqual(
            expect.objectContaining({
              Effect: 'Deny',
              Principal: { AWS: '*' },
              Action: 'sqs:*',
              Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            }),
          );
          const fromRule = statements.filter((statement) => statement.Effect === 'Allow');
          expect(fromRule).toHaveLength(1);
          expect(fromRule[0]).toMatchObject({
            Principal: { Service: 'events.amazonaws.com' },
            Condition: { ArnEquals: { 'aws:SourceArn': arnOf(id) } },
            Resource: arnOf(q),
          });
          expect(list(fromRule[0]?.Action)).toContain('sqs:SendMessage');
        }
      });

      it('feeds the consumer in bounded batches that report item failures', () => {
        const { queue, consumer } = ids();
        synth.template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
          EventSourceArn: arnOf(queue),
          FunctionName: ref(consumer),
          BatchSize: INTAKE_QUEUE.batchSize,
          ScalingConfig: { MaximumConcurrency: INTAKE_QUEUE.maxConcurrency },
          FunctionResponseTypes: ['ReportBatchItemFailures'],
        });
      });

      it('tells the consumer its DLQ and lets it send there (invalid events, with the reason)', () => {
        const { dlq, consumer } = ids();
        const env = (props(consumer).Environment as { Variables: Record<string, unknown> }).Variables;
        expect(env[rule.deadLetterQueueUrlEnv]).toStrictEqual(ref(dlq));
        const grants = grantsOf(roleStatements(json, roleId(rule.consumer)));
        expect(grants.get('sqs:SendMessage')).toStrictEqual([arnOf(dlq)]);
      });
    });
  }

  it('gives sqs:SendMessage on a DLQ to no function but its consumer (and a stream consumer or the texts’ reader its on-failure queue)', () => {
    for (const name of names) {
      const spec: FunctionSpec = FUNCTIONS[name];
      const sends = grantsOf(roleStatements(json, roleId(name))).get('sqs:SendMessage') ?? [];
      const own = BILLING_RULES.filter((rule) => rule.consumer === name);
      expect(sends).toHaveLength(
        own.length +
          (name === 'receiveEmailEvents' ? 1 : 0) +
          (spec.tableStream ? 1 : 0) +
          (name === 'receiveTextReplies' ? 1 : 0),
      );
    }
  });
});

describe('the outbox on the table’s stream', () => {
  const table = () => resourcesOfType(json, 'AWS::DynamoDB::GlobalTable')[0]?.[0] as string;
  const carriers = names.filter((name) => (FUNCTIONS[name] as FunctionSpec).tableStream);

  it('streams the table’s new images', () => {
    synth.template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      StreamSpecification: { StreamViewType: 'NEW_IMAGE' },
    });
  });

  it('has two outbox carriers, each given only the INSERTs of its own outbox partition, deliverEmail the recorded messages, and recordMetrics the timeline entries the metrics count', () => {
    expect([...carriers].sort()).toStrictEqual([
      'carryOutFollowUps',
      'deliverEmail',
      // Texts (issue 16): the recorded texts, as deliverEmail the recorded emails.
      'deliverText',
      'recordMetrics',
      'recordOutcomes',
      'sendWaitingMessages',
    ]);
    expect(FUNCTIONS.recordMetrics.tableStream.filters).toStrictEqual([
      {
        eventName: ['INSERT'],
        dynamodb: { NewImage: { itemType: { S: ['timeline'] }, type: { S: [...METRIC_TIMELINE_ENTRIES] } } },
      },
      {
        eventName: ['MODIFY'],
        dynamodb: { NewImage: { itemType: { S: ['timeline'] }, type: { S: ['EmailSent'] } } },
      },
    ]);
    // It reads (a case's segment) and nothing else: no write, no send.
    expect(FUNCTIONS.recordMetrics.permissions).toStrictEqual(['table:read', 'table:stream']);
    expect(FUNCTIONS.deliverEmail.tableStream.filters).toStrictEqual([
      {
        eventName: ['INSERT'],
        dynamodb: { NewImage: { itemType: { S: ['message'] }, status: { S: ['pending'] } } },
      },
    ]);
    expect(FUNCTIONS.sendWaitingMessages.tableStream.filters).toStrictEqual([outboxInsertFilter('mail')]);
    expect(FUNCTIONS.carryOutFollowUps.tableStream.filters).toStrictEqual([outboxInsertFilter('followUp')]);
    expect(outboxInsertFilter('mail')).toStrictEqual({
      eventName: ['INSERT'],
      dynamodb: { NewImage: { gsi1pk: { S: [{ prefix: OUTBOX_PARTITIONS.mail }] } } },
    });
  });

  for (const name of carriers) {
    const spec = FUNCTIONS[name] as FunctionSpec;
    const dlq = () => resourceAt(json, `${spec.id}TableStream/DeadLetterQueue/Resource`)[0];

    it(`${spec.id}: its mapping filters, reports item failures, bisects, retries a bounded number of times, then parks`, () => {
      synth.template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
        EventSourceArn: { 'Fn::GetAtt': [table(), 'StreamArn'] },
        FunctionName: ref(functionId(name)),
        StartingPosition: 'LATEST',
        BatchSize: STREAM_SETTINGS.batchSize,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        BisectBatchOnFunctionError: true,
        MaximumRetryAttempts: STREAM_SETTINGS.retryAttempts,
        MaximumRecordAgeInSeconds: STREAM_SETTINGS.maxRecordAgeSeconds,
        FilterCriteria: {
          Filters: spec.tableStream?.filters.map((filter) => ({ Pattern: JSON.stringify(filter) })),
        },
        DestinationConfig: { OnFailure: { Destination: arnOf(dlq()) } },
      });
    });

    it(`${spec.id}: its on-failure queue is encrypted, kept 14 days, and alarmed`, () => {
      expect(props(dlq())).toMatchObject({ SqsManagedSseEnabled: true, MessageRetentionPeriod: 14 * 86_400 });
      const alarms = resourcesOfType(json, 'AWS::CloudWatch::Alarm').filter(([, alarm]) =>
        JSON.stringify(alarm.Properties?.Dimensions ?? []).includes(dlq()),
      );
      expect(alarms).toHaveLength(1);
      expect(alarms[0]?.[1].Properties).toMatchObject({
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Threshold: expect.any(Number),
      });
    });
  }

  it('runs the carriers and deliverEmail’s sweep on the schedule too (items due later, or left by the stream)', () => {
    expect([...OUTBOX_CARRIERS]).toStrictEqual([
      'sendWaitingMessages',
      'carryOutFollowUps',
      'deliverEmail',
      'deliverText',
    ]);
    const [, rule] = resourceAt(json, 'SendWaitingMessagesSchedule/Resource');
    const targets = ((rule.Properties?.Targets ?? []) as { Arn: unknown }[]).map((target) => target.Arn);
    expect(targets).toStrictEqual(OUTBOX_CARRIERS.map((name) => arnOf(functionId(name))));
  });
});

describe('case table', () => {
  it('has the contract keys, the byAccount index, TTL, on-demand billing, PITR, deletion protection, SSE', () => {
    synth.template.resourceCountIs('AWS::DynamoDB::GlobalTable', 1);
    synth.template.hasResource('AWS::DynamoDB::GlobalTable', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: {
        KeySchema: [
          { AttributeName: TABLE.partitionKey, KeyType: 'HASH' },
          { AttributeName: TABLE.sortKey, KeyType: 'RANGE' },
        ],
        AttributeDefinitions: Match.arrayWith([
          { AttributeName: TABLE.partitionKey, AttributeType: 'S' },
          { AttributeName: TABLE.sortKey, AttributeType: 'S' },
          { AttributeName: TABLE.byAccountIndex.partitionKey, AttributeType: 'S' },
          { AttributeName: TABLE.byAccountIndex.sortKey, AttributeType: 'S' },
          { AttributeName: TABLE.byQueueIndex.partitionKey, AttributeType: 'S' },
          { AttributeName: TABLE.byQueueIndex.sortKey, AttributeType: 'S' },
        ]),
        GlobalSecondaryIndexes: [
          {
            IndexName: TABLE.byAccountIndex.name,
            KeySchema: [
              { AttributeName: TABLE.byAccountIndex.partitionKey, KeyType: 'HASH' },
              { AttributeName: TABLE.byAccountIndex.sortKey, KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'ALL' },
          },
          {
            // The staff's work queues (issue 12): sparse, projecting only what a queue's row shows.
            IndexName: TABLE.byQueueIndex.name,
            KeySchema: [
              { AttributeName: TABLE.byQueueIndex.partitionKey, KeyType: 'HASH' },
              { AttributeName: TABLE.byQueueIndex.sortKey, KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: [...TABLE.byQueueIndex.projected] },
          },
        ],
        BillingMode: 'PAY_PER_REQUEST',
        TimeToLiveSpecification: { AttributeName: TABLE.ttlAttribute, Enabled: true },
        SSESpecification: { SSEEnabled: true, SSEType: 'KMS' },
        Replicas: [
          Match.objectLike({
            DeletionProtectionEnabled: true,
            PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
          }),
        ],
      },
    });
  });
});

describe('functions', () => {
  for (const name of Object.keys(FUNCTIONS) as FunctionName[]) {
    const spec = FUNCTIONS[name];
    it(`${spec.id}: Node.js 24 on arm64, traced, sized by the spec`, () => {
      expect(props(functionId(name))).toMatchObject({
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        TracingConfig: { Mode: 'Active' },
        Handler: 'index.handler',
        MemorySize: (spec as FunctionSpec).memoryMb ?? 256,
        Timeout: (spec as FunctionSpec).timeoutSeconds ?? 30,
        Description: spec.description,
      });
    });

    it(`${spec.id}: exactly the environment its spec lists (plus source maps, Powertools' service and namespace, and the secrets extension's)`, () => {
      const env = (props(functionId(name)).Environment as { Variables: Record<string, unknown> }).Variables;
      const { NODE_OPTIONS, POWERTOOLS_SERVICE_NAME, POWERTOOLS_METRICS_NAMESPACE, ...rest } = env;
      expect(NODE_OPTIONS).toBe('--enable-source-maps');
      expect({ POWERTOOLS_SERVICE_NAME, POWERTOOLS_METRICS_NAMESPACE }).toStrictEqual(METRICS_ENVIRONMENT);
      const extension = Object.keys(rest).filter((key) => EXTENSION_VARIABLE.test(key));
      expect(
        Object.keys(rest)
          .filter((key) => !EXTENSION_VARIABLE.test(key))
          .sort(),
      ).toStrictEqual([...spec.env].sort());
      // The AWS Parameters and Secrets Lambda Extension, on exactly the functions that read a secret
      // (the link secret, or an agency's report secret: issue 14).
      const reads = (spec.permissions as readonly string[]).some(
        (permission) => permission === 'secret:read' || permission === 'agency-secrets:read',
      );
      expect([name, extension.length > 0]).toStrictEqual([name, reads]);
      const layers = (props(functionId(name)).Layers ?? []) as unknown[];
      // Plus the Powertools layer (the tracer) on every function whose spec does not say no.
      const tracer = (spec as FunctionSpec).tracer !== false;
      expect([name, layers.length]).toStrictEqual([name, (reads ? 1 : 0) + (tracer ? 1 : 0)]);
    });

    it(`${spec.id}: logs to its own log group, kept three months`, () => {
      const logging = props(functionId(name)).LoggingConfig as {
        LogGroup: { Ref: string };
        LogFormat: string;
      };
      expect(logging.LogFormat).toBe('JSON');
      expect(props(logging.LogGroup.Ref).RetentionInDays).toBe(90);
      expect(resourceAt(json, `${spec.id}/Logs/Resource`)[0]).toBe(logging.LogGroup.Ref);
    });
  }

  it('wires every environment value to the resource it names', () => {
    const table = resourcesOfType(json, 'AWS::DynamoDB::GlobalTable')[0]?.[0] as string;
    const bus = resourcesOfType(json, 'AWS::Events::EventBus')[0]?.[0] as string;
    const secret = resourcesOfType(json, 'AWS::SecretsManager::Secret')[0]?.[0] as string;
    const api = resourcesOfType(json, 'AWS::ApiGatewayV2::Api')[0]?.[0] as string;
    const configurationSet = resourcesOfType(json, 'AWS::SES::ConfigurationSet')[0]?.[0] as string;
    const expected: Record<string, string> = {
      SES_CONFIGURATION_SET: `<${configurationSet}>`,
      TABLE_NAME: `<${table}>`,
      STATE_MACHINE_ARN: stateMachineArnByName(),
      EVENT_BUS_NAME: `<${bus}>`,
      SENDER_ADDRESS: FULL_CONTEXT.senderAddress,
      PORTAL_BASE_URL: `<${api}.ApiEndpoint>`,
      LINK_SECRET_ARN: `<${secret}>`,
      DAY_SECONDS,
      AR_TEAM_TOPIC_ARN: `<${arTeamTopicId()}>`,
    };
    for (const name of names) {
      const env = (props(functionId(name)).Environment as { Variables: Record<string, unknown> }).Variables;
      for (const [key, value] of Object.entries(env)) {
        if (key in expected) expect([name, key, flatten(value)]).toStrictEqual([name, key, expected[key]]);
      }
    }
    expect(DAY_SECONDS).toBe('86400');
  });
});

describe('state machine', () => {
  const substitutions = () =>
    Object.fromEntries(
      names.flatMap((name) => {
        const spec: FunctionSpec = FUNCTIONS[name];
        return spec.aslSubstitution ? [[spec.aslSubstitution, functionId(name)]] : [];
      }),
    ) as Record<string, string>;

  it('deploys the ASL file byte for byte, with every placeholder substituted by its function ARN', () => {
    const machine = props(stateMachineId());
    expect(machine.DefinitionString).toBeUndefined();
    const key = (machine.DefinitionS3Location as { Key: string }).Key;
    const deployed = readFileSync(path.join(synth.assembly.directory, `asset.${key}`), 'utf8');
    const source = readFileSync(path.join(PROJECT_ROOT, STATE_MACHINE_FILE), 'utf8');
    expect(deployed).toBe(source);

    const expected = substitutions();
    expect(machine.DefinitionSubstitutions).toStrictEqual(
      Object.fromEntries(Object.entries(expected).map(([placeholder, id]) => [placeholder, arnOf(id)])),
    );
    const placeholders = new Set([...source.matchAll(/\$\{([A-Za-z0-9_]+)\}/g)].map((m) => m[1]));
    expect([...placeholders].sort()).toStrictEqual(Object.keys(expected).sort());

    // What CloudFormation deploys: the file with each ${Name} replaced by the function's ARN.
    const resolved = JSON.parse(
      source.replace(/\$\{([A-Za-z0-9_]+)\}/g, (_, placeholder: string) => `arn-of:${expected[placeholder]}`),
    ) as { States: Record<string, { Type: string; Parameters?: { FunctionName?: string } }> };
    const taskTargets = Object.values(resolved.States)
      .filter((state) => state.Type === 'Task')
      .map((state) => state.Parameters?.FunctionName);
    expect(taskTargets.length).toBeGreaterThan(0);
    for (const target of taskTargets) {
      expect(Object.values(expected).map((id) => `arn-of:${id}`)).toContain(target);
    }
  });

  it('is a STANDARD machine logging every event without execution data, traced', () => {
    const logGroup = resourceAt(json, 'CaseWorkflow/Logs/Resource')[0];
    expect(props(stateMachineId())).toMatchObject({
      StateMachineType: 'STANDARD',
      LoggingConfiguration: {
        Level: 'ALL',
        IncludeExecutionData: false,
        Destinations: [{ CloudWatchLogsLogGroup: { LogGroupArn: arnOf(logGroup) } }],
      },
      TracingConfiguration: { Enabled: true },
    });
    expect(props(logGroup)).toMatchObject({ RetentionInDays: 90 });
    expect(props(logGroup).LogGroupName).toBe(`/aws/vendedlogs/states/${stateMachineName()}`);
  });

  it('may invoke exactly the Task functions (and their versions), nothing else', () => {
    const role = flatten(props(stateMachineId()).RoleArn).replace(/^<(.+)\.Arn>$/, '$1');
    const grants = grantsOf(roleStatements(json, role));
    const invokable = (grants.get('lambda:InvokeFunction') ?? []).map(flatten).sort();
    const expected = Object.values(substitutions())
      .flatMap((id) => [`<${id}.Arn>`, `<${id}.Arn>:*`])
      .sort();
    expect(invokable).toStrictEqual(expected);
    for (const action of grants.keys()) {
      expect(action).toMatch(
        /^(lambda:InvokeFunction|xray:.+|logs:.+Deliver(y|ies)|logs:.+ResourcePolic(y|ies)|logs:DescribeLogGroups)$/,
      );
    }
  });

  it('is the machine every ARN built from its name points to', () => {
    synth.template.hasOutput('StateMachineArn', { Value: ref(stateMachineId()) });
    const start = grantsOf(roleStatements(json, roleId('receiveOverdueInvoice'))).get(
      'states:StartExecution',
    );
    expect(start?.map(flatten)).toStrictEqual([stateMachineArnByName()]);
  });

  it('is deployed before the function that starts it', () => {
    const dependsOn = list(json.Resources[functionId('receiveOverdueInvoice')]?.DependsOn);
    expect(dependsOn).toContain(stateMachineId());
  });
});

describe('IAM', () => {
  /** The only actions AWS accepts solely with Resource "*" that this stack uses (see the acknowledgements). */
  const STAR_ONLY = new Set([
    'xray:PutTraceSegments',
    'xray:PutTelemetryRecords',
    'xray:GetSamplingRules',
    'xray:GetSamplingTargets',
    'logs:CreateLogDelivery',
    'logs:GetLogDelivery',
    'logs:UpdateLogDelivery',
    'logs:DeleteLogDelivery',
    'logs:ListLogDeliveries',
    'logs:PutResourcePolicy',
    'logs:DescribeResourcePolicies',
    'logs:DescribeLogGroups',
  ]);

  it('has Resource "*" only for X-Ray and Step Functions log delivery, and no wildcard actions', () => {
    for (const { statement } of identityStatements(json)) {
      for (const action of list(statement.Action)) expect(action).not.toContain('*');
      if (list(statement.Resource).includes('*')) {
        for (const action of list(statement.Action)) expect(STAR_ONLY).toContain(action);
      }
    }
  });

  it('attaches no managed policies to any role', () => {
    for (const [, role] of resourcesOfType(json, 'AWS::IAM::Role')) {
      expect(role.Properties?.ManagedPolicyArns).toBeUndefined();
    }
  });

  const READ = [
    'dynamodb:BatchGetItem',
    'dynamodb:ConditionCheckItem',
    'dynamodb:DescribeTable',
    'dynamodb:GetItem',
    'dynamodb:GetRecords',
    'dynamodb:GetShardIterator',
    'dynamodb:Query',
    'dynamodb:Scan',
  ];
  const WRITE = ['dynamodb:BatchWriteItem', 'dynamodb:DeleteItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'];
  const ACTIONS: Record<Permission, string[]> = {
    'table:read': READ,
    'table:write': [...READ, ...WRITE],
    'states:start': ['states:StartExecution'],
    'states:callback': ['states:SendTaskSuccess', 'states:SendTaskFailure', 'states:SendTaskHeartbeat'],
    'events:put': ['events:PutEvents'],
    'ses:send': ['ses:SendEmail', 'ses:SendRawEmail'],
    'sms:send': ['sms-voice:SendTextMessage'],
    'secret:read': ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
    'agency-secrets:read': ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
    'dlq:InvoiceOverdue': ['sqs:SendMessage'],
    'dlq:PaymentReceived': ['sqs:SendMessage'],
    'dlq:CaseUpdates': ['sqs:SendMessage'],
    'dlq:InvoiceDueSoon': ['sqs:SendMessage'],
    'dlq:EmailEvents': ['sqs:SendMessage'],
    'sns:publish-ar': ['sns:Publish', 'kms:GenerateDataKey', 'kms:Decrypt'],
    's3:dispute-documents': ['s3:PutObject', 's3:GetObject', 's3:DeleteObject'],
    's3:read-dispute-documents': ['s3:GetObject'],
    'table:stream': [
      'dynamodb:ListStreams',
      'dynamodb:DescribeStream',
      'dynamodb:GetRecords',
      'dynamodb:GetShardIterator',
    ],
  };
  const BASELINE = [
    'logs:CreateLogStream',
    'logs:PutLogEvents',
    'xray:PutTraceSegments',
    'xray:PutTelemetryRecords',
  ];
  /** What an on-failure queue needs (SqsDlq's grant for a stream mapping, SqsDestination's for async invokes). */
  const STREAM_CONSUMER = ['sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'];
  const STREAM_ACTIONS = new Set([
    'dynamodb:DescribeStream',
    'dynamodb:GetRecords',
    'dynamodb:GetShardIterator',
  ]);
  const CONSUMER = [
    'sqs:ReceiveMessage',
    'sqs:ChangeMessageVisibility',
    'sqs:GetQueueUrl',
    'sqs:DeleteMessage',
    'sqs:GetQueueAttributes',
  ];

  for (const name of Object.keys(FUNCTIONS) as FunctionName[]) {
    const spec = FUNCTIONS[name];
    it(`${spec.id}: holds exactly the actions its permissions name`, () => {
      const expected = new Set([
        ...BASELINE,
        ...(BILLING_RULES.some((rule) => rule.consumer === name) || name === 'receiveEmailEvents'
          ? CONSUMER
          : []),
        ...((spec as FunctionSpec).tableStream ? STREAM_CONSUMER : []),
        // The texts' topic invokes it asynchronously: its on-failure destination is the texts' DLQ.
        ...(name === 'receiveTextReplies' ? STREAM_CONSUMER : []),
        ...spec.permissions.flatMap((permission: Permission) => ACTIONS[permission]),
      ]);
      const actual = grantsOf(roleStatements(json, roleId(name)));
      expect([...actual.keys()].sort()).toStrictEqual([...expected].sort());
    });

    it(`${spec.id}: each action on its one resource`, () => {
      const agencySecretId = () =>
        resourcesOfType(json, 'AWS::SecretsManager::Secret').find(([id]) => id.includes('ReportSecret'))?.[0];
      const table = resourcesOfType(json, 'AWS::DynamoDB::GlobalTable')[0]?.[0] as string;
      const bus = resourcesOfType(json, 'AWS::Events::EventBus')[0]?.[0] as string;
      const secret = resourcesOfType(json, 'AWS::SecretsManager::Secret')[0]?.[0] as string;
      const statements = roleStatements(json, roleId(name));
      for (const [action, resources] of grantsOf(statements)) {
        const flat = resources.map(flatten);
        if (action === 'dynamodb:ListStreams' || action === 'dynamodb:DescribeStream')
          expect(flat).toStrictEqual([`<${table}.StreamArn>`]);
        else if (
          STREAM_ACTIONS.has(action) &&
          (spec.permissions as readonly Permission[]).includes('table:stream')
        )
          expect(flat).toStrictEqual([`<${table}.Arn>`, `<${table}.Arn>/index/*`, `<${table}.StreamArn>`]);
        else if (action.startsWith('dynamodb:'))
          expect(flat).toStrictEqual([`<${table}.Arn>`, `<${table}.Arn>/index/*`]);
        if (action.startsWith('states:')) expect(flat).toStrictEqual([stateMachineArnByName()]);
        if (action.startsWith('events:')) expect(flat).toStrictEqual([`<${bus}.Arn>`]);
        if (action.startsWith('secretsmanager:'))
          expect(flat).toStrictEqual([
            // The agency's report secret (issue 14) for its webhook; the link secret for the others.
            `<${name === 'receiveAgencyReport' ? agencySecretId() : secret}>`,
          ]);
        if (action.startsWith('sns:')) expect(flat).toStrictEqual([`<${arTeamTopicId()}>`]);
        if (action.startsWith('kms:')) expect(flat).toStrictEqual([`<${topicKeyId()}.Arn>`]);
        if (action.startsWith('s3:')) expect(flat).toStrictEqual([`<${documentBucketId()}.Arn>/disputes/*`]);
        if (action.startsWith('ses:')) {
          const configurationSet = resourcesOfType(json, 'AWS::SES::ConfigurationSet')[0]?.[0] as string;
          expect([...flat].sort()).toStrictEqual([
            `arn:<AWS::Partition>:ses:<AWS::Region>:<AWS::AccountId>:configuration-set/<${configurationSet}>`,
            'arn:<AWS::Partition>:ses:<AWS::Region>:<AWS::AccountId>:identity/acme.example',
          ]);
        }
      }
      for (const statement of statements.filter((s) => list(s.Action).some((a) => a.startsWith('ses:')))) {
        expect(statement.Condition).toStrictEqual({
          StringEquals: { 'ses:FromAddress': FULL_CONTEXT.senderAddress },
        });
      }
    });
  }

  it('lets the portal act for the debtor (record, answer the waiting state, queue the rest) but never start a workflow, email or publish', () => {
    const actions = [...grantsOf(roleStatements(json, roleId('portalActions'))).keys()];
    expect(actions).not.toContain('states:StartExecution');
    // The acknowledgement, the event and the AR team's notice go through the outbox (issue 10).
    expect(actions.filter((a) => /^(ses|events|sns):/.test(a))).toStrictEqual([]);
    expect(actions).toEqual(expect.arrayContaining(['states:SendTaskSuccess', 'dynamodb:PutItem']));
  });

  it('lets the portal’s pages read the case and the link secret, and nothing else', () => {
    const actions = [...grantsOf(roleStatements(json, roleId('portalPages'))).keys()];
    expect(
      actions.filter((a) =>
        /^(dynamodb:(Put|Update|Delete|BatchWrite|TransactWrite)|ses:|states:|events:|sns:|s3:)/.test(a),
      ),
    ).toStrictEqual([]);
    expect(actions).toEqual(
      expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:Query', 'secretsmanager:GetSecretValue']),
    );
  });

  it('keeps intake from emailing, and payments from starting executions', () => {
    const intake = [...grantsOf(roleStatements(json, roleId('receiveOverdueInvoice'))).keys()];
    expect(intake.filter((a) => a.startsWith('ses:'))).toStrictEqual([]);
    const payments = [...grantsOf(roleStatements(json, roleId('receivePayment'))).keys()];
    expect(payments).not.toContain('states:StartExecution');
  });
});

/** The logical id of the HTTP API whose description matches. */
function apiDescribed(description: RegExp): string {
  const found = resourcesOfType(json, 'AWS::ApiGatewayV2::Api').filter(([, api]) =>
    description.test(String(api.Properties?.Description ?? '')),
  );
  expect(found).toHaveLength(1);
  return found[0]?.[0] as string;
}

describe('portal API', () => {
  it('routes exactly PORTAL_ROUTES, each to the function it names', () => {
    const api = apiDescribed(/debtor self-service portal/);
    // The staff console's routes are on an API of their own (see 'staff console').
    const routes = resourcesOfType(json, 'AWS::ApiGatewayV2::Route')
      .map(([, r]) => r.Properties ?? {})
      .filter((r) => JSON.stringify(r.ApiId) === JSON.stringify(ref(api)));
    expect(routes.map((r) => r.RouteKey).sort()).toStrictEqual(
      PORTAL_ROUTES.map((r) => `${r.method} ${r.path}`).sort(),
    );
    for (const route of routes) expect(route.ApiId).toStrictEqual(ref(api));
    const integrations = Object.fromEntries(
      resourcesOfType(json, 'AWS::ApiGatewayV2::Integration').filter(
        ([, i]) => JSON.stringify(i.Properties?.ApiId) === JSON.stringify(ref(api)),
      ),
    );
    const portalFunctions = [...new Set(PORTAL_ROUTES.map((r) => r.function))];
    expect(Object.keys(integrations)).toHaveLength(portalFunctions.length);
    for (const route of PORTAL_ROUTES) {
      const target = routes.find((r) => r.RouteKey === `${route.method} ${route.path}`)?.Target as {
        'Fn::Join': [string, unknown[]];
      };
      const integrationId = (target['Fn::Join'][1][1] as { Ref: string }).Ref;
      expect([route.path, integrations[integrationId]?.Properties]).toMatchObject([
        route.path,
        {
          IntegrationType: 'AWS_PROXY',
          IntegrationUri: arnOf(functionId(route.function)),
          PayloadFormatVersion: '2.0',
        },
      ]);
    }
  });

  it('throttles the default stage and writes access logs without paths or addresses', () => {
    const logs = resourceAt(json, 'PortalApi/AccessLogs/Resource')[0];
    synth.template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: {
        ThrottlingBurstLimit: PORTAL_THROTTLE.burstLimit,
        ThrottlingRateLimit: PORTAL_THROTTLE.rateLimit,
      },
      AccessLogSettings: { DestinationArn: arnOf(logs), Format: Match.stringLikeRegexp('requestId') },
    });
    const stage = resourcesOfType(json, 'AWS::ApiGatewayV2::Stage')[0]?.[1].Properties as {
      AccessLogSettings: { Format: string };
    };
    const format = JSON.parse(stage.AccessLogSettings.Format) as Record<string, string>;
    expect(format.requestId).toBe('$context.requestId');
    for (const field of Object.values(format))
      expect(field).not.toMatch(/path|sourceIp|userAgent|querystring/i);
    expect(props(logs).RetentionInDays).toBe(90);
  });

  it('has no custom domain unless configured', () => {
    synth.template.resourceCountIs('AWS::ApiGatewayV2::DomainName', 0);
  });
});

describe('link signing secret', () => {
  it('is generated, 64 characters without punctuation, and retained', () => {
    synth.template.hasResource('AWS::SecretsManager::Secret', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: {
        GenerateSecretString: Match.objectLike({
          PasswordLength: 64,
          ExcludePunctuation: true,
          IncludeSpace: false,
        }),
      },
    });
  });
});

describe('operations alarms', () => {
  const topicId = alarmTopicId;
  const alarms = () => resourcesOfType(json, 'AWS::CloudWatch::Alarm').map(([, r]) => r.Properties ?? {});

  it('alarm on failed and timed-out executions', () => {
    for (const metric of ['ExecutionsFailed', 'ExecutionsTimedOut']) {
      const alarm = alarms().find((a) => a.MetricName === metric);
      expect(alarm).toMatchObject({
        Namespace: 'AWS/States',
        Dimensions: [{ Name: 'StateMachineArn', Value: ref(stateMachineId()) }],
        Statistic: 'Sum',
        Threshold: 0,
        ComparisonOperator: 'GreaterThanThreshold',
        AlarmActions: [ref(topicId())],
      });
    }
  });

  it('alarm as soon as a dead-letter queue holds a message', () => {
    for (const rule of BILLING_RULES) {
      const dlq = resourceAt(json, `${rule.id}Intake/DeadLetterQueue/Resource`)[0];
      const alarm = alarms().find(
        (a) =>
          a.MetricName === 'ApproximateNumberOfMessagesVisible' &&
          JSON.stringify(a.Dimensions) ===
            JSON.stringify([{ Name: 'QueueName', Value: { 'Fn::GetAtt': [dlq, 'QueueName'] } }]),
      );
      expect(alarm).toMatchObject({
        Namespace: 'AWS/SQS',
        Threshold: 0,
        ComparisonOperator: 'GreaterThanThreshold',
        AlarmActions: [ref(topicId())],
      });
    }
  });

  it('go to an encrypted, TLS-only topic that CloudWatch may publish to, with the email subscribed', () => {
    const key = topicKeyId();
    expect(props(topicId()).KmsMasterKeyId).toStrictEqual(arnOf(key));
    expect(props(key).EnableKeyRotation).toBe(true);
    synth.template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: FULL_CONTEXT.alarmEmail,
      TopicArn: ref(topicId()),
    });
    synth.template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({
            Effect: 'Allow',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: 'sns:Publish',
          }),
        ]),
      },
    });
    const keyPolicy = props(key).KeyPolicy as { Statement: Statement[] };
    expect(keyPolicy.Statement).toContainEqual(
      expect.objectContaining({
        Principal: { Service: 'cloudwatch.amazonaws.com' },
        Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      }),
    );
  });
});

describe('AR team topic', () => {
  const policyOf = (topic: string) =>
    resourcesOfType(json, 'AWS::SNS::TopicPolicy').find(([, r]) =>
      list(r.Properties?.Topics as unknown[]).some((t) => JSON.stringify(t) === JSON.stringify(ref(topic))),
    )?.[1].Properties.PolicyDocument as { Statement: Statement[] } | undefined;

  it('is encrypted with the stack’s topic key, TLS-only, with the AR team’s email subscribed', () => {
    synth.template.resourceCountIs('AWS::KMS::Key', 1);
    expect(props(arTeamTopicId()).KmsMasterKeyId).toStrictEqual(arnOf(topicKeyId()));
    synth.template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: FULL_CONTEXT.arTeamEmail,
      TopicArn: ref(arTeamTopicId()),
    });
    expect(policyOf(arTeamTopicId())?.Statement).toContainEqual(
      expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
    );
  });

  it('lets only the outbox’s follow-up carrier publish to it (the portal queues its notices there)', () => {
    const publishers = ['carryOutFollowUps'];
    for (const name of names) {
      const publish = grantsOf(roleStatements(json, roleId(name))).get('sns:Publish') ?? [];
      expect([name, publish.map(flatten)]).toStrictEqual([
        name,
        publishers.includes(name) ? [`<${arTeamTopicId()}>`] : [],
      ]);
    }
  });

  it('has no subscription without arTeamEmail', () => {
    const bare = synthesize({ senderAddress: FULL_CONTEXT.senderAddress });
    const arTeam = resourceAt(bare.json, 'ArTeam/Topic/Resource')[0] as string;
    // The texts' two-way topic (issue 16) has its function subscribed; no email subscription anywhere.
    const subscriptions = resourcesOfType(bare.json, 'AWS::SNS::Subscription');
    expect(subscriptions.filter(([, r]) => r.Properties?.Protocol !== 'lambda')).toStrictEqual([]);
    expect(
      subscriptions.filter(([, r]) => JSON.stringify(r.Properties?.TopicArn) === JSON.stringify(ref(arTeam))),
    ).toStrictEqual([]);
    // The alarm topic, the AR team's, and the texts' two-way channel.
    expect(resourcesOfType(bare.json, 'AWS::SNS::Topic')).toHaveLength(3);
  });
});

describe('dispute documents bucket', () => {
  it('is private, TLS-only, encrypted, unversioned and retained, and removes unchecked uploads after a day', () => {
    const id = documentBucketId() as string;
    expect(json.Resources[id]).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    expect(props(id)).toMatchObject({
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      LifecycleConfiguration: {
        Rules: expect.arrayContaining([
          expect.objectContaining({ Prefix: INCOMING_PREFIX, ExpirationInDays: 1, Status: 'Enabled' }),
        ]),
      },
    });
    expect(props(id).VersioningConfiguration).toBeUndefined();
    // A plain form POST needs no CORS.
    expect(props(id).CorsConfiguration).toBeUndefined();
    const policy = resourcesOfType(json, 'AWS::S3::BucketPolicy').find(
      ([, r]) => JSON.stringify(r.Properties?.Bucket) === JSON.stringify(ref(id)),
    )?.[1].Properties.PolicyDocument as { Statement: Statement[] } | undefined;
    expect(policy?.Statement).toContainEqual(
      expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
    );
  });

  it('is named to the portal only, and only the portal may touch its objects (the staff console reads them)', () => {
    for (const name of names) {
      const s3 = [...grantsOf(roleStatements(json, roleId(name))).keys()].filter((a) => a.startsWith('s3:'));
      expect([name, s3.sort()]).toStrictEqual([
        name,
        name === 'portalDocuments'
          ? ['s3:DeleteObject', 's3:GetObject', 's3:PutObject']
          : // The staff console presigns downloads of the documents (issue 12): it reads, nothing more.
            name === 'staffConsole'
            ? ['s3:GetObject']
            : [],
      ]);
    }
    expect(props(functionId('portalDocuments')).Environment).toMatchObject({
      Variables: { DOCUMENT_BUCKET_NAME: ref(documentBucketId() as string) },
    });
  });
});

describe('outputs', () => {
  it('name the bus, the machine, the table, the portal, each DLQ, the alarm topic and the AR team topic', () => {
    const outputs = json.Outputs ?? {};
    const api = resourcesOfType(json, 'AWS::ApiGatewayV2::Api')[0]?.[0] as string;
    expect(outputs.EventBusName?.Value).toStrictEqual(
      ref(resourcesOfType(json, 'AWS::Events::EventBus')[0]?.[0] as string),
    );
    expect(outputs.StateMachineArn?.Value).toStrictEqual(ref(stateMachineId()));
    expect(outputs.TableName?.Value).toStrictEqual(
      ref(resourcesOfType(json, 'AWS::DynamoDB::GlobalTable')[0]?.[0] as string),
    );
    expect(outputs.PortalUrl?.Value).toStrictEqual({ 'Fn::GetAtt': [api, 'ApiEndpoint'] });
    expect(outputs.AlarmTopicArn?.Value).toStrictEqual(ref(alarmTopicId()));
    expect(outputs.ArTeamTopicArn?.Value).toStrictEqual(ref(arTeamTopicId()));
    for (const rule of BILLING_RULES) {
      const dlq = resourceAt(json, `${rule.id}Intake/DeadLetterQueue/Resource`)[0];
      expect(outputs[`${rule.id}DeadLetterQueueUrl`]?.Value).toStrictEqual(ref(dlq));
    }
  });
});

describe('template', () => {
  it('keeps every log group for three months', () => {
    for (const [, group] of resourcesOfType(json, 'AWS::Logs::LogGroup')) {
      expect(group.Properties?.RetentionInDays).toBe(90);
    }
  });

  it('has no dependency cycle (CloudFormation would reject it only at deploy time)', () => {
    const edges = new Map<string, Set<string>>();
    const collect = (value: unknown, into: Set<string>): void => {
      if (Array.isArray(value)) for (const item of value) collect(item, into);
      else if (value && typeof value === 'object') {
        for (const [key, inner] of Object.entries(value)) {
          if (key === 'Ref' && typeof inner === 'string') into.add(inner);
          else if (key === 'Fn::GetAtt') into.add((inner as string[])[0] as string);
          else collect(inner, into);
        }
      }
    };
    for (const [id, resource] of Object.entries(json.Resources)) {
      const targets = new Set<string>(list(resource.DependsOn));
      collect(resource.Properties, targets);
      edges.set(id, new Set([...targets].filter((t) => t in json.Resources)));
    }
    const state = new Map<string, 'visiting' | 'done'>();
    const visit = (id: string, trail: string[]): void => {
      if (state.get(id) === 'done') return;
      if (state.get(id) === 'visiting') throw new Error(`cycle: ${[...trail, id].join(' -> ')}`);
      state.set(id, 'visiting');
      for (const next of edges.get(id) ?? []) visit(next, [...trail, id]);
      state.set(id, 'done');
    };
    for (const id of edges.keys()) visit(id, []);
  });

  it('needs no sender placeholder guard when senderAddress is given', () => {
    expect(Object.keys(json.Rules ?? {})).not.toContain('SenderAddressRequired');
  });
});
