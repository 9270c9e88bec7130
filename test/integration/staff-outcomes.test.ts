import { InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';
import { describe, expect, it } from 'vitest';
import { eventually, useTestRuntime } from '../support/local-runtime.ts';

/**
 * The staff API's newer routes (issue 12) on the local runtime, with cognito-local: the Outcomes page
 * and its CSV (read by every role), a promise or a plan agreed on the phone (agents), and the
 * session's renewal through the refresh token and its revocation at sign-out.
 */
const DAY_SECONDS = 2;
const runtime = useTestRuntime(DAY_SECONDS);
const origin = () => new URL(runtime().endpoints.staffConsole).origin;
const userOf = (role: string) => {
  const user = runtime().endpoints.staffUsers.find((candidate) => candidate.role === role);
  if (!user) throw new Error(`no ${role}`);
  return user;
};

/** A browser's cookie jar for one host, keeping each cookie's Path (sent only to paths under it). */
class Session {
  readonly jar = new Map<string, { value: string; path: string; attributes: string }>();
  async fetch(path: string, init: RequestInit = {}): Promise<Response> {
    const url = new URL(path, origin());
    const response = await fetch(url, {
      ...init,
      redirect: 'manual',
      headers: { ...(init.headers as Record<string, string>), cookie: this.cookieHeader(url.pathname) },
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';');
      const at = pair.indexOf('=');
      const name = pair.slice(0, at);
      const cookiePath = /path=([^;]+)/i.exec(line)?.[1]?.trim() ?? '/';
      if (attributes.some((attribute) => /max-age=0/i.test(attribute.trim()))) this.jar.delete(name);
      else this.jar.set(name, { value: pair.slice(at + 1), path: cookiePath, attributes: line });
    }
    return response;
  }
  cookieHeader(pathname: string) {
    return [...this.jar]
      .filter(
        ([, cookie]) =>
          pathname === cookie.path ||
          pathname.startsWith(`${cookie.path.replace(/\/$/, '')}/`) ||
          cookie.path === '/',
      )
      .map(([name, cookie]) => `${name}=${cookie.value}`)
      .join('; ');
  }
  async post(path: string, fields: Record<string, string>): Promise<Response> {
    return this.fetch(path, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
    });
  }
  async csrfOf(path: string): Promise<string> {
    const page = await (await this.fetch(path)).text();
    return /name="csrf" value="([^"]+)"/.exec(page)?.[1] ?? '';
  }
}

async function signedIn(role: 'agent' | 'supervisor' | 'viewer'): Promise<Session> {
  const session = new Session();
  const csrf = await session.csrfOf('/staff/sign-in');
  const { email, password } = userOf(role);
  const response = await session.post('/staff/sign-in', { csrf, email, password });
  expect(response.status).toBe(303);
  return session;
}

const today = () => new Date().toISOString().slice(0, 10);

describe('Outcomes', () => {
  it('counts a case opened and its reminder on today’s counters; a viewer reads the page and the CSV', async () => {
    await runtime().caseWithReminder('ACC-OUT-1', 'outcomes-1@example.com');
    const viewer = await signedIn('viewer');
    const path = `/staff/outcomes?from=${today()}&to=${today()}&segment=consumer`;
    const page = await eventually('the opened case on the Outcomes page', async () => {
      const text = await (await viewer.fetch(path)).text();
      return /<th scope="row">Cases opened<\/th><td class="amount">1<\/td>/.test(text) &&
        /<th scope="row">Contacts per resolved case<\/th>/.test(text)
        ? text
        : undefined;
    });
    expect(page.match(/<svg /g)?.length).toBeGreaterThanOrEqual(2);
    expect(page).toContain('<caption>Cases opened and resolved, by day</caption>');
    // Another segment's counters are its own.
    const enterprise = await (
      await viewer.fetch(`/staff/outcomes?from=${today()}&to=${today()}&segment=enterprise`)
    ).text();
    expect(enterprise).toMatch(/<th scope="row">Cases opened<\/th><td class="amount">0<\/td>/);

    const csv = await viewer.fetch(`/staff/outcomes.csv?from=${today()}&to=${today()}&segment=consumer`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csv.headers.get('content-disposition')).toContain('attachment');
    const [header, row] = (await csv.text()).replace(/^\uFEFF/, '').split('\r\n');
    expect(header?.startsWith('day,segment,cases opened,')).toBe(true);
    expect(row?.startsWith(`${today()},consumer,1,`)).toBe(true);
  });

  it('refuses a period in the wrong order, beside its field, with the values kept', async () => {
    const viewer = await signedIn('viewer');
    const response = await viewer.fetch('/staff/outcomes?from=2026-11-05&to=2026-11-01&segment=consumer');
    expect(response.status).toBe(400);
    const page = await response.text();
    expect(page).toContain('id="to-error"');
    expect(page).toContain('value="2026-11-05"');
    expect(page).not.toContain('<svg');
  });

  it('without a session goes to sign-in', async () => {
    for (const path of ['/staff/outcomes', '/staff/outcomes.csv']) {
      const response = await fetch(new URL(path, origin()), { redirect: 'manual' });
      expect(response.status).toBe(303);
      expect(response.headers.get('location')).toBe('/staff/sign-in');
    }
  });
});

