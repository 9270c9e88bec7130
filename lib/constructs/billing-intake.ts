import type * as events from 'aws-cdk-lib/aws-events';
import type { Construct } from 'constructs';
import { type BillingRule, billingRulePattern } from '../../functions/contract/rules.ts';
import { BufferedIntake } from './buffered-intake.ts';

export interface BillingIntakeProps {
  /** The contract's rule: which billing events, which consumer, which dead-letter variable. */
  readonly rule: BillingRule;
  /** The bus the billing system publishes to. */
  readonly bus: events.IEventBus;
  /** EventBridge `source` values the billing system publishes with. */
  readonly billingSources: readonly string[];
}

export { DEAD_LETTER_RETENTION, TARGET_MAX_EVENT_AGE, TARGET_RETRY_ATTEMPTS } from './buffered-intake.ts';

/**
 * The buffered intake of one billing rule (DESIGN §8): bus rule ▸ SQS queue ▸ consumer function with
 * bounded concurrency and batch item failures. One dead-letter queue takes what EventBridge could not
 * deliver, what the consumer kept failing on, and what the consumer rejected as invalid (with the reason).
 */
export class BillingIntake extends BufferedIntake {
  readonly spec: BillingRule;

  constructor(scope: Construct, id: string, props: BillingIntakeProps) {
    super(scope, id, {
      bus: props.bus,
      pattern: billingRulePattern(props.rule, props.billingSources),
      description: `Billing "${props.rule.detailTypes.join('", "')}" events into the ${props.rule.id} intake queue`,
    });
    this.spec = props.rule;
  }
}
