import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as ses from 'aws-cdk-lib/aws-ses';
import { Construct } from 'constructs';
import { SES_EVENT_TYPES, type SesEventType } from '../../functions/contract/ses-events.ts';

export interface EmailSendingProps {
  /** The From address of every email. */
  readonly senderAddress: string;
  /** The verified SES identity (domain or address) that covers the sender address. */
  readonly sesIdentity: string;
  /**
   * Create (and start verifying) the identity here; otherwise it must already exist in SES.
   * @default false
   */
  readonly createIdentity?: boolean;
  /**
   * Custom MAIL FROM domain of the created domain identity (a subdomain of it), so the envelope sender
   * (and so SPF) aligns with the From domain for DMARC.
   * @default none: SES's own MAIL FROM domain (amazonses.com); DMARC then passes through DKIM alone
   */
  readonly mailFromDomain?: string;
}

/** What each configuration-set event type is in CDK's enum. */
const CDK_EVENT: Record<SesEventType, ses.EmailSendingEvent> = {
  BOUNCE: ses.EmailSendingEvent.BOUNCE,
  COMPLAINT: ses.EmailSendingEvent.COMPLAINT,
  REJECT: ses.EmailSendingEvent.REJECT,
  DELIVERY: ses.EmailSendingEvent.DELIVERY,
  DELIVERY_DELAY: ses.EmailSendingEvent.DELIVERY_DELAY,
};

/**
 * Sending email through SES as one address, and hearing what became of each message.
 *
 * - A configuration set: reputation metrics on (bounce and complaint rates in CloudWatch, which the
 *   alarms watch), the account's suppression list applied for bounces and complaints, and an event
 *   destination publishing bounce, complaint, reject, delivery and delivery-delay events to EventBridge.
 *   SES publishes to the account's *default* bus only; EmailEventsIntake takes them from there.
 * - The identity, when created here: a domain with Easy DKIM (2048-bit keys) and, when given, a custom
 *   MAIL FROM domain; the configuration set is its default, so every message sent from it is tracked
 *   even by a client that names no configuration set.
 * - Grants allow SendEmail/SendRawEmail on the one identity and the one configuration set and, by
 *   condition, from the one sender address only.
 */
export class EmailSending extends Construct {
  readonly senderAddress: string;
  readonly identityArn: string;
  readonly identity?: ses.EmailIdentity;
  readonly configurationSet: ses.ConfigurationSet;
  readonly configurationSetArn: string;
  /** The custom MAIL FROM domain, when the identity is created with one. */
  readonly mailFromDomain?: string;

  constructor(scope: Construct, id: string, props: EmailSendingProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.senderAddress = props.senderAddress;
    const isDomain = !props.sesIdentity.includes('@');
    if (props.mailFromDomain && !(props.createIdentity && isDomain)) {
      throw new Error('EmailSending: mailFromDomain needs createIdentity and a domain identity');
    }

    this.configurationSet = new ses.ConfigurationSet(this, 'ConfigurationSet', {
      reputationMetrics: true,
      sendingEnabled: true,
      suppressionReasons: ses.SuppressionReasons.BOUNCES_AND_COMPLAINTS,
    });
    this.configurationSetArn = stack.formatArn({
      service: 'ses',
      resource: 'configuration-set',
      resourceName: this.configurationSet.configurationSetName,
      arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
    });
    const defaultBus = events.EventBus.fromEventBusName(this, 'DefaultBus', 'default');
    this.configurationSet.addEventDestination('ToDefaultBus', {
      destination: ses.EventDestination.eventBus(defaultBus),
      events: SES_EVENT_TYPES.map((type) => CDK_EVENT[type]),
    });

    if (props.createIdentity ?? false) {
      this.mailFromDomain = props.mailFromDomain;
      this.identity = new ses.EmailIdentity(this, 'Identity', {
        identity: isDomain ? ses.Identity.domain(props.sesIdentity) : ses.Identity.email(props.sesIdentity),
        configurationSet: this.configurationSet,
        ...(isDomain
          ? {
              dkimSigning: true,
              dkimIdentity: ses.DkimIdentity.easyDkim(ses.EasyDkimSigningKeyLength.RSA_2048_BIT),
              mailFromDomain: props.mailFromDomain,
              // A missing MX record must not stop the reminders: SES falls back to its own MAIL FROM.
              mailFromBehaviorOnMxFailure: props.mailFromDomain
                ? ses.MailFromBehaviorOnMxFailure.USE_DEFAULT_VALUE
                : undefined,
            }
          : {}),
      });
    }
    this.identityArn = stack.formatArn({
      service: 'ses',
      resource: 'identity',
      resourceName: props.sesIdentity,
      arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
    });
  }

  /** The name the functions pass as ConfigurationSetName (SES_CONFIGURATION_SET). */
  get configurationSetName(): string {
    return this.configurationSet.configurationSetName;
  }

  grantSend(grantee: iam.IGrantable): iam.Grant {
    return iam.Grant.addToPrincipal({
      grantee,
      actions: ['ses:SendEmail', 'ses:SendRawEmail'],
      resourceArns: [this.identityArn, this.configurationSetArn],
      conditions: { StringEquals: { 'ses:FromAddress': this.senderAddress } },
    });
  }
}
