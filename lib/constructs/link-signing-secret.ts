import { RemovalPolicy } from 'aws-cdk-lib';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { acknowledge } from './nag-acknowledgements.ts';

/** Length of the generated HMAC key for the debtors' links. */
export const LINK_SECRET_LENGTH = 64;

export interface LinkSigningSecretProps {
  /**
   * What happens to the secret when it leaves the stack.
   * @default RemovalPolicy.RETAIN: links already sent must keep verifying
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * The HMAC key that signs the links in emails (DESIGN §7). Letters and digits only, so it needs no
 * escaping anywhere. Retained with the stack's data: links already sent must keep verifying. After a
 * rotation (npm run ops -- link-key rotate) it holds a JSON keyring instead (functions/domain/links.ts).
 */
export class LinkSigningSecret extends Construct {
  readonly secret: secretsmanager.Secret;

  constructor(scope: Construct, id: string, props: LinkSigningSecretProps = {}) {
    super(scope, id);
    this.secret = new secretsmanager.Secret(this, 'Secret', {
      description: 'Customer-first collections: HMAC key that signs the links in debtor emails',
      generateSecretString: {
        passwordLength: LINK_SECRET_LENGTH,
        excludePunctuation: true,
        includeSpace: false,
        requireEachIncludedType: true,
      },
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
    });
    acknowledge(
      this.secret,
      'AwsSolutions-SMG4',
      'Automatic rotation would invalidate every link already in debtors’ inboxes unless the previous ' +
        'key stays accepted for the longest link life. Rotation is deliberate instead: npm run ops -- ' +
        'link-key rotate puts a keyring whose new key signs after the functions’ cache time and whose ' +
        'previous key is accepted until its links expire (docs/operations.md, Rotating the link-signing key).',
    );
  }
}
