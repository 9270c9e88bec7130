import { describe, expect, it } from 'vitest';
import type { Agency } from '../../functions/contract/agency.ts';
import { AgencyReportSchema } from '../../functions/contract/agency.ts';
import { CaseForwardedToAgencyDetailSchema } from '../../functions/contract/case-events.ts';
import {
  agencyFor,
  agencyReferralBlockers,
  agencySignature,
  agencyToPlaceWith,
  forwardedAt,
  forwardFor,
  isWithAgency,
  mayPlaceAgain,
  nextPlacement,
  placedCaseChange,
  reportChange,
  verifyAgencySignature,
} from '../../functions/domain/agency.ts';
import { type CaseRecord, isActive } from '../../functions/domain/case.ts';
import { policyFor } from '../../functions/domain/policy.ts';
import { PERSON_WAIT_STATE } from '../../functions/domain/queues.ts';
import { referNow } from '../../functions/domain/staff.ts';
import { receiveAgencyReport } from '../../functions/use-cases/receive-agency-report.ts';
import { receiveCaseUpdate } from '../../functions/use-cases/receive-case-update.ts';
import { receivePayment } from '../../functions/use-cases/receive-payment.ts';
import { referToAgency } from '../../functions/use-cases/refer-to-agency.ts';
import {
  inMemoryCases,
  recordingFollowUps,
  recordingMail,
  recordingWorkflow,
} from '../support/in-memory-ports.ts';

const gbp = (amount: number) => ({ amount, currency: 'GBP' });
const now = new Date('2026-12-20T10:00:00Z');

const AGENCY: Agency = {
  agencyId: 'northwind',
  name: 'Northwind Recoveries',
  segments: ['consumer'],
  currencies: ['GBP'],
  termDays: 90,
  contact: { phone: '+44 20 7946 0123' },
  reportSecretArn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:northwind',
};

const PLACEMENT = { agencyId: 'northwind', placedAt: '2026-12-10T10:00:00Z', termDays: 90 };

const placed = (over: Partial<CaseRecord> = {}): CaseRecord => ({
  caseId: 'ACC-1-1',
  accountId: 'ACC-1',
  caseNumber: 1,
  status: 'placed',
  balance: gbp(10_000),
  invoices: [{ invoiceId: 'INV-1', amountDue: gbp(10_000), dueDate: '2026-10-01' }],
  debtor: {
    name: 'Ana Ruiz',
    email: 'ana@example.com',
    locale: 'en-GB',
    timeZone: 'Europe/London',
    segment: 'consumer',
  },
  openedAt: '2026-10-05T10:00:00Z',
  executionName: 'ACC-1-case-1',
  agency: PLACEMENT,
  version: 5,
  ...over,
});

const context = { now, daySeconds: 86_400, policy: policyFor('consumer') };

// The referral's preconditions, as before issue 14.
const policy = policyFor('consumer');
const open = { status: 'open' as const, balance: { amount: 10_000, currency: 'GBP' } };

describe('agency referral preconditions', () => {
  it('allows an open case above the minimum with nothing active', () => {
    expect(agencyReferralBlockers(open, policy)).toEqual([]);
  });

  it.each([
    [
      'below the minimum balance',
      { balance: { amount: 4_999, currency: 'GBP' } },
      /below the policy's minimum/,
    ],
    [
      'a dispute open',
      { dispute: { reason: 'other', openedAt: 'x', status: 'open' as const } },
      /dispute is open/,
    ],
    ['a legal pause', { legalPause: { reason: 'breathing-space', since: 'x' } }, /legally paused/],
    ['an opt-out', { optedOutAt: 'x' }, /opted out/],
    [
      'a promise running',
      { pause: { reason: 'promise' as const, until: '2026-12-01', since: 'x' } },
      /promise pause/,
    ],
    [
      'a hardship pause',
      { pause: { reason: 'hardship' as const, until: '2026-12-01', since: 'x' } },
      /hardship pause/,
    ],
    ['a closed case', { status: 'paid' as const }, /not open/],
  ])('refuses with %s', (_name, change, reason) => {
    const blockers = agencyReferralBlockers({ ...open, ...change }, policy);
    expect(blockers.join('; ')).toMatch(reason);
  });
});

