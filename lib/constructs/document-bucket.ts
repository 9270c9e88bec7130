import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { INCOMING_PREFIX } from '../../functions/domain/documents.ts';
import { acknowledge } from './nag-acknowledgements.ts';

/** Days an upload nobody checked (the debtor never came back from S3) stays before it is removed. */
export const UNCHECKED_UPLOAD_DAYS = 1;

export interface DocumentBucketProps {
  /**
   * How long an upload nobody checked stays under the incoming prefix before S3 removes it.
   * @default Duration.days(UNCHECKED_UPLOAD_DAYS) (one day)
   */
  readonly uncheckedUploadExpiration?: Duration;
  /**
   * What happens to the bucket when it leaves the stack.
   * @default RemovalPolicy.RETAIN: the documents are part of the case file
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * The documents debtors add to a dispute. Browsers post them straight here with a presigned POST
 * (the portal signs one form per upload); the portal checks each upload and copies it to
 * `disputes/<caseId>/`, where only the portal writes.
 *
 * - No CORS: a plain HTML form POST is a navigation, not a cross-origin fetch, so S3 needs none.
 * - Versioning off: checked documents are written once, by the portal, under keys no upload form
 *   can name; uploads are scratch. Versions would keep refused files (which must go) around.
 * - S3-managed encryption: presigned uploads need no KMS grant and the portal no key policy.
 * - It outlives the stack, like the case table: the documents are part of the case file.
 */
export class DocumentBucket extends Construct {
  readonly bucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: DocumentBucketProps = {}) {
    super(scope, id);
    this.bucket = new s3.Bucket(this, 'Bucket', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      encryption: s3.BucketEncryption.S3_MANAGED,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: false,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
      lifecycleRules: [
        {
          id: 'RemoveUncheckedUploads',
          prefix: INCOMING_PREFIX,
          expiration: props.uncheckedUploadExpiration ?? Duration.days(UNCHECKED_UPLOAD_DAYS),
        },
        { id: 'AbortIncompleteUploads', abortIncompleteMultipartUploadAfter: Duration.days(1) },
      ],
    });
    acknowledge(
      this.bucket,
      'AwsSolutions-S1',
      'No server access logs: every write is an upload the portal signs for one case and then records on the ' +
        "case's timeline (DocumentAdded, with the key), and reads are short-lived presigned links the portal hands " +
        'out; CloudTrail data events can be enabled for the bucket where an audit of each read is required.',
    );
  }
}
