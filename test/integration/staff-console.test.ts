import { createHmac } from 'node:crypto';
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  AssociateSoftwareTokenCommand,
  InitiateAuthCommand,
  VerifySoftwareTokenCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { DescribeExecutionCommand } from '@aws-sdk/client-sfn';
import { describe, expect, it } from 'vitest';
import { createStaffPool } from '../../local/cognito/index.ts';
import {
  confirmation,
  eventually,
  PERSON_STATE,
  submitForm,
  useTestRuntime,
} from '../support/local-runtime.ts';

// A policy day lasts 2 s: a dispute's review pause is long enough to decide it in.
const DAY_SECONDS = 2;
const runtime = useTestRuntime(DAY_SECONDS);

const consoleUrl = () => runtime().endpoints.staffConsole;
const origin = () => new URL(consoleUrl()).origin;
const userOf = (role: string) => {
  const user = runtime().endpoints.staffUsers.find((candidate) => candidate.role === role);
  if (!user) throw new Error(`no ${role}`);
  return user;
};

/** A browser's cookie jar for one host, as much of it as the console needs. */
class Session {
  readonly jar = new Map<string, string>();
  async fetch(path: string, init: RequestInit = {}): Promise<Response> {
    const response = await fetch(new URL(path, origin()), {
      ...init,
      redirect: 'manual',
      headers: { ...(init.headers as Record<string, string>), cookie: this.cookieHeader() },
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';');
      const at = pair.indexOf('=');
      const name = pair.slice(0, at);
      if (attributes.some((attribute) => /max-age=0/i.test(attribute.trim()))) this.jar.delete(name);
      else this.jar.set(name, pair.slice(at + 1));
    }
    return response;
  }
  cookieHeader() {
    return [...this.jar].map(([name, value]) => `${name}=${value}`).join('; ');
  }
  async post(path: string, fields: Record<string, string>): Promise<Response> {
    return this.fetch(path, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
    });
  }
  /** The CSRF token of the forms on a page. */
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
  expect(response.headers.get('location')).toBe('/staff');
  return session;
}

/** A case with an open dispute, opened by the debtor through the portal. */
async function disputedCase(accountId: string, email: string): Promise<string> {
  const link = await runtime().caseWithReminder(accountId, email);
  await confirmation(
    await submitForm(link, 'dispute', { reason: 'wrong-amount', note: 'I was charged twice' }),
  );
  return `${accountId}-1`;
}

const STAFF_PAGES = [
  ['GET', '/staff'],
  ['GET', '/staff/queues/disputes'],
  ['GET', '/staff/search?q=ACC-X'],
  ['GET', '/staff/cases/ACC-X-1'],
  ['GET', '/staff/cases/ACC-X-1/documents/doc-1'],
  ['POST', '/staff/cases/ACC-X-1/note'],
  // Issue 16: the debtor's texts, marked handled (the console) and answered (staffTexts).
  ['POST', '/staff/cases/ACC-X-1/message-handled'],
  ['POST', '/staff/cases/ACC-X-1/text-reply'],
  ['POST', '/staff/sign-out'],
] as const;

