import { describe, expect, it } from 'vitest';
import type { CaseRecord } from '../../functions/domain/case.ts';
import { applyChange } from '../../functions/domain/case-updates.ts';
import { policyFor } from '../../functions/domain/policy.ts';
import {
  awaitsReferralApproval,
  declineReferral,
  may,
  referNow,
  type StaffMember,
} from '../../functions/domain/staff.ts';
import { checkHardship } from '../../functions/use-cases/check-hardship.ts';
import { takeStaffAction } from '../../functions/use-cases/staff-action.ts';
import {
  inMemoryCases,
  inMemoryContactRecords,
  recordingFollowUps,
  recordingWorkflow,
} from '../support/in-memory-ports.ts';

/**
 * Referrals waiting for approval (issue 12): a policy may ask a supervisor to approve an automatic
 * referral; the case then waits for a person in the referrals queue, and a supervisor approves it
 * (the referral goes on, every blocker checked again) or declines it (it stays with the team).
 */
const gbp = (amount: number) => ({ amount, currency: 'GBP' });
const supervisor: StaffMember = { subject: 's-1', email: 'supervisor@example.com', role: 'supervisor' };
const agent: StaffMember = { subject: 'a-1', email: 'agent@example.com', role: 'agent' };

const enterprise = (over: Partial<CaseRecord> = {}): CaseRecord => ({
  caseId: 'ENT-1-1',
  accountId: 'ENT-1',
  caseNumber: 1,
  status: 'open',
  rung: 'final',
  balance: gbp(90_000),
  invoices: [{ invoiceId: 'INV-E', amountDue: gbp(90_000), dueDate: '2026-09-01' }],
  debtor: {
    name: 'Acme Ltd',
    email: 'ap@acme.example',
    locale: 'en-GB',
    timeZone: 'Europe/London',
    segment: 'enterprise',
  },
  openedAt: '2026-09-10T10:00:00.000Z',
  executionName: 'ENT-1-case-1',
  version: 5,
  ...over,
});

/** As the workflow leaves it: handed over for the approval, waiting in "Wait for a person to act". */
const waiting = (over: Partial<CaseRecord> = {}) =>
  enterprise({
    status: 'held-for-person',
    taskToken: 'token-person',
    waitingState: 'Wait for a person to act (agency-referral-held)',
    ...over,
  });

async function withReminder(record: CaseRecord) {
  const cases = inMemoryCases();
  cases.put(record);
  await cases.store.recordAction(
    record,
    {},
    { type: 'EmailSent', at: '2026-10-01T10:00:00Z', entryId: 'email-final-0', data: { kind: 'final' } },
  );
  return cases;
}

describe('the policy option', () => {
  it('is on for the enterprise segment only', () => {
    expect(policyFor('enterprise').agencyReferralNeedsApproval).toBe(true);
    expect(policyFor('consumer').agencyReferralNeedsApproval).toBeUndefined();
    expect(policyFor('small-business').agencyReferralNeedsApproval).toBeUndefined();
  });
});

describe('the check before referral', () => {
  it('sends an enterprise case without approval to a person (the referrals queue), not to the agency', async () => {
    const cases = await withReminder(enterprise());
    const { events } = recordingFollowUps();
    const { reply } = await checkHardship('ENT-1-1', 'agency', { store: cases.store, events });
    expect(reply).toEqual({
      outcome: 'stopped',
      step: 'agency',
      because: 'approval-needed',
      reason: 'agency-referral-held',
    });
  });

  it('lets an approved case go on to the referral', async () => {
    const cases = await withReminder(
      enterprise({ referralApprovedBy: { by: 'supervisor@example.com', at: '2026-10-02T10:00:00Z' } }),
    );
    const { events } = recordingFollowUps();
    const { reply } = await checkHardship('ENT-1-1', 'agency', { store: cases.store, events });
    expect(reply).toMatchObject({ outcome: 'resume', step: 'agency', because: 'hardship-checked' });
  });

  it('asks nothing of a consumer case', async () => {
    const cases = await withReminder(enterprise({ debtor: { ...enterprise().debtor, segment: 'consumer' } }));
    const { events } = recordingFollowUps();
    const { reply } = await checkHardship('ENT-1-1', 'agency', { store: cases.store, events });
    expect(reply).toMatchObject({ outcome: 'resume', step: 'agency' });
  });

  it('puts signs of hardship first: the supportive path, not a supervisor', async () => {
    const cases = await withReminder(enterprise({ debtor: { ...enterprise().debtor, vulnerable: true } }));
    const { events } = recordingFollowUps();
    const { reply } = await checkHardship('ENT-1-1', 'agency', { store: cases.store, events });
    expect(reply).toMatchObject({ outcome: 'resume', step: 'review' });
  });
});

