import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CaseRecord } from '../../functions/domain/case.ts';
import { applyChange } from '../../functions/domain/case-updates.ts';
import { openDispute, promiseToPay } from '../../functions/domain/debtor-actions.ts';
import { policyFor } from '../../functions/domain/policy.ts';

const record: CaseRecord = {
  caseId: 'ACC-1-1',
  accountId: 'ACC-1',
  caseNumber: 1,
  status: 'open',
  rung: 'friendly',
  balance: { amount: 40_026, currency: 'GBP' },
  invoices: [{ invoiceId: 'INV-1', amountDue: { amount: 40_026, currency: 'GBP' }, dueDate: '2026-11-01' }],
  debtor: { name: 'Ana Ruiz', email: 'ana@example.com', locale: 'es', timeZone: 'UTC', segment: 'consumer' },
  openedAt: '2026-11-05T10:00:00.000Z',
  executionName: 'ACC-1-case-1',
  taskToken: 'token-1',
  version: 4,
};
const context = {
  now: new Date('2026-11-23T10:00:00Z'),
  daySeconds: 10,
  replyId: 'r1',
  policy: policyFor('consumer'),
  currencyDigits: 2,
};

describe('the case as one change leaves it', () => {
  it('keeps what a promise set, whatever is recorded after it', () => {
    const promise = promiseToPay(record, { date: '2026-12-10' }, context);
    if (!promise.ok) throw new Error('the promise was refused');
    const afterPromise = applyChange(record, promise.change);
    expect(afterPromise.pause?.promisedDate).toBe('2026-12-10');
    expect(afterPromise.pendingReply?.outcome).toBe('paused');
    expect(afterPromise.version).toBe(5);
    // The dispute posted in the same moment is recorded next; the promise's own view keeps its date.
    const dispute = openDispute(
      afterPromise,
      { reason: 'wrong-amount', note: '' },
      { ...context, replyId: 'r2' },
    );
    if (!dispute.ok) throw new Error('the dispute was refused');
    expect(applyChange(afterPromise, dispute.change).dispute?.status).toBe('open');
    expect(afterPromise.pause?.promisedDate).toBe('2026-12-10');
  });

  it('sets, removes, bumps the cycle and the version, and touches nothing else', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.constantFrom('rung', 'noticeOnResume', 'brokenPromiseDate'), fc.string()),
        fc.subarray(['pause', 'pendingReply', 'taskToken', 'rung'] as const),
        fc.boolean(),
        fc.option(fc.nat(20), { nil: undefined }),
        (set, remove, bumpCycle, cycle) => {
          const before = { ...record, pause: { reason: 'promise' as const, until: 'x', since: 'y' }, cycle };
          const after = applyChange(before, { set, remove, bumpCycle });
          expect(after.version).toBe(before.version + 1);
          expect(after.cycle).toBe(bumpCycle ? (cycle ?? 0) + 1 : cycle);
          for (const field of remove) expect(after).not.toHaveProperty(field);
          for (const [field, value] of Object.entries(set))
            if (!remove.includes(field as never)) expect(after[field as keyof CaseRecord]).toBe(value);
          expect(after.balance).toBe(before.balance);
          expect(before.version).toBe(4);
        },
      ),
    );
  });
});