describe('sign-in and the session', () => {
  it('endpoints.json names the console and one user per role', () => {
    expect(consoleUrl()).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/staff$/);
    expect(
      runtime()
        .endpoints.staffUsers.map((user) => user.role)
        .sort(),
    ).toEqual(['agent', 'supervisor', 'viewer']);
  });

  it('signs in with email and password into an HttpOnly, Secure, SameSite=Strict cookie, and out again', async () => {
    const session = new Session();
    const form = await (await session.fetch('/staff/sign-in')).text();
    expect(form).toContain('name="email"');
    expect(form).toContain('name="password"');
    const csrf = /name="csrf" value="([^"]+)"/.exec(form)?.[1] ?? '';
    const { email, password } = userOf('agent');
    const response = await session.post('/staff/sign-in', { csrf, email, password });
    expect(response.status).toBe(303);
    const cookie = response.headers.getSetCookie().find((line) => line.startsWith('__Host-staff-session='));
    expect(cookie).toMatch(/; Path=\/; Secure; HttpOnly; SameSite=Strict; Max-Age=\d+/);
    const start = await session.fetch('/staff');
    expect(start.status).toBe(200);
    const page = await start.text();
    expect(page).toContain('Disputes to review');
    expect(page).toContain(email);

    const signOut = await session.post('/staff/sign-out', {
      csrf: /name="csrf" value="([^"]+)"/.exec(page)?.[1] ?? '',
    });
    expect(signOut.status).toBe(303);
    expect(session.jar.has('__Host-staff-session')).toBe(false);
    expect((await session.fetch('/staff')).status).toBe(303);
  });

  it('refuses a wrong password, keeping the email address', async () => {
    const session = new Session();
    const csrf = await session.csrfOf('/staff/sign-in');
    const response = await session.post('/staff/sign-in', {
      csrf,
      email: userOf('agent').email,
      password: 'wrong',
    });
    expect(response.status).toBe(401);
    const page = await response.text();
    expect(page).toContain('The email address or password is not right');
    expect(page).toContain(`value="${userOf('agent').email}"`);
    expect(session.jar.has('__Host-staff-session')).toBe(false);
  });

  it('refuses a sign-in without its CSRF token', async () => {
    const session = new Session();
    await session.fetch('/staff/sign-in');
    const { email, password } = userOf('agent');
    const response = await session.post('/staff/sign-in', { csrf: 'forged', email, password });
    expect(response.status).toBe(403);
    expect(session.jar.has('__Host-staff-session')).toBe(false);
  });

  it.each(STAFF_PAGES)(
    '%s %s without a session goes to sign-in and changes nothing',
    async (method, path) => {
      const response = await fetch(new URL(path, origin()), { method, redirect: 'manual' });
      expect(response.status).toBe(303);
      expect(response.headers.get('location')).toBe('/staff/sign-in');
    },
  );

  it('refuses a forged, an expired and another pool’s token', async () => {
    const { email, password } = userOf('supervisor');
    const cognito = runtime().cognito;
    const real = await cognito.client.send(
      new InitiateAuthCommand({
        ClientId: cognito.clientId,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: email, PASSWORD: password },
      }),
    );
    const token = real.AuthenticationResult?.IdToken ?? '';
    const [header, payload] = token.split('.');
    const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString());
    const reencode = (changed: object) => Buffer.from(JSON.stringify(changed)).toString('base64url');
    // Forged: the claims changed (a viewer made a supervisor), the signature kept.
    const forged = `${header}.${reencode({ ...claims, 'cognito:groups': ['supervisors'], email: 'mallory@example.com' })}.${token.split('.')[2]}`;
    // Signed with a key of our own (HS256): not the pool's.
    const unsigned = `${Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url')}.${payload}`;
    const hmac = `${unsigned}.${createHmac('sha256', 'secret').update(unsigned).digest('base64url')}`;
    // Expired: cognito-local signs with the same key whatever the pool, so an expired token cannot be
    // minted here; an expired claim with the signature kept is refused for either reason.
    const expired = `${header}.${reencode({ ...claims, exp: Math.floor(Date.now() / 1000) - 60 })}.${token.split('.')[2]}`;
    // Another pool on the same cognito-local: a valid signature, the wrong issuer and audience.
    const other = await createStaffPool(cognito.client, 'another-pool', [
      { email: 'outsider@example.com', role: 'supervisor' },
    ]);
    const outsider = await cognito.client.send(
      new InitiateAuthCommand({
        ClientId: other.clientId,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: 'outsider@example.com', PASSWORD: other.users[0]?.password ?? '' },
      }),
    );
    const otherPool = outsider.AuthenticationResult?.IdToken ?? '';
    expect(otherPool).not.toBe('');
    for (const bad of [forged, hmac, expired, otherPool, 'not-a-token']) {
      const response = await fetch(new URL('/staff', origin()), {
        redirect: 'manual',
        headers: { cookie: `__Host-staff-session=${bad}` },
      });
      expect(response.status).toBe(303);
      expect(response.headers.get('location')).toBe('/staff/sign-in');
    }
    // The real one opens the console.
    const ok = await fetch(new URL('/staff', origin()), {
      redirect: 'manual',
      headers: { cookie: `__Host-staff-session=${token}` },
    });
    expect(ok.status).toBe(200);
  });

  it('a debtor’s signed link opens no staff page', async () => {
    const link = await runtime().caseWithReminder('ACC-STAFF-LINK', 'staff-link@example.com');
    const signed = new URL(link).pathname.split('/').pop() ?? '';
    for (const path of [`/case/${signed}`, `/staff/cases/${signed}`, `/staff?link=${signed}`]) {
      const response = await fetch(new URL(path, origin()), { redirect: 'manual' });
      expect([303, 404]).toContain(response.status);
      if (response.status === 303) expect(response.headers.get('location')).toBe('/staff/sign-in');
    }
  });
});

