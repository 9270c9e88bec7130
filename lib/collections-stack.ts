import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Annotations, CfnOutput, CfnRule, Duration, Fn, Stack, type StackProps, Tags } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type { Construct } from 'constructs';
import { agencyDeadLetterQueueId } from '../functions/contract/agency.ts';
import { DELIVERY_SWEEP_AFTER_SECONDS } from '../functions/contract/environment.ts';
import { PORTAL_ROUTES, STAFF_ROUTES } from '../functions/contract/routes.ts';
import { BILLING_RULES, type BillingRule } from '../functions/contract/rules.ts';
import { AgencyPlacement } from './constructs/agency-placement.ts';
import { ArTeamTopic } from './constructs/ar-team-topic.ts';
import { BillingIntake } from './constructs/billing-intake.ts';
import { CaseTable } from './constructs/case-table.ts';
import { CaseWorkflow, CaseWorkflowName } from './constructs/case-workflow.ts';
import { CollectionsFunction } from './constructs/collections-function.ts';
import { DocumentBucket } from './constructs/document-bucket.ts';
import { EmailEventsIntake } from './constructs/email-events-intake.ts';
import { EmailSending } from './constructs/email-sending.ts';
import { grantPermissions, type PermissionTargets } from './constructs/function-permissions.ts';
import { LinkSigningSecret } from './constructs/link-signing-secret.ts';
import { OperationsAlarms } from './constructs/operations-alarms.ts';
import { OperationsDashboard } from './constructs/operations-dashboard.ts';
import { PortalApi } from './constructs/portal-api.ts';
import { StaffConsole } from './constructs/staff-console.ts';
import { TableStreamConsumer } from './constructs/table-stream-consumer.ts';
import { TextMessaging } from './constructs/text-messaging.ts';
import {
  type EnvName,
  FUNCTIONS,
  type FunctionName,
  type FunctionSpec,
  OUTBOX_CARRIERS,
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

/**
 * Cost allocation tags. `application` goes on the stack (CloudFormation propagates stack tags to every
 * resource it can tag) and on every taggable resource in the template; `component` says which part of
 * the system a resource serves, so the bill splits by part. Activate both in Billing (README).
 */
export const COST_ALLOCATION_TAGS = { application: 'customer-first-collections' } as const;
export const COMPONENT_TAG = 'component';
export type Component =
  | 'intake'
  | 'workflow'
  | 'portal'
  | 'email'
  | 'data'
  | 'operations'
  | 'ar-team'
  | 'staff-console';

/** Which component each function serves. */
export function componentOf(name: FunctionName): Component {
  const spec: FunctionSpec = FUNCTIONS[name];
  if (BILLING_RULES.some((rule) => rule.consumer === name)) return 'intake';
  if (spec.aslSubstitution) return 'workflow';
  if (PORTAL_ROUTES.some((route) => route.function === name)) return 'portal';
  if (STAFF_ROUTES.some((route) => route.function === name)) return 'staff-console';
  return 'email';
}

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
  /** Each configured collection agency's delivery (issue 14), in the configuration's order. */
  readonly agencies: readonly AgencyPlacement[];

  constructor(scope: Construct, id: string, props: CollectionsStackProps = {}) {
    super(scope, id, {
      ...props,
      description: props.description ?? STACK_DESCRIPTION,
      tags: { ...COST_ALLOCATION_TAGS, ...props.tags },
    });
    for (const [key, value] of Object.entries(COST_ALLOCATION_TAGS)) Tags.of(this).add(key, value);
    const component = <Tagged extends Construct>(construct: Tagged, value: Component): Tagged => {
      Tags.of(construct).add(COMPONENT_TAG, value);
      return construct;
    };
    // Deploy parameters from CDK context, validated (see lib/stack-config.ts and the README).
    const config = readConfig(this.node);
    this.config = config;
    if (config.senderAddressIsPlaceholder) this.guardPlaceholderSender(config.senderAddress);
    if (config.creditorIsPlaceholder)
      Annotations.of(this).addWarningV2(
        '@customer-first-collections/placeholder-creditor',
        'Who is writing is not fully set: every email and page would sign with the placeholder creditor ' +
          `(${config.creditor.name}, ${config.creditor.email}). Deploy with -c creditorName=… -c creditorEmail=… ` +
          '-c creditorPhone=… -c creditorSupportHours=… (and -c creditorRemittance=… for business segments).',
      );

    const bus = component(new events.EventBus(this, 'Bus', { eventBusName: config.eventBusName }), 'intake');
    const { table } = component(new CaseTable(this, 'CaseTable'), 'data');
    const { secret: linkSecret } = component(new LinkSigningSecret(this, 'LinkSigningSecret'), 'portal');
    const email = component(
      new EmailSending(this, 'Email', {
        senderAddress: config.senderAddress,
        sesIdentity: config.sesIdentity,
        createIdentity: config.createSesIdentity,
        mailFromDomain: config.mailFromDomain,
      }),
      'email',
    );
    // SES's events for the configuration set, from the default bus (the only one SES publishes to).
    const emailEvents = component(
      new EmailEventsIntake(this, 'EmailEventsIntake', { configurationSetName: email.configurationSetName }),
      'email',
    );
    // Named first: the functions' grants need its ARN, and it needs theirs (see CaseWorkflowName).
    const workflowName = component(new CaseWorkflowName(this, 'CollectionsCase'), 'workflow');
    const portal = component(new PortalApi(this, 'PortalApi', { domain: config.portalDomain }), 'portal');
    const operations = component(
      new OperationsAlarms(this, 'Operations', { alarmEmail: config.alarmEmail }),
      'operations',
    );
    // Encrypted with the same key as the alarm topic: one key for the stack's SNS topics.
    const arTeam = component(
      new ArTeamTopic(this, 'ArTeam', { key: operations.key, email: config.arTeamEmail }),
      'ar-team',
    );
    const documents = component(new DocumentBucket(this, 'DisputeDocuments'), 'data');
    // Texts (issue 16): the two-way topic (encrypted with the stack's SNS key) and the send grant.
    const texts = component(
      new TextMessaging(this, 'Texts', {
        ...(config.smsOriginationIdentity ? { originationIdentityArn: config.smsOriginationIdentity } : {}),
        configurationSetName: config.smsConfigurationSet,
        key: operations.key,
        warnWithoutIdentity: !config.senderAddressIsPlaceholder,
      }),
      'email',
    );
    const staff = component(new StaffConsole(this, 'Staff'), 'staff-console');

    const intakes = Object.fromEntries(
      BILLING_RULES.map((rule) => [
        rule.id,
        component(
          new BillingIntake(this, `${rule.id}Intake`, { rule, bus, billingSources: config.billingSources }),
          'intake',
        ),
      ]),
    ) as Record<BillingRule['id'], BillingIntake>;
    this.intakes = intakes;

    // The collection agencies (issue 14): each its connection, API destination, rule and report secret.
    const agencies = config.agencies.map((agency) => ({
      agency,
      placement: component(
        new AgencyPlacement(this, `Agency-${agency.agencyId}`, { agency, bus }),
        'workflow',
      ),
    }));
    this.agencies = agencies.map(({ placement }) => placement);

    const environment: Partial<Record<EnvName, string>> = {
      TABLE_NAME: table.tableName,
      STATE_MACHINE_ARN: workflowName.stateMachineArn,
      EVENT_BUS_NAME: bus.eventBusName,
      SENDER_ADDRESS: config.senderAddress,
      SES_CONFIGURATION_SET: email.configurationSetName,
      PORTAL_BASE_URL: portal.baseUrl,
      LINK_SECRET_ARN: linkSecret.secretArn,
      DAY_SECONDS,
      DELIVERY_SWEEP_AFTER_SECONDS: String(DELIVERY_SWEEP_AFTER_SECONDS),
      CLOCK_ORIGIN,
      CLOCK_ORIGIN_POLICY: CLOCK_ORIGIN,
      AR_TEAM_TOPIC_ARN: arTeam.topic.topicArn,
      DOCUMENT_BUCKET_NAME: documents.bucket.bucketName,
      CREDITOR: JSON.stringify(config.creditor),
      STAFF_TOKEN_ISSUER: staff.tokenIssuer,
      STAFF_CLIENT_ID: staff.client.userPoolClientId,
      SMS_ORIGINATION_IDENTITY: texts.originationIdentityArn,
      SMS_CONFIGURATION_SET: texts.configurationSetName,
      // What the functions know of each agency (never its endpoint's credentials).
      AGENCIES: this.toJsonString(
        agencies.map(({ agency, placement }) => ({
          agencyId: agency.agencyId,
          name: agency.name,
          segments: agency.segments,
          currencies: agency.currencies,
          termDays: agency.termDays,
          contact: agency.contact,
          reportSecretArn: placement.reportSecret.secretArn,
        })),
      ),
    };
    for (const intake of Object.values(intakes)) {
      environment[intake.spec.deadLetterQueueUrlEnv] = intake.deadLetterQueue.queueUrl;
    }
    environment.EMAIL_EVENTS_DLQ_URL = emailEvents.deadLetterQueue.queueUrl;
    const deadLetterQueues = {
      ...(Object.fromEntries(
        Object.values(intakes).map((intake) => [intake.spec.id, intake.deadLetterQueue]),
      ) as Record<BillingRule['id'], BillingIntake['deadLetterQueue']>),
      EmailEvents: emailEvents.deadLetterQueue,
    };
    const permissionTargets: PermissionTargets = {
      table,
      workflow: workflowName.stateMachine,
      bus,
      email,
      linkSecret,
      deadLetterQueues,
      arTeamTopic: arTeam.topic,
      documents: documents.bucket,
      texts,
      agencySecrets: agencies.map(({ placement }) => placement.reportSecret),
    };

    const names = Object.keys(FUNCTIONS) as FunctionName[];
    const functions = Object.fromEntries(
      names.map((name) => {
        const spec: FunctionSpec = FUNCTIONS[name];
        const fn = new CollectionsFunction(this, spec.id, { spec, projectRoot: PROJECT_ROOT, environment });
        // What each function may do is declared in lib/functions.ts; here it becomes grants.
        grantPermissions(fn, spec.permissions, permissionTargets);
        component(fn, componentOf(name));
        return [name, fn];
      }),
    ) as Record<FunctionName, CollectionsFunction>;
    this.functions = functions;

    for (const intake of Object.values(intakes)) {
      intake.attachConsumer(functions[intake.spec.consumer]);
    }
    emailEvents.attachConsumer(functions.receiveEmailEvents);
    texts.attachConsumer(functions.receiveTextReplies);
    portal.routeTo({
      portalPages: functions.portalPages,
      portalActions: functions.portalActions,
      portalDocuments: functions.portalDocuments,
      portalStatement: functions.portalStatement,
      receiveAgencyReport: functions.receiveAgencyReport,
      debtorEmails: functions.debtorEmails,
    });
    staff.routeTo({
      staffConsole: functions.staffConsole,
      staffOutcomes: functions.staffOutcomes,
      staffCommitments: functions.staffCommitments,
      staffTexts: functions.staffTexts,
    });
    // The outbox's carriers: the table's stream brings each new item due now at once; the schedule
    // takes what is due later (messages outside the contact window, over the weekly cap) or was left.
    const schedule = new events.Rule(this, 'SendWaitingMessagesSchedule', {
      description:
        'Runs the outbox carriers: each waiting email that is due goes through the contact gate, each follow-up is carried out',
      schedule: events.Schedule.rate(Duration.minutes(SEND_WAITING_MESSAGES_EVERY_MINUTES)),
      targets: OUTBOX_CARRIERS.map((name) => new targets.LambdaFunction(functions[name])),
    });
    component(schedule, 'email');
    const streamConsumers = names.flatMap((name) => {
      const { tableStream, id }: FunctionSpec = FUNCTIONS[name];
      if (!tableStream) return [];
      const consumer = new TableStreamConsumer(this, `${id}TableStream`, {
        table,
        consumer: functions[name],
        filters: tableStream.filters,
      });
      component(consumer, componentOf(name));
      return [{ id: `${id}TableStream`, consumer }];
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
    component(workflow, 'workflow');
    // Functions that start executions are deployed after the machine they start (no cycle: none is a Task).
    for (const name of names) {
      const { permissions }: FunctionSpec = FUNCTIONS[name];
      if (permissions.includes('states:start')) functions[name].node.addDependency(workflow.stateMachine);
    }

    operations.watchWorkflow(workflow.stateMachine);
    for (const intake of Object.values(intakes)) {
      operations.watchDeadLetterQueue(intake.spec.id, intake.deadLetterQueue);
    }
    operations.watchDeadLetterQueue('EmailEvents', emailEvents.deadLetterQueue);
    operations.watchDeadLetterQueue('TextReplies', texts.deadLetterQueue);
    // A placement or forward the agency never took, after a day of retries: a person must deliver it.
    for (const { agency, placement } of agencies)
      operations.watchAgencyDeadLetterQueue(agency, placement.deadLetterQueue);
    for (const { id, consumer } of streamConsumers)
      operations.watchStreamDeadLetterQueue(id, consumer.deadLetterQueue);
    for (const intake of Object.values(intakes)) operations.watchIntakeQueue(intake.spec.id, intake.queue);
    operations.watchIntakeQueue('EmailEvents', emailEvents.queue);
    for (const name of names) operations.watchFunction(FUNCTIONS[name].id, functions[name]);
    operations.watchApi(portal.api);
    operations.watchOutbox();
    operations.watchSesReputation();
    operations.watchTable(table);
    const dashboard = new OperationsDashboard(this, 'Dashboard', {
      functions: Object.fromEntries(names.map((name) => [FUNCTIONS[name].id, functions[name]])),
      api: portal.api,
      stateMachine: workflow.stateMachine,
      queues: {
        ...Object.fromEntries(Object.values(intakes).map((intake) => [intake.spec.id, intake])),
        EmailEvents: emailEvents,
      },
      streamDeadLetterQueues: Object.fromEntries(
        streamConsumers.map(({ id, consumer }) => [id, consumer.deadLetterQueue]),
      ),
      agencyDeadLetterQueues: Object.fromEntries(
        agencies.map(({ agency, placement }) => [`Agency-${agency.agencyId}`, placement.deadLetterQueue]),
      ),
      textRepliesDeadLetterQueue: texts.deadLetterQueue,
      table,
      alarms: operations.alarms,
    });
    component(dashboard, 'operations');

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
    new CfnOutput(this, 'StaffConsoleUrl', {
      value: staff.url,
      description: 'The collections team’s console (sign in with a user of the staff user pool)',
    });
    new CfnOutput(this, 'StaffUserPoolId', {
      value: staff.userPool.userPoolId,
      description: 'Add staff here, each to one group: agents, supervisors or viewers (TOTP MFA is required)',
    });
    for (const intake of Object.values(intakes)) {
      new CfnOutput(this, `${intake.spec.id}DeadLetterQueueUrl`, {
        value: intake.deadLetterQueue.queueUrl,
        description: `${intake.spec.detailTypes.join(', ')} events that were invalid or could not be processed`,
      });
      // Where a dead letter goes back to once its cause is fixed (the ops CLI's `dlq redrive`).
      new CfnOutput(this, `${intake.spec.id}QueueUrl`, {
        value: intake.queue.queueUrl,
        description: `The ${intake.spec.id} intake queue (${intake.spec.detailTypes.join(', ')} events)`,
      });
    }
    // Each agency's dead-letter queue (issue 14): `npm run ops -- dlq redrive Agency<Id>` puts its
    // events back on the bus (it has no intake queue, so no `<id>QueueUrl`).
    for (const { agency, placement } of agencies)
      new CfnOutput(this, `${agencyDeadLetterQueueId(agency.agencyId)}DeadLetterQueueUrl`, {
        value: placement.deadLetterQueue.queueUrl,
        description: `Placements and forwards ${agency.name}'s endpoint did not take after a day of retries`,
      });
    new CfnOutput(this, 'EmailEventsQueueUrl', {
      value: emailEvents.queue.queueUrl,
      description: 'The email-events intake queue (SES bounce, complaint, reject, delivery and delay events)',
    });
    new CfnOutput(this, 'AlarmTopicArn', {
      value: operations.topic.topicArn,
      description: 'Operations alarms; subscribe on-call here',
    });
    new CfnOutput(this, 'EmailEventsDeadLetterQueueUrl', {
      value: emailEvents.deadLetterQueue.queueUrl,
      description: 'SES email events that could not be delivered to the email-events queue or processed',
    });
    new CfnOutput(this, 'SesConfigurationSetName', {
      value: email.configurationSetName,
      description: 'Every email is sent with this SES configuration set (events, reputation, suppression)',
    });
    new CfnOutput(this, 'DashboardName', {
      value: dashboard.dashboard.dashboardName,
      description: 'The operations dashboard in CloudWatch',
    });
    new CfnOutput(this, 'LinkSigningSecretArn', {
      value: linkSecret.secretArn,
      description: 'The link-signing keyring (rotate it with npm run ops -- link-key rotate)',
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
      this.dnsRecordOutputs(config.sesIdentity, email);
    }
  }

  /**
   * The DNS records that make the domain's mail pass SPF, DKIM and DMARC (README, "Email that arrives"):
   * the three Easy DKIM CNAMEs, the custom MAIL FROM domain's MX and SPF records, and a starting DMARC
   * policy. Each output is one record, written as it goes into a zone file.
   */
  private dnsRecordOutputs(domain: string, email: EmailSending): void {
    email.identity?.dkimRecords.forEach((record, index) => {
      new CfnOutput(this, `SesDkimRecord${index + 1}`, {
        value: Fn.join(' CNAME ', [record.name, record.value]),
        description: `DNS record ${index + 1} of 3 that verifies ${domain} for SES (Easy DKIM)`,
      });
    });
    if (email.mailFromDomain) {
      new CfnOutput(this, 'SesMailFromMxRecord', {
        value: `${email.mailFromDomain} MX 10 feedback-smtp.${this.region}.amazonses.com`,
        description: `The MX record of the custom MAIL FROM domain ${email.mailFromDomain} (bounces come back through it)`,
      });
      new CfnOutput(this, 'SesMailFromSpfRecord', {
        value: `${email.mailFromDomain} TXT "v=spf1 include:amazonses.com ~all"`,
        description: `The SPF record of ${email.mailFromDomain}: SES may send for it`,
      });
    }
    new CfnOutput(this, 'SesDmarcRecord', {
      value: `_dmarc.${domain} TXT "v=DMARC1; p=none; rua=mailto:dmarc-reports@${domain}"`,
      description: `A starting DMARC policy for ${domain} (monitor first, then p=quarantine; see the README)`,
    });
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
