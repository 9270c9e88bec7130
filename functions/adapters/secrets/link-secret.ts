/**
 * The link-signing keyring (a JSON keyring, or the plain key of a stack that never rotated: see
 * functions/domain/links.ts), read and cached per container through the AWS Parameters and Secrets Lambda
 * Extension (a layer the stack adds to every function that reads the secret: see
 * lib/constructs/collections-function.ts): an HTTP call to the extension on localhost, which reads
 * Secrets Manager with the function's own role and caches the value. It spares each of these
 * functions the Secrets Manager client (about 13 KB of its bundle). Locally the runtime's Secrets
 * Manager emulator answers the same HTTP API (local/secrets-manager).
 */
const DEFAULT_EXTENSION_PORT = '2773';

/**
 * How long a container keeps the secret before reading it again: the extension's own cache time
 * (SECRETS_MANAGER_TTL, 300 s by default), so a rotated keyring reaches every warm container within
 * two of them (the extension's cache, then this one). The rotation's activation delay covers that
 * (docs/operations.md, "Rotating the link-signing key").
 */
const DEFAULT_TTL_SECONDS = 300;

let cached: { secretArn: string; value: Promise<string>; until: number } | undefined;
/** The last value read, served while a later read fails (an extension hiccup must not break the links). */
let lastGood: { secretArn: string; value: string } | undefined;

/** GET /secretsmanager/get: the extension's answer is GetSecretValue's, or its error with the status. */
async function getSecretValue(secretId: string): Promise<{ SecretString?: string }> {
  const port = process.env.PARAMETERS_SECRETS_EXTENSION_HTTP_PORT || DEFAULT_EXTENSION_PORT;
  const response = await fetch(
    `http://localhost:${port}/secretsmanager/get?secretId=${encodeURIComponent(secretId)}`,
    // The extension answers only calls that carry the function's session token.
    { headers: { 'X-Aws-Parameters-Secrets-Token': process.env.AWS_SESSION_TOKEN ?? '' } },
  );
  if (!response.ok)
    throw new Error(
      `The Parameters and Secrets extension could not read the link-signing secret: ${response.status} ${await response.text()}`,
    );
  return (await response.json()) as { SecretString?: string };
}

export function linkSecret(secretArn: string, now = Date.now()): Promise<string> {
  if (cached && cached.secretArn === secretArn && cached.until > now) return cached.value;
  const ttl = Number(process.env.SECRETS_MANAGER_TTL ?? DEFAULT_TTL_SECONDS);
  const fetched = getSecretValue(secretArn).then((out) => {
    if (!out.SecretString || out.SecretString.length < 32)
      throw new Error('The link-signing secret is missing or shorter than 32 characters');
    lastGood = { secretArn, value: out.SecretString };
    return out.SecretString;
  });
  const stale = lastGood?.secretArn === secretArn ? lastGood.value : undefined;
  const value = stale === undefined ? fetched : fetched.catch(() => stale);
  const entry = {
    secretArn,
    value,
    until: now + (Number.isFinite(ttl) && ttl >= 0 ? ttl : DEFAULT_TTL_SECONDS) * 1000,
  };
  cached = entry;
  // A failed read is not kept: the next call reads again (after serving the last good value, if any).
  fetched.catch(() => {
    if (cached === entry) cached = undefined;
  });
  return value;
}