/** RFC 6238's code for a base32 secret now (30-second steps, six digits, HMAC-SHA-1). */
function totp(secret: string, at = Date.now()): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const char of secret.replace(/=+$/, '').toUpperCase())
    bits += alphabet.indexOf(char).toString(2).padStart(5, '0');
  const key = Buffer.from((bits.match(/.{8}/g) ?? []).map((byte) => Number.parseInt(byte, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(at / 30_000)));
  const digest = createHmac('sha1', key).update(counter).digest();
  const offset = (digest[digest.length - 1] ?? 0) & 0xf;
  return String((digest.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}

describe('TOTP, as the deployed pool requires it', () => {
  it('a member of staff with an authenticator signs in with email, password, then the code', async () => {
    const cognito = runtime().cognito;
    const email = 'totp-agent@collections.example';
    const password = 'Totp-local-Passw0rd!';
    await cognito.client.send(
      new AdminCreateUserCommand({
        UserPoolId: cognito.userPoolId,
        Username: email,
        MessageAction: 'SUPPRESS',
        UserAttributes: [
          { Name: 'email', Value: email },
          { Name: 'email_verified', Value: 'true' },
        ],
      }),
    );
    await cognito.client.send(
      new AdminSetUserPasswordCommand({
        UserPoolId: cognito.userPoolId,
        Username: email,
        Password: password,
        Permanent: true,
      }),
    );
    await cognito.client.send(
      new AdminAddUserToGroupCommand({
        UserPoolId: cognito.userPoolId,
        Username: email,
        GroupName: 'agents',
      }),
    );
    // The member sets up their authenticator (here through the API, with their access token).
    const first = await cognito.client.send(
      new InitiateAuthCommand({
        ClientId: cognito.clientId,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: email, PASSWORD: password },
      }),
    );
    const accessToken = first.AuthenticationResult?.AccessToken ?? '';
    const { SecretCode: secret = '' } = await cognito.client.send(
      new AssociateSoftwareTokenCommand({ AccessToken: accessToken }),
    );
    await cognito.client.send(
      new VerifySoftwareTokenCommand({ AccessToken: accessToken, UserCode: totp(secret) }),
    );

    const session = new Session();
    const csrf = await session.csrfOf('/staff/sign-in');
    const challenged = await session.post('/staff/sign-in', { csrf, email, password });
    expect(challenged.status).toBe(200);
    const form = await challenged.text();
    expect(form).toContain('name="code"');
    expect(form).toContain('autocomplete="one-time-code"');
    expect(session.jar.has('__Host-staff-session')).toBe(false);
    expect(session.jar.has('__Host-staff-mfa')).toBe(true);

    const wrong = await session.post('/staff/sign-in', {
      csrf,
      email,
      code: totp(secret, Date.now() - 10 * 60_000),
    });
    expect(wrong.status).toBe(401);
    expect(session.jar.has('__Host-staff-session')).toBe(false);

    // Again from the start, with the right code.
    await session.post('/staff/sign-in', { csrf, email, password });
    const signedInWithCode = await session.post('/staff/sign-in', { csrf, email, code: totp(secret) });
    expect(signedInWithCode.status).toBe(303);
    expect(signedInWithCode.headers.get('location')).toBe('/staff');
    expect(session.jar.has('__Host-staff-mfa')).toBe(false);
    expect((await session.fetch('/staff')).status).toBe(200);
  });
});

describe('queues, search and the case page', () => {
  it('a disputed case is in the disputes queue, found by search, and shown whole', async () => {
    const caseId = await disputedCase('ACC-STAFF-Q', 'staff-queue@example.com');
    const viewer = await signedIn('viewer');
    const start = await (await viewer.fetch('/staff')).text();
    expect(start).toMatch(/Disputes to review<\/a>: \d+ case/);
    const queue = await (await viewer.fetch('/staff/queues/disputes')).text();
    expect(queue).toContain(caseId);
    expect(queue).toContain('wrong-amount');

    // By account id, invoice number and email address, each exact.
    for (const q of ['ACC-STAFF-Q', 'ACC-STAFF-Q-INV', 'staff-queue@example.com']) {
      const found = await (await viewer.fetch(`/staff/search?q=${encodeURIComponent(q)}`)).text();
      expect(found).toContain(`/staff/cases/${caseId}`);
    }
    const none = await (await viewer.fetch('/staff/search?q=NOBODY')).text();
    expect(none).toContain('No case matches');

    const page = await (await viewer.fetch(`/staff/cases/${caseId}`)).text();
    expect(page).toContain('£100.00');
    expect(page).toContain('The debtor disputes this (wrong-amount)');
    expect(page).toContain('console.aws.amazon.com/states/home');
    // A viewer reads: no action forms.
    expect(page).not.toContain('name="outcome"');
  }, 30_000);

  it('a case handed to a person is in that queue with its reason', async () => {
    // Stopping emails hands the case over (no automatic step is left).
    const link = await runtime().caseWithReminder('ACC-STAFF-H', 'staff-handed@example.com');
    await confirmation(await submitForm(link, 'stop-emails', { confirm: 'yes' }));
    const agent = await signedIn('agent');
    await eventually('the hand-over queue', async () =>
      (await (await agent.fetch('/staff/queues/handed-to-person')).text()).includes('ACC-STAFF-H-1'),
    );
  }, 30_000);
});

describe('queues fed by the system', () => {
  it('an email SES could not deliver puts the case in the undeliverable queue, with the reason', async () => {
    await runtime().caseWithReminder('ACC-STAFF-B', 'bounce+staff@simulator.amazonses.com');
    const agent = await signedIn('agent');
    await eventually('the undeliverable queue', async () => {
      const queue = await (await agent.fetch('/staff/queues/undeliverable')).text();
      return queue.includes('ACC-STAFF-B-1') && queue.includes('permanent-bounce');
    });
  }, 30_000);

  it('a promise broken puts the case in the broken-promises queue', async () => {
    const link = await runtime().caseWithReminder('ACC-STAFF-BP', 'staff-broken@example.com');
    await confirmation(await submitForm(link, 'promise', { date: new Date().toISOString().slice(0, 10) }));
    const agent = await signedIn('agent');
    await eventually(
      'the broken-promises queue',
      async () =>
        (await (await agent.fetch('/staff/queues/broken-promises')).text()).includes('ACC-STAFF-BP-1'),
      20_000,
    );
  }, 40_000);
});

describe('a case handed to a person waits for that person', () => {
  it('a supervisor writes it off: the same execution closes it, CaseResolved written-off; an agent may not', async () => {
    const link = await runtime().caseWithReminder('ACC-STAFF-W', 'staff-writeoff@example.com');
    await confirmation(await submitForm(link, 'stop-emails', { confirm: 'yes' }));
    await runtime().waitForPerson('ACC-STAFF-W-case-1');
    const agent = await signedIn('agent');
    const agentPage = await (await agent.fetch('/staff/cases/ACC-STAFF-W-1')).text();
    expect(agentPage).not.toContain('/write-off');
    const refused = await agent.post('/staff/cases/ACC-STAFF-W-1/write-off', {
      csrf: /name="csrf" value="([^"]+)"/.exec(agentPage)?.[1] ?? '',
    });
    expect(refused.status).toBe(403);

    const supervisor = await signedIn('supervisor');
    const csrf = await supervisor.csrfOf('/staff/cases/ACC-STAFF-W-1');
    const done = await supervisor.post('/staff/cases/ACC-STAFF-W-1/write-off', {
      csrf,
      note: 'Small balance',
    });
    expect(done.status).toBe(303);
    expect(await runtime().waitForExecution('ACC-STAFF-W-case-1', 8000)).toBe('SUCCEEDED');
    expect((await runtime().transitions('ACC-STAFF-W-case-1')).slice(-3)).toEqual([
      PERSON_STATE,
      'Act on the reply',
      'Close the case as credited',
    ]);
    expect(runtime().resolutions('ACC-STAFF-W-1')).toEqual(['written-off']);
    const page = await (await supervisor.fetch('/staff/cases/ACC-STAFF-W-1')).text();
    expect(page).toContain('Written off: closed, collection stopped.');
    expect(page).toContain('supervisor@collections.example');
    // Terminal: no queue holds it, and no action is offered any more.
    expect(await (await supervisor.fetch('/staff/queues/handed-to-person')).text()).not.toContain(
      'ACC-STAFF-W-1',
    );
    expect(page).not.toContain('/write-off');
  }, 40_000);

  it('an agent resumes it: the same execution goes on through the contact rules, and the send gate still holds an opt-out', async () => {
    const link = await runtime().caseWithReminder('ACC-STAFF-R', 'staff-resume@example.com');
    await confirmation(await submitForm(link, 'stop-emails', { confirm: 'yes' }));
    await runtime().waitForPerson('ACC-STAFF-R-case-1');
    const agent = await signedIn('agent');
    const csrf = await agent.csrfOf('/staff/cases/ACC-STAFF-R-1');
    const done = await agent.post('/staff/cases/ACC-STAFF-R-1/resume', {
      csrf,
      note: 'Checked with the debtor',
    });
    expect(done.status).toBe(303);
    const after = await eventually('the same execution to go on', async () => {
      const states = await runtime().transitions('ACC-STAFF-R-case-1');
      const rest = states.slice(states.indexOf(PERSON_STATE) + 1);
      return rest.includes('See whether we may write now') ? rest : undefined;
    });
    expect(after.slice(0, 2)).toEqual(['Act on the reply', 'Check the contact rules']);
    expect(
      (
        await runtime().sfn.send(
          new DescribeExecutionCommand({ executionArn: runtime().executionArn('ACC-STAFF-R-case-1') }),
        )
      ).status,
    ).toBe('RUNNING');
    const page = await (await agent.fetch('/staff/cases/ACC-STAFF-R-1')).text();
    expect(page).toContain('Resumed by a person (agent@collections.example)');
    expect(await (await agent.fetch('/staff/queues/handed-to-person')).text()).not.toContain('ACC-STAFF-R-1');
    await runtime().sqs.drained();
    // Nothing was sent to a debtor who stopped the emails.
    expect(await runtime().emailsTo('staff-resume@example.com')).toHaveLength(1);
  }, 40_000);
});

