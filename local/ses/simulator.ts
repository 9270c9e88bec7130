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

type Where = { region: string; account: string };

/** The `mail` object of every event about the message (as SES writes it). */
function mailObject(mail: SentMail & { configurationSet: string }, where: Where) {
  const fromDomain = mail.source.replace(/^.*@/, '').replace(/>.*$/, '');
  return {
    timestamp: mail.at.toISOString(),
    source: mail.source,
    sourceArn: `arn:aws:ses:${where.region}:${where.account}:identity/${fromDomain}`,
    sendingAccountId: where.account,
    messageId: mail.messageId,
    destination: mail.destination,
    headersTruncated: false,
    ...(mail.subject === undefined ? {} : { commonHeaders: { subject: mail.subject } }),
    tags: {
      [CONFIGURATION_SET_TAG]: [mail.configurationSet],
      'ses:from-domain': [fromDomain],
      'ses:caller-identity': ['local'],
    },
  };
}

/** What became of a message for one recipient, as the simulator plays it. */
export type SimulatedOutcome = 'delivery' | 'bounce' | 'suppressed' | 'complaint';

/**
 * The event SES publishes when the message meets this outcome for `recipient`, `afterMs` after the
 * send. For a message sent with a configuration set only (SES publishes nothing for the others).
 */
export function sesEvent(
  outcome: SimulatedOutcome,
  mail: SentMail & { configurationSet: string },
  recipient: string,
  where: Where,
  afterMs = 500,
): ServiceEvent {
  const at = new Date(mail.at.getTime() + afterMs);
  const type: SesEventType =
    outcome === 'delivery' ? 'DELIVERY' : outcome === 'complaint' ? 'COMPLAINT' : 'BOUNCE';
  const record =
    outcome === 'delivery'
      ? {
          delivery: {
            timestamp: at.toISOString(),
            processingTimeMillis: afterMs,
            recipients: [recipient],
            smtpResponse: '250 2.6.0 Message received',
            reportingMTA: 'a1-1.smtp-out.amazonses.com',
          },
        }
      : outcome === 'complaint'
        ? {
            complaint: {
              complainedRecipients: [{ emailAddress: recipient }],
              timestamp: at.toISOString(),
              feedbackId: `${mail.messageId}-complaint`,
              complaintFeedbackType: 'abuse',
              userAgent: 'Amazon SES Mailbox Simulator',
            },
          }
        : {
            bounce: {
              bounceType: 'Permanent',
              bounceSubType: outcome === 'suppressed' ? 'OnSuppressionList' : 'General',
              bouncedRecipients: [
                {
                  emailAddress: recipient,
                  action: 'failed',
                  status: '5.1.1',
                  ...(outcome === 'bounce' ? { diagnosticCode: 'smtp; 550 5.1.1 user unknown' } : {}),
                },
              ],
              timestamp: at.toISOString(),
              feedbackId: `${mail.messageId}-bounce`,
              reportingMTA: 'dns; amazonses.com',
            },
          };
  return {
    source: SES_EVENT_SOURCE,
    detailType: SES_DETAIL_TYPES[type].detailType,
    detail: { eventType: SES_DETAIL_TYPES[type].eventType, mail: mailObject(mail, where), ...record },
    resources: [`arn:aws:ses:${where.region}:${where.account}:configuration-set/${mail.configurationSet}`],
    time: at,
  };
}

/** What SES would publish for the message, in order (SES's event times a moment after the send). */
export function simulatedEvents(mail: SentMail, where: Where): ServiceEvent[] {
  const { configurationSet } = mail;
  if (!configurationSet) return [];
  const tracked = { ...mail, configurationSet };
  return mail.destination.flatMap((recipient) => {
    switch (simulatorMailbox(recipient)) {
      case 'bounce':
        return [sesEvent('bounce', tracked, recipient, where, 600)];
      case 'suppressionlist':
        return [sesEvent('suppressed', tracked, recipient, where, 600)];
      case 'complaint':
        // The message arrives, then the debtor's mailbox provider reports the complaint.
        return [
          sesEvent('delivery', tracked, recipient, where, 500),
          sesEvent('complaint', tracked, recipient, where, 1_000),
        ];
      default:
        // success@, ooto@ (an auto-reply is no event of the configuration set) and every other address.
        return [sesEvent('delivery', tracked, recipient, where, 500)];
    }
  });
}
