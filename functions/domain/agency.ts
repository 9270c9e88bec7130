import type { Agency, AgencyEndReason, AgencyForwardKind } from '../contract/agency.ts';
import type { AgencyPlacement, CaseRecord } from './case.ts';
import { isSettled, type Money } from './money.ts';
import type { Policy } from './policy.ts';

/**
 * Why a case may not be placed with an agency right now (DESIGN §3): checked again at the moment
 * of referral, whatever led there. Empty means it may.
 */
export function agencyReferralBlockers(
  record: Pick<
    CaseRecord,
    'status' | 'balance' | 'dispute' | 'legalPause' | 'optedOutAt' | 'pause' | 'plan' | 'referralApprovedBy'
  > &
    Partial<Pick<CaseRecord, 'debtor'>>,
  policy: Policy,
  agencies?: readonly Agency[],
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
  if (agencies && record.debtor && !agencyFor(record as Pick<CaseRecord, 'debtor' | 'balance'>, agencies))
    blockers.push(
      `no agency takes ${record.debtor.segment} cases in ${record.balance.currency} (the stack's agencies)`,
    );
  return blockers;
}

/** The first configured agency that takes the case's segment and currency. */
export function agencyFor(
  record: Pick<CaseRecord, 'debtor' | 'balance'>,
  agencies: readonly Agency[],
): Agency | undefined {
  return agencies.find(
    (agency) =>
      agency.segments.includes(record.debtor.segment) && agency.currencies.includes(record.balance.currency),
  );
}

/** The case is with an agency now: placed, and the placement not ended. */
export const isWithAgency = (record: Pick<CaseRecord, 'status' | 'agency'>): boolean =>
  record.status === 'placed' && record.agency !== undefined && record.agency.endedAt === undefined;

/** What is forwarded to the agency, before it is given its case and time (CaseForwardedToAgency). */
export type AgencyForward = {
  kind: AgencyForwardKind;
  /** For a recall: why the agency must stop. */
  reason?: AgencyEndReason;
  /** For a payment: what the debtor paid the business. */
  amount?: Money;
};

/**
 * What something that happened to a placed case means for the agency: a payment is forwarded (paid
 * in full, a recall); a dispute is a recall (Regulation F §1006.38: collection stops until it is
 * answered); an opt-out, a legal pause and a cancelled invoice are forwarded (nothing owed: a
 * recall). Undefined when the case is not with an agency: nothing is ever forwarded then.
 */
export function forwardFor(
  record: Pick<CaseRecord, 'status' | 'agency'>,
  happening: { kind: 'payment' | 'dispute' | 'opt-out' | 'legal-pause' | 'invoice-cancelled'; balanceAfter: Money; amount?: Money },
): AgencyForward | undefined {
  if (!isWithAgency(record)) return undefined;
  if (happening.kind === 'dispute') return { kind: 'recall', reason: 'dispute' };
  if (isSettled(happening.balanceAfter))
    return {
      kind: 'recall',
      reason: happening.kind === 'payment' ? 'paid-in-full' : 'credited',
      ...(happening.amount ? { amount: happening.amount } : {}),
    };
  return { kind: happening.kind, ...(happening.amount ? { amount: happening.amount } : {}) };
}

/** The placement as a recall or a report leaves it. */
export const endedPlacement = (
  placement: AgencyPlacement,
  reason: AgencyEndReason,
  at: string,
  reportId?: string,
): AgencyPlacement => ({
  ...placement,
  endedAt: at,
  endReason: reason,
  ...(reportId ? { reportIds: [...(placement.reportIds ?? []), reportId] } : {}),
});

/** The seconds the workflow waits for the agency: the term in policy days, on the deployment's clock. */
export const agencyTermSeconds = (termDays: number, daySeconds: number): number =>
  Math.max(1, Math.round(termDays * daySeconds));
