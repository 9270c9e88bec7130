import {
  GetSecretValueCommand,
  PutSecretValueCommand,
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

describe('the Parameters and Secrets extension’s API, as the functions read the link secret', () => {
  const get = (query: string, headers: Record<string, string> = { 'X-Aws-Parameters-Secrets-Token': '' }) =>
    fetch(`${emulator.url}/secretsmanager/get${query}`, { headers });

  it('answers GET /secretsmanager/get with what GetSecretValue answers', async () => {
    const response = await get(`?secretId=${encodeURIComponent(LINK_SECRET_ARN)}`);
    expect(response.status).toBe(200);
    const viaExtension = await response.json();
    const { $metadata: _, ...viaApi } = await client.send(
      new GetSecretValueCommand({ SecretId: LINK_SECRET_ARN }),
    );
    expect(viaExtension).toEqual({
      ...viaApi,
      CreatedDate: Math.floor((viaApi.CreatedDate as Date).getTime() / 1000),
    });
  });

  it('refuses a call without the token header, and names an unknown secret', async () => {
    expect((await get(`?secretId=${encodeURIComponent(LINK_SECRET_ARN)}`, {})).status).toBe(401);
    const unknown = await get('?secretId=nothing-here');
    expect([unknown.status, await unknown.text()]).toEqual([
      400,
      expect.stringMatching(/ResourceNotFoundException/),
    ]);
  });

  it('is what link-secret.ts reads, through PARAMETERS_SECRETS_EXTENSION_HTTP_PORT', async () => {
    const before = process.env.PARAMETERS_SECRETS_EXTENSION_HTTP_PORT;
    process.env.PARAMETERS_SECRETS_EXTENSION_HTTP_PORT = new URL(emulator.url).port;
    try {
      const { linkSecret } = await import('../../functions/adapters/secrets/link-secret.ts');
      await expect(linkSecret(OTHER_ARN)).rejects.toThrow(/shorter than 32 characters/);
    } finally {
      if (before === undefined) delete process.env.PARAMETERS_SECRETS_EXTENSION_HTTP_PORT;
      else process.env.PARAMETERS_SECRETS_EXTENSION_HTTP_PORT = before;
    }
  });
});

describe('PutSecretValue, as the ops CLI rotates the link-signing key with it', () => {
  it('makes the new value AWSCURRENT and the one it replaced AWSPREVIOUS, and tells the runtime', async () => {
    const puts: [string, string][] = [];
    const own = await startSecretsEmulator({
      secrets: { [LINK_SECRET_ARN]: 'first-value' },
      onPut: (arn, value) => puts.push([arn, value]),
    });
    const ownClient = new SecretsManagerClient({
      endpoint: own.url,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    try {
      const first = await ownClient.send(new GetSecretValueCommand({ SecretId: LINK_SECRET_ARN }));
      const put = await ownClient.send(
        new PutSecretValueCommand({ SecretId: LINK_SECRET_ARN, SecretString: 'second-value' }),
      );
      expect(put).toMatchObject({ ARN: LINK_SECRET_ARN, VersionStages: ['AWSCURRENT'] });
      expect(put.VersionId).not.toBe(first.VersionId);
      const current = await ownClient.send(new GetSecretValueCommand({ SecretId: LINK_SECRET_ARN }));
      expect([current.SecretString, current.VersionId, current.VersionStages]).toEqual([
        'second-value',
        put.VersionId,
        ['AWSCURRENT'],
      ]);
      const previous = await ownClient.send(
        new GetSecretValueCommand({ SecretId: LINK_SECRET_ARN, VersionStage: 'AWSPREVIOUS' }),
      );
      expect([previous.SecretString, previous.VersionId]).toEqual(['first-value', first.VersionId]);
      const viaExtension = await fetch(
        `${own.url}/secretsmanager/get?secretId=${encodeURIComponent(LINK_SECRET_ARN)}`,
        { headers: { 'X-Aws-Parameters-Secrets-Token': '' } },
      );
      expect(((await viaExtension.json()) as { SecretString: string }).SecretString).toBe('second-value');
      expect(puts).toEqual([[LINK_SECRET_ARN, 'second-value']]);
      await expect(
        ownClient.send(new PutSecretValueCommand({ SecretId: 'nothing-here', SecretString: 'x' })),
      ).rejects.toBeInstanceOf(ResourceNotFoundException);
    } finally {
      ownClient.destroy();
      await own.close();
    }
  });
});

describe('link-secret.ts reads a rotated keyring again after SECRETS_MANAGER_TTL', () => {
  it('keeps the value for the cache time, then reads the new one; serves the last good value if a read fails', async () => {
    const arn = 'arn:aws:secretsmanager:us-east-1:000000000000:secret:rotating-AbC123';
    const own = await startSecretsEmulator({ secrets: { [arn]: 'first-key-that-is-long-enough-for-hmac' } });
    const ownClient = new SecretsManagerClient({
      endpoint: own.url,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    const saved = {
      port: process.env.PARAMETERS_SECRETS_EXTENSION_HTTP_PORT,
      ttl: process.env.SECRETS_MANAGER_TTL,
    };
    process.env.PARAMETERS_SECRETS_EXTENSION_HTTP_PORT = new URL(own.url).port;
    process.env.SECRETS_MANAGER_TTL = '300';
    try {
      const { linkSecret } = await import('../../functions/adapters/secrets/link-secret.ts');
      const t0 = Date.now();
      expect(await linkSecret(arn, t0)).toBe('first-key-that-is-long-enough-for-hmac');
      await ownClient.send(
        new PutSecretValueCommand({ SecretId: arn, SecretString: 'second-key-that-is-long-enough-for-hmac' }),
      );
      expect(await linkSecret(arn, t0 + 299_000)).toBe('first-key-that-is-long-enough-for-hmac');
      expect(await linkSecret(arn, t0 + 301_000)).toBe('second-key-that-is-long-enough-for-hmac');
      // The extension is gone: the last good value still answers, and the next call tries again.
      await own.close();
      expect(await linkSecret(arn, t0 + 602_000)).toBe('second-key-that-is-long-enough-for-hmac');
    } finally {
      for (const [name, value] of [
        ['PARAMETERS_SECRETS_EXTENSION_HTTP_PORT', saved.port],
        ['SECRETS_MANAGER_TTL', saved.ttl],
      ] as const) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
      ownClient.destroy();
      await own.close();
    }
  });
});
