import { randomBytes } from 'node:crypto';
import {
  GetSecretValueCommand,
  PutSecretValueCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import {
  DEBTOR_LINK_DAYS,
  InvalidKeyringError,
  keyringFrom,
  type LinkKeyring,
  RotationRefusedError,
  rotateKeyring,
  withoutRetiredKey,
} from '../../functions/domain/links.ts';
import { POLICIES } from '../../functions/domain/policy.ts';
import { failed, usage } from './errors.ts';
import { duration, type Output } from './output.ts';
import type { Target } from './target.ts';

/**
 * How long after a rotation the new key starts signing: every function reads the keyring again within
 * two cache periods (the Parameters and Secrets extension's SECRETS_MANAGER_TTL, 300 s, then the
 * function's own, the same), so by then every verifier knows the new key. Locally the functions cache
 * it for 2 s.
 */
export const DEFAULT_ACTIVATION_MS = { aws: 15 * 60_000, local: 5_000 };

/**
 * The longest a link lives (the policies' linkValidityDays, and a debtor's opt-out link in the note
 * before a due date): the previous key stays that long after the switch, so no link dies with it.
 */
export const LONGEST_LINK_DAYS = Math.max(
  ...Object.values(POLICIES).map((policy) => policy.linkValidityDays),
  DEBTOR_LINK_DAYS,
);

export type RotateOptions = { activateAfterMs?: number; windowDays?: number; force: boolean; keyId?: string };

/** The keyring as people may see it: ids and instants, never key material. */
function describe(keyring: LinkKeyring, now: Date) {
  return {
    current: {
      id: keyring.current.id,
      ...(keyring.current.since ? { signsFrom: keyring.current.since } : {}),
    },
    ...(keyring.previous
      ? {
          previous: {
            id: keyring.previous.id,
            acceptedUntil: keyring.previous.until,
            retired: Date.parse(keyring.previous.until) <= now.getTime(),
          },
        }
      : {}),
  };
}

function printKeyring(keyring: LinkKeyring, now: Date, out: Output) {
  const { current, previous } = keyring;
  const signing = !current.since || Date.parse(current.since) <= now.getTime();
  out.line(
    `current key   ${current.id}${current.since ? `, signs new links from ${current.since}${signing ? '' : ` (in ${duration(Date.parse(current.since) - now.getTime())})`}` : ''}`,
  );
  if (previous) {
    const open = Date.parse(previous.until) > now.getTime();
    out.line(
      `previous key  ${previous.id}, ${open ? `accepted until ${previous.until} (${duration(Date.parse(previous.until) - now.getTime())} left)` : `retired at ${previous.until}`}`,
    );
  } else out.line('previous key  none (no rotation in progress)');
}

async function readKeyring(
  target: Target,
  secrets: SecretsManagerClient,
): Promise<{ arn: string; keyring: LinkKeyring }> {
  const arn = target.linkSecretArn;
  if (!arn)
    throw failed(
      target.kind === 'aws'
        ? `stack ${target.name} has no LinkSigningSecretArn output: deploy this version of the stack first`
        : `${target.name} names no linkSecretArn: restart npm start with this version`,
    );
  const out = await secrets.send(new GetSecretValueCommand({ SecretId: arn }));
  try {
    return { arn, keyring: keyringFrom(out.SecretString ?? '') };
  } catch (error) {
    if (error instanceof InvalidKeyringError)
      throw failed(`the link-signing secret is not a keyring: ${error.message}`);
    throw error;
  }
}

/** `link-key status`: the keyring's key ids and windows. */
export async function linkKeyStatus(target: Target, out: Output): Promise<void> {
  const secrets = new SecretsManagerClient(target.client('secretsmanager'));
  try {
    const now = new Date();
    const { keyring } = await readKeyring(target, secrets);
    printKeyring(keyring, now, out);
    out.result(describe(keyring, now));
  } finally {
    secrets.destroy();
  }
}

/**
 * `link-key rotate`: a new current key (random, 64 characters), signing from `--activate-after`; the
 * current key becomes the previous one, accepted for `--window-days` after that (at least the longest
 * link's life), so links already in inboxes keep working until they expire.
 */
export async function linkKeyRotate(target: Target, options: RotateOptions, out: Output): Promise<void> {
  const secrets = new SecretsManagerClient(target.client('secretsmanager'));
  try {
    const now = new Date();
    const { arn, keyring } = await readKeyring(target, secrets);
    const activateAt = new Date(
      now.getTime() + (options.activateAfterMs ?? DEFAULT_ACTIVATION_MS[target.kind]),
    );
    const windowDays = options.windowDays ?? LONGEST_LINK_DAYS;
    const until = new Date(activateAt.getTime() + windowDays * 86_400_000);
    const id = options.keyId ?? `k${now.toISOString().replace(/[-:]/g, '').slice(0, 15)}`;
    let rotated: LinkKeyring;
    try {
      rotated = rotateKeyring(
        withoutRetiredKey(keyring, now),
        { id, key: randomBytes(48).toString('base64url') },
        { now, activateAt, until, longestLinkDays: LONGEST_LINK_DAYS, force: options.force },
      );
    } catch (error) {
      if (error instanceof RotationRefusedError)
        throw usage(
          `${error.message}${/still in its window/.test(error.message) ? ' (--force rotates anyway)' : ''}`,
        );
      throw error;
    }
    await secrets.send(new PutSecretValueCommand({ SecretId: arn, SecretString: JSON.stringify(rotated) }));
    out.line(
      `Rotated the link-signing key of ${target.kind === 'aws' ? `stack ${target.name}` : 'the local runtime'}.`,
    );
    printKeyring(rotated, now, out);
    out.line(
      `Links signed with ${keyring.current.id === '0' ? 'the old key (links without a key id)' : `key ${keyring.current.id}`} keep working until ${rotated.previous?.until}; nothing else to do.`,
    );
    out.result({ rotated: true, ...describe(rotated, now) });
  } finally {
    secrets.destroy();
  }
}

/**
 * `link-key retire`: drops the previous key now (a leaked key): links it signed stop working at once,
 * within the functions' cache time. If the current key did not sign yet, it signs from now (a warm
 * function that has not read it yet refuses its links for up to its cache time).
 */
export async function linkKeyRetire(target: Target, out: Output): Promise<void> {
  const secrets = new SecretsManagerClient(target.client('secretsmanager'));
  try {
    const now = new Date();
    const { arn, keyring } = await readKeyring(target, secrets);
    if (!keyring.previous) throw usage('there is no previous key to retire');
    const { since: _since, ...current } = keyring.current;
    const retired: LinkKeyring = { current };
    await secrets.send(new PutSecretValueCommand({ SecretId: arn, SecretString: JSON.stringify(retired) }));
    out.line(`Retired key ${keyring.previous.id}: links it signed are refused from now on.`);
    if (keyring.current.since && Date.parse(keyring.current.since) > now.getTime())
      out.line(`Key ${current.id} signs from now (it was to start at ${keyring.current.since}).`);
    printKeyring(retired, now, out);
    out.result({ retired: keyring.previous.id, ...describe(retired, now) });
  } finally {
    secrets.destroy();
  }
}
