import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { agencyReferralBlockers } from '../../functions/domain/agency.ts';
import type { CaseRecord } from '../../functions/domain/case.ts';
import {
  applyChange,
  pauseCollection,
  resolveDispute,
  resumeCollection,
} from '../../functions/domain/case-updates.ts';
import { actionUnavailable } from '../../functions/domain/debtor-actions.ts';
import { policyFor } from '../../functions/domain/policy.ts';
import {
  correctContactDetails,
  decideDispute,
  loggedCall,
  may,
  parseMajorAmount,
  referNow,
  roleOf,
  type StaffMember,
  staffPause,
  staffResume,
  writeOff,
} from '../../functions/domain/staff.ts';
import { historyText } from '../../functions/portal/history.ts';
import { takeStaffAction } from '../../functions/use-cases/staff-action.ts';
import { inMemoryCases, inMemoryContactRecords, recordingWorkflow } from '../support/in-memory-ports.ts';

const gbp = (amount: number) => ({ amount, currency: 'GBP' });
const agent: StaffMember = { subject: 'a-1', email: 'agent@example.com', role: 'agent' };
const viewer: StaffMember = { subject: 'v-1', email: 'viewer@example.com', role: 'viewer' };

const disputed: CaseRecord = {
  caseId: 'ACC-1-1',
  accountId: 'ACC-1',
  caseNumber: 1,
  status: 'open',
  rung: 'firm',
  balance: gbp(10_000),
  invoices: [{ invoiceId: 'INV-1', amountDue: gbp(10_000), dueDate: '2026-11-01' }],
  debtor: { name: 'Ana Ruiz', email: 'ana@example.com', locale: 'en', timeZone: 'UTC', segment: 'consumer' },
  openedAt: '2026-11-05T10:00:00.000Z',
  dispute: { disputeId: 'd-1', reason: 'wrong-amount', openedAt: '2026-11-20T10:00:00.000Z', status: 'open' },
  pause: { reason: 'dispute', until: '2026-12-04', since: '2026-11-20T10:00:00.000Z' },
  callback: { phone: '+44 7700 900123', preferredTime: 'morning', requestedAt: '2026-11-20T10:00:00.000Z' },
  executionName: 'ACC-1-case-1',
  taskToken: 'token-dispute',
  version: 4,
};

describe('roles', () => {
  it('takes the highest role of the staff groups, and none for no staff group', () => {
    expect(roleOf(['viewers', 'agents'])).toBe('agent');
    expect(roleOf(['supervisors', 'viewers'])).toBe('supervisor');
    expect(roleOf(['viewers'])).toBe('viewer');
    expect(roleOf(['admins', 'constructor', '__proto__'])).toBeUndefined();
    expect(roleOf([])).toBeUndefined();
  });

  it('viewers read; agents and supervisors act', () => {
    for (const action of ['note', 'log-call', 'resolve-dispute'] as const) {
      expect(may('viewer', action)).toBe(false);
      expect(may('agent', action)).toBe(true);
      expect(may('supervisor', action)).toBe(true);
    }
  });
});

describe('an amount as a person types it', () => {
  it.each([
    ['40.00', 'GBP', 4000],
    ['40', 'GBP', 4000],
    ['40.5', 'GBP', 4050],
    [' 0.01 ', 'EUR', 1],
    ['1500', 'JPY', 1500],
  ])('%s %s is %i minor units', (text, currency, amount) => {
    expect(parseMajorAmount(text, currency)).toStrictEqual({ amount, currency });
  });

  it.each([['40,00'], ['-40'], ['40.001'], ['4e3'], [''], ['£40'], ['1.5 JPY']])('refuses %s', (text) => {
    expect(parseMajorAmount(text, 'GBP')).toBeUndefined();
    expect(parseMajorAmount('1.5', 'JPY')).toBeUndefined();
  });
});

