import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  InvalidKeyringError,
  keyringFrom,
  linkExpiry,
  RotationRefusedError,
  rotateKeyring,
  signLink,
  UNLABELLED_KEY_ID,
  verifyLink,
  withoutRetiredKey,
} from '../../functions/domain/links.ts';

const secret = 'a-test-secret-that-is-long-enough-for-hmac-signing';
const now = new Date('2026-11-23T12:00:00Z');

describe('signed links', () => {
  it('opens the case it was signed for until it expires', () => {
    const link = signLink({ caseId: 'ACC-1-1', action: 'view', expiresAt: linkExpiry(now, 30) }, secret);
    expect(verifyLink(link, secret, now)).toEqual({
      caseId: 'ACC-1-1',
      action: 'view',
      expiresAt: linkExpiry(now, 30),
    });
    expect(verifyLink(link, secret, new Date(now.getTime() + 30 * 86_400_000))).toBeNull();
  });

  it('refuses a link signed with another secret', () => {
    const link = signLink(
      { caseId: 'ACC-1-1', action: 'view', expiresAt: linkExpiry(now, 30) },
      'another-secret-of-some-length-here',
    );
    expect(verifyLink(link, secret, now)).toBeNull();
  });

  it('refuses every tampered link', () => {
    const link = signLink({ caseId: 'ACC-1-1', action: 'view', expiresAt: linkExpiry(now, 30) }, secret);
    fc.assert(
      fc.property(
        fc.nat({ max: link.length - 1 }),
        fc.string({ minLength: 1, maxLength: 1 }),
        (position, replacement) => {
          fc.pre(link[position] !== replacement);
          const tampered = link.slice(0, position) + replacement + link.slice(position + 1);
          const claims = verifyLink(tampered, secret, now);
          // Base64url has padding bits: a change that decodes to the same bytes is the same link.
          if (claims) expect(claims.caseId).toBe('ACC-1-1');
        },
      ),
    );
  });

  it('refuses a link whose claims were swapped for another case', () => {
    const link = signLink({ caseId: 'ACC-1-1', action: 'view', expiresAt: linkExpiry(now, 30) }, secret);
    const otherPayload = Buffer.from(
      JSON.stringify({ c: 'ACC-2-1', a: 'view', e: linkExpiry(now, 30) }),
    ).toString('base64url');
    expect(verifyLink(`${otherPayload}.${link.split('.')[1]}`, secret, now)).toBeNull();
  });

  it('refuses garbage', () => {
    for (const junk of ['', '.', 'abc', 'a.b.c', '%%%.%%%']) expect(verifyLink(junk, secret, now)).toBeNull();
  });
});

