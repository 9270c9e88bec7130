import { createHmac, timingSafeEqual } from 'node:crypto';
import * as z from '../contract/zod.ts';

/**
 * Links in emails carry a signed, expiring reference to one case and one action (DESIGN §7).
 * The task token never leaves the server.
 *
 * Links are signed with a key of the link-signing keyring, and carry that key's id, so the key can
 * be rotated without breaking the links already in inboxes (docs/operations.md, "Rotating the
 * link-signing key"):
 *
 * - `<keyId>.<payload>.<mac>`, the MAC over `<keyId>.<payload>` (the id is signed with the rest);
 * - `<payload>.<mac>`, the format of the links sent before rotation existed: it names no key, and is
 *   verified with the key whose id is {@link UNLABELLED_KEY_ID} (the single secret of old, which the
 *   first rotation keeps as the previous key until the longest-lived of those links has expired).
 */
export type LinkAction = 'view';
export type LinkClaims = { caseId: string; action: LinkAction; expiresAt: number };

/**
 * The id of the key a link without a key id was signed with: the plain secret the stack generated.
 * Links signed with it keep the old format, so nothing changes for a stack that never rotated.
 */
export const UNLABELLED_KEY_ID = '0';

/** A key id travels in URLs, before the first dot: letters, digits, `-` and `_`. */
const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;
/** An HMAC-SHA256 key shorter than this is refused (the stack generates 64 characters). */
export const MIN_KEY_LENGTH = 32;

export type LinkKey = { id: string; key: string };
/**
 * What the link-signing secret holds: the current key, which signs new links from `since` (every
 * verifier accepts it at once, so a key reaches every warm container before any link carries it), and
 * during a rotation the previous key, accepted until `until` (then its links are refused as forged).
 */
export type LinkKeyring = {
  current: LinkKey & { since?: string };
  previous?: LinkKey & { until: string };
};

const instant = z.string().check(z.refine((value) => !Number.isNaN(Date.parse(value)), 'must be an instant'));
const keyFields = {
  id: z.string().check(z.regex(KEY_ID, 'must be 1 to 32 letters, digits, - or _')),
  key: z.string().check(z.minLength(MIN_KEY_LENGTH)),
};
const KeyringSchema = z.object({
  current: z.object({ ...keyFields, since: z.optional(instant) }),
  previous: z.optional(z.object({ ...keyFields, until: instant })),
});

export class InvalidKeyringError extends Error {
  override name = 'InvalidKeyringError';
}

let parsed: { secret: string; keyring: LinkKeyring } | undefined;

/**
 * The keyring a secret string holds: a JSON keyring, or (a stack that never rotated) the plain key,
 * whose id is {@link UNLABELLED_KEY_ID}. A secret that is neither is an error, never an open door.
 */
export function keyringFrom(secret: string): LinkKeyring {
  if (parsed?.secret === secret) return parsed.keyring;
  let keyring: LinkKeyring;
  if (!secret.trimStart().startsWith('{')) {
    if (secret.length < MIN_KEY_LENGTH)
      throw new InvalidKeyringError(`The link-signing key is shorter than ${MIN_KEY_LENGTH} characters`);
    keyring = { current: { id: UNLABELLED_KEY_ID, key: secret } };
  } else {
    let json: unknown;
    try {
      json = JSON.parse(secret);
    } catch {
      throw new InvalidKeyringError('The link-signing secret starts with { but is not JSON');
    }
    const result = KeyringSchema.safeParse(json);
    if (!result.success)
      throw new InvalidKeyringError(
        `The link-signing keyring is invalid: ${result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`,
      );
    keyring = result.data as LinkKeyring;
    if (keyring.previous?.id === keyring.current.id)
      throw new InvalidKeyringError('The link-signing keyring names the same key id twice');
  }
  parsed = { secret, keyring };
  return keyring;
}

