import type * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';

export interface ArTeamTopicProps {
  /** The stack's KMS key for SNS topics (the one that encrypts the operations alarm topic). */
  readonly key: kms.IKey;
  /**
   * Subscribed to the topic by email (the recipient confirms the subscription once).
   * @default no subscription: the AR team subscribes themselves (email, or a queue for their tools)
   */
  readonly email?: string;
}

/**
 * How the AR team hears of every dispute to review and every callback to make, besides the events
 * on the bus: an encrypted, TLS-only SNS topic they subscribe to (by email, or a queue for their tools).
 */
export class ArTeamTopic extends Construct {
  readonly topic: sns.Topic;
  readonly key: kms.IKey;

  constructor(scope: Construct, id: string, props: ArTeamTopicProps) {
    super(scope, id);
    this.key = props.key;
    this.topic = new sns.Topic(this, 'Topic', {
      displayName: 'Customer-first collections: disputes and callbacks',
      masterKey: props.key,
      enforceSSL: true,
    });
    if (props.email) this.topic.addSubscription(new subscriptions.EmailSubscription(props.email));
  }
}
