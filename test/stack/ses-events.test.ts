import { describe, expect, it } from 'vitest';
import {
  CONFIGURATION_SET_TAG,
  SES_DETAIL_TYPES,
  SES_EVENT_SOURCE,
  SES_EVENT_TYPES,
  SesEventDetailSchema,
  sesEventsRulePattern,
} from '../../functions/contract/ses-events.ts';
import { assertValidPattern, matchesPattern } from '../../local/eventbridge/event-pattern.ts';

const CONFIGURATION_SET = 'EmailConfigurationSet-AbC123';

/** The `mail` object SES puts in every event record (shape as in the SES Developer Guide's examples). */
const mail = (configurationSet = CONFIGURATION_SET) => ({
  timestamp: '2026-12-01T09:40:02.012Z',
  source: 'Acme Billing <collections@acme.example>',
  sourceArn: 'arn:aws:ses:eu-west-1:123456789012:identity/acme.example',
  sendingAccountId: '123456789012',
  messageId: '0102019a-example-message-id-000000',
  destination: ['debtor@example.org'],
  headersTruncated: false,
  tags: { [CONFIGURATION_SET_TAG]: [configurationSet], 'ses:from-domain': ['acme.example'] },
});

const at = '2026-12-01T09:41:02.669Z';
/** One record of each type the configuration set publishes. */
const RECORDS = {
  BOUNCE: {
    eventType: 'Bounce',
    bounce: {
      bounceType: 'Permanent',
      bounceSubType: 'General',
      bouncedRecipients: [
        {
          emailAddress: 'debtor@example.org',
          action: 'failed',
          status: '5.1.1',
          diagnosticCode: 'smtp; 550 5.1.1',
        },
      ],
      timestamp: at,
      feedbackId: '0102019a-feedback',
      reportingMTA: 'dsn; mta.example.org',
    },
    mail: mail(),
  },
  COMPLAINT: {
    eventType: 'Complaint',
    complaint: {
      complainedRecipients: [{ emailAddress: 'debtor@example.org' }],
      timestamp: at,
      feedbackId: '0102019a-feedback',
      complaintFeedbackType: 'abuse',
    },
    mail: mail(),
  },
  REJECT: { eventType: 'Reject', reject: { reason: 'Bad content' }, mail: mail() },
  DELIVERY: {
    eventType: 'Delivery',
    delivery: {
      timestamp: at,
      processingTimeMillis: 546,
      recipients: ['debtor@example.org'],
      smtpResponse: '250 ok',
      reportingMTA: 'a8-70.smtp-out.amazonses.com',
    },
    mail: mail(),
  },
  DELIVERY_DELAY: {
    eventType: 'DeliveryDelay',
    deliveryDelay: {
      timestamp: at,
      delayType: 'TransientCommunicationFailure',
      expirationTime: '2026-12-01T21:41:02.669Z',
      delayedRecipients: [{ emailAddress: 'debtor@example.org', status: '4.4.1' }],
    },
    mail: mail(),
  },
} as const;

const onBus = (type: keyof typeof RECORDS, detail: unknown = RECORDS[type]) => ({
  version: '0',
  id: 'b7c0a9d2-0000-4000-8000-000000000000',
  'detail-type': SES_DETAIL_TYPES[type].detailType,
  source: SES_EVENT_SOURCE,
  account: '123456789012',
  time: at,
  region: 'eu-west-1',
  resources: [],
  detail,
});

describe('SES events contract', () => {
  it('parses one record of each type the configuration set publishes, keeping SES’s other fields', () => {
    for (const type of SES_EVENT_TYPES) {
      const parsed = SesEventDetailSchema.parse(RECORDS[type]);
      expect(parsed.eventType).toBe(SES_DETAIL_TYPES[type].eventType);
      expect(parsed.mail.messageId).toBe('0102019a-example-message-id-000000');
      expect(parsed).toStrictEqual(RECORDS[type]);
    }
  });

  it('refuses a record it could not act on', () => {
    const { bounce, ...rest } = RECORDS.BOUNCE;
    expect(SesEventDetailSchema.safeParse(rest).success).toBe(false);
    expect(
      SesEventDetailSchema.safeParse({ ...RECORDS.BOUNCE, bounce: { ...bounce, bouncedRecipients: [] } })
        .success,
    ).toBe(false);
    expect(
      SesEventDetailSchema.safeParse({ ...RECORDS.BOUNCE, bounce: { ...bounce, bounceType: 'Soft' } })
        .success,
    ).toBe(false);
    expect(SesEventDetailSchema.safeParse({ ...RECORDS.DELIVERY, eventType: 'Open' }).success).toBe(false);
  });

  it('takes in every type for this configuration set, and nothing of another one or another source', () => {
    const pattern = sesEventsRulePattern(CONFIGURATION_SET);
    assertValidPattern(pattern);
    for (const type of SES_EVENT_TYPES)
      expect([type, matchesPattern(pattern, onBus(type))]).toStrictEqual([type, true]);
    expect(matchesPattern(pattern, onBus('BOUNCE', { ...RECORDS.BOUNCE, mail: mail('SomeoneElses') }))).toBe(
      false,
    );
    expect(matchesPattern(pattern, { ...onBus('DELIVERY'), source: 'billing' })).toBe(false);
    expect(matchesPattern(pattern, { ...onBus('DELIVERY'), 'detail-type': 'Email Opened' })).toBe(false);
  });
});
