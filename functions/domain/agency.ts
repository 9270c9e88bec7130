import type { CaseRecord } from './case.ts';
import type { Policy } from './policy.ts';

/**
 * Why a case may not be placed with an agency right now (DESIGN §3). Empty means it may.
 * Disputes, hardship, promises and plans join this list as the journey grows (issue #3).
 */
export function agencyReferralBlockers(
  record: Pick<CaseRecord, 'status' | 'balance'>,
  policy: Policy,
): string[] {
  const blockers: string[] = [];
  if (record.status !== 'open') blockers.push(`the case is ${record.status}, not open`);
  if (record.balance.amount < policy.agencyMinimumBalanceMinor) {
    blockers.push(
      `the balance is below the policy's minimum for referral (${policy.agencyMinimumBalanceMinor} minor units)`,
    );
  }
  return blockers;
}