describe('a placed case (issue 14)', () => {
  it('is still active (payments lower it) but not open; a recalled one is no longer with the agency', () => {
    expect(isActive('placed')).toBe(true);
    expect(isWithAgency(placed())).toBe(true);
    expect(isWithAgency(placed({ agency: { ...PLACEMENT, endedAt: now.toISOString() } }))).toBe(false);
    expect(isWithAgency({ status: 'open', agency: placed().agency })).toBe(false);
  });

  it('is not referred when no agency takes it, nor again once an agency had it (issue 14)', () => {
    const debtor = placed().debtor;
    const openCase = { ...open, debtor };
    expect(agencyReferralBlockers(openCase, policy, [AGENCY])).toEqual([]);
    expect(
      agencyReferralBlockers({ ...openCase, balance: { amount: 10_000, currency: 'EUR' } }, policy, [
        AGENCY,
      ]).join(),
    ).toMatch(/no agency takes consumer cases in EUR/);
    const returned = { ...PLACEMENT, endedAt: now.toISOString(), endReason: 'returned' as const };
    expect(agencyReferralBlockers({ ...openCase, agency: returned }, policy, [AGENCY]).join()).toMatch(
      /placed with northwind before \(returned\)/,
    );
  });

  it('goes to the first agency that takes its segment and currency', () => {
    expect(agencyFor(placed(), [AGENCY])?.agencyId).toBe('northwind');
    expect(agencyFor(placed({ balance: { amount: 1, currency: 'EUR' } }), [AGENCY])).toBeUndefined();
  });

  it('forwards nothing for a case not with an agency; a payment, or a recall when it pays in full or disputes', () => {
    expect(forwardFor({ status: 'open' }, { kind: 'payment', balanceAfter: gbp(5) })).toBeUndefined();
    expect(forwardFor(placed(), { kind: 'payment', balanceAfter: gbp(5), amount: gbp(9_995) })).toEqual({
      kind: 'payment',
      amount: gbp(9_995),
    });
    expect(
      forwardFor(placed(), { kind: 'payment', balanceAfter: gbp(0), amount: gbp(10_000) }),
    ).toMatchObject({
      kind: 'recall',
      reason: 'paid-in-full',
    });
    expect(forwardFor(placed(), { kind: 'dispute', balanceAfter: gbp(10_000) })).toEqual({
      kind: 'recall',
      reason: 'dispute',
    });
  });

  it('a dispute reopens the case and ends the placement; an opt-out keeps it with the agency and tells the workflow nothing', () => {
    const change = {
      set: { optedOutAt: now.toISOString() },
      reply: { id: 'r1', outcome: 'stopped' as const, reason: 'opted-out' as const },
      timeline: { type: 'EmailsStopped', entryId: 'stopped-r1', data: {} },
    };
    const optOut = placedCaseChange(placed(), change, 'opt-out', now.toISOString());
    expect(optOut.forward).toEqual({ kind: 'opt-out' });
    expect(optOut.change.reply).toBeUndefined();
    const dispute = placedCaseChange(
      placed(),
      {
        ...change,
        reply: { id: 'r2', outcome: 'paused', reason: 'dispute', until: '2027-01-03', pauseSeconds: 1 },
      },
      'dispute',
      now.toISOString(),
    );
    expect(dispute.forward).toEqual({ kind: 'recall', reason: 'dispute' });
    expect(dispute.change.set).toMatchObject({ status: 'open', agency: { endReason: 'dispute' } });
    expect(dispute.change.reply?.outcome).toBe('paused');
    // Not placed: unchanged, nothing forwarded.
    expect(placedCaseChange(placed({ status: 'open' }), change, 'opt-out', now.toISOString())).toEqual({
      change,
    });
  });
});