describe('link-key rotation', () => {
  const oldKey = secret;
  const newKey = { id: 'k20261123', key: 'b-new-key-that-is-long-enough-for-hmac-signing-too' };
  const claims = { caseId: 'ACC-1-1', action: 'view' as const, expiresAt: linkExpiry(now, 45) };
  const activateAt = new Date(now.getTime() + 15 * 60_000);
  const until = new Date(activateAt.getTime() + 45 * 86_400_000);
  const rotated = rotateKeyring(keyringFrom(oldKey), newKey, { now, activateAt, until, longestLinkDays: 45 });

  it('reads a plain secret as a keyring of one unlabelled key, whose links keep the old format', () => {
    expect(keyringFrom(oldKey)).toEqual({ current: { id: UNLABELLED_KEY_ID, key: oldKey } });
    const link = signLink(claims, oldKey, now);
    expect(link.split('.')).toHaveLength(2);
    expect(signLink(claims, keyringFrom(oldKey), now)).toBe(link);
  });

  it('keeps the old key signing until the new one is active, then signs with the new key and its id', () => {
    expect(rotated.current).toEqual({ ...newKey, since: activateAt.toISOString() });
    expect(rotated.previous).toEqual({ id: UNLABELLED_KEY_ID, key: oldKey, until: until.toISOString() });
    expect(signLink(claims, rotated, now)).toBe(signLink(claims, oldKey, now));
    const link = signLink(claims, rotated, activateAt);
    expect(link.startsWith(`${newKey.id}.`)).toBe(true);
    // Verifiers accept the new key before it signs anything (a warm container may read it late).
    expect(verifyLink(link, rotated, now)).toEqual(claims);
    expect(verifyLink(link, oldKey, now)).toBeNull();
  });

  it('accepts links of the old key until the window closes, then refuses them as forged ones', () => {
    const old = signLink({ ...claims, expiresAt: linkExpiry(until, 30) }, oldKey, now);
    expect(verifyLink(old, rotated, new Date(until.getTime() - 1000))?.caseId).toBe('ACC-1-1');
    expect(verifyLink(old, rotated, until)).toBeNull();
    expect(verifyLink(old, withoutRetiredKey(rotated, until), new Date(until.getTime() - 1000))).toBeNull();
  });

  it('refuses a link naming an unknown key, or the unlabelled key in the new format', () => {
    const link = signLink(claims, rotated, activateAt);
    const [, payload, mac] = link.split('.');
    expect(verifyLink(`other.${payload}.${mac}`, rotated, now)).toBeNull();
    expect(verifyLink(`${UNLABELLED_KEY_ID}.${payload}.${mac}`, rotated, now)).toBeNull();
    // The key id is signed: moving a valid MAC under another id fails.
    const oldLink = signLink(claims, oldKey, now);
    expect(verifyLink(`${newKey.id}.${oldLink}`, rotated, now)).toBeNull();
  });

  it('never lets a rotation cut short the life of a link already signed', () => {
    const options = { now, activateAt, longestLinkDays: 45 };
    expect(() =>
      rotateKeyring(keyringFrom(oldKey), newKey, { ...options, until: new Date(until.getTime() - 1) }),
    ).toThrow(RotationRefusedError);
    const next = { id: 'k2', key: 'c-a-third-key-that-is-long-enough-for-hmac-signing' };
    expect(() => rotateKeyring(rotated, next, { ...options, until })).toThrow(/still in its window/);
    expect(rotateKeyring(rotated, next, { ...options, until, force: true }).previous?.id).toBe(newKey.id);
    const later = new Date(until.getTime() + 1);
    const again = rotateKeyring(rotated, next, {
      now: later,
      activateAt: later,
      until: new Date(later.getTime() + 45 * 86_400_000),
      longestLinkDays: 45,
    });
    expect(again.previous).toMatchObject({ id: newKey.id, key: newKey.key });
    expect(() => rotateKeyring(rotated, { ...newKey }, { ...options, until, force: true })).toThrow(
      /already has a key/,
    );
  });

  it('refuses malformed keyrings loudly rather than accepting any link', () => {
    for (const bad of [
      'short',
      '{not json',
      JSON.stringify({ current: { id: 'a b', key: newKey.key } }),
      JSON.stringify({ current: { id: 'k1', key: 'short' } }),
      JSON.stringify({ current: newKey, previous: { ...newKey, until: until.toISOString() } }),
      JSON.stringify({ current: newKey, previous: { id: 'k0', key: oldKey } }),
    ])
      expect(() => keyringFrom(bad)).toThrow(InvalidKeyringError);
  });

  it('verifies, at any moment of a rotation, every unexpired link signed at an earlier moment', () => {
    const start = now.getTime();
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 60 * 86_400 }),
        fc.integer({ min: 0, max: 60 * 86_400 }),
        fc.integer({ min: 1, max: 45 }),
        (signedAfter, openedAfter, validityDays) => {
          const signedAt = new Date(start + signedAfter * 1000);
          const openedAt = new Date(signedAt.getTime() + openedAfter * 1000);
          const link = signLink(
            { caseId: 'ACC-9-1', action: 'view', expiresAt: linkExpiry(signedAt, validityDays) },
            rotated,
            signedAt,
          );
          const claims = verifyLink(link, rotated, openedAt);
          const expired = openedAt.getTime() >= linkExpiry(signedAt, validityDays) * 1000;
          expect(claims === null).toBe(expired);
        },
      ),
    );
  });
});

describe('rotations one after another', () => {
  it('never refuses an unexpired link, whenever it was signed and opened, through any series of rotations', () => {
    const longest = 45;
    const day = 86_400_000;
    fc.assert(
      fc.property(
        // Gaps between rotations (days after the previous window closes) and the links' moments.
        fc.array(fc.integer({ min: 0, max: 30 }), { minLength: 1, maxLength: 4 }),
        fc.array(
          fc.tuple(
            fc.integer({ min: 0, max: 400 * 24 }),
            fc.integer({ min: 0, max: 60 * 24 }),
            fc.integer({ min: 1, max: longest }),
          ),
          {
            minLength: 1,
            maxLength: 8,
          },
        ),
        fc.integer({ min: 0, max: 60 }),
        (gaps, links, activationMinutes) => {
          // The keyring as it is at each instant: a timeline of (from, keyring).
          const start = now.getTime();
          let ring = keyringFrom(secret);
          const rings: { from: number; ring: typeof ring }[] = [{ from: 0, ring }];
          let at = start;
          gaps.forEach((gap, index) => {
            at += gap * day;
            const activateAt = new Date(at + activationMinutes * 60_000);
            ring = rotateKeyring(
              ring,
              { id: `k${index + 1}`, key: `key-${index + 1}-that-is-long-enough-for-hmac-signing` },
              {
                now: new Date(at),
                activateAt,
                until: new Date(activateAt.getTime() + longest * day),
                longestLinkDays: longest,
              },
            );
            rings.push({ from: at, ring });
            // The next rotation comes once this one's window has closed.
            at = activateAt.getTime() + longest * day;
          });
          const ringAt = (instant: number) =>
            [...rings].reverse().find((entry) => entry.from <= instant)?.ring ?? keyringFrom(secret);
          for (const [signedHours, openedHours, validityDays] of links) {
            const signedAt = new Date(start + signedHours * 3_600_000);
            const openedAt = new Date(signedAt.getTime() + openedHours * 3_600_000);
            const expiresAt = linkExpiry(signedAt, validityDays);
            const link = signLink(
              { caseId: 'ACC-7-1', action: 'view', expiresAt },
              ringAt(signedAt.getTime()),
              signedAt,
            );
            const claims = verifyLink(link, ringAt(openedAt.getTime()), openedAt);
            expect(claims === null).toBe(openedAt.getTime() >= expiresAt * 1000);
          }
        },
      ),
    );
  });
});