describe('a supervisor approves or declines', () => {
  it('approving re-checks every blocker and sends the waiting workflow on to the referral', () => {
    const record = waiting();
    expect(awaitsReferralApproval(record)).toBe(true);
    const approved = referNow(
      record,
      { by: supervisor, at: '2026-10-03T10:00:00Z', policy: policyFor('enterprise') },
      'r-1',
    );
    expect(approved && 'change' in approved && approved.change.reply).toEqual({
      id: 'r-1',
      outcome: 'resume',
      step: 'agency',
      because: 'staff-resumed',
    });
    expect(approved && 'change' in approved && approved.change.queues?.leave).toContain('referrals');
    // A blocker at that moment (a dispute opened meanwhile) stops it.
    const disputed = referNow(
      waiting({
        dispute: { disputeId: 'd', reason: 'wrong-amount', openedAt: '2026-10-02T00:00:00Z', status: 'open' },
      }),
      { by: supervisor, at: '2026-10-03T10:00:00Z', policy: policyFor('enterprise') },
      'r-2',
    );
    expect(disputed).toEqual({ blockers: ['a dispute is open'] });
  });

  it('declining keeps the case with the team, waiting for a person, out of the referrals queue', () => {
    const record = waiting();
    const change = declineReferral(
      record,
      { by: supervisor, at: '2026-10-03T10:00:00Z', note: 'Talk first' },
      'd-1',
    );
    expect(change?.reply).toBeUndefined();
    expect(change?.queues?.leave).toEqual(['referrals']);
    expect(change?.queues?.enter?.map((entry) => entry.queue)).toEqual(['handed-to-person']);
    expect(change?.timeline).toMatchObject({
      type: 'ReferralDeclined',
      data: { note: 'Talk first', by: 'supervisor@example.com', role: 'supervisor' },
    });
    const after = applyChange(record, change ?? {});
    expect(after.status).toBe('held-for-person');
    expect(after.taskToken).toBe('token-person');
    expect(awaitsReferralApproval(after)).toBe(false);
    // A later turn (resumed, then at the referral again) asks for an approval again.
    expect(awaitsReferralApproval({ ...after, cycle: 1 })).toBe(true);
    // Only a referral waiting for approval can be declined.
    expect(
      declineReferral(
        waiting({ waitingState: 'Wait for a person to act (opted-out)' }),
        { by: supervisor, at: 'x' },
        'd-2',
      ),
    ).toBeUndefined();
    expect(declineReferral(enterprise(), { by: supervisor, at: 'x' }, 'd-3')).toBeUndefined();
  });

  it('only a supervisor may decline, through the use case; an agent changes nothing', async () => {
    expect(may('agent', 'decline-referral')).toBe(false);
    expect(may('supervisor', 'decline-referral')).toBe(true);
    const cases = inMemoryCases();
    cases.put(waiting());
    const ports = {
      store: cases.store,
      workflow: recordingWorkflow().workflow,
      contacts: inMemoryContactRecords(cases).records,
      daySeconds: 86_400,
    };
    expect(await takeStaffAction('ENT-1-1', { action: 'decline-referral' }, agent, ports)).toEqual({
      outcome: 'forbidden',
    });
    const declined = await takeStaffAction('ENT-1-1', { action: 'decline-referral' }, supervisor, ports);
    expect(declined.outcome).toBe('done');
    expect(cases.timeline.map((entry) => entry.type)).toContain('ReferralDeclined');
    expect((await cases.store.getCase('ENT-1-1'))?.status).toBe('held-for-person');
    // Declined once: nothing left to decline in this turn of the case.
    expect(
      (await takeStaffAction('ENT-1-1', { action: 'decline-referral' }, supervisor, ports)).outcome,
    ).toBe('not-applicable');
  });
});
