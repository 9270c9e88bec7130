import { describe, expect, it } from 'vitest';
import { CaseDetailType } from '../../functions/contract/events.ts';
import {
  BillingDetailType,
  eventually,
  overdueInvoice,
  PERSON_STATE,
  useTestRuntime,
} from '../support/local-runtime.ts';

/**
 * Referrals waiting for approval (issue 12), end to end on the local runtime: the enterprise policy
 * asks a supervisor to approve an automatic referral, so an unanswered ladder parks the case in the
 * referrals queue, its workflow waiting for a person; a supervisor's approval sends the same
 * execution on to the agency, a decline keeps the case with the team.
 */
const DAY_SECONDS = 0.15;
const runtime = useTestRuntime(DAY_SECONDS);
const origin = () => new URL(runtime().endpoints.staffConsole).origin;

class Session {
  readonly jar = new Map<string, string>();
  async fetch(path: string, init: RequestInit = {}): Promise<Response> {
    const response = await fetch(new URL(path, origin()), {
      ...init,
      redirect: 'manual',
      headers: {
        ...(init.headers as Record<string, string>),
        cookie: [...this.jar].map(([name, value]) => `${name}=${value}`).join('; '),
      },
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const at = pair.indexOf('=');
      if (/max-age=0/i.test(line)) this.jar.delete(pair.slice(0, at));
      else this.jar.set(pair.slice(0, at), pair.slice(at + 1));
    }
    return response;
  }
  post(path: string, fields: Record<string, string>) {
    return this.fetch(path, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
    });
  }
  async csrfOf(path: string) {
    return /name="csrf" value="([^"]+)"/.exec(await (await this.fetch(path)).text())?.[1] ?? '';
  }
}

async function signedIn(role: 'agent' | 'supervisor') {
  const user = runtime().endpoints.staffUsers.find((candidate) => candidate.role === role);
  const session = new Session();
  const csrf = await session.csrfOf('/staff/sign-in');
  expect(
    (await session.post('/staff/sign-in', { csrf, email: user?.email ?? '', password: user?.password ?? '' }))
      .status,
  ).toBe(303);
  return session;
}

/** An enterprise account nobody answers: its ladder ends at the referral, which asks for an approval. */
async function waitingForApproval(accountId: string) {
  const invoice = overdueInvoice({
    accountId,
    invoiceId: `${accountId}-INV`,
    email: `${accountId.toLowerCase()}@example.com`,
    amount: 90_000,
  });
  await runtime().putBillingEvent(BillingDetailType.invoiceOverdue, {
    ...invoice,
    debtor: { ...invoice.debtor, segment: 'enterprise' },
  });
  const states = await runtime().waitForPerson(`${accountId}-case-1`, 60_000);
  expect(states).toContain('Check for signs of hardship before referral');
  expect(states).not.toContain('Refer to collection agency');
  expect(states.at(-1)).toBe(PERSON_STATE);
  expect(runtime().eventsOf(CaseDetailType.manualFollowUpNeeded, `${accountId}-1`)).toEqual([
    expect.objectContaining({ reason: 'agency-referral-held' }),
  ]);
  return `${accountId}-1`;
}

describe('an enterprise referral waits for a supervisor', () => {
  it('is parked in the referrals queue; a supervisor approves it and the same execution places it', async () => {
    const caseId = await waitingForApproval('ENT-APPROVE');
    const supervisor = await signedIn('supervisor');
    expect(await (await supervisor.fetch('/staff/queues/referrals')).text()).toContain(caseId);
    const page = await (await supervisor.fetch(`/staff/cases/${caseId}`)).text();
    expect(page).toContain(`action="/staff/cases/${caseId}/decline-referral"`);
    // An agent may neither approve nor decline.
    const agent = await signedIn('agent');
    const agentCsrf = await agent.csrfOf(`/staff/cases/${caseId}`);
    expect((await agent.post(`/staff/cases/${caseId}/decline-referral`, { csrf: agentCsrf })).status).toBe(
      403,
    );

    const csrf = /name="csrf" value="([^"]+)"/.exec(page)?.[1] ?? '';
    const approved = await supervisor.post(`/staff/cases/${caseId}/refer`, { csrf });
    expect(approved.status).toBe(303);
    // Placed, the same execution waits for the agency's report (issue 14).
    await eventually(
      'the workflow waiting for the agency',
      async () =>
        (await runtime().transitions('ENT-APPROVE-case-1')).at(-1) === 'Wait while the agency works the case',
      20_000,
    );
    expect(runtime().resolutions(caseId)).toEqual(['placed']);
    expect(await (await supervisor.fetch('/staff/queues/referrals')).text()).not.toContain(caseId);
  }, 120_000);

  it('declined, it leaves the referrals queue and keeps waiting for a person, who may resume it', async () => {
    const caseId = await waitingForApproval('ENT-DECLINE');
    const supervisor = await signedIn('supervisor');
    const csrf = await supervisor.csrfOf(`/staff/cases/${caseId}`);
    const declined = await supervisor.post(`/staff/cases/${caseId}/decline-referral`, {
      csrf,
      note: 'Call them first',
    });
    expect(declined.status).toBe(303);
    expect(await (await supervisor.fetch('/staff/queues/referrals')).text()).not.toContain(caseId);
    await eventually('the case in the people’s queue', async () =>
      (await (await supervisor.fetch('/staff/queues/handed-to-person')).text()).includes(caseId),
    );
    const page = await (await supervisor.fetch(`/staff/cases/${caseId}`)).text();
    expect(page).toContain('Referral declined by a supervisor (');
    expect(page).not.toContain(`action="/staff/cases/${caseId}/decline-referral"`);
    expect(runtime().eventsOf(CaseDetailType.casePlacedWithAgency, caseId)).toEqual([]);
    // Still the same execution, waiting for a person.
    const states = await runtime().waitForPerson('ENT-DECLINE-case-1', 5000);
    expect(states.at(-1)).toBe(PERSON_STATE);
  }, 120_000);
});