const ringOf = (secret: string | LinkKeyring) => (typeof secret === 'string' ? keyringFrom(secret) : secret);
const isBefore = (instant: string, now: Date) => Date.parse(instant) <= now.getTime();

/**
 * The key that signs a link now: the current one once its `since` has come, until then the previous
 * one (while it is still accepted), so no link carries a key some verifier has not read yet.
 */
export function signingKey(keyring: LinkKeyring, now: Date): LinkKey {
  const { current, previous } = keyring;
  if (current.since && !isBefore(current.since, now) && previous && !isBefore(previous.until, now))
    return previous;
  return current;
}

/** The key a link naming `keyId` is verified with now; undefined for an unknown or retired key. */
export function verificationKey(keyring: LinkKeyring, keyId: string, now: Date): LinkKey | undefined {
  if (keyring.current.id === keyId) return keyring.current;
  if (keyring.previous?.id === keyId && !isBefore(keyring.previous.until, now)) return keyring.previous;
  return undefined;
}

const encode = (value: Buffer | string) => Buffer.from(value).toString('base64url');

function signature(signed: string, key: string): Buffer {
  return createHmac('sha256', key).update(signed).digest();
}

/**
 * A link to the claims, signed with the keyring's signing key at `now` (the secret string as the
 * adapter reads it, or a parsed keyring).
 */
export function signLink(claims: LinkClaims, secret: string | LinkKeyring, now: Date = new Date()): string {
  return signPayload({ c: claims.caseId, a: claims.action, e: claims.expiresAt }, secret, now);
}

function signPayload(claims: Record<string, unknown>, secret: string | LinkKeyring, now: Date): string {
  const key = signingKey(ringOf(secret), now);
  const payload = encode(JSON.stringify(claims));
  const signed = key.id === UNLABELLED_KEY_ID ? payload : `${key.id}.${payload}`;
  return `${signed}.${encode(signature(signed, key.key))}`;
}

/**
 * The claims of a genuine, unexpired link; null for anything else (the caller shows one page for all):
 * a forged or tampered link, an expired one, and one signed with an unknown or retired key alike.
 */
export function verifyLink(link: string, secret: string | LinkKeyring, now: Date): LinkClaims | null {
  const claims = verifiedPayload(link, secret, now);
  if (!claims) return null;
  const { c, a, e } = claims;
  if (typeof c !== 'string' || a !== 'view' || typeof e !== 'number') return null;
  if (e * 1000 <= now.getTime()) return null;
  return { caseId: c, action: a, expiresAt: e };
}

/**
 * A link to one debtor's email choice, not to a case (issue 16: the note before a due date opens no
 * case, so its one-click opt-out names the debtor). It names the debtor's key (their address hashed,
 * contract/table.ts `debtorKey`), never the address; signed and verified with the same keyring as the
 * case links. A case link is never a debtor link, nor the other way round.
 */
export type DebtorLinkClaims = { debtor: string; action: 'stop-emails'; expiresAt: number };

/**
 * How long a debtor's opt-out link works: a note's reader may unsubscribe well after it came, so
 * longer than any case link; the link key's rotation keeps the previous key this long too
 * (bin/ops/link-key.ts LONGEST_LINK_DAYS), which a year would make a year.
 */
export const DEBTOR_LINK_DAYS = 90;

export function signDebtorLink(
  claims: DebtorLinkClaims,
  secret: string | LinkKeyring,
  now: Date = new Date(),
): string {
  return signPayload({ d: claims.debtor, a: claims.action, e: claims.expiresAt }, secret, now);
}

/** The claims of a genuine, unexpired debtor link; null for anything else (as verifyLink). */
export function verifyDebtorLink(
  link: string,
  secret: string | LinkKeyring,
  now: Date,
): DebtorLinkClaims | null {
  const claims = verifiedPayload(link, secret, now);
  if (!claims) return null;
  const { d, a, e } = claims;
  if (typeof d !== 'string' || !/^[0-9a-f]{32}$/.test(d) || a !== 'stop-emails' || typeof e !== 'number')
    return null;
  if (e * 1000 <= now.getTime()) return null;
  return { debtor: d, action: a, expiresAt: e };
}

