import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { staffPaths } from '../../contract/routes.ts';
import { csrfMatches, csrfToken } from '../../domain/csrf.ts';
import type { Language } from '../../domain/language.ts';
import type { StaffMember } from '../../domain/staff.ts';
import type { StaffIdentity } from '../../ports/staff.ts';
import { logger } from '../../shared/logger.ts';
import { STAFF_SECURITY_HEADERS, staffHref } from '../../staff/layout.ts';
import type { HttpApiEvent } from './http-api.ts';

/**
 * The staff console's session, shared by the functions behind the staff API (the console, the
 * Outcomes page, the phone commitments): the cookies, the ID token verified against the pool's JWKS
 * on every request, the CSRF token bound to it, and the renewal through the refresh token.
 */

export type Response = APIGatewayProxyStructuredResultV2;

/**
 * The session: the ID token itself, in an HttpOnly, Secure, SameSite=Strict cookie scoped to the
 * host (`__Host-`), living no longer than the token. Stateless: every request proves itself
 * against the pool's keys, and nothing on the server can be stolen or left behind.
 */
export const SESSION_COOKIE = '__Host-staff-session';
/** Before sign-in: the random value the sign-in form's CSRF token is bound to. */
export const SIGN_IN_COOKIE = '__Host-staff-sign-in';
/** During a TOTP challenge: Cognito's session string for the challenge (3 minutes). */
export const MFA_COOKIE = '__Host-staff-mfa';
/**
 * The refresh token, in its own HttpOnly, Secure, SameSite=Strict cookie sent only to the session's
 * own routes (`Path=/staff/session`: renewal and sign-out), never with a page or a form.
 */
export const REFRESH_COOKIE = '__Secure-staff-refresh';
/** Says (to every staff route) that a refresh token is kept, so an expired session renews instead of signing in. */
export const RENEWABLE_COOKIE = '__Host-staff-renewable';
export const REFRESH_PATH = '/staff/session';
/** How long the refresh token lives (the app client's refreshTokenValidity: 8 hours). */
export const REFRESH_SECONDS = 8 * 3600;

export const cookie = (name: string, value: string, maxAgeSeconds: number, path = '/') =>
  `${name}=${value}; Path=${path}; Secure; HttpOnly; SameSite=Strict; Max-Age=${maxAgeSeconds}`;
export const cleared = (name: string, path = '/') => cookie(name, '', 0, path);

export const page = (statusCode: number, body: string, cookies: string[] = []): Response => ({
  statusCode,
  headers: { ...STAFF_SECURITY_HEADERS },
  body,
  ...(cookies.length ? { cookies } : {}),
});
export const seeOther = (location: string, cookies: string[] = []): Response => ({
  statusCode: 303,
  headers: { ...STAFF_SECURITY_HEADERS, location },
  body: '',
  ...(cookies.length ? { cookies } : {}),
});

export function cookiesOf(event: HttpApiEvent): Map<string, string> {
  const raw = (event as { cookies?: unknown }).cookies;
  const list = Array.isArray(raw) ? raw.filter((c): c is string => typeof c === 'string') : [];
  const header = event.headers.cookie;
  const all = [...list, ...(header ? header.split(';') : [])];
  const map = new Map<string, string>();
  for (const pair of all) {
    const at = pair.indexOf('=');
    if (at > 0) map.set(pair.slice(0, at).trim(), pair.slice(at + 1).trim());
  }
  return map;
}

export function formValues(event: HttpApiEvent): Record<string, string> {
  const raw = event.body
    ? event.isBase64Encoded
      ? Buffer.from(event.body, 'base64').toString('utf8')
      : event.body
    : '';
  return Object.fromEntries(new URLSearchParams(raw));
}

export const sessionCsrf = (token: string, secret: string) => csrfToken(`staff-session:${token}`, secret);
export const sessionCsrfMatches = (value: string | undefined, token: string, secret: string) =>
  csrfMatches(value, `staff-session:${token}`, secret);

