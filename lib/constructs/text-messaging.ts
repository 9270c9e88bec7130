import { Annotations, Arn, ArnFormat, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { ASYNC_RETRY_ATTEMPTS } from '../functions.ts';
import { DEAD_LETTER_RETENTION } from './buffered-intake.ts';
import { acknowledge } from './nag-acknowledgements.ts';

export interface TextMessagingProps {
  /**
   * The ARN of the origination identity texts go from (a phone number, a pool or a sender ID of AWS
   * End User Messaging SMS), from the stack's configuration (`smsOriginationIdentity`).
   * @default a placeholder pool that sends nothing (synth only; a warning says so)
   */
  readonly originationIdentityArn?: string;
  /** The SMS configuration set every text is sent with (`smsConfigurationSet`). */
  readonly configurationSetName: string;
  /** The stack's KMS key for SNS topics: it encrypts the two-way topic too. */
  readonly key: kms.IKey;
  /**
   * Warn at synth when no origination identity is set. Off while the template is undeployable for
   * another reason already (the placeholder sender): one thing to fix at a time.
   * @default true
   */
  readonly warnWithoutIdentity?: boolean;
}

/** The End User Messaging SMS service, as it publishes inbound texts and as it is granted. */
const SMS_SERVICE = 'sms-voice.amazonaws.com';

/**
 * Texts (issue 16): who may send them (exactly SendTextMessage, on the one origination identity and
 * the one configuration set), and the number's two-way channel: an encrypted SNS topic the SMS
 * service publishes the debtors' texts to, which invokes the function that reads them. One
 * dead-letter queue keeps a text either way it can fail: SNS could not invoke the function (the
 * subscription's redrive policy), or the function failed it on Lambda's two asynchronous retries too
 * (the function's on-failure destination; SNS counts an accepted invocation as delivered, so its own
 * dead-letter queue never sees those). Point the number's two-way channel at `repliesTopic` (its ARN
 * is a stack output).
 */
export class TextMessaging extends Construct {
  readonly repliesTopic: sns.Topic;
  readonly deadLetterQueue: sqs.Queue;
  readonly originationIdentityArn: string;
  readonly configurationSetName: string;

  constructor(scope: Construct, id: string, props: TextMessagingProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.configurationSetName = props.configurationSetName;
    this.originationIdentityArn =
      props.originationIdentityArn ??
      Arn.format({ service: 'sms-voice', resource: 'pool', resourceName: 'pool-placeholder' }, stack);
    if (!props.originationIdentityArn && props.warnWithoutIdentity !== false)
      Annotations.of(this).addWarningV2(
        '@customer-first-collections/placeholder-sms-identity',
        'smsOriginationIdentity is not set: texts would go from a placeholder pool that does not exist. ' +
          'Deploy with -c smsOriginationIdentity=<the ARN of your phone number, pool or sender ID>.',
      );
    this.repliesTopic = new sns.Topic(this, 'RepliesTopic', {
      displayName: 'Customer-first collections: texts from debtors',
      masterKey: props.key,
      enforceSSL: true,
    });
    // The SMS service publishes the number's inbound texts, for this account only.
    const service = new iam.ServicePrincipal(SMS_SERVICE);
    this.repliesTopic.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [service],
        actions: ['sns:Publish'],
        resources: [this.repliesTopic.topicArn],
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
      }),
    );
    props.key.grant(service, 'kms:GenerateDataKey', 'kms:Decrypt');
    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: DEAD_LETTER_RETENTION,
    });
    acknowledge(
      this.deadLetterQueue,
      'AwsSolutions-SQS3',
      'This queue is a dead-letter queue: where a debtor’s text is kept that SNS could not deliver or the function failed on after its retries, ' +
        'not a queue anything consumes, so it needs no dead-letter queue of its own.',
    );
  }

  /** The configuration set's ARN (End User Messaging SMS authorises SendTextMessage on it too). */
  get configurationSetArn(): string {
    return Arn.format(
      {
        service: 'sms-voice',
        resource: 'configuration-set',
        resourceName: this.configurationSetName,
        arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
      },
      Stack.of(this),
    );
  }

  /** Exactly SendTextMessage, from the one origination identity, through the one configuration set. */
  grantSend(grantee: iam.IGrantable): void {
    iam.Grant.addToPrincipal({
      grantee,
      actions: ['sms-voice:SendTextMessage'],
      resourceArns: [this.originationIdentityArn, this.configurationSetArn],
    });
  }

  /** The function that reads the debtors' texts, subscribed to the two-way topic. */
  attachConsumer(fn: lambda.IFunction): void {
    this.repliesTopic.addSubscription(
      new subscriptions.LambdaSubscription(fn, { deadLetterQueue: this.deadLetterQueue }),
    );
    fn.configureAsyncInvoke({
      retryAttempts: ASYNC_RETRY_ATTEMPTS,
      onFailure: new destinations.SqsDestination(this.deadLetterQueue),
    });
  }
}