describe('a dispute decided by staff', () => {
  it('upheld credits the whole balance and takes the case out of the disputes queue', () => {
    const change = decideDispute(disputed, { outcome: 'upheld', note: 'Our mistake', by: agent }, 'r-1');
    expect(change).toMatchObject({
      set: { balance: gbp(0), dispute: { status: 'upheld', resolutionNote: 'Our mistake' } },
      reply: { id: 'r-1', outcome: 'credited', reason: 'dispute-upheld' },
      queues: { leave: ['disputes'] },
      timeline: {
        type: 'DisputeResolved',
        data: { outcome: 'upheld', by: 'agent@example.com', role: 'agent' },
      },
    });
  });

  it('rejected resumes the ladder with the explanation for the outcome email', () => {
    const change = decideDispute(disputed, { outcome: 'rejected', note: 'Two orders', by: agent }, 'r-2');
    expect(change).toMatchObject({
      set: {
        noticeOnResume: 'disputeRejected',
        dispute: { status: 'rejected', resolutionNote: 'Two orders' },
      },
      reply: { outcome: 'resume', step: 'firm', because: 'dispute-rejected' },
    });
  });

  it('upheld in part lowers the balance and resumes for the rest; a credit of it all is an upheld dispute', () => {
    const part = decideDispute(disputed, { outcome: 'upheld-in-part', credit: gbp(4000), by: agent }, 'r-3');
    expect(part).toMatchObject({
      set: { balance: gbp(6000), dispute: { status: 'upheld' } },
      reply: { outcome: 'resume' },
      timeline: { data: { outcome: 'upheld-in-part', credit: gbp(4000), balance: gbp(6000) } },
    });
    expect(part?.set?.noticeOnResume).toBeUndefined();
    const all = decideDispute(disputed, { outcome: 'upheld-in-part', credit: gbp(10_000), by: agent }, 'r-4');
    expect(all?.reply).toMatchObject({ outcome: 'credited' });
  });

  it('changes nothing when no dispute is open', () => {
    const { dispute: _dispute, ...undisputed } = disputed;
    expect(decideDispute(undisputed as CaseRecord, { outcome: 'upheld', by: agent }, 'r-5')).toBeUndefined();
  });
});

describe('a call logged', () => {
  it('answers the callback request: the case leaves the callbacks queue', () => {
    const change = loggedCall(disputed, { by: agent, reached: true, outcome: 'no-agreement', callId: 'c-1' });
    expect(change).toMatchObject({
      remove: ['callback'],
      queues: { leave: ['callbacks'] },
      timeline: {
        type: 'CallLogged',
        data: { reached: true, outcome: 'no-agreement', by: 'agent@example.com' },
      },
    });
  });
});

/** The use case's ports over the in-memory store: the case, its replies, the debtor's ledger. */
function portsOver(cases: ReturnType<typeof inMemoryCases>, staleTokens: string[] = []) {
  const { workflow, answers } = recordingWorkflow(staleTokens);
  const contacts = inMemoryContactRecords(cases);
  return {
    ports: { store: cases.store, workflow, contacts: contacts.records, daySeconds: 86_400 },
    answers,
    contacts,
  };
}

