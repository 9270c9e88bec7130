import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

const secretsManager = new SecretsManagerClient({});

let cached: Promise<string> | undefined;

/** The HMAC key for links, read once per container (Secrets Manager in AWS, a local file locally). */
export function linkSecret(secretArn: string): Promise<string> {
  cached ??= secretsManager.send(new GetSecretValueCommand({ SecretId: secretArn })).then((out) => {
    if (!out.SecretString || out.SecretString.length < 32)
      throw new Error('The link-signing secret is missing or shorter than 32 characters');
    return out.SecretString;
  });
  cached.catch(() => {
    cached = undefined;
  });
  return cached;
}
