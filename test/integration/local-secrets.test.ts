import {
  GetSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SecretsEmulator, secretName, startSecretsEmulator } from '../../local/secrets-manager/index.ts';

const LINK_SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:000000000000:secret:collections/link-key-AbC123';
const OTHER_ARN = 'arn:aws:secretsmanager:us-east-1:000000000000:secret:other-Zz9Yx8';

let emulator: SecretsEmulator;
let client: SecretsManagerClient;

beforeAll(async () => {
  emulator = await startSecretsEmulator({
    secrets: { [LINK_SECRET_ARN]: 's3cr3t-signing-key', [OTHER_ARN]: '{"user":"u","password":"p"}' },
  });
  client = new SecretsManagerClient({
    endpoint: emulator.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
});

afterAll(async () => {
  client?.destroy();
  await emulator?.close();
});

describe('local Secrets Manager', () => {
  it('returns a secret by ARN, as GetSecretValue does', async () => {
    const result = await client.send(new GetSecretValueCommand({ SecretId: LINK_SECRET_ARN }));
    expect(result).toMatchObject({
      ARN: LINK_SECRET_ARN,
      Name: 'collections/link-key',
      SecretString: 's3cr3t-signing-key',
      VersionStages: ['AWSCURRENT'],
    });
    expect(result.VersionId).toMatch(/^[0-9a-f-]{36}$/);
    expect(result.CreatedDate).toBeInstanceOf(Date);
  });

  it('finds a secret by name, by the ARN’s secret: part, and by a partial ARN', async () => {
    for (const SecretId of [
      'collections/link-key',
      'collections/link-key-AbC123',
      'arn:aws:secretsmanager:us-east-1:000000000000:secret:collections/link-key',
    ]) {
      const result = await client.send(new GetSecretValueCommand({ SecretId }));
      expect(result.SecretString).toBe('s3cr3t-signing-key');
    }
    const other = await client.send(new GetSecretValueCommand({ SecretId: 'other' }));
    expect(JSON.parse(other.SecretString ?? '')).toEqual({ user: 'u', password: 'p' });
  });

  it('answers ResourceNotFoundException for an unknown secret', async () => {
    const attempt = client.send(new GetSecretValueCommand({ SecretId: 'missing' }));
    await expect(attempt).rejects.toBeInstanceOf(ResourceNotFoundException);
    await expect(attempt).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      message: "Secrets Manager can't find the specified secret.",
      $metadata: { httpStatusCode: 400 },
    });
  });

  it('knows only the current version', async () => {
    await expect(
      client.send(new GetSecretValueCommand({ SecretId: LINK_SECRET_ARN, VersionStage: 'AWSPREVIOUS' })),
    ).rejects.toBeInstanceOf(ResourceNotFoundException);
    const current = await client.send(new GetSecretValueCommand({ SecretId: LINK_SECRET_ARN }));
    const again = await client.send(
      new GetSecretValueCommand({ SecretId: LINK_SECRET_ARN, VersionId: current.VersionId }),
    );
    expect(again.SecretString).toBe('s3cr3t-signing-key');
  });

  it('names a secret from its ARN', () => {
    expect(secretName(LINK_SECRET_ARN)).toBe('collections/link-key');
  });
});