describe('takeStaffAction', () => {
  it('refuses a viewer and changes nothing', async () => {
    const cases = inMemoryCases();
    cases.put(disputed);
    const { ports, answers } = portsOver(cases);
    const result = await takeStaffAction('ACC-1-1', { action: 'note', note: 'hello' }, viewer, ports);
    expect(result).toStrictEqual({ outcome: 'forbidden' });
    expect(cases.timeline).toEqual([]);
    expect(answers).toEqual([]);
    expect((await cases.store.getCase('ACC-1-1'))?.version).toBe(4);
  });

  it('records a dispute decision with who and when, and answers the waiting state', async () => {
    const cases = inMemoryCases();
    cases.put(disputed);
    const { ports, answers } = portsOver(cases);
    const at = new Date('2026-11-25T10:00:00Z');
    const result = await takeStaffAction(
      'ACC-1-1',
      { action: 'resolve-dispute', outcome: 'rejected', note: 'Two orders' },
      agent,
      ports,
      () => at,
    );
    expect(result.outcome).toBe('done');
    expect(cases.timeline).toEqual([
      expect.objectContaining({
        type: 'DisputeResolved',
        at: at.toISOString(),
        data: expect.objectContaining({ by: agent.email }),
      }),
    ]);
    expect(answers).toEqual([
      {
        taskToken: 'token-dispute',
        reply: expect.objectContaining({ outcome: 'resume', because: 'dispute-rejected' }),
      },
    ]);
  });

  it('is not applicable to a dispute decided already (twice submitted): nothing more is recorded', async () => {
    const cases = inMemoryCases();
    cases.put(disputed);
    const { ports } = portsOver(cases);
    await takeStaffAction('ACC-1-1', { action: 'resolve-dispute', outcome: 'upheld' }, agent, ports);
    const again = await takeStaffAction(
      'ACC-1-1',
      { action: 'resolve-dispute', outcome: 'rejected' },
      agent,
      ports,
    );
    expect(again.outcome).toBe('not-applicable');
    expect(cases.timeline.filter((entry) => entry.type === 'DisputeResolved')).toHaveLength(1);
  });
});

describe('a call logged through the use case', () => {
  it('a reached call is a contact: it goes in the debtor’s ledger with the CallLogged entry', async () => {
    const cases = inMemoryCases();
    cases.put(disputed);
    const { ports, contacts } = portsOver(cases);
    const at = new Date('2026-11-25T10:00:00Z');
    const result = await takeStaffAction(
      'ACC-1-1',
      { action: 'log-call', reached: true, outcome: 'promise', note: 'Pays Friday' },
      agent,
      ports,
      () => at,
    );
    expect(result.outcome).toBe('done');
    const ledger = await contacts.records.contactLedger('ana@example.com');
    expect(ledger.sends).toEqual([
      { at: at.toISOString(), caseId: 'ACC-1-1', messageKey: expect.stringMatching(/^call-/) },
    ]);
    expect(cases.timeline.map((entry) => entry.type)).toEqual(['CallLogged']);
    expect((await cases.store.getCase('ACC-1-1'))?.callback).toBeUndefined();
  });

  it('a call that did not reach the debtor is no contact: the ledger stays as it was', async () => {
    const cases = inMemoryCases();
    cases.put(disputed);
    const { ports, contacts } = portsOver(cases);
    await takeStaffAction(
      'ACC-1-1',
      { action: 'log-call', reached: false, outcome: 'voicemail' },
      agent,
      ports,
    );
    expect((await contacts.records.contactLedger('ana@example.com')).sends).toEqual([]);
    expect(cases.timeline.map((entry) => entry.type)).toEqual(['CallLogged']);
  });
});

