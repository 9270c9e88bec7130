import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { TABLE } from '../../functions/contract/table.ts';

export interface CaseTableProps {
  /**
   * What happens to the table when it leaves the stack.
   * @default RemovalPolicy.RETAIN: deleting the stack never deletes a debtor's case file
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * The single table of cases, timelines, lookups and the contact ledger (DESIGN §5). It outlives the
 * stack: deleting the stack must never delete a debtor's case file or its audit trail.
 */
export class CaseTable extends Construct {
  readonly table: dynamodb.TableV2;

  constructor(scope: Construct, id: string, props: CaseTableProps = {}) {
    super(scope, id);
    const string = dynamodb.AttributeType.STRING;
    this.table = new dynamodb.TableV2(this, 'Table', {
      partitionKey: { name: TABLE.partitionKey, type: string },
      sortKey: { name: TABLE.sortKey, type: string },
      globalSecondaryIndexes: [
        {
          indexName: TABLE.byAccountIndex.name,
          partitionKey: { name: TABLE.byAccountIndex.partitionKey, type: string },
          sortKey: { name: TABLE.byAccountIndex.sortKey, type: string },
        },
        {
          indexName: TABLE.byQueueIndex.name,
          partitionKey: { name: TABLE.byQueueIndex.partitionKey, type: string },
          sortKey: { name: TABLE.byQueueIndex.sortKey, type: string },
          projectionType: dynamodb.ProjectionType.INCLUDE,
          nonKeyAttributes: [...TABLE.byQueueIndex.projected],
        },
      ],
      billing: dynamodb.Billing.onDemand(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      timeToLiveAttribute: TABLE.ttlAttribute,
      // The outbox's new items go to their carriers through the stream (lib/functions.ts `tableStream`).
      dynamoStream: dynamodb.StreamViewType.NEW_IMAGE,
      // The AWS managed key: encrypted at rest, every use of the key visible in CloudTrail, no key to run.
      encryption: dynamodb.TableEncryptionV2.awsManagedKey(),
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
    });
  }
}
