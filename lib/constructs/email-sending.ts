import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as ses from 'aws-cdk-lib/aws-ses';
import { Construct } from 'constructs';

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
}

/**
 * Sending email through SES as one address. Grants allow SendEmail/SendRawEmail on the one identity
 * and, by condition, from the one sender address only.
 */
export class EmailSending extends Construct {
  readonly senderAddress: string;
  readonly identityArn: string;
  readonly identity?: ses.EmailIdentity;

  constructor(scope: Construct, id: string, props: EmailSendingProps) {
    super(scope, id);
    this.senderAddress = props.senderAddress;
    if (props.createIdentity ?? false) {
      this.identity = new ses.EmailIdentity(this, 'Identity', {
        identity: props.sesIdentity.includes('@')
          ? ses.Identity.email(props.sesIdentity)
          : ses.Identity.domain(props.sesIdentity),
      });
    }
    this.identityArn = Stack.of(this).formatArn({
      service: 'ses',
      resource: 'identity',
      resourceName: props.sesIdentity,
      arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
    });
  }

  grantSend(grantee: iam.IGrantable): iam.Grant {
    return iam.Grant.addToPrincipal({
      grantee,
      actions: ['ses:SendEmail', 'ses:SendRawEmail'],
      resourceArns: [this.identityArn],
      conditions: { StringEquals: { 'ses:FromAddress': this.senderAddress } },
    });
  }
}