describe('a promise or a plan agreed on the phone', () => {
  it('an agent records a promise through the portal’s rules: a bad date comes back beside its field, a good one is on the timeline with who', async () => {
    await runtime().caseWithReminder('ACC-PHONE-1', 'phone-1@example.com');
    const caseId = 'ACC-PHONE-1-1';
    const agent = await signedIn('agent');
    const casePage = await (await agent.fetch(`/staff/cases/${caseId}`)).text();
    expect(casePage).toContain(`action="/staff/cases/${caseId}/promise"`);
    expect(casePage).toContain(`action="/staff/cases/${caseId}/plan"`);
    const csrf = /name="csrf" value="([^"]+)"/.exec(casePage)?.[1] ?? '';

    const past = await agent.post(`/staff/cases/${caseId}/promise`, { csrf, date: '2020-01-01' });
    expect(past.status).toBe(303);
    const back = past.headers.get('location') ?? '';
    expect(back).toContain(`/staff/cases/${caseId}?`);
    const refused = await (await agent.fetch(back)).text();
    expect(refused).toContain('id="promise-date-error"');
    expect(refused).toContain('Choose today or a later date.');
    expect(refused).toContain('value="2020-01-01"');
    expect(refused).not.toContain('Promise to pay (');

    // Without its CSRF token, or from a viewer: refused, nothing changes.
    expect((await agent.post(`/staff/cases/${caseId}/promise`, { date: today() })).status).toBe(403);
    const viewer = await signedIn('viewer');
    const viewerCsrf = await viewer.csrfOf(`/staff/cases/${caseId}`);
    expect(
      (await viewer.post(`/staff/cases/${caseId}/promise`, { csrf: viewerCsrf, date: today() })).status,
    ).toBe(403);

    const promised = await agent.post(`/staff/cases/${caseId}/promise`, { csrf, date: today() });
    expect(promised.status).toBe(303);
    expect(promised.headers.get('location')).toBe(`/staff/cases/${caseId}?done=1`);
    const after = await (await agent.fetch(`/staff/cases/${caseId}`)).text();
    expect(after).toContain(`Promise to pay (${userOf('agent').email})`);
    expect(after.match(/Promise to pay \(/g)).toHaveLength(1);
    // The same acknowledgement the portal sends, through the outbox and the send gate.
    await runtime().emailWith('phone-1@example.com', /no reminders until/, 15_000);
  });

  it('an agent records a plan the debtor chose on the phone', async () => {
    await runtime().caseWithReminder('ACC-PHONE-2', 'phone-2@example.com', { amount: 60_000 });
    const caseId = 'ACC-PHONE-2-1';
    const agent = await signedIn('agent');
    const casePage = await (await agent.fetch(`/staff/cases/${caseId}`)).text();
    const csrf = /name="csrf" value="([^"]+)"/.exec(casePage)?.[1] ?? '';
    const planId = /name="planId" value="([^"]+)"/.exec(casePage)?.[1] ?? '';
    expect(planId).toMatch(/^\d+x\d+d$/);
    const none = await agent.post(`/staff/cases/${caseId}/plan`, { csrf });
    expect(await (await agent.fetch(none.headers.get('location') ?? '')).text()).toContain('id="plan-error"');
    const agreed = await agent.post(`/staff/cases/${caseId}/plan`, { csrf, planId });
    expect(agreed.headers.get('location')).toBe(`/staff/cases/${caseId}?done=1`);
    expect(await (await agent.fetch(`/staff/cases/${caseId}`)).text()).toContain(
      `Plan agreed (${userOf('agent').email})`,
    );
  });
});

describe('the refresh token', () => {
  it('lives in its own cookie for the session’s routes; an expired session renews through it, and sign-out revokes it', async () => {
    const session = await signedIn('agent');
    const refresh = session.jar.get('__Secure-staff-refresh');
    expect(refresh?.attributes).toMatch(
      /; Path=\/staff\/session; Secure; HttpOnly; SameSite=Strict; Max-Age=\d+/,
    );
    expect(session.cookieHeader('/staff')).not.toContain('__Secure-staff-refresh');

    // The ID token expires (here: replaced by one that no longer verifies).
    const old = session.jar.get('__Host-staff-session');
    session.jar.set('__Host-staff-session', { value: 'expired', path: '/', attributes: '' });
    const expired = await session.fetch('/staff/queues/disputes');
    expect(expired.status).toBe(303);
    const renewal = expired.headers.get('location') ?? '';
    expect(renewal).toBe('/staff/session/refresh?next=%2Fstaff%2Fqueues%2Fdisputes');
    const renewed = await session.fetch(renewal);
    expect(renewed.status).toBe(303);
    expect(renewed.headers.get('location')).toBe('/staff/queues/disputes');
    expect(session.jar.get('__Host-staff-session')?.value).not.toBe('expired');
    expect(session.jar.get('__Host-staff-session')?.value).not.toBe(old?.value ?? '');
    expect((await session.fetch('/staff/queues/disputes')).status).toBe(200);

    // Sign-out revokes the refresh token at the pool and clears every cookie.
    const csrf = await session.csrfOf('/staff');
    const out = await session.post('/staff/session/sign-out', { csrf });
    expect(out.status).toBe(303);
    expect(out.headers.get('location')).toBe('/staff/sign-in');
    expect(
      [...session.jar.keys()].filter((name) => name.includes('staff-s') || name.includes('staff-r')),
    ).toEqual([]);
    const cognito = runtime().cognito;
    await expect(
      cognito.client.send(
        new InitiateAuthCommand({
          ClientId: cognito.clientId,
          AuthFlow: 'REFRESH_TOKEN_AUTH',
          AuthParameters: { REFRESH_TOKEN: refresh?.value ?? '' },
        }),
      ),
    ).rejects.toThrow();
    // A revoked refresh token renews nothing: back to sign-in.
    const stale = await fetch(new URL('/staff/session/refresh?next=/staff', origin()), {
      redirect: 'manual',
      headers: { cookie: `__Secure-staff-refresh=${refresh?.value ?? ''}` },
    });
    expect(stale.headers.get('location')).toBe('/staff/sign-in');
  });
});