describe('a supervisor refers a case to the agency', () => {
  it('an opted-out case waiting for a person: the same execution re-checks and places it', async () => {
    const link = await runtime().caseWithReminder('ACC-STAFF-AG', 'staff-agency@example.com');
    await confirmation(await submitForm(link, 'stop-emails', { confirm: 'yes' }));
    await runtime().waitForPerson('ACC-STAFF-AG-case-1');
    const supervisor = await signedIn('supervisor');
    const csrf = await supervisor.csrfOf('/staff/cases/ACC-STAFF-AG-1');
    expect((await supervisor.post('/staff/cases/ACC-STAFF-AG-1/refer', { csrf })).status).toBe(303);
    // Placed, the same execution waits for the agency's report (issue 14).
    const states = await eventually(
      'the workflow waiting for the agency',
      async () => {
        const entered = await runtime().transitions('ACC-STAFF-AG-case-1');
        return entered.at(-1) === 'Wait while the agency works the case' ? entered : undefined;
      },
      10_000,
    );
    expect(states.slice(states.indexOf(PERSON_STATE))).toEqual([
      PERSON_STATE,
      'Act on the reply',
      'Check for signs of hardship before referral',
      'Act on the reply',
      'Refer to collection agency',
      'See whether the agency took the case',
      'Wait while the agency works the case',
    ]);
    expect(runtime().resolutions('ACC-STAFF-AG-1')).toEqual(['placed']);
  }, 40_000);

  it('a case with an open dispute is not referred: the blocker is named and nothing changes', async () => {
    const caseId = await disputedCase('ACC-STAFF-AGD', 'staff-agency-d@example.com');
    const supervisor = await signedIn('supervisor');
    const csrf = await supervisor.csrfOf(`/staff/cases/${caseId}`);
    const response = await supervisor.post(`/staff/cases/${caseId}/refer`, { csrf });
    expect(response.status).toBe(409);
    expect(await response.text()).toContain('a dispute is open');
    expect(runtime().resolutions(caseId)).toEqual([]);
  }, 30_000);
});

