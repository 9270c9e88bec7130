import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AwsError, httpServer, jsonRpcHandler, type ListenOptions, listen } from '../http-server.ts';

export type SecretsEmulatorOptions = ListenOptions & {
  /** Secret string by secret ARN (`arn:aws:secretsmanager:<region>:<account>:secret:<name>-<6 chars>`). */
  secrets: Record<string, string>;
  /** Called after PutSecretValue stores a new value (the runtime keeps it in its state directory). */
  onPut?: (arn: string, value: string) => void;
};

export type SecretsEmulator = { url: string; close(): Promise<void> };

const SECRET_ARN = /^arn:[^:]+:secretsmanager:[^:]*:[^:]*:secret:(.+)$/;

/** The name in a secret ARN: the part after `secret:` without the random `-XXXXXX` suffix Secrets Manager adds. */
export function secretName(arn: string): string {
  const part = SECRET_ARN.exec(arn)?.[1] ?? arn;
  return part.replace(/-[A-Za-z0-9]{6}$/, '');
}

type Version = { value: string; versionId: string; createdDate: number };
/** A secret and its versions labelled AWSCURRENT and (after a PutSecretValue) AWSPREVIOUS. */
type Secret = { arn: string; name: string; current: Version; previous?: Version };

export async function startSecretsEmulator(options: SecretsEmulatorOptions): Promise<SecretsEmulator> {
  const createdDate = Math.floor(Date.now() / 1000);
  const secrets: Secret[] = Object.entries(options.secrets).map(([arn, value]) => ({
    arn,
    name: secretName(arn),
    current: { value, versionId: uuidFrom(`${arn}\n${value}`), createdDate },
  }));

  /** By full ARN, by name, by the ARN's `secret:` part, or by a partial ARN (one without the random suffix). */
  function find(id: string): Secret | undefined {
    return (
      secrets.find((secret) => secret.arn === id) ??
      secrets.find((secret) => secret.name === id || SECRET_ARN.exec(secret.arn)?.[1] === id) ??
      (SECRET_ARN.test(id)
        ? secrets.find((secret) => secret.arn.replace(/-[A-Za-z0-9]{6}$/, '') === id)
        : undefined)
    );
  }

  const rpc = jsonRpcHandler({
    targetPrefix: 'secretsmanager',
    jsonVersion: '1.1',
    operations: {
      GetSecretValue(input) {
        const id = input.SecretId;
        if (typeof id !== 'string' || id.length === 0)
          throw new AwsError('InvalidParameterException', 'You must provide a value for SecretId.');
        const secret = find(id);
        if (!secret)
          throw new AwsError('ResourceNotFoundException', "Secrets Manager can't find the specified secret.");
        const versions = [
          { version: secret.current, stage: 'AWSCURRENT' },
          ...(secret.previous ? [{ version: secret.previous, stage: 'AWSPREVIOUS' }] : []),
        ];
        if (input.VersionId !== undefined) {
          const found = versions.find(({ version }) => version.versionId === input.VersionId);
          if (!found || (input.VersionStage !== undefined && found.stage !== input.VersionStage))
            throw new AwsError(
              'ResourceNotFoundException',
              "Secrets Manager can't find the specified secret value for VersionId: " +
                String(input.VersionId),
            );
          return secretValue(secret, found.version, found.stage);
        }
        const stage = input.VersionStage ?? 'AWSCURRENT';
        const found = versions.find((candidate) => candidate.stage === stage);
        if (!found)
          throw new AwsError(
            'ResourceNotFoundException',
            `Secrets Manager can't find the specified secret value for staging label: ${String(stage)}`,
          );
        return secretValue(secret, found.version, found.stage);
      },
      /** A new value becomes AWSCURRENT, the value it replaces AWSPREVIOUS (as Secrets Manager labels them). */
      PutSecretValue(input) {
        const id = input.SecretId;
        if (typeof id !== 'string' || id.length === 0)
          throw new AwsError('InvalidParameterException', 'You must provide a value for SecretId.');
        const secret = find(id);
        if (!secret)
          throw new AwsError('ResourceNotFoundException', "Secrets Manager can't find the specified secret.");
        const value = input.SecretString;
        if (typeof value !== 'string' || value.length === 0)
          throw new AwsError(
            'InvalidParameterException',
            'You must provide either SecretString or SecretBinary.',
          );
        const token = typeof input.ClientRequestToken === 'string' ? input.ClientRequestToken : undefined;
        if (token !== undefined && token === secret.current.versionId) {
          // An idempotent retry of the same put: the same answer; another value under the same token is refused.
          if (secret.current.value !== value)
            throw new AwsError(
              'ResourceExistsException',
              'You can’t modify an existing version, you can only create a new version.',
            );
        } else {
          secret.previous = secret.current;
          secret.current = {
            value,
            versionId: token ?? uuidFrom(`${secret.arn}\n${value}\n${Date.now()}\n${Math.random()}`),
            createdDate: Math.floor(Date.now() / 1000),
          };
          options.onPut?.(secret.arn, value);
        }
        return {
          ARN: secret.arn,
          Name: secret.name,
          VersionId: secret.current.versionId,
          VersionStages: ['AWSCURRENT'],
        };
      },
    },
  });

  /**
   * The AWS Parameters and Secrets Lambda Extension's HTTP API, which the functions read the secret
   * through on Lambda: `GET /secretsmanager/get?secretId=<id>` with the session token in
   * `X-Aws-Parameters-Secrets-Token`, answered with GetSecretValue's JSON. The local credentials
   * carry no session token, so any value (even empty) is accepted; the header itself is required.
   */
  async function extension(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const send = (status: number, body: string, type = 'text/plain') => {
      response.writeHead(status, { 'content-type': type });
      response.end(body);
    };
    if (request.headers['x-aws-parameters-secrets-token'] === undefined)
      return send(401, 'X-Aws-Parameters-Secrets-Token header is required');
    const id = url.searchParams.get('secretId');
    if (!id) return send(400, 'secretId is required');
    const secret = find(id);
    if (!secret)
      return send(400, "ResourceNotFoundException: Secrets Manager can't find the specified secret.");
    send(200, JSON.stringify(secretValue(secret, secret.current, 'AWSCURRENT')), 'application/json');
  }

  const server = await listen(
    httpServer((request, response) =>
      request.method === 'GET' && request.url?.startsWith('/secretsmanager/get')
        ? extension(request, response)
        : rpc(request, response),
    ),
    options,
  );
  return { url: server.url, close: server.close };
}

function secretValue(secret: Secret, version: Version, stage: string) {
  return {
    ARN: secret.arn,
    Name: secret.name,
    VersionId: version.versionId,
    SecretString: version.value,
    VersionStages: [stage],
    CreatedDate: version.createdDate,
  };
}

/** A stable UUID-shaped version id. */
function uuidFrom(text: string) {
  const hex = createHash('sha256').update(text).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
