/**
 * Stands in for `@aws-sdk/credential-provider-node` in the Lambda bundles only (see
 * build/lambda-bundling.ts): Lambda gives a function its role's credentials in environment
 * variables, so the default chain's other links (SSO, ini files, credential processes, web
 * identity, container and instance metadata: about 90 KiB minified, STS and SSO clients included)
 * are never reached there. Tests and the local runtime run the sources unbundled, with the SDK's
 * own chain.
 *
 * Same exports, same contract: `defaultProvider(init)` returns a provider that resolves the
 * credentials or rejects with the SDK's CredentialsProviderError.
 */
import { fromEnv } from '@aws-sdk/credential-provider-env';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider, Logger } from '@smithy/types';

export const defaultProvider = (init: { logger?: Logger } = {}): AwsCredentialIdentityProvider =>
  fromEnv(init);

export const credentialsWillNeedRefresh = (credentials?: AwsCredentialIdentity) =>
  credentials?.expiration !== undefined;

export const credentialsTreatedAsExpired = (credentials?: AwsCredentialIdentity) =>
  credentials?.expiration !== undefined && credentials.expiration.getTime() - Date.now() < 300_000;