describe('placed again after the agency returned it (agency2)', () => {
  const returnedAt = '2026-12-15T10:00:00Z';
  const returned = { ...PLACEMENT, endedAt: returnedAt, endReason: 'returned' as const, reportIds: ['R1'] };
  const held = (over: Partial<CaseRecord> = {}) =>
    placed({ status: 'open', agency: returned, ...over }) as CaseRecord;
  const OTHER: Agency = { ...AGENCY, agencyId: 'fabrikam', name: 'Fabrikam Collect' };

  it('only by a supervisor’s approval given after the return, and only after a return', () => {
    const blockers = (record: CaseRecord) => agencyReferralBlockers(record, policy, [AGENCY]).join('; ');
    expect(blockers(held())).toMatch(/placed with northwind before \(returned\)/);
    // An approval of the first referral does not count: no automatic placement again.
    const before = { by: 'boss@example.com', at: '2026-12-01T10:00:00Z' };
    expect(blockers(held({ referralApprovedBy: before }))).toMatch(/placed with northwind before/);
    const after = { by: 'boss@example.com', at: now.toISOString() };
    expect(mayPlaceAgain(held({ referralApprovedBy: after }))).toBe(true);
    expect(blockers(held({ referralApprovedBy: after }))).toBe('');
    // Every other blocker still holds.
    expect(
      blockers(held({ referralApprovedBy: after, legalPause: { reason: 'breathing-space', since: 'x' } })),
    ).toMatch(/legally paused/);
    for (const endReason of ['recalled-by-staff', 'dispute', 'closed', 'term-ended', 'paid-in-full'] as const)
      expect(blockers(held({ referralApprovedBy: after, agency: { ...returned, endReason } }))).toMatch(
        /placed with northwind before/,
      );
  });

  it('a supervisor’s "refer" on the held case goes through the same blockers', () => {
    const supervisor = { email: 'boss@example.com', role: 'supervisor' as const, subject: 'boss' };
    const input = { by: supervisor, at: now.toISOString(), policy };
    const waiting = {
      status: 'held-for-person' as const,
      taskToken: 'token-1',
      waitingState: `${PERSON_WAIT_STATE} (agency-returned)`,
    };
    expect(referNow(held(waiting), input, 'r1')).toMatchObject({
      change: {
        reply: { outcome: 'resume', step: 'agency' },
        set: { referralApprovedBy: { at: now.toISOString() } },
      },
    });
    expect(referNow(held({ ...waiting, plan: {} as never }), input, 'r2')).toEqual({
      blockers: ['a payment plan is in good standing'],
    });
  });

  it('goes to another agency where one takes it, else the same one, as its next round', () => {
    expect(agencyToPlaceWith(held(), [AGENCY, OTHER])?.agencyId).toBe('fabrikam');
    expect(agencyToPlaceWith(held(), [AGENCY])?.agencyId).toBe('northwind');
    expect(agencyToPlaceWith(placed({ status: 'open', agency: undefined }), [AGENCY, OTHER])?.agencyId).toBe(
      'northwind',
    );
    expect(nextPlacement(held(), OTHER, now.toISOString())).toEqual({
      agencyId: 'fabrikam',
      placedAt: now.toISOString(),
      termDays: 90,
      round: 2,
    });
    // The same agency again: its earlier reports are still taken once.
    expect(nextPlacement(held(), AGENCY, now.toISOString())).toMatchObject({ round: 2, reportIds: ['R1'] });
    expect(nextPlacement(placed({ agency: undefined }), AGENCY, now.toISOString())).not.toHaveProperty(
      'round',
    );
  });

  it('the referral places it again: its file, its own timeline entry and email, the workflow waits again', async () => {
    const cases = inMemoryCases();
    const record = held({
      referralApprovedBy: { by: 'boss@example.com', at: new Date(Date.now() - 1000).toISOString() },
      agency: { ...returned, endedAt: new Date(Date.now() - 2000).toISOString() },
    });
    cases.put(record);
    await cases.store.recordAction(
      record,
      {},
      {
        type: 'EmailSent',
        at: '2026-11-08T10:00:00Z',
        entryId: 'email-friendly-0',
        data: { kind: 'friendly' },
      },
    );
    const { mail, sent } = recordingMail();
    const { events, published } = recordingFollowUps();
    const outcome = await referToAgency(
      record.caseId,
      { store: cases.store, mail, events },
      { agencies: [AGENCY, OTHER], daySeconds: 1 },
    );
    expect(outcome).toEqual({
      caseId: record.caseId,
      status: 'placed',
      agency: { agencyId: 'fabrikam', termSeconds: 90 },
    });
    expect(await cases.store.getCase(record.caseId)).toMatchObject({
      status: 'placed',
      agency: { agencyId: 'fabrikam', round: 2 },
    });
    expect(cases.timeline.filter((entry) => entry.type === 'CasePlacedWithAgency')).toEqual([
      expect.objectContaining({
        entryId: 'placed-2',
        data: { agencyId: 'fabrikam', termDays: 90, round: 2 },
      }),
    ]);
    expect(sent).toEqual([expect.objectContaining({ kind: 'placed', messageKey: 'placed-2' })]);
    expect(published.map((event) => event.detailType)).toContain('CasePlacedWithAgency');
    expect(published.find((event) => event.detailType === 'CasePlacedWithAgency')?.detail).toMatchObject({
      agencyId: 'fabrikam',
    });
  });

  const REACHED = {
    type: 'EmailSent',
    at: '2026-11-08T10:00:00Z',
    entryId: 'email-friendly-0',
    data: { kind: 'friendly' },
  } as const;

  it('a payment in full recorded between the referral’s read and its placement closes the case as paid; it is never placed', async () => {
    // Found by the 10,000 lives: a supervisor's "refer" and a payment in full in the same instant, and
    // the case placed with a balance of 0 (the placement was written whatever had changed since).
    const cases = inMemoryCases();
    const record = placed({ status: 'open', agency: undefined });
    cases.put(record);
    // A reminder reached the debtor (else "never reached" holds the referral for a person).
    await cases.store.recordAction(record, {}, REACHED);
    let reads = 0;
    const store = {
      ...cases.store,
      async getCase(caseId: string) {
        const read = await cases.store.getCase(caseId);
        // The payment lands just after the referral's first read.
        if (++reads === 1 && read) cases.put({ ...read, balance: gbp(0), version: read.version + 1 });
        return read;
      },
    };
    const { mail, sent } = recordingMail();
    const { events } = recordingFollowUps();
    const outcome = await referToAgency(
      record.caseId,
      { store, mail, events },
      { agencies: [AGENCY], daySeconds: 1 },
    );
    expect(outcome).toEqual({ caseId: record.caseId, status: 'paid' });
    // (The in-memory store's closeCase records nothing: the outcome says it closed as paid.)
    expect(await cases.store.getCase(record.caseId)).toMatchObject({ status: 'open', balance: gbp(0) });
    expect(cases.timeline.filter((entry) => entry.type === 'CasePlacedWithAgency')).toEqual([]);
    expect(sent.map((email) => email.kind)).not.toContain('placed');
  });

  it('a case that keeps changing under the referral fails the task (Step Functions retries it), placed never', async () => {
    const cases = inMemoryCases();
    const record = placed({ status: 'open', agency: undefined });
    cases.put(record);
    // A reminder reached the debtor (else "never reached" holds the referral for a person).
    await cases.store.recordAction(record, {}, REACHED);
    const store = {
      ...cases.store,
      async getCase(caseId: string) {
        const read = await cases.store.getCase(caseId);
        if (read) cases.put({ ...read, version: read.version + 1 });
        return read;
      },
    };
    const { mail } = recordingMail();
    const { events } = recordingFollowUps();
    await expect(
      referToAgency(record.caseId, { store, mail, events }, { agencies: [AGENCY], daySeconds: 1 }),
    ).rejects.toThrow(/kept changing while it was referred/);
    expect(await cases.store.getCase(record.caseId)).toMatchObject({ status: 'open' });
  });
});