describe('contact details corrected', () => {
  it('a case handed over for a bounced address resumes with the corrected one: the reminder goes there', async () => {
    await runtime().caseWithReminder('ACC-STAFF-E', 'bounce+details@simulator.amazonses.com');
    await runtime().waitForPerson('ACC-STAFF-E-case-1', 15_000);
    const agent = await signedIn('agent');
    const csrf = await agent.csrfOf('/staff/cases/ACC-STAFF-E-1');
    const bad = await agent.post('/staff/cases/ACC-STAFF-E-1/contact-details', {
      csrf,
      email: 'not an address',
      locale: 'en-GB',
      timeZone: 'Mars/Olympus',
    });
    expect(bad.status).toBe(400);
    const again = await bad.text();
    expect(again).toContain('value="not an address"');
    expect(again).toContain('value="Mars/Olympus"');
    const done = await agent.post('/staff/cases/ACC-STAFF-E-1/contact-details', {
      csrf,
      email: 'staff-details@example.com',
      locale: 'en-GB',
      timeZone: 'Europe/London',
    });
    expect(done.status).toBe(303);
    const reminder = await runtime().emailWith('staff-details@example.com', /friendly reminder/i, 15_000);
    expect(reminder.subject).toMatch(/£100\.00/);
    const found = await (await agent.fetch('/staff/search?q=staff-details%40example.com')).text();
    expect(found).toContain('/staff/cases/ACC-STAFF-E-1');
    expect(await (await agent.fetch('/staff/queues/undeliverable')).text()).not.toContain('ACC-STAFF-E-1');
  }, 40_000);
});

