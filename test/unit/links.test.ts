import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { linkExpiry, signLink, verifyLink } from '../../functions/domain/links.ts';

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