describe('a case waiting for a person', () => {
  const held: CaseRecord = {
    ...disputed,
    status: 'held-for-person',
    taskToken: 'token-person',
    waitingState: 'Wait for a person to act (opted-out)',
  };
  const supervisor: StaffMember = { subject: 's-1', email: 'sup@example.com', role: 'supervisor' };

  it('resumed by an agent: open again, the workflow told to go on from its rung', async () => {
    const cases = inMemoryCases();
    cases.put(held);
    const { ports, answers } = portsOver(cases);
    const result = await takeStaffAction('ACC-1-1', { action: 'resume' }, agent, ports);
    expect(result.outcome).toBe('done');
    expect((await cases.store.getCase('ACC-1-1'))?.status).toBe('open');
    expect(answers).toEqual([
      {
        taskToken: 'token-person',
        reply: expect.objectContaining({ outcome: 'resume', step: 'firm', because: 'staff-resumed' }),
      },
    ]);
  });

  it('not resumable when no workflow waits for a person (a held referral ended its execution)', async () => {
    const cases = inMemoryCases();
    const { taskToken: _token, waitingState: _state, ...ended } = held;
    cases.put(ended);
    const { ports, answers } = portsOver(cases);
    expect((await takeStaffAction('ACC-1-1', { action: 'resume' }, agent, ports)).outcome).toBe(
      'not-applicable',
    );
    expect(answers).toEqual([]);
  });

  it('written off by a supervisor only: the workflow told credited (written-off); an agent changes nothing', async () => {
    const cases = inMemoryCases();
    cases.put(held);
    const { ports, answers } = portsOver(cases);
    expect((await takeStaffAction('ACC-1-1', { action: 'write-off' }, agent, ports)).outcome).toBe(
      'forbidden',
    );
    expect(answers).toEqual([]);
    const result = await takeStaffAction(
      'ACC-1-1',
      { action: 'write-off', note: 'Deceased' },
      supervisor,
      ports,
    );
    expect(result.outcome).toBe('done');
    expect(await cases.store.getCase('ACC-1-1')).toMatchObject({
      writtenOff: { by: 'sup@example.com', note: 'Deceased' },
    });
    expect(answers).toEqual([
      {
        taskToken: 'token-person',
        reply: expect.objectContaining({ outcome: 'credited', reason: 'written-off' }),
      },
    ]);
    expect(cases.timeline.map((entry) => entry.type)).toEqual(['WrittenOff']);
  });

  it('referred by a supervisor when nothing blocks it (an opt-out does not: a person decides)', async () => {
    const cases = inMemoryCases();
    const { dispute: _dispute, pause: _pause, ...undisputed } = held;
    cases.put({ ...undisputed, optedOutAt: '2026-11-20T10:00:00Z' });
    const { ports, answers } = portsOver(cases);
    expect((await takeStaffAction('ACC-1-1', { action: 'refer' }, agent, ports)).outcome).toBe('forbidden');
    const result = await takeStaffAction('ACC-1-1', { action: 'refer' }, supervisor, ports);
    expect(result.outcome).toBe('done');
    expect(answers).toEqual([
      { taskToken: 'token-person', reply: expect.objectContaining({ outcome: 'resume', step: 'agency' }) },
    ]);
    const stored = await cases.store.getCase('ACC-1-1');
    expect(stored).toMatchObject({ status: 'open', referralApprovedBy: { by: 'sup@example.com' } });
    // A new turn: should the referral's checks hand it to a person again, that is a new hand-over.
    expect(stored?.cycle).toBe((held.cycle ?? 0) + 1);
    // The referral task checks every blocker again: an approved opt-out no longer stops it.
    expect(agencyReferralBlockers(stored as CaseRecord, policyFor('consumer'))).toEqual([]);
  });

  it('not referred while a blocker stands at that moment: each named, nothing changed', async () => {
    const cases = inMemoryCases();
    cases.put(held);
    const { ports, answers } = portsOver(cases);
    const result = await takeStaffAction('ACC-1-1', { action: 'refer' }, supervisor, ports);
    expect(result).toMatchObject({
      outcome: 'blocked',
      blockers: ['a dispute is open', expect.stringMatching(/dispute pause/)],
    });
    expect(answers).toEqual([]);
    expect(cases.timeline).toEqual([]);
    expect((await cases.store.getCase('ACC-1-1'))?.version).toBe(held.version);
  });

  it('corrected contact details resume a case handed over for a bounced address, and only such a case', () => {
    const bounced = { ...held, waitingState: 'Wait for a person to act (undeliverable)' };
    const details = { email: 'ana.ruiz@example.org', locale: 'es-ES', timeZone: 'Europe/Madrid' };
    const change = correctContactDetails(bounced, { by: agent, details }, 'r');
    expect(change).toMatchObject({
      set: { status: 'open', debtor: { ...held.debtor, ...details }, timeZoneKnown: true },
      reply: { outcome: 'resume', step: 'firm', because: 'staff-resumed' },
      debtorEmail: 'ana.ruiz@example.org',
      queues: { leave: expect.arrayContaining(['undeliverable']) },
    });
    // An opted-out debtor's new address does not resume anything: they stopped the emails.
    const optedOut = correctContactDetails(held, { by: agent, details }, 'r');
    expect(optedOut?.reply).toBeUndefined();
    expect(optedOut?.set?.status).toBeUndefined();
    // The same details again change nothing.
    expect(
      correctContactDetails(
        { ...held, debtor: { ...held.debtor, ...details }, timeZoneKnown: true },
        { by: agent, details },
        'r',
      ),
    ).toBeUndefined();
  });

  it('paused by a person until a date 1 to 60 days ahead, and resumed by a person', () => {
    const { dispute: _dispute, pause: _pause, callback: _callback, ...open } = disputed;
    const now = new Date('2026-11-25T10:00:00Z');
    expect(staffPause(open, { by: agent, until: '2026-11-25', now, daySeconds: 86_400 }, 'r')).toBe(
      'bad-date',
    );
    expect(staffPause(open, { by: agent, until: '2027-03-01', now, daySeconds: 86_400 }, 'r')).toBe(
      'bad-date',
    );
    expect(staffPause(open, { by: agent, until: 'soon', now, daySeconds: 86_400 }, 'r')).toBe('bad-date');
    const paused = staffPause(open, { by: agent, until: '2026-11-30', now, daySeconds: 86_400 }, 'r');
    expect(paused).toMatchObject({
      set: { pause: { reason: 'staff', until: '2026-11-30' } },
      reply: { outcome: 'paused', reason: 'staff', until: '2026-11-30', pauseSeconds: 6 * 86_400 },
      timeline: { type: 'StaffPaused', data: { until: '2026-11-30', by: agent.email } },
    });
    // Not over another pause, a legal pause or an open dispute.
    expect(
      staffPause(disputed, { by: agent, until: '2026-11-30', now, daySeconds: 86_400 }, 'r'),
    ).toBeUndefined();
    const resumed = staffResume(
      { ...open, pause: { reason: 'staff', until: '2026-11-30', since: now.toISOString() } },
      { by: agent },
      'r2',
    );
    expect(resumed).toMatchObject({
      remove: ['pause'],
      reply: { outcome: 'resume', step: 'firm', because: 'staff-resumed' },
    });
    // A pause the debtor asked for (a promise) is not a person's to end.
    expect(
      staffResume(
        { ...open, pause: { reason: 'promise', until: '2026-11-30', since: now.toISOString() } },
        { by: agent },
        'r3',
      ),
    ).toBeUndefined();
  });

  it('a write-off is terminal: once closed, nothing more may be written off or resumed', () => {
    const closed = { ...held, status: 'written-off' as const };
    expect(writeOff(closed, { by: supervisor, at: '2026-11-25T10:00:00Z' }, 'r')).toBeUndefined();
    expect(staffResume(closed, { by: agent }, 'r')).toBeUndefined();
  });

  it('a case written off but not yet closed by its workflow takes no other change meanwhile', () => {
    // The lives found it: a breathing-space pause that came between a write-off and its workflow's
    // close replaced the write-off's reply, and the case carried on, open.
    const change = writeOff(disputed, { by: supervisor, at: '2026-11-25T10:00:00Z' }, 'w');
    if (!change) throw new Error('no write-off');
    const closing = applyChange(disputed, change);
    expect(closing.status).toBe('open');
    expect(closing.pendingReply).toMatchObject({ outcome: 'credited', reason: 'written-off' });
    const now = new Date('2026-11-25T11:00:00Z');
    const context = { now, daySeconds: 86_400, replyId: 'r', openEndedDays: 365 };
    const undisputed = { ...closing, dispute: undefined, pause: undefined };
    expect(pauseCollection(undisputed, { reason: 'breathing-space' }, context)).toBeUndefined();
    expect(
      resumeCollection(
        { ...closing, legalPause: { reason: 'breathing-space', since: now.toISOString() } },
        context,
      ),
    ).toBeUndefined();
    expect(resolveDispute(closing, { outcome: 'rejected' }, 'r')).toBeUndefined();
    expect(
      staffPause(undisputed, { by: agent, until: '2026-11-30', now, daySeconds: 86_400 }, 'r'),
    ).toBeUndefined();
    expect(
      staffResume(
        { ...closing, pause: { reason: 'staff', until: '2026-11-30', since: now.toISOString() } },
        { by: agent },
        'r',
      ),
    ).toBeUndefined();
    expect(
      referNow(undisputed, { by: supervisor, at: now.toISOString(), policy: policyFor('consumer') }, 'r'),
    ).toBeUndefined();
    for (const action of ['promise', 'plan', 'callback', 'hardship', 'dispute', 'stop-emails'] as const)
      expect(actionUnavailable(undisputed, action)).toBe('case-closed');
  });
});

