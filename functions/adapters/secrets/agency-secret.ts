/**
 * An agency's report-signing secret (issue 14), read through the AWS Parameters and Secrets Lambda
 * Extension like the link-signing keyring (link-secret.ts): an HTTP call on localhost that reads
 * Secrets Manager with the function's own role and caches the value. Cached here per container for
 * the extension's cache time, so a rotated secret reaches every warm container within two of them.
 */
const DEFAULT_EXTENSION_PORT = '2773';
const DEFAULT_TTL_SECONDS = 300;

const cache = new Map<string, { value: Promise<string>; until: number }>();

async function read(secretArn: string): Promise<string> {
  const port = process.env.PARAMETERS_SECRETS_EXTENSION_HTTP_PORT || DEFAULT_EXTENSION_PORT;
  const response = await fetch(
    `http://localhost:${port}/secretsmanager/get?secretId=${encodeURIComponent(secretArn)}`,
    { headers: { 'X-Aws-Parameters-Secrets-Token': process.env.AWS_SESSION_TOKEN ?? '' } },
  );
  if (!response.ok)
    throw new Error(
      `The extension could not read the agency's secret: ${response.status} ${await response.text()}`,
    );
  const out = (await response.json()) as { SecretString?: string };
  if (!out.SecretString || out.SecretString.length < 32)
    throw new Error("The agency's report secret is missing or shorter than 32 characters");
  return out.SecretString;
}

export function agencySecret(secretArn: string, now = Date.now()): Promise<string> {
  const cached = cache.get(secretArn);
  if (cached && cached.until > now) return cached.value;
  const ttl = Number(process.env.SECRETS_MANAGER_TTL ?? DEFAULT_TTL_SECONDS);
  const value = read(secretArn);
  const entry = { value, until: now + (Number.isFinite(ttl) && ttl >= 0 ? ttl : DEFAULT_TTL_SECONDS) * 1000 };
  cache.set(secretArn, entry);
  // A failed read is not kept: the next report reads again.
  value.catch(() => {
    if (cache.get(secretArn) === entry) cache.delete(secretArn);
  });
  return value;
}
