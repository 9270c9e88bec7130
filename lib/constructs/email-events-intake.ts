import * as events from 'aws-cdk-lib/aws-events';
import type { Construct } from 'constructs';
import { sesEventsRulePattern } from '../../functions/contract/ses-events.ts';
import { BufferedIntake } from './buffered-intake.ts';

export interface EmailEventsIntakeProps {
  /** The configuration set whose events are taken in (SES tags each event with its name). */
  readonly configurationSetName: string;
}

/**
 * SES's bounce, complaint, reject, delivery and delivery-delay events for this stack's configuration
 * set, buffered like the billing intake (rule ▸ SQS queue ▸ consumer with bounded concurrency and batch
 * item failures, one dead-letter queue for what could not be delivered or processed).
 *
 * SES publishes configuration-set events to the account's default bus only, so the rule lives there
 * and matches this configuration set alone; its target is the queue directly (no second bus hop and no
 * role to forward between buses). Its consumer, ReceiveEmailEvents, is attached with `attachConsumer`.
 */
export class EmailEventsIntake extends BufferedIntake {
  constructor(scope: Construct, id: string, props: EmailEventsIntakeProps) {
    super(scope, id, {
      bus: events.EventBus.fromEventBusName(scope, `${id}DefaultBus`, 'default'),
      pattern: sesEventsRulePattern(props.configurationSetName),
      description: 'SES bounce, complaint, reject, delivery and delay events of the collections emails',
    });
  }
}