describe('transparency: the staff’s actions in the debtor’s History', () => {
  it('tells a call and a decision in plain words, never an internal note or a call’s notes', () => {
    const at = '2026-11-25T10:00:00Z';
    const line = (type: string, data: Record<string, unknown>, locale = 'en-GB') =>
      historyText({ type, at, data }, locale, 'Europe/London');
    expect(line('InternalNote', { note: 'Sounds worried', by: 'agent@example.com' })).toBeUndefined();
    const call = line('CallLogged', {
      reached: true,
      outcome: 'no-agreement',
      note: 'Rude',
      by: 'a@example.com',
    });
    expect(call).toBe('We spoke to you on the phone.');
    expect(line('CallLogged', { reached: false, outcome: 'voicemail' })).toBe(
      'We tried to call you but could not reach you.',
    );
    expect(line('CallLogged', { reached: true }, 'es-ES')).toBe('Hablamos con usted por teléfono.');
    expect(
      line('DisputeResolved', { outcome: 'upheld-in-part', credit: gbp(4000), by: 'a@example.com' }),
    ).toBe('Your dispute was upheld in part: we credited £40.00; the rest is still due.');
    expect(line('DisputeResolved', { outcome: 'rejected', by: 'a@example.com' })).toBe(
      'Your dispute was reviewed and not upheld.',
    );
    expect(line('CaseResolved', { resolution: 'written-off' })).toBe(
      'We closed your account: you owe nothing more on it.',
    );
    for (const text of [call, line('StaffResumed', { by: 'a@example.com' })]) expect(text).not.toContain('@');
  });
});