/** The cookies a sign-in (or a renewal) sets: the ID token, and the refresh token when there is one. */
export function sessionCookies(tokens: {
  idToken: string;
  expiresInSeconds: number;
  refreshToken?: string;
}): string[] {
  return [
    cookie(SESSION_COOKIE, tokens.idToken, tokens.expiresInSeconds),
    ...(tokens.refreshToken
      ? [
          cookie(REFRESH_COOKIE, tokens.refreshToken, REFRESH_SECONDS, REFRESH_PATH),
          cookie(RENEWABLE_COOKIE, '1', REFRESH_SECONDS),
        ]
      : []),
  ];
}

/** Every cookie of the session, cleared (sign-out, a refused renewal). */
export const clearedSession = () => [
  cleared(SESSION_COOKIE),
  cleared(REFRESH_COOKIE, REFRESH_PATH),
  cleared(RENEWABLE_COOKIE),
];

export type StaffSession = { member: StaffMember; token: string };

/** The member of staff the request's session names, verified (signature, issuer, audience, expiry, group). */
export async function sessionOf(
  event: HttpApiEvent,
  identity: StaffIdentity,
): Promise<StaffSession | undefined> {
  const token = cookiesOf(event).get(SESSION_COOKIE);
  const member = token ? await identity.verify(token) : undefined;
  return token && member ? { member, token } : undefined;
}

/** Where a page goes back to after a renewal: a GET page of the console, never elsewhere. */
export function safeNext(next: string | null | undefined): string {
  return next &&
    /^\/staff(\/[A-Za-z0-9._~%!$&'()*+,;=:@/-]*)?(\?[^\s]*)?$/.test(next) &&
    !next.startsWith('//')
    ? next
    : staffPaths.start;
}

/**
 * A request without a valid session changes nothing. With a refresh token kept (the renewable
 * mark), it goes to the renewal and back to the page (a form's page for a form); otherwise to sign-in.
 */
export function withoutSession(event: HttpApiEvent, language: Language): Response {
  const cookies = cookiesOf(event);
  logger.info('Staff request without a valid session', { routeKey: event.routeKey });
  if (cookies.get(RENEWABLE_COOKIE) === '1') {
    const isGet = event.requestContext.http.method === 'GET';
    const back = isGet
      ? `${event.rawPath}${event.rawQueryString ? `?${event.rawQueryString}` : ''}`
      : /^\/staff\/cases\/[^/]+/.exec(event.rawPath)?.[0];
    return seeOther(staffHref({ language }, staffPaths.renew, { next: safeNext(back) }));
  }
  return seeOther(
    staffHref({ language }, staffPaths.signIn),
    cookies.has(SESSION_COOKIE) ? [cleared(SESSION_COOKIE)] : [],
  );
}

/**
 * The renewal (`GET /staff/session/refresh?next=`): the refresh token (REFRESH_TOKEN_AUTH) gives a new
 * ID token, set as the session, and the browser goes back to the page; a refused one (revoked,
 * expired) clears the session and goes to sign-in.
 */
export async function renew(
  event: HttpApiEvent,
  identity: StaffIdentity,
  language: Language,
): Promise<Response> {
  const refreshToken = cookiesOf(event).get(REFRESH_COOKIE);
  const next = safeNext(new URLSearchParams(event.rawQueryString ?? '').get('next'));
  const renewed = refreshToken ? await identity.refresh(refreshToken) : undefined;
  const member = renewed ? await identity.verify(renewed.idToken) : undefined;
  if (!renewed || !member) {
    logger.info('Staff session not renewed: signing in again');
    return seeOther(staffHref({ language }, staffPaths.signIn), clearedSession());
  }
  logger.info('Staff session renewed', { role: member.role });
  return seeOther(staffHref({ language }, next), [
    cookie(SESSION_COOKIE, renewed.idToken, renewed.expiresInSeconds),
  ]);
}

/** Sign-out: the refresh token is revoked (RevokeToken) and every cookie of the session cleared. */
export async function signOut(
  event: HttpApiEvent,
  identity: StaffIdentity,
  language: Language,
): Promise<Response> {
  const refreshToken = cookiesOf(event).get(REFRESH_COOKIE);
  if (refreshToken) await identity.revoke(refreshToken);
  return seeOther(staffHref({ language }, staffPaths.signIn), clearedSession());
}
