import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Annotations, CfnOutput, CfnRule, Duration, Fn, Stack, type StackProps } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type { Construct } from 'constructs';
import { BILLING_RULES, type BillingRule } from '../functions/contract/rules.ts';
import { ArTeamTopic } from './constructs/ar-team-topic.ts';
import { BillingIntake } from './constructs/billing-intake.ts';
import { CaseTable } from './constructs/case-table.ts';
import { CaseWorkflow, CaseWorkflowName } from './constructs/case-workflow.ts';
import { CollectionsFunction } from './constructs/collections-function.ts';
import { DocumentBucket } from './constructs/document-bucket.ts';
import { EmailSending } from './constructs/email-sending.ts';
import { grantPermissions, type PermissionTargets } from './constructs/function-permissions.ts';
import { LinkSigningSecret } from './constructs/link-signing-secret.ts';
import { OperationsAlarms } from './constructs/operations-alarms.ts';
import { PortalApi } from './constructs/portal-api.ts';
import {
  type EnvName,
  FUNCTIONS,
  type FunctionName,
  type FunctionSpec,
  SEND_WAITING_MESSAGES_EVERY_MINUTES,
  STATE_MACHINE_FILE,
} from './functions.ts';
import { type CollectionsConfig, readConfig } from './stack-config.ts';

/** The repository root: handler entries and the state machine file are relative to it. */
export const PROJECT_ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');

/** A policy day is a real day in AWS; the local runtime scales it down. */
export const DAY_SECONDS = '86400';
/** With real days the policy clock is the identity whatever its origin (functions/domain/policy-clock.ts). */
export const CLOCK_ORIGIN = '2026-01-01T00:00:00Z';

/** The stack's description when its props give none. */
export const STACK_DESCRIPTION =
  'Customer-first collections: reminders, plans and the debtor portal, one workflow per case';

/**
 * CDK's stack properties. The deploy parameters are not props: they come from CDK context, validated
 * (lib/stack-config.ts), so `cdk deploy -c key=value` sets them.
 */
export interface CollectionsStackProps extends StackProps {
  /**
   * The CloudFormation stack's description.
   * @default STACK_DESCRIPTION
   */
  readonly description?: string;
}

/**
 * Customer-first collections: billing events in through buffered intake queues, one Step Functions
 * execution per case, the case file in DynamoDB, email through SES, the debtor's portal on an HTTP API,
 * and alarms for operations.
 */
export class CollectionsStack extends Stack {
  /** The deploy parameters the stack was built with (from CDK context, validated). */
  readonly config: CollectionsConfig;
  /** Every function of FUNCTIONS, by name. */
  readonly functions: Readonly<Record<FunctionName, CollectionsFunction>>;
  /** The buffered intake of each billing rule, by rule id. */
  readonly intakes: Readonly<Record<BillingRule['id'], BillingIntake>>;

