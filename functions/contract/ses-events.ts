/**
 * SES email events, defined once: which events the configuration set publishes, and the rule that
 * takes them in. SES publishes a configuration set's events to EventBridge only on the account's
 * *default* bus (AWS::SES::ConfigurationSetEventDestination: "Only the default bus is supported"), so
 * the stack puts this rule on the default bus, matching only this stack's configuration set, with the
 * email-events queue as its target; the local runtime applies the same pattern to the events its
 * mailbox simulator produces.
 */

/** The configuration set's event types (CloudFormation's MatchingEventTypes, CDK's EmailSendingEvent). */
export const SES_EVENT_TYPES = ['BOUNCE', 'COMPLAINT', 'REJECT', 'DELIVERY', 'DELIVERY_DELAY'] as const;
export type SesEventType = (typeof SES_EVENT_TYPES)[number];

/** The `detail-type` EventBridge gives each of them (source `aws.ses`), and `detail.eventType`. */
export const SES_DETAIL_TYPES = {
  BOUNCE: { detailType: 'Email Bounced', eventType: 'Bounce' },
  COMPLAINT: { detailType: 'Email Complaint Received', eventType: 'Complaint' },
  REJECT: { detailType: 'Email Rejected', eventType: 'Reject' },
  DELIVERY: { detailType: 'Email Delivered', eventType: 'Delivery' },
  DELIVERY_DELAY: { detailType: 'Email Delivery Delayed', eventType: 'DeliveryDelay' },
} as const satisfies Record<SesEventType, { detailType: string; eventType: string }>;

export const SES_EVENT_SOURCE = 'aws.ses';

/** The tag SES adds to `detail.mail.tags` naming the configuration set a message was sent with. */
export const CONFIGURATION_SET_TAG = 'ses:configuration-set';

/**
 * The rule's pattern: SES's events of the five types, for messages sent with this configuration set
 * only (another application of the account sending through SES is not ours to judge).
 */
export function sesEventsRulePattern(configurationSetName: string) {
  return {
    source: [SES_EVENT_SOURCE],
    'detail-type': SES_EVENT_TYPES.map((type) => SES_DETAIL_TYPES[type].detailType),
    detail: { mail: { tags: { [CONFIGURATION_SET_TAG]: [configurationSetName] } } },
  };
}
