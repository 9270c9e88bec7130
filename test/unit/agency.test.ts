import { describe, expect, it } from 'vitest';
import { agencyReferralBlockers } from '../../functions/domain/agency.ts';
import { policyFor } from '../../functions/domain/policy.ts';

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