  constructor(scope: Construct, id: string, props: CollectionsStackProps = {}) {
    super(scope, id, { ...props, description: props.description ?? STACK_DESCRIPTION });
    // Deploy parameters from CDK context, validated (see lib/stack-config.ts and the README).
    const config = readConfig(this.node);
    this.config = config;
    if (config.senderAddressIsPlaceholder) this.guardPlaceholderSender(config.senderAddress);

    const bus = new events.EventBus(this, 'Bus', { eventBusName: config.eventBusName });
    const { table } = new CaseTable(this, 'CaseTable');
    const { secret: linkSecret } = new LinkSigningSecret(this, 'LinkSigningSecret');
    const email = new EmailSending(this, 'Email', {
      senderAddress: config.senderAddress,
      sesIdentity: config.sesIdentity,
      createIdentity: config.createSesIdentity,
    });
    // Named first: the functions' grants need its ARN, and it needs theirs (see CaseWorkflowName).
    const workflowName = new CaseWorkflowName(this, 'CollectionsCase');
    const portal = new PortalApi(this, 'PortalApi', { domain: config.portalDomain });
    const operations = new OperationsAlarms(this, 'Operations', { alarmEmail: config.alarmEmail });
    // Encrypted with the same key as the alarm topic: one key for the stack's SNS topics.
    const arTeam = new ArTeamTopic(this, 'ArTeam', { key: operations.key, email: config.arTeamEmail });
    const documents = new DocumentBucket(this, 'DisputeDocuments');

    const intakes = Object.fromEntries(
      BILLING_RULES.map((rule) => [
        rule.id,
        new BillingIntake(this, `${rule.id}Intake`, { rule, bus, billingSources: config.billingSources }),
      ]),
    ) as Record<BillingRule['id'], BillingIntake>;
    this.intakes = intakes;

    const environment: Partial<Record<EnvName, string>> = {
      TABLE_NAME: table.tableName,
      STATE_MACHINE_ARN: workflowName.stateMachineArn,
      EVENT_BUS_NAME: bus.eventBusName,
      SENDER_ADDRESS: config.senderAddress,
      PORTAL_BASE_URL: portal.baseUrl,
      LINK_SECRET_ARN: linkSecret.secretArn,
      DAY_SECONDS,
      CLOCK_ORIGIN,
      CLOCK_ORIGIN_POLICY: CLOCK_ORIGIN,
      AR_TEAM_TOPIC_ARN: arTeam.topic.topicArn,
      DOCUMENT_BUCKET_NAME: documents.bucket.bucketName,
    };
    for (const intake of Object.values(intakes)) {
      environment[intake.spec.deadLetterQueueUrlEnv] = intake.deadLetterQueue.queueUrl;
    }
    const deadLetterQueues = Object.fromEntries(
      Object.values(intakes).map((intake) => [intake.spec.id, intake.deadLetterQueue]),
    ) as Record<BillingRule['id'], BillingIntake['deadLetterQueue']>;
    const permissionTargets: PermissionTargets = {
      table,
      workflow: workflowName.stateMachine,
      bus,
      email,
      linkSecret,
      deadLetterQueues,
      arTeamTopic: arTeam.topic,
      documents: documents.bucket,
    };

    const names = Object.keys(FUNCTIONS) as FunctionName[];
    const functions = Object.fromEntries(
      names.map((name) => {
        const spec: FunctionSpec = FUNCTIONS[name];
        const fn = new CollectionsFunction(this, spec.id, { spec, projectRoot: PROJECT_ROOT, environment });
        // What each function may do is declared in lib/functions.ts; here it becomes grants.
        grantPermissions(fn, spec.permissions, permissionTargets);
        return [name, fn];
      }),
    ) as Record<FunctionName, CollectionsFunction>;
    this.functions = functions;

    for (const intake of Object.values(intakes)) {
      intake.attachConsumer(functions[intake.spec.consumer]);
    }
    portal.routeTo({
      portalPages: functions.portalPages,
      portalActions: functions.portalActions,
      portalDocuments: functions.portalDocuments,
    });
    // Messages that had to wait (outside the contact window, over the weekly cap) go when due.
    new events.Rule(this, 'SendWaitingMessagesSchedule', {
      description: 'Runs "send waiting messages": each message that is now due goes through the contact gate',
      schedule: events.Schedule.rate(Duration.minutes(SEND_WAITING_MESSAGES_EVERY_MINUTES)),
      targets: [new targets.LambdaFunction(functions.sendWaitingMessages)],
    });

    const taskFunctions = Object.fromEntries(
      names.flatMap((name) => {
        const spec: FunctionSpec = FUNCTIONS[name];
        return spec.aslSubstitution ? [[spec.aslSubstitution, functions[name]]] : [];
      }),
    );
    const workflow = new CaseWorkflow(this, 'CaseWorkflow', {
      name: workflowName,
      definitionFile: path.join(PROJECT_ROOT, STATE_MACHINE_FILE),
      taskFunctions,
    });
    // Functions that start executions are deployed after the machine they start (no cycle: none is a Task).
    for (const name of names) {
      const { permissions }: FunctionSpec = FUNCTIONS[name];
      if (permissions.includes('states:start')) functions[name].node.addDependency(workflow.stateMachine);
    }

    operations.watchWorkflow(workflow.stateMachine);
    for (const intake of Object.values(intakes)) {
      operations.watchDeadLetterQueue(intake.spec.id, intake.deadLetterQueue);
    }

    new CfnOutput(this, 'EventBusName', {
      value: bus.eventBusName,
      description: 'Publish billing events (InvoiceOverdue, PaymentReceived) here',
    });
    new CfnOutput(this, 'StateMachineArn', {
      value: workflow.stateMachine.stateMachineArn,
      description: 'One execution per collections case',
    });
    new CfnOutput(this, 'TableName', { value: table.tableName, description: 'Cases, timelines and lookups' });
    new CfnOutput(this, 'PortalUrl', { value: portal.baseUrl, description: 'Base URL of the debtor portal' });
    for (const intake of Object.values(intakes)) {
      new CfnOutput(this, `${intake.spec.id}DeadLetterQueueUrl`, {
        value: intake.deadLetterQueue.queueUrl,
        description: `${intake.spec.detailTypes.join(', ')} events that were invalid or could not be processed`,
      });
    }
    new CfnOutput(this, 'AlarmTopicArn', {
      value: operations.topic.topicArn,
      description: 'Operations alarms; subscribe on-call here',
    });
    new CfnOutput(this, 'ArTeamTopicArn', {
      value: arTeam.topic.topicArn,
      description: 'Every dispute to review and callback to make; subscribe the AR team here',
    });
    if (portal.domainName) {
      new CfnOutput(this, 'PortalDomainTarget', {
        value: portal.domainName.regionalDomainName,
        description: `Point ${config.portalDomain?.domainName} here (CNAME or alias record)`,
      });
    }
    if (email.identity && !config.sesIdentity.includes('@')) {
      email.identity.dkimRecords.forEach((record, index) => {
        new CfnOutput(this, `SesDkimRecord${index + 1}`, {
          value: Fn.join(' CNAME ', [record.name, record.value]),
          description: `DNS record ${index + 1} of 3 that verifies ${config.sesIdentity} for SES (Easy DKIM)`,
        });
      });
    }
  }

  /**
   * Synth works without a sender (placeholder address), deploy does not: a CloudFormation rule fails
   * the deployment before any resource is touched, with the reason.
   */
  private guardPlaceholderSender(placeholder: string): void {
    const message =
      `senderAddress is not set: synthesized with the placeholder ${placeholder}, which cannot send email. ` +
      'Deploy with -c senderAddress=<a verified SES address>.';
    Annotations.of(this).addWarningV2('@customer-first-collections/placeholder-sender', message);
    new CfnRule(this, 'SenderAddressRequired', {
      assertions: [{ assert: Fn.conditionEquals('sender', 'placeholder'), assertDescription: message }],
    });
    // The assertion is false on purpose (this template must not deploy): cfn-lint's W8003 ("will always
    // return false") is the point here, so it is off for this template only, the undeployable one.
    this.templateOptions.metadata = {
      ...this.templateOptions.metadata,
      'cfn-lint': { config: { ignore_checks: ['W8003'] } },
    };
  }
}