describe('the agency’s signed reports', () => {
  const secret = 'a'.repeat(64);
  const body = '{"reportId":"R1"}';
  const at = String(Math.floor(now.getTime() / 1000));
  const check = (over: Partial<Parameters<typeof verifyAgencySignature>[0]>) =>
    verifyAgencySignature({
      secret,
      timestamp: at,
      signature: agencySignature(secret, at, body),
      body,
      now,
      windowSeconds: 300,
      ...over,
    });

  it('takes HMAC-SHA256 over the timestamp and the body, within five minutes', () => {
    expect(agencySignature(secret, at, body)).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(check({})).toBe('valid');
    expect(check({ body: '{"reportId":"R2"}' })).toBe('bad-signature');
    expect(check({ signature: agencySignature('b'.repeat(64), at, body) })).toBe('bad-signature');
    expect(check({ signature: undefined })).toBe('bad-signature');
    expect(check({ now: new Date(now.getTime() + 301_000) })).toBe('stale');
    expect(check({ now: new Date(now.getTime() - 301_000) })).toBe('stale');
    expect(check({ now: new Date(now.getTime() + 299_000) })).toBe('valid');
  });

  it('refuses a body with fields it does not know', () => {
    const report = {
      reportId: 'R1',
      caseId: 'ACC-1-1',
      accountId: 'ACC-1',
      kind: 'closed',
      reportedAt: now.toISOString(),
    };
    expect(AgencyReportSchema.safeParse(report).success).toBe(true);
    expect(AgencyReportSchema.safeParse({ ...report, extra: 1 }).success).toBe(false);
    expect(AgencyReportSchema.safeParse({ ...report, kind: 'paid' }).success).toBe(false);
  });

  it('collected in part lowers the balance; in full ends the placement and tells the workflow it is paid', () => {
    const part = reportChange(placed(), { reportId: 'R1', kind: 'collected', amount: gbp(4_000) }, context);
    expect(part).toMatchObject({ set: { balance: gbp(6_000), agency: { reportIds: ['R1'] } } });
    expect(part !== 'currency-mismatch' && part?.reply).toBeFalsy();
    const full = reportChange(placed(), { reportId: 'R2', kind: 'collected' }, context);
    expect(full).toMatchObject({
      set: { balance: gbp(0), agency: { endReason: 'collected', reportIds: ['R2'] } },
      reply: { outcome: 'paid' },
    });
    expect(
      reportChange(
        placed(),
        { reportId: 'R3', kind: 'collected', amount: { amount: 5, currency: 'EUR' } },
        context,
      ),
    ).toBe('currency-mismatch');
  });

  it('disputed opens the dispute path; returned and closed go to a person; a repeat or a recalled case changes nothing', () => {
    expect(reportChange(placed(), { reportId: 'R1', kind: 'disputed' }, context)).toMatchObject({
      set: { status: 'open', dispute: { status: 'open' }, pause: { reason: 'dispute' } },
      reply: { outcome: 'paused', reason: 'dispute' },
    });
    expect(reportChange(placed(), { reportId: 'R1', kind: 'returned' }, context)).toMatchObject({
      reply: { outcome: 'stopped', reason: 'agency-returned' },
    });
    expect(reportChange(placed(), { reportId: 'R1', kind: 'closed' }, context)).toMatchObject({
      reply: { outcome: 'stopped', reason: 'agency-closed' },
    });
    const seen = placed({ agency: { ...PLACEMENT, reportIds: ['R1'] } });
    expect(reportChange(seen, { reportId: 'R1', kind: 'returned' }, context)).toBeUndefined();
    const recalled = placed({
      agency: { ...PLACEMENT, endedAt: now.toISOString(), endReason: 'dispute' },
    });
    expect(reportChange(recalled, { reportId: 'R9', kind: 'collected' }, context)).toBeUndefined();
  });

  it("returned is written off when the segment's policy says so, through the write-off's own guard", () => {
    expect(policyFor('consumer').agencyReturnedAction).toBe('person');
    expect(policyFor('small-business').agencyReturnedAction).toBe('write-off');
    const writing = { ...context, policy: { ...context.policy, agencyReturnedAction: 'write-off' as const } };
    const change = reportChange(placed(), { reportId: 'R1', kind: 'returned' }, writing);
    expect(change).toMatchObject({
      set: {
        agency: { endReason: 'returned', reportIds: ['R1'] },
        writtenOff: { at: now.toISOString(), by: 'agency:northwind' },
      },
      reply: { outcome: 'credited', reason: 'written-off' },
      timeline: {
        type: 'AgencyReported',
        data: { kind: 'returned', writtenOff: true, balance: gbp(10_000) },
      },
    });
    // Closed is not returned: a person still takes it; and a case already closing takes no report.
    expect(reportChange(placed(), { reportId: 'R2', kind: 'closed' }, writing)).toMatchObject({
      reply: { outcome: 'stopped', reason: 'agency-closed' },
    });
    const closing = placed({ writtenOff: { at: now.toISOString(), by: 'someone' } });
    expect(reportChange(closing, { reportId: 'R3', kind: 'returned' }, writing)).toBeUndefined();
  });
});