describe('pause and resume by a person', () => {
  it('an agent pauses collection until a date, then resumes it: the same execution waits and goes on', async () => {
    await runtime().caseWithReminder('ACC-STAFF-PZ', 'staff-pause@example.com');
    const agent = await signedIn('agent');
    const csrf = await agent.csrfOf('/staff/cases/ACC-STAFF-PZ-1');
    const bad = await agent.post('/staff/cases/ACC-STAFF-PZ-1/pause', {
      csrf,
      until: '2020-01-01',
      note: 'kept',
    });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('value="2020-01-01"');
    const until = new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10);
    expect((await agent.post('/staff/cases/ACC-STAFF-PZ-1/pause', { csrf, until })).status).toBe(303);
    await eventually('the pause', async () =>
      (await runtime().transitions('ACC-STAFF-PZ-case-1')).includes('Pause collection and wait'),
    );
    const csrfAgain = await agent.csrfOf('/staff/cases/ACC-STAFF-PZ-1');
    expect((await agent.post('/staff/cases/ACC-STAFF-PZ-1/resume', { csrf: csrfAgain })).status).toBe(303);
    const after = await eventually('the execution to go on', async () => {
      const states = await runtime().transitions('ACC-STAFF-PZ-case-1');
      const rest = states.slice(states.lastIndexOf('Pause collection and wait') + 1);
      return rest.includes('Check the contact rules') ? rest : undefined;
    });
    expect(after[0]).toBe('Act on the reply');
    const page = await (await agent.fetch('/staff/cases/ACC-STAFF-PZ-1')).text();
    expect(page).toContain('Collection paused by a person (agent@collections.example)');
    expect(page).toContain('Resumed by a person (agent@collections.example)');
  }, 40_000);
});