describe('the first sign-in to a pool that requires TOTP (MFA_SETUP), over Cognito’s JSON API', () => {
  afterEach(() => vi.unstubAllGlobals());

  function cognitoAnswering(answers: Record<string, { status?: number; body: object }>) {
    const calls: { target: string; body: Record<string, unknown> }[] = [];
    vi.stubGlobal('fetch', async (_url: string, init: { headers: Record<string, string>; body: string }) => {
      const target = init.headers['x-amz-target']?.split('.').pop() ?? '';
      calls.push({ target, body: JSON.parse(init.body) });
      const answer = answers[target] ?? { status: 400, body: { __type: 'UnknownOperationException' } };
      return new Response(JSON.stringify(answer.body), { status: answer.status ?? 200 });
    });
    return calls;
  }

  it('associates the authenticator with the challenge’s session, verifies its first code, answers the challenge', async () => {
    const calls = cognitoAnswering({
      AssociateSoftwareToken: { body: { SecretCode: 'JBSWY3DPEHPK3PXP', Session: 's2' } },
      VerifySoftwareToken: { body: { Status: 'SUCCESS', Session: 's3' } },
      RespondToAuthChallenge: { body: { AuthenticationResult: { IdToken: 'id-token', ExpiresIn: 3600 } } },
    });
    const { cognitoStaffIdentity } = await import('../../functions/adapters/cognito/staff-identity.ts');
    const identity = cognitoStaffIdentity({
      issuer: 'https://cognito-idp.eu-west-2.amazonaws.com/eu-west-2_X',
      clientId: 'client',
    });
    expect(await identity.beginTotpSetup('s1')).toStrictEqual({ secret: 'JBSWY3DPEHPK3PXP', session: 's2' });
    expect(await identity.finishTotpSetup('agent@example.com', '123456', 's2')).toStrictEqual({
      outcome: 'signed-in',
      idToken: 'id-token',
      expiresInSeconds: 3600,
    });
    expect(calls).toEqual([
      { target: 'AssociateSoftwareToken', body: { Session: 's1' } },
      {
        target: 'VerifySoftwareToken',
        body: { Session: 's2', UserCode: '123456', FriendlyDeviceName: 'Collections console' },
      },
      {
        target: 'RespondToAuthChallenge',
        body: {
          ClientId: 'client',
          ChallengeName: 'MFA_SETUP',
          Session: 's3',
          ChallengeResponses: { USERNAME: 'agent@example.com' },
        },
      },
    ]);
  });

  it('a wrong first code is refused, and no challenge is answered', async () => {
    const calls = cognitoAnswering({
      VerifySoftwareToken: {
        status: 400,
        body: { __type: 'com.amazonaws#CodeMismatchException', message: 'Invalid code' },
      },
    });
    const { cognitoStaffIdentity } = await import('../../functions/adapters/cognito/staff-identity.ts');
    const identity = cognitoStaffIdentity({
      issuer: 'https://cognito-idp.eu-west-2.amazonaws.com/eu-west-2_X',
      clientId: 'client',
    });
    expect(await identity.finishTotpSetup('agent@example.com', '000000', 's2')).toStrictEqual({
      outcome: 'refused',
    });
    expect(calls.map((call) => call.target)).toEqual(['VerifySoftwareToken']);
  });

  it('the setup page shows the key to add, escaped, with the code field', async () => {
    const { signInPage } = await import('../../functions/staff/pages.ts');
    const page = signInPage(
      { language: 'en', csrf: 't', currentPath: '/staff/sign-in' },
      {
        email: 'a@example.com',
        totp: true,
        setup: { secret: 'JBSWY3DP<b>', uri: 'otpauth://totp/x?secret=JBSWY3DP' },
      },
    );
    expect(page).toContain('Set up your authenticator');
    expect(page).toContain('JBSWY3DP&lt;b&gt;');
    expect(page).toContain('name="code"');
  });
});