describe('receiving a report and a payment on in-memory ports', () => {
  async function placedStore() {
    const cases = inMemoryCases();
    await cases.store.openOrJoinCase(
      {
        accountId: 'ACC-1',
        invoiceId: 'INV-1',
        amountDue: gbp(10_000),
        dueDate: '2026-10-01',
        debtor: { name: 'Ana Ruiz', email: 'ana@example.com', segment: 'consumer' },
      } as never,
      {
        name: 'Ana Ruiz',
        email: 'ana@example.com',
        locale: 'en-GB',
        timeZone: 'Europe/London',
        segment: 'consumer',
      },
      now,
    );
    const record = (await cases.store.getCase('ACC-1-1')) as CaseRecord;
    await cases.store.placeWithAgency(record, PLACEMENT, {
      type: 'CasePlacedWithAgency',
      at: now.toISOString(),
      entryId: 'placed',
    });
    return cases;
  }
  const report = (over: Record<string, unknown> = {}) =>
    AgencyReportSchema.parse({
      reportId: 'R1',
      caseId: 'ACC-1-1',
      accountId: 'ACC-1',
      kind: 'collected',
      amount: gbp(2_500),
      reportedAt: now.toISOString(),
      ...over,
    });

  it('takes a report once by its id, and only from the agency the case is placed with', async () => {
    const cases = await placedStore();
    const { workflow } = recordingWorkflow();
    const ports = { store: cases.store, workflow };
    expect(await receiveAgencyReport('northwind', report(), ports, { daySeconds: 86_400 })).toMatchObject({
      outcome: 'recorded',
    });
    expect(await receiveAgencyReport('northwind', report(), ports, { daySeconds: 86_400 })).toEqual({
      outcome: 'duplicate',
    });
    expect(
      await receiveAgencyReport('other-agency', report({ reportId: 'R2' }), ports, { daySeconds: 86_400 }),
    ).toEqual({
      outcome: 'unknown-case',
    });
    expect((await cases.store.getCase('ACC-1-1'))?.balance).toEqual(gbp(7_500));
  });

  it('forwards a payment to a placed case with the balance after it, and nothing once recalled', async () => {
    const cases = await placedStore();
    const { workflow } = recordingWorkflow();
    await receivePayment(
      { accountId: 'ACC-1', paymentId: 'PAY-1', amount: gbp(4_000), paidAt: now.toISOString() } as never,
      { store: cases.store, workflow },
      { now },
    );
    await receivePayment(
      { accountId: 'ACC-1', paymentId: 'PAY-2', amount: gbp(6_000), paidAt: now.toISOString() } as never,
      { store: cases.store, workflow },
      { now },
    );
    await receivePayment(
      { accountId: 'ACC-1', paymentId: 'PAY-3', amount: gbp(100), paidAt: now.toISOString() } as never,
      { store: cases.store, workflow },
      { now },
    );
    const forwards = (await cases.store.dueOutbox('followUp', new Date(now.getTime() + 1000)))
      .flatMap((item) => ('followUp' in item && item.followUp.type === 'event' ? [item.followUp.detail] : []))
      .filter((detail) => detail.agencyId === 'northwind');
    expect(
      forwards.map((detail) => [detail.kind, detail.reason, (detail.balance as { amount: number }).amount]),
    ).toEqual([
      ['payment', undefined, 6_000],
      ['recall', 'paid-in-full', 0],
    ]);
    expect((await cases.store.getCase('ACC-1-1'))?.agency?.endReason).toBe('paid-in-full');
  });

  it('dates a forward never before its placement (a fact taken in just before the placement was written)', async () => {
    // Found by the 10,000 lives: an invoice taken in 4 ms before the placement's moment, joined just
    // after the placement was written, reached the agency dated before its placement.
    const cases = await placedStore();
    const { workflow } = recordingWorkflow();
    const placedAt = (await cases.store.getCase('ACC-1-1'))?.agency?.placedAt as string;
    const before = new Date(Date.parse(placedAt) - 4);
    await receivePayment(
      { accountId: 'ACC-1', paymentId: 'PAY-1', amount: gbp(1_000), paidAt: before.toISOString() } as never,
      { store: cases.store, workflow },
      { now: before },
    );
    const forwards = (await cases.store.dueOutbox('followUp', new Date(now.getTime() + 1000))).flatMap(
      (item) => ('followUp' in item && item.followUp.type === 'event' ? [item.followUp.detail] : []),
    );
    expect(forwards).toEqual([expect.objectContaining({ kind: 'payment', at: placedAt })]);
    expect(cases.timeline.find((entry) => entry.type === 'AgencyForwarded')?.at).toBe(placedAt);
    // A fact taken in after the placement keeps its own moment.
    expect(forwardedAt({ agency: PLACEMENT }, '2026-12-10T10:00:00.005Z')).toBe('2026-12-10T10:00:00.005Z');
    expect(forwardedAt({ agency: PLACEMENT }, '2026-12-10T09:59:59.996Z')).toBe(PLACEMENT.placedAt);
    expect(forwardedAt({}, '2026-12-10T09:59:59.996Z')).toBe('2026-12-10T09:59:59.996Z');
  });

  it('closes a case the agency collected in full with its own settled note; one it returned and the policy writes off, as written off', async () => {
    const { closeCase } = await import('../../functions/use-cases/close-case.ts');
    for (const [kind, resolution, email] of [
      ['collected', 'paid', 'agencySettled'],
      ['returned', 'credited', 'credited'],
    ] as const) {
      const cases = await placedStore();
      const writesOff = { ...policyFor('consumer'), agencyReturnedAction: 'write-off' as const };
      const record = (await cases.store.getCase('ACC-1-1')) as CaseRecord;
      const change = reportChange(
        record,
        { reportId: 'R1', kind },
        { now, daySeconds: 86_400, policy: writesOff },
      );
      if (!change || change === 'currency-mismatch') throw new Error('no change');
      await cases.store.recordAction(record, change, { ...change.timeline, at: now.toISOString() });
      expect(change.reply?.outcome).toBe(resolution);
      const { mail, sent } = recordingMail();
      const { events, published } = recordingFollowUps();
      await closeCase('ACC-1-1', resolution, { store: cases.store, mail, events }, now);
      expect([kind, sent.map((message) => message.kind)]).toEqual([kind, [email]]);
      expect(published).toMatchObject([
        { detail: { resolution: kind === 'collected' ? 'paid' : 'written-off' } },
      ]);
    }
    // Paid to the business while placed (a recall, paid in full): the usual thanks.
    const cases = await placedStore();
    const { workflow } = recordingWorkflow();
    await receivePayment(
      { accountId: 'ACC-1', paymentId: 'PAY-1', amount: gbp(10_000), paidAt: now.toISOString() } as never,
      { store: cases.store, workflow },
      { now },
    );
    const { mail, sent } = recordingMail();
    await closeCase(
      'ACC-1-1',
      'paid',
      { store: cases.store, mail, events: recordingFollowUps().events },
      now,
    );
    expect(sent.map((message) => message.kind)).toEqual(['thanks']);
  });

  it('forwards a legal pause and its end (Collection Resumed), each on the timeline; the workflow hears of neither', async () => {
    const cases = await placedStore();
    const { workflow, answers } = recordingWorkflow();
    const ports = { store: cases.store, workflow };
    const update = (detailType: string, eventId: string, detail: Record<string, unknown>) =>
      receiveCaseUpdate(
        { accountId: 'ACC-1', ...detail },
        { eventId, detailType, daySeconds: 86_400 },
        ports,
      );
    expect(await update('Collection Paused', 'E1', { reason: 'breathing-space' })).toEqual({
      outcome: 'updated',
    });
    expect(await update('Collection Resumed', 'E2', {})).toEqual({ outcome: 'updated' });
    // A second resume finds nothing paused: nothing changes, nothing goes to the agency.
    expect(await update('Collection Resumed', 'E3', {})).toEqual({ outcome: 'no-change' });
    const forwards = (await cases.store.dueOutbox('followUp', new Date(Date.now() + 1000)))
      .flatMap((item) => ('followUp' in item && item.followUp.type === 'event' ? [item.followUp.detail] : []))
      .filter((detail) => detail.agencyId === 'northwind');
    expect(forwards.map((detail) => detail.kind)).toEqual(['legal-pause', 'legal-pause-ended']);
    expect(forwards.every((detail) => CaseForwardedToAgencyDetailSchema.safeParse(detail).success)).toBe(
      true,
    );
    const timeline = await cases.store.timeline('ACC-1-1');
    expect(
      timeline
        .filter((entry) => entry.data?.forwardedToAgency)
        .map((entry) => [entry.type, entry.data?.forwardedToAgency]),
    ).toEqual([
      ['CollectionPaused', 'legal-pause'],
      ['CollectionResumed', 'legal-pause-ended'],
    ]);
    const record = (await cases.store.getCase('ACC-1-1')) as CaseRecord;
    expect(record).toMatchObject({ status: 'placed', agency: { agencyId: 'northwind' } });
    expect(record.legalPause).toBeUndefined();
    expect(answers).toEqual([]);
    expect(record.pendingReply).toBeUndefined();
  });
});

describe('the portal after placement', () => {
  it('names the agency and how to reach it, in the debtor’s language, escaped; nothing for a case not placed', async () => {
    const { accountPage } = await import('../../functions/portal/pages.ts');
    const { viewFor } = await import('../support/portal-view.ts');
    const agency = {
      name: 'Northwind <Recoveries>',
      contact: {
        phone: '+44 20 7946 0123',
        email: 'help@northwind.example',
        website: 'https://northwind.example',
      },
    };
    const page = accountPage(placed(), viewFor(placed()), '', agency);
    expect(page).toContain('Who handles your account now');
    expect(page).toContain('Northwind &lt;Recoveries&gt; now handles this account for us');
    expect(page).toContain('href="tel:+442079460123"');
    expect(page).toContain('href="mailto:help@northwind.example"');
    expect(page).not.toContain('<Recoveries>');
    const spanish = placed({ debtor: { ...placed().debtor, locale: 'es-ES' } });
    expect(accountPage(spanish, viewFor(spanish), '', agency)).toContain('Quién gestiona ahora su cuenta');
    expect(accountPage(placed({ status: 'open' }), viewFor(placed()), '', agency)).not.toContain(
      'Who handles your account now',
    );
  });
});
