import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { eventually, rootDir } from '../support/local-runtime.ts';

const stateDir = mkdtempSync(path.join(tmpdir(), 'collections-start-'));
let child: ChildProcess | undefined;
afterAll(() => {
  child?.kill('SIGKILL');
  rmSync(stateDir, { recursive: true, force: true });
});

const accepts = (url: string) =>
  new Promise<boolean>((resolve) => {
    const { hostname, port } = new URL(url);
    const socket = connect(Number(port), hostname);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

describe('the start command (what `npm start` runs)', () => {
  it('starts everything, writes the endpoint map, fills the mailbox, and stops every child on SIGTERM', async () => {
    let output = '';
    child = spawn(
      process.execPath,
      ['--import', 'tsx', 'bin/start.ts', '--day-seconds', '0.5', '--state-dir', stateDir],
      { cwd: rootDir, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child.stdout?.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr?.on('data', (chunk) => {
      output += chunk;
    });
    const exited = new Promise<number | null>((resolve) => child?.once('exit', (code) => resolve(code)));

    const file = path.join(stateDir, 'endpoints.json');
    await eventually(
      'endpoints.json',
      async () => existsSync(file) && output.includes('Sent 4 sample'),
      45_000,
    );
    const endpoints = JSON.parse(readFileSync(file, 'utf8'));
    for (const key of [
      'eventbridge',
      'stepfunctions',
      'dynamodb',
      'ses',
      's3',
      'sns',
      'portal',
      'mailbox',
      'phone',
    ]) {
      expect(endpoints[key]).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(output).toContain(endpoints[key]);
    }
    // Issue 14's local contract: the agency's base URL, and what it received as a JSON array.
    expect(endpoints.agency).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(output).toContain(endpoints.agency);
    expect(Array.isArray(await (await fetch(`${endpoints.agency}/placements`)).json())).toBe(true);
    // Issue 12's local contract, read by scripts outside the repository: the console's start page and
    // one demo member of staff per role, who can sign in with the form's fields email and password.
    expect(endpoints.staffConsole).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/staff$/);
    expect(output).toContain(endpoints.staffConsole);
    expect(
      (endpoints.staffUsers as { email: string; password: string; role: string }[])
        .map((user) => user.role)
        .sort(),
    ).toEqual(['agent', 'supervisor', 'viewer']);
    for (const user of endpoints.staffUsers as { email: string; password: string }[]) {
      expect(user.email).toMatch(/@/);
      expect(user.password.length).toBeGreaterThanOrEqual(12);
    }
    const start = await fetch(endpoints.staffConsole, { redirect: 'manual' });
    expect(start.status).toBe(303);
    const signInPage = await fetch(new URL(start.headers.get('location') ?? '', endpoints.staffConsole));
    const nonce = signInPage.headers
      .getSetCookie()
      .map((line) => line.split(';')[0])
      .join('; ');
    const csrf = /name="csrf" value="([^"]+)"/.exec(await signInPage.text())?.[1] ?? '';
    const agent = (endpoints.staffUsers as { email: string; password: string; role: string }[]).find(
      (user) => user.role === 'agent',
    );
    const signedIn = await fetch(new URL('/staff/sign-in', endpoints.staffConsole), {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: nonce },
      body: new URLSearchParams({
        csrf,
        email: agent?.email ?? '',
        password: agent?.password ?? '',
      }).toString(),
    });
    expect(signedIn.status).toBe(303);
    expect(signedIn.headers.get('location')).toBe('/staff');
    expect(endpoints).toMatchObject({
      eventBusName: 'collections',
      tableName: 'collections',
      stateMachineArn: expect.stringMatching(/^arn:aws:states:[^:]+:\d{12}:stateMachine:/),
    });

    const subjects = await eventually('the sample reminders', async () => {
      const store = (await (await fetch(`${endpoints.mailbox}/store`)).json()) as {
        emails: { subject: string }[];
      };
      return store.emails.length >= 3 && store.emails.map((email) => email.subject);
    });
    expect(subjects.map((subject) => subject.replace(/\s/g, ' '))).toContain(
      'Un recordatorio amable: tiene pendiente 84,00 €',
    );
    expect(await (await fetch(endpoints.mailbox)).text()).toMatch(/<html/i);
    // Issue 16's local contract: the phone's texts as JSON (each with to, body, at), and a reply.
    type Text = { to: string; body: string; at: string };
    const texts = await eventually('the Spanish sample’s texts', async () => {
      const all = (await (await fetch(`${endpoints.phone}/messages`)).json()) as Text[];
      const hers = all.filter((text) => text.to === '+34600100200');
      return hers.length >= 2 && hers;
    });
    for (const text of texts) expect(Object.keys(text)).toEqual(expect.arrayContaining(['to', 'body', 'at']));
    expect(texts.some((text) => /BAJA/.test(text.body))).toBe(true);
    const replied = await fetch(`${endpoints.phone}/reply`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ from: '+34600100200', body: 'STOP' }),
    });
    expect(replied.status).toBe(200);
    await eventually('the STOP confirmed by text', async () =>
      ((await (await fetch(`${endpoints.phone}/messages`)).json()) as Text[]).some((text) =>
        /no le enviaremos más mensajes/.test(text.body),
      ),
    );
    expect(await (await fetch(endpoints.phone)).text()).toMatch(/<html/i);

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    for (const key of ['dynamodb', 'stepfunctions', 'portal', 'mailbox', 'phone'])
      expect(await accepts(endpoints[key])).toBe(false);
    // The console's API and cognito-local stop with the rest.
    expect(await accepts(new URL(endpoints.staffConsole).origin)).toBe(false);
    expect(await accepts(endpoints.cognito.url)).toBe(false);
  }, 60_000);
});
