import * as z from './zod.ts';

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

/**
 * The fields of an SES event record the system reads (`detail` of the EventBridge event), checked with
 * zod at the edge by the consumer to come; unknown fields pass through untouched (SES adds fields over
 * time). Addresses are personal data: read them to find the debtor, never log them.
 * Reference: Amazon SES Developer Guide, "Contents of event data that Amazon SES publishes".
 */
const recipient = z.looseObject({ emailAddress: z.string().check(z.minLength(3)) });

const MailSchema = z.looseObject({
  /** SES's message id: what SendRawEmail answered, so the timeline entry of the message is found. */
  messageId: z.string().check(z.minLength(1)),
  timestamp: z.iso.datetime({ offset: true }),
  destination: z.array(z.string()).check(z.minLength(1)),
  tags: z.optional(z.record(z.string(), z.array(z.string()))),
});

export const SesBounceSchema = z.looseObject({
  bounceType: z.enum(['Permanent', 'Transient', 'Undetermined']),
  bounceSubType: z.string(),
  bouncedRecipients: z.array(recipient).check(z.minLength(1)),
  timestamp: z.iso.datetime({ offset: true }),
});

export const SesEventDetailSchema = z.discriminatedUnion('eventType', [
  z.looseObject({ eventType: z.literal('Bounce'), mail: MailSchema, bounce: SesBounceSchema }),
  z.looseObject({
    eventType: z.literal('Complaint'),
    mail: MailSchema,
    complaint: z.looseObject({
      complainedRecipients: z.array(recipient).check(z.minLength(1)),
      timestamp: z.iso.datetime({ offset: true }),
      complaintFeedbackType: z.optional(z.string()),
    }),
  }),
  z.looseObject({
    eventType: z.literal('Delivery'),
    mail: MailSchema,
    delivery: z.looseObject({
      recipients: z.array(z.string()).check(z.minLength(1)),
      timestamp: z.iso.datetime({ offset: true }),
    }),
  }),
  z.looseObject({
    eventType: z.literal('DeliveryDelay'),
    mail: MailSchema,
    deliveryDelay: z.looseObject({
      delayType: z.string(),
      delayedRecipients: z.array(recipient).check(z.minLength(1)),
      timestamp: z.iso.datetime({ offset: true }),
    }),
  }),
  z.looseObject({
    eventType: z.literal('Reject'),
    mail: MailSchema,
    reject: z.looseObject({ reason: z.string() }),
  }),
]);

export type SesEventDetail = z.infer<typeof SesEventDetailSchema>;
