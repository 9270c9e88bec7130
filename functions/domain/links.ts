import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Links in emails carry a signed, expiring reference to one case and one action (DESIGN §7).
 * The task token never leaves the server.
 */
export type LinkAction = 'view';
export type LinkClaims = { caseId: string; action: LinkAction; expiresAt: number };

const encode = (value: Buffer | string) => Buffer.from(value).toString('base64url');

function signature(payload: string, secret: string): Buffer {
  return createHmac('sha256', secret).update(payload).digest();
}

export function signLink(claims: LinkClaims, secret: string): string {
  const payload = encode(JSON.stringify({ c: claims.caseId, a: claims.action, e: claims.expiresAt }));
  return `${payload}.${encode(signature(payload, secret))}`;
}

/** The claims of a genuine, unexpired link; null for anything else (the caller shows one page for all). */
export function verifyLink(link: string, secret: string, now: Date): LinkClaims | null {
  const [payload, mac, ...rest] = link.split('.');
  if (!payload || !mac || rest.length > 0) return null;
  const expected = signature(payload, secret);
  const given = Buffer.from(mac, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  try {
    const { c, a, e } = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    if (typeof c !== 'string' || a !== 'view' || typeof e !== 'number') return null;
    if (e * 1000 <= now.getTime()) return null;
    return { caseId: c, action: a, expiresAt: e };
  } catch {
    return null;
  }
}

export function linkExpiry(now: Date, validityDays: number): number {
  return Math.floor(now.getTime() / 1000) + validityDays * 86_400;
}
