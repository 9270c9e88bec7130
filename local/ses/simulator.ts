/**
 * The SES mailbox simulator, locally (issue 13): what SES publishes for a message sent with a
 * configuration set, by the address it went to. As on AWS, `bounce@simulator.amazonses.com` bounces
 * for good, `complaint@` is delivered and then complained about, `suppressionlist@` bounces as on the
 * suppression list, `success@` is delivered, each with or without a `+label` before the `@`; any other
 * address is delivered (here nothing leaves the machine, so every other message "arrives"). A message
 * sent without a configuration set publishes nothing, as on AWS.
 *
 * The events are EventBridge events as SES puts them on the account's default bus (source `aws.ses`,
 * the detail-types of functions/contract/ses-events.ts, `detail` the event record with its `mail`
 * object), so they pass the same rule and queue as in AWS.
 */
import {
  CONFIGURATION_SET_TAG,
  SES_DETAIL_TYPES,
  SES_EVENT_SOURCE,
  type SesEventType,
} from '../../functions/contract/ses-events.ts';

export const SIMULATOR_DOMAIN = 'simulator.amazonses.com';

/** A message as the local SES took it. */
export type SentMail = {
  messageId: string;
  source: string;
  destination: string[];
  subject?: string;
  configurationSet?: string;
  at: Date;
};

/** One event for the default bus: what an AWS service hands EventBridge. */
export type ServiceEvent = {
  source: string;
  detailType: string;
  detail: Record<string, unknown>;
  resources: string[];
  time: Date;
};

/** The simulator mailbox an address names (`bounce+x@simulator.amazonses.com` → `bounce`), if any. */
export function simulatorMailbox(address: string): string | undefined {
  const match = /^([^@+]+)(\+[^@]*)?@(.+)$/.exec(address.trim().toLowerCase());
  return match && match[3] === SIMULATOR_DOMAIN ? match[1] : undefined;
}

/** What SES would publish for the message, in order (SES's event times a moment after the send). */
export function simulatedEvents(mail: SentMail, where: { region: string; account: string }): ServiceEvent[] {
  if (!mail.configurationSet) return [];
  const configurationSet = mail.configurationSet;
  const fromDomain = mail.source.replace(/^.*@/, '').replace(/>.*$/, '');
  const mailObject = {
    timestamp: mail.at.toISOString(),
    source: mail.source,
    sourceArn: `arn:aws:ses:${where.region}:${where.account}:identity/${fromDomain}`,
    sendingAccountId: where.account,
    messageId: mail.messageId,
    destination: mail.destination,
    headersTruncated: false,
    ...(mail.subject === undefined ? {} : { commonHeaders: { subject: mail.subject } }),
    tags: {
      [CONFIGURATION_SET_TAG]: [configurationSet],
      'ses:from-domain': [fromDomain],
      'ses:caller-identity': ['local'],
    },
  };
  const later = (ms: number) => new Date(mail.at.getTime() + ms);
  const event = (type: SesEventType, ms: number, record: Record<string, unknown>): ServiceEvent => ({
    source: SES_EVENT_SOURCE,
    detailType: SES_DETAIL_TYPES[type].detailType,
    detail: { eventType: SES_DETAIL_TYPES[type].eventType, mail: mailObject, ...record },
    resources: [`arn:aws:ses:${where.region}:${where.account}:configuration-set/${configurationSet}`],
    time: later(ms),
  });
  const delivery = (recipient: string) =>
    event('DELIVERY', 500, {
      delivery: {
        timestamp: later(500).toISOString(),
        processingTimeMillis: 500,
        recipients: [recipient],
        smtpResponse: '250 2.6.0 Message received',
        reportingMTA: 'a1-1.smtp-out.amazonses.com',
      },
    });
  const bounce = (recipient: string, subType: string, status: string, diagnosticCode?: string) =>
    event('BOUNCE', 600, {
      bounce: {
        bounceType: 'Permanent',
        bounceSubType: subType,
        bouncedRecipients: [
          {
            emailAddress: recipient,
            action: 'failed',
            status,
            ...(diagnosticCode ? { diagnosticCode } : {}),
          },
        ],
        timestamp: later(600).toISOString(),
        feedbackId: `${mail.messageId}-bounce`,
        reportingMTA: 'dns; amazonses.com',
      },
    });
  return mail.destination.flatMap((recipient) => {
    switch (simulatorMailbox(recipient)) {
      case 'bounce':
        return [bounce(recipient, 'General', '5.1.1', 'smtp; 550 5.1.1 user unknown')];
      case 'suppressionlist':
        return [bounce(recipient, 'OnSuppressionList', '5.1.1')];
      case 'complaint':
        return [
          delivery(recipient),
          event('COMPLAINT', 1_000, {
            complaint: {
              complainedRecipients: [{ emailAddress: recipient }],
              timestamp: later(1_000).toISOString(),
              feedbackId: `${mail.messageId}-complaint`,
              complaintFeedbackType: 'abuse',
              userAgent: 'Amazon SES Mailbox Simulator',
            },
          }),
        ];
      default:
        // success@, ooto@ (an auto-reply is no event of the configuration set) and every other address.
        return [delivery(recipient)];
    }
  });
}
