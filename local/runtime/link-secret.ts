import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** The link-signing key, made once per state directory (Secrets Manager serves it to the handlers). */
export function linkSecret(stateDir: string): string {
  const file = path.join(stateDir, 'link-secret');
  if (!existsSync(file)) writeFileSync(file, randomBytes(48).toString('base64url'), { mode: 0o600 });
  return readFileSync(file, 'utf8').trim();
}

/** Keeps a new value of the link-signing secret (a rotated keyring) for the next `npm start`. */
export function keepLinkSecret(stateDir: string, value: string): void {
  writeFileSync(path.join(stateDir, 'link-secret'), value, { mode: 0o600 });
}