describe('dispute documents', () => {
  it('are listed on the case page and open through a short-lived presigned link', async () => {
    const link = await runtime().caseWithReminder('ACC-STAFF-DOC', 'staff-doc@example.com');
    await confirmation(await submitForm(link, 'dispute', { reason: 'already-paid' }));
    // The debtor adds a PDF as a browser does: the page's presigned POST, straight to the bucket.
    const page = await (await fetch(`${link}/documents`)).text();
    const [, action = '', body = ''] =
      /<form method="post" enctype="multipart\/form-data" action="([^"]+)">([\s\S]*?)<\/form>/.exec(page) ??
      [];
    const htmlText = (text: string) =>
      text.replaceAll('&quot;', '"').replaceAll('&#39;', "'").replaceAll('&amp;', '&');
    const form = new FormData();
    for (const [, name = '', value = ''] of body.matchAll(
      /<input type="hidden" name="([^"]+)" value="([^"]*)">/g,
    ))
      form.append(htmlText(name), htmlText(value));
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
    form.append('file', new Blob([pdf], { type: 'application/pdf' }), 'receipt.pdf');
    let response = await fetch(htmlText(action), { method: 'POST', body: form, redirect: 'manual' });
    while (response.status === 303)
      response = await fetch(new URL(response.headers.get('location') ?? '', response.url), {
        redirect: 'manual',
      });
    expect(response.status).toBe(200);

    const viewer = await signedIn('viewer');
    const casePage = await (await viewer.fetch('/staff/cases/ACC-STAFF-DOC-1')).text();
    const href = /href="(\/staff\/cases\/ACC-STAFF-DOC-1\/documents\/[^"]+)"/.exec(casePage)?.[1] ?? '';
    expect(href).not.toBe('');
    const redirect = await viewer.fetch(href);
    expect(redirect.status).toBe(303);
    const presigned = new URL(redirect.headers.get('location') ?? '');
    expect(presigned.origin).toBe(runtime().endpoints.s3);
    expect(presigned.searchParams.get('X-Amz-Expires')).toBe('300');
    const file = await fetch(presigned);
    expect(file.status).toBe(200);
    expect(Buffer.from(await file.arrayBuffer())).toStrictEqual(pdf);
    // Not without a session.
    expect((await fetch(new URL(href, origin()), { redirect: 'manual' })).headers.get('location')).toBe(
      '/staff/sign-in',
    );
  }, 30_000);
});

