import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * A form's CSRF token, derived from the signed link the page was opened with: another site cannot
 * know the link, so it cannot make the token (a stateless synchronizer token).
 */
export function csrfToken(link: string, secret: string): string {
  return createHmac('sha256', secret).update(`csrf:${link}`).digest('base64url');
}

export function csrfMatches(given: string | undefined, link: string, secret: string): boolean {
  if (!given) return false;
  const expected = Buffer.from(csrfToken(link, secret));
  const actual = Buffer.from(given);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