/** The payload of a link whose signature holds, under a key accepted now; null otherwise. */
function verifiedPayload(
  link: string,
  secret: string | LinkKeyring,
  now: Date,
): Record<string, unknown> | null {
  const parts = link.split('.');
  if (parts.length !== 2 && parts.length !== 3) return null;
  const mac = parts.at(-1) as string;
  const payload = parts.at(-2) as string;
  const keyId = parts.length === 3 ? (parts[0] as string) : UNLABELLED_KEY_ID;
  if (!payload || !mac || !KEY_ID.test(keyId)) return null;
  // A labelled link never names the unlabelled key: that key signs only the old format.
  if (parts.length === 3 && keyId === UNLABELLED_KEY_ID) return null;
  const key = verificationKey(ringOf(secret), keyId, now);
  if (!key) return null;
  const expected = signature(parts.slice(0, -1).join('.'), key.key);
  const given = Buffer.from(mac, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  try {
    const claims: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    return typeof claims === 'object' && claims !== null && !Array.isArray(claims)
      ? (claims as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

export function linkExpiry(now: Date, validityDays: number): number {
  return Math.floor(now.getTime() / 1000) + validityDays * 86_400;
}

export class RotationRefusedError extends Error {
  override name = 'RotationRefusedError';
}

/**
 * The keyring after a rotation: `next` becomes the current key, signing from `activateAt`; the
 * current key becomes the previous one, accepted until `until`. `until` must leave every link the
 * current key may still sign (up to `activateAt`) its whole life (`longestLinkDays`). A rotation is
 * refused while the previous rotation's window is open (its previous key still accepted), since it
 * would drop that key and break the links it signed; `force` overrides (those links then fail).
 */
export function rotateKeyring(
  keyring: LinkKeyring,
  next: LinkKey,
  options: { now: Date; activateAt: Date; until: Date; longestLinkDays: number; force?: boolean },
): LinkKeyring {
  const { now, activateAt, until, longestLinkDays, force = false } = options;
  if (!KEY_ID.test(next.id) || next.id === UNLABELLED_KEY_ID)
    throw new RotationRefusedError(`The new key id "${next.id}" is not a valid key id`);
  if (next.key.length < MIN_KEY_LENGTH)
    throw new RotationRefusedError(`The new key is shorter than ${MIN_KEY_LENGTH} characters`);
  if (next.id === keyring.current.id || next.id === keyring.previous?.id)
    throw new RotationRefusedError(`The keyring already has a key with id "${next.id}"`);
  if (activateAt.getTime() < now.getTime())
    throw new RotationRefusedError('The new key cannot start signing in the past');
  const needed = activateAt.getTime() + longestLinkDays * 86_400_000;
  if (until.getTime() < needed)
    throw new RotationRefusedError(
      `The previous key must stay accepted until at least ${new Date(needed).toISOString()} (the longest link's life after the new key starts signing)`,
    );
  if (!force && keyring.previous && !isBefore(keyring.previous.until, now))
    throw new RotationRefusedError(
      `A rotation is still in its window: key "${keyring.previous.id}" is accepted until ${keyring.previous.until}, and a new rotation would break the links it signed`,
    );
  const { since: _since, ...current } = keyring.current;
  return {
    current: { ...next, since: activateAt.toISOString() },
    previous: { ...current, until: until.toISOString() },
  };
}

/** The keyring without a previous key whose window has closed (what a later rotation would drop anyway). */
export function withoutRetiredKey(keyring: LinkKeyring, now: Date): LinkKeyring {
  if (keyring.previous && isBefore(keyring.previous.until, now)) return { current: keyring.current };
  return keyring;
}