describe('download links without the S3 client', () => {
  const saved = { ...process.env };
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-11-25T10:00:00Z'));
    Object.assign(process.env, {
      AWS_REGION: 'eu-west-2',
      AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
    });
    delete process.env.AWS_ENDPOINT_URL_S3;
    delete process.env.AWS_SESSION_TOKEN;
  });
  afterEach(() => {
    vi.useRealTimers();
    process.env = saved;
  });

  it.each([
    ['in AWS (virtual-hosted)', undefined],
    ['on a local endpoint (path style)', 'http://127.0.0.1:4569'],
  ])('sign exactly what the SDK presigner signs, %s', async (_, endpoint) => {
    if (endpoint) process.env.AWS_ENDPOINT_URL_S3 = endpoint;
    const { s3DownloadLinks } = await import('../../functions/adapters/s3/download-link.ts');
    const key = 'disputes/ACC-1-1/3f2a9c1e';
    const name = 'Document 1 (PDF).pdf';
    const ours = new URL(await s3DownloadLinks('collections-documents').downloadUrl(key, name));
    const client = new S3Client({
      region: 'eu-west-2',
      credentials: {
        accessKeyId: 'AKIDEXAMPLE',
        secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
      },
      ...(endpoint ? { endpoint, forcePathStyle: true } : {}),
      // The console's link asks for no checksum of the download (the SDK's default adds the mode).
      responseChecksumValidation: 'WHEN_REQUIRED',
      requestChecksumCalculation: 'WHEN_REQUIRED',
    });
    const theirs = new URL(
      await getSignedUrl(
        client,
        new GetObjectCommand({
          Bucket: 'collections-documents',
          Key: key,
          ResponseContentDisposition: `attachment; filename="${name}"`,
        }),
        { expiresIn: 300 },
      ),
    );
    expect(`${ours.origin}${ours.pathname}`).toBe(`${theirs.origin}${theirs.pathname}`);
    const params = (url: URL) => Object.fromEntries(url.searchParams);
    expect(params(ours)).toStrictEqual(params(theirs));
    expect(ours.searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
  });
});
