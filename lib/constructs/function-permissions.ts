import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { BillingRule } from '../../functions/contract/rules.ts';
import type { Permission } from '../functions.ts';
import type { CollectionsFunction } from './collections-function.ts';
import type { EmailSending } from './email-sending.ts';
import { acknowledge, arnWildcardFinding, STAR_RESOURCE_FINDING } from './nag-acknowledgements.ts';

/** The resources the permissions of FUNCTIONS refer to. */
export type PermissionTargets = {
  table: dynamodb.ITableV2;
  /** The case state machine's ARN (derived from its name: see CaseWorkflowName). */
  stateMachineArn: string;
  bus: events.IEventBus;
  email: EmailSending;
  linkSecret: secretsmanager.ISecret;
  deadLetterQueues: Readonly<Record<BillingRule['id'], sqs.IQueue>>;
  /** The AR team's topic and the KMS key that encrypts it. */
  arTeam: { topic: sns.ITopic; key: kms.IKey };
  /** The dispute documents bucket. */
  documents: s3.IBucket;
};

/** The part of the documents bucket the portal works in (uploads and checked documents). */
export const DISPUTE_DOCUMENTS_PATTERN = 'disputes/*';

/** Grants a function exactly what its spec's permissions name, each on its one resource. */
export function grantSpecPermissions(fn: CollectionsFunction, targets: PermissionTargets): void {
  const permissions = new Set<Permission>(fn.spec.permissions);
  const role = fn.role;

  if (permissions.has('table:write')) targets.table.grantReadWriteData(role);
  else if (permissions.has('table:read')) targets.table.grantReadData(role);

  for (const permission of permissions) {
    switch (permission) {
      case 'table:read':
      case 'table:write':
        break;
      case 'states:start':
        role.addToPrincipalPolicy(
          new iam.PolicyStatement({
            actions: ['states:StartExecution'],
            resources: [targets.stateMachineArn],
          }),
        );
        break;
      case 'states:callback':
        // The task-token APIs are authorised against the state machine that issued the token.
        role.addToPrincipalPolicy(
          new iam.PolicyStatement({
            actions: ['states:SendTaskSuccess', 'states:SendTaskFailure', 'states:SendTaskHeartbeat'],
            resources: [targets.stateMachineArn],
          }),
        );
        break;
      case 'events:put':
        targets.bus.grantPutEventsTo(role);
        break;
      case 'ses:send':
        targets.email.grantSend(role);
        break;
      case 'secret:read':
        targets.linkSecret.grantRead(role);
        break;
      case 'sns:publish-ar':
        role.addToPrincipalPolicy(
          new iam.PolicyStatement({ actions: ['sns:Publish'], resources: [targets.arTeam.topic.topicArn] }),
        );
        // Publishing to an encrypted topic encrypts with its key: exactly the two calls SNS makes for the
        // publisher (named in full: no GenerateDataKey* wildcard), on that one key.
        role.addToPrincipalPolicy(
          new iam.PolicyStatement({
            actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
            resources: [targets.arTeam.key.keyArn],
          }),
        );
        break;
      case 's3:dispute-documents':
        // PutObject signs the upload forms (a presigned POST carries the signer's rights) and copies a
        // checked upload; GetObject checks and serves it; DeleteObject removes a refused one.
        role.addToPrincipalPolicy(
          new iam.PolicyStatement({
            actions: ['s3:PutObject', 's3:GetObject', 's3:DeleteObject'],
            resources: [targets.documents.arnForObjects(DISPUTE_DOCUMENTS_PATTERN)],
          }),
        );
        acknowledge(
          role,
          arnWildcardFinding(targets.documents, `/${DISPUTE_DOCUMENTS_PATTERN}`),
          'Dispute documents have keys chosen per upload (disputes/incoming/<case>/<uuid>, disputes/<case>/<uuid>); ' +
            'the wildcard covers objects under disputes/ of this one bucket, for PutObject, GetObject and DeleteObject only.',
        );
        break;
      case 'dlq:InvoiceOverdue':
      case 'dlq:PaymentReceived':
      case 'dlq:CaseUpdates': {
        const queue = targets.deadLetterQueues[permission.slice('dlq:'.length) as BillingRule['id']];
        // Only SendMessage: the consumer dead-letters an invalid event itself, with the reason.
        role.addToPrincipalPolicy(
          new iam.PolicyStatement({ actions: ['sqs:SendMessage'], resources: [queue.queueArn] }),
        );
        break;
      }
      default: {
        const unknown: never = permission;
        throw new Error(`${fn.spec.id}: no grant for permission ${String(unknown)}`);
      }
    }
  }

  if (permissions.has('table:read') || permissions.has('table:write')) {
    acknowledge(
      role,
      arnWildcardFinding(targets.table, '/index/*'),
      'DynamoDB data access covers the table and its indexes ("<table ARN>/index/*"): the byAccount index ' +
        'is how payments find their case. The wildcard names indexes of this one table only.',
    );
  }
  acknowledge(
    role,
    STAR_RESOURCE_FINDING,
    'Active tracing: xray:PutTraceSegments and xray:PutTelemetryRecords have no resource-level permissions, ' +
      'so AWS requires Resource "*"; the statement holds those two actions only (checked by test/stack).',
  );
}