describe('actions', () => {
  it('an agent decides a dispute (rejected, with a note the debtor reads in the outcome email)', async () => {
    const caseId = await disputedCase('ACC-STAFF-D', 'staff-dispute@example.com');
    const agent = await signedIn('agent');
    const csrf = await agent.csrfOf(`/staff/cases/${caseId}`);
    const response = await agent.post(`/staff/cases/${caseId}/resolve-dispute`, {
      csrf,
      outcome: 'rejected',
      creditAmount: '',
      note: 'Both charges were for separate orders.',
    });
    expect(response.status).toBe(303);
    const page = await (await agent.fetch(response.headers.get('location') ?? '')).text();
    expect(page).toContain('Done: it is on the timeline.');
    expect(page).toContain('agent@collections.example');
    const queue = await (await agent.fetch('/staff/queues/disputes')).text();
    expect(queue).not.toContain(caseId);
    const email = await runtime().emailWith('staff-dispute@example.com', /The outcome of your query/, 20_000);
    expect(email.body.text).toContain('Both charges were for separate orders.');
  }, 40_000);

  it('upheld in part credits the amount typed in major units', async () => {
    const caseId = await disputedCase('ACC-STAFF-P', 'staff-part@example.com');
    const agent = await signedIn('agent');
    const csrf = await agent.csrfOf(`/staff/cases/${caseId}`);
    const bad = await agent.post(`/staff/cases/${caseId}/resolve-dispute`, {
      csrf,
      outcome: 'upheld-in-part',
      creditAmount: '40,00',
      note: 'kept',
    });
    expect(bad.status).toBe(400);
    const again = await bad.text();
    expect(again).toContain('value="40,00"');
    expect(again).toContain('aria-invalid="true"');
    const response = await agent.post(`/staff/cases/${caseId}/resolve-dispute`, {
      csrf,
      outcome: 'upheld-in-part',
      creditAmount: '40.00',
      note: 'One item was never delivered.',
    });
    expect(response.status).toBe(303);
    const page = await (await agent.fetch(`/staff/cases/${caseId}`)).text();
    expect(page).toContain('£60.00');
  }, 40_000);

  it('logs a call and adds an internal note, which the debtor’s History never shows', async () => {
    const link = await runtime().caseWithReminder('ACC-STAFF-N', 'staff-note@example.com');
    const caseId = 'ACC-STAFF-N-1';
    const agent = await signedIn('agent');
    let csrf = await agent.csrfOf(`/staff/cases/${caseId}`);
    expect(
      (await agent.post(`/staff/cases/${caseId}/note`, { csrf, note: 'Sounds worried about money' })).status,
    ).toBe(303);
    csrf = await agent.csrfOf(`/staff/cases/${caseId}`);
    expect(
      (
        await agent.post(`/staff/cases/${caseId}/log-call`, {
          csrf,
          reached: 'yes',
          outcome: 'no-agreement',
          note: 'Will call back',
        })
      ).status,
    ).toBe(303);
    const page = await (await agent.fetch(`/staff/cases/${caseId}`)).text();
    expect(page).toContain('Sounds worried about money');
    expect(page).toContain('Reached the debtor');
    const history = await (await fetch(`${link}/history`)).text();
    expect(history).not.toContain('Sounds worried about money');
    // The reached call is a contact in the weekly cap: it is in the debtor's ledger beside the reminder.
    const { dynamoContactRecords } = await import('../../functions/adapters/dynamodb/contact-records.ts');
    const ledger = await dynamoContactRecords(runtime().endpoints.tableName).contactLedger(
      'staff-note@example.com',
    );
    expect(ledger.sends.map((send) => send.messageKey)).toEqual([
      'friendly-0',
      expect.stringMatching(/^call-/),
    ]);
  }, 30_000);

  it('refuses a viewer’s action with a 403 page and changes nothing; refuses a forged CSRF token', async () => {
    await runtime().caseWithReminder('ACC-STAFF-V', 'staff-viewer@example.com');
    const caseId = 'ACC-STAFF-V-1';
    const viewer = await signedIn('viewer');
    const csrf = await viewer.csrfOf(`/staff/cases/${caseId}`);
    const refused = await viewer.post(`/staff/cases/${caseId}/note`, { csrf, note: 'viewer note' });
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain('Your role does not allow this action');
    const agent = await signedIn('agent');
    const forged = await agent.post(`/staff/cases/${caseId}/note`, { csrf, note: 'cross-site note' });
    expect(forged.status).toBe(403);
    const page = await (await agent.fetch(`/staff/cases/${caseId}`)).text();
    expect(page).not.toContain('viewer note');
    expect(page).not.toContain('cross-site note');
  }, 30_000);
});
