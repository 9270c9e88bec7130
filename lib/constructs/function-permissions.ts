import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as events from 'aws-cdk-lib/aws-events';
import type * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { IConstruct } from 'constructs';
import type { BillingRule } from '../../functions/contract/rules.ts';
import type { Permission } from '../functions.ts';
import type { EmailSending } from './email-sending.ts';
import { acknowledge, arnWildcardFinding } from './nag-acknowledgements.ts';
import type { TextMessaging } from './text-messaging.ts';

/** The resources the permissions of FUNCTIONS refer to. */
export interface PermissionTargets {
  readonly table: dynamodb.ITableV2;
  /**
   * The case state machine, referenced by its name (CaseWorkflowName.stateMachine): the machine's own
   * Tasks answer its task tokens, so a grant on the machine itself would be a dependency cycle.
   */
  readonly workflow: sfn.IStateMachine;
  readonly bus: events.IEventBus;
  readonly email: EmailSending;
  readonly linkSecret: secretsmanager.ISecret;
  /** Each intake's dead-letter queue: the billing rules', and EmailEventsIntake's (`EmailEvents`). */
  readonly deadLetterQueues: Readonly<Record<BillingRule['id'] | 'EmailEvents', sqs.IQueue>>;
  /** The AR team's topic, encrypted with the stack's topic key. */
  readonly arTeamTopic: sns.ITopic;
  /** The dispute documents bucket. */
  readonly documents: s3.IBucket;
  /** Texts (issue 16): the origination identity and configuration set they go through. */
  readonly texts: TextMessaging;
  /** Each agency's report-signing secret (issue 14). */
  readonly agencySecrets: readonly secretsmanager.ISecret[];
}

/** A function that is given permissions: it is the grantee, and the owner of its nag acknowledgements. */
export type Grantee = iam.IGrantable & IConstruct & { readonly role?: iam.IRole };

/** The part of the documents bucket the portal works in (uploads and checked documents). */
export const DISPUTE_DOCUMENTS_PATTERN = 'disputes/*';

type Grant = (fn: Grantee, to: PermissionTargets) => void;

/** Only SendMessage: the consumer dead-letters an invalid event itself, with the reason (no GetQueueUrl). */
const deadLetter =
  (id: BillingRule['id'] | 'EmailEvents'): Grant =>
  (fn, to) =>
    to.deadLetterQueues[id].grant(fn, 'sqs:SendMessage');

/**
 * Each permission of lib/functions.ts as grant calls on the resource it names: the resource's own grant
 * method where CDK has one that gives exactly what the function needs, otherwise (SES sending from
 * one address) a documented statement on the construct that owns the resource.
 */
const GRANTS: { readonly [P in Permission]: Grant } = {
  'table:read': (fn, to) => {
    to.table.grantReadData(fn);
    acknowledgeTableIndexes(fn, to);
  },
  // Writing a case means reading it first (versioned commits): read and write, not write alone.
  'table:write': (fn, to) => {
    to.table.grantReadWriteData(fn);
    acknowledgeTableIndexes(fn, to);
  },
  // The event source mapping reads the stream as the function (DescribeStream, GetRecords, ...).
  'table:stream': (fn, to) => to.table.grantStreamRead(fn),
  'states:start': (fn, to) => to.workflow.grantStartExecution(fn),
  // The task-token APIs are authorised against the state machine that issued the token.
  'states:callback': (fn, to) => to.workflow.grantTaskResponse(fn),
  'events:put': (fn, to) => to.bus.grantPutEventsTo(fn),
  'ses:send': (fn, to) => to.email.grantSend(fn),
  'sms:send': (fn, to) => to.texts.grantSend(fn),
  'secret:read': (fn, to) => to.linkSecret.grantRead(fn),
  'agency-secrets:read': (fn, to) => {
    for (const secret of to.agencySecrets) secret.grantRead(fn);
  },
  'dlq:InvoiceOverdue': deadLetter('InvoiceOverdue'),
  'dlq:PaymentReceived': deadLetter('PaymentReceived'),
  'dlq:CaseUpdates': deadLetter('CaseUpdates'),
  'dlq:InvoiceDueSoon': deadLetter('InvoiceDueSoon'),
  'dlq:EmailEvents': deadLetter('EmailEvents'),
  // Publishing to an encrypted topic encrypts with its key: exactly the two calls SNS makes for the
  // publisher (named in full: grantPublish would add the GenerateDataKey* wildcard), on that one key.
  'sns:publish-ar': (fn, to) =>
    sns.TopicGrants.fromTopic(to.arTeamTopic).actions(fn, ['sns:Publish'], {
      keyActions: ['kms:GenerateDataKey', 'kms:Decrypt'],
    }),
  // PutObject signs the upload forms (a presigned POST carries the signer's rights) and copies a
  // checked upload; GetObject checks and serves it; DeleteObject removes a refused one.
  's3:dispute-documents': (fn, to) => {
    s3.BucketGrants.fromBucket(to.documents).actionsOnObjectKeys(
      fn,
      DISPUTE_DOCUMENTS_PATTERN,
      's3:PutObject',
      's3:GetObject',
      's3:DeleteObject',
    );
    acknowledge(
      fn.role ?? fn,
      arnWildcardFinding(to.documents, `/${DISPUTE_DOCUMENTS_PATTERN}`),
      'Dispute documents have keys chosen per upload (disputes/incoming/<case>/<uuid>, disputes/<case>/<uuid>); ' +
        'the wildcard covers objects under disputes/ of this one bucket, for PutObject, GetObject and DeleteObject only.',
    );
  },
  // The console's download links: a presigned GET carries the signer's rights, and nothing more.
  's3:read-dispute-documents': (fn, to) => {
    s3.BucketGrants.fromBucket(to.documents).actionsOnObjectKeys(
      fn,
      DISPUTE_DOCUMENTS_PATTERN,
      's3:GetObject',
    );
    acknowledge(
      fn.role ?? fn,
      arnWildcardFinding(to.documents, `/${DISPUTE_DOCUMENTS_PATTERN}`),
      'The staff console presigns downloads of dispute documents (disputes/<case>/<uuid>): GetObject only, under disputes/ of this one bucket.',
    );
  },
};

function acknowledgeTableIndexes(fn: Grantee, to: PermissionTargets): void {
  acknowledge(
    fn.role ?? fn,
    arnWildcardFinding(to.table, '/index/*'),
    'DynamoDB data access covers the table and its indexes ("<table ARN>/index/*"): the byAccount index ' +
      'is how payments find their case. The wildcard names indexes of this one table only.',
  );
}

/**
 * Grants a function exactly what its permissions name, each on its one resource. `table:write`
 * includes reading, so a function that names both gets the one read-write grant.
 */
export function grantPermissions(
  fn: Grantee,
  permissions: readonly Permission[],
  targets: PermissionTargets,
): void {
  const named = new Set(permissions);
  if (named.has('table:write')) named.delete('table:read');
  for (const permission of named) GRANTS[permission](fn, targets);
}
