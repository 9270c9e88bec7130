import type { CaseRecord } from './case.ts';
import type { Policy } from './policy.ts';

/**
 * Why a case may not be placed with an agency right now (DESIGN §3): checked again at the moment
 * of referral, whatever led there. Empty means it may.
 */
export function agencyReferralBlockers(
  record: Pick<
    CaseRecord,
    'status' | 'balance' | 'dispute' | 'legalPause' | 'optedOutAt' | 'pause' | 'plan' | 'referralApprovedBy'
  >,
  policy: Policy,
): string[] {
  const blockers: string[] = [];
  if (record.status !== 'open') blockers.push(`the case is ${record.status}, not open`);
  if (record.balance.amount < policy.agencyMinimumBalanceMinor) {
    blockers.push(
      `the balance is below the policy's minimum for referral (${policy.agencyMinimumBalanceMinor} minor units)`,
    );
  }
  if (record.dispute?.status === 'open') blockers.push('a dispute is open');
  if (record.legalPause) blockers.push(`collection is legally paused (${record.legalPause.reason})`);
  // A supervisor's referral (issue 12) is the person's decision this blocker asks for.
  if (record.optedOutAt && !record.referralApprovedBy)
    blockers.push('the debtor opted out of email: only a person may refer');
  if (record.pause) blockers.push(`a ${record.pause.reason} pause runs until ${record.pause.until}`);
  if (record.plan) blockers.push('a payment plan is in good standing');
  return blockers;
}
