import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Agency, AgencyEndReason, AgencyForwardKind, AgencyReportKind } from '../contract/agency.ts';
import { type AgencyPlacement, type CaseRecord, isClosing } from './case.ts';
import type { CaseChange } from './case-updates.ts';
import { addDays, localDate } from './dates.ts';
import { pauseUntil } from './journey.ts';
import { isSettled, type Money, subtract } from './money.ts';
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
    Partial<Pick<CaseRecord, 'debtor' | 'agency'>>,
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
  // Issue 14: a case an agency already had (recalled, returned, its term over) is not placed again
  // automatically; a person decides what happens next, and a supervisor may place one it returned again.
  if (record.agency?.endedAt && !mayPlaceAgain(record))
    blockers.push(`the case was placed with ${record.agency.agencyId} before (${record.agency.endReason})`);
  if (agencies && record.debtor && !agencyFor(record as Pick<CaseRecord, 'debtor' | 'balance'>, agencies))
    blockers.push(
      `no agency takes ${record.debtor.segment} cases in ${record.balance.currency} (the stack's agencies)`,
    );
  return blockers;
}

/**
 * A supervisor approved a new referral after the agency returned the case (issue 14): it may be
 * placed again, through every other blocker. Never automatically: the approval must come after the
 * return (an approval of the first referral does not count), and only a return (the agency gave up);
 * a recall, a dispute, a closed file or a term run out stay with a person.
 */
export function mayPlaceAgain(record: Partial<Pick<CaseRecord, 'agency' | 'referralApprovedBy'>>): boolean {
  const { agency, referralApprovedBy } = record;
  return (
    agency?.endReason === 'returned' &&
    agency.endedAt !== undefined &&
    referralApprovedBy !== undefined &&
    referralApprovedBy.at >= agency.endedAt
  );
}

/**
 * The agency a case is placed with: the first configured one that takes its segment and currency,
 * another than the one that returned it where one does (issue 14: placed again).
 */
export function agencyToPlaceWith(
  record: Pick<CaseRecord, 'debtor' | 'balance'> & Partial<Pick<CaseRecord, 'agency'>>,
  agencies: readonly Agency[],
): Agency | undefined {
  const returnedBy = record.agency?.endedAt ? record.agency.agencyId : undefined;
  const others = agencies.filter((agency) => agency.agencyId !== returnedBy);
  return agencyFor(record, others) ?? agencyFor(record, agencies);
}

/** The placement a referral makes: the first, or the next after a return (its round; the same agency's report ids kept). */
export function nextPlacement(
  record: Partial<Pick<CaseRecord, 'agency'>>,
  agency: Pick<Agency, 'agencyId' | 'termDays'>,
  at: string,
): AgencyPlacement {
  const previous = record.agency?.endedAt ? record.agency : undefined;
  return {
    agencyId: agency.agencyId,
    placedAt: at,
    termDays: agency.termDays,
    ...(previous ? { round: (previous.round ?? 1) + 1 } : {}),
    // A report the same agency sent before the return is still taken once.
    ...(previous?.agencyId === agency.agencyId && previous.reportIds
      ? { reportIds: previous.reportIds }
      : {}),
  };
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
  happening: {
    kind:
      | 'payment'
      | 'dispute'
      | 'opt-out'
      | 'legal-pause'
      | 'legal-pause-ended'
      | 'invoice-cancelled'
      | 'invoice-added';
    balanceAfter: Money;
    amount?: Money;
  },
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

/**
 * What a change to a placed case (a debtor's action, billing's update) becomes (issue 14): a dispute
 * recalls it (the case is open again, on the dispute path, and the workflow hears of it); nothing
 * owed any more (a cancelled invoice) recalls it and the workflow closes it; an opt-out, a legal
 * pause, its end (Collection Resumed) or a cancelled invoice is forwarded and the agency keeps the
 * case, so the workflow waiting for the agency is told nothing. Unchanged for a case not placed.
 */
export function placedCaseChange(
  record: CaseRecord,
  change: CaseChange,
  kind: 'dispute' | 'opt-out' | 'legal-pause' | 'legal-pause-ended' | 'invoice-cancelled' | undefined,
  at: string,
): { change: CaseChange; forward?: AgencyForward } {
  if (!record.agency || !isWithAgency(record)) return { change };
  const balanceAfter = change.set?.balance ?? record.balance;
  const forward = kind ? forwardFor(record, { kind, balanceAfter }) : undefined;
  const timeline = forward
    ? { ...change.timeline, data: { ...change.timeline.data, forwardedToAgency: forward.kind } }
    : change.timeline;
  if (forward?.kind === 'recall' && forward.reason)
    return {
      change: {
        ...change,
        set: {
          ...change.set,
          ...(forward.reason === 'dispute' ? { status: 'open' as const } : {}),
          agency: endedPlacement(record.agency, forward.reason, at),
        },
        timeline,
      },
      forward,
    };
  const { reply: _reply, ...rest } = change;
  return { change: { ...rest, timeline }, ...(forward ? { forward } : {}) };
}

/** HMAC-SHA256 of `<timestamp>.<body>` with the agency's secret, as `sha256=<hex>` (docs/events.md). */
export function agencySignature(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/**
 * Whether a report is signed by the agency and fresh: the signature matches (compared in constant
 * time) and the timestamp (unix seconds) is within `windowSeconds` of now, either way.
 */
export function verifyAgencySignature(input: {
  secret: string;
  timestamp: string | undefined;
  signature: string | undefined;
  body: string;
  now: Date;
  windowSeconds: number;
}): 'valid' | 'bad-signature' | 'stale' {
  const { timestamp, signature } = input;
  if (!timestamp || !signature || !/^\d{1,12}$/.test(timestamp)) return 'bad-signature';
  const expected = Buffer.from(agencySignature(input.secret, timestamp, input.body));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return 'bad-signature';
  if (Math.abs(input.now.getTime() / 1000 - Number(timestamp)) > input.windowSeconds) return 'stale';
  return 'valid';
}

/**
 * What the agency's report does to the case (issue 14), pure; undefined when the case is not with
 * this agency now, or already has this report. collected: the balance goes down by what the agency
 * collected (all of it when no amount), paid in full the placement ends and the workflow closes the
 * case as paid; disputed: the case is open again on the dispute path (Regulation F: collection stops
 * until the dispute is answered); returned, closed: the placement ends and a person takes the case
 * (returned: written off instead when the segment's policy says `agencyReturnedAction: 'write-off'`).
 */
export function reportChange(
  record: CaseRecord,
  report: { reportId: string; kind: AgencyReportKind; amount?: Money | undefined },
  context: { now: Date; daySeconds: number; policy: Policy },
): CaseChange | 'currency-mismatch' | undefined {
  if (!record.agency || !isWithAgency(record) || isClosing(record)) return undefined;
  if (record.agency.reportIds?.includes(report.reportId)) return undefined;
  const at = context.now.toISOString();
  const replyId = `agency-${report.reportId}`;
  const timeline = (data: Record<string, unknown>) => ({
    type: 'AgencyReported',
    entryId: `agency-report-${report.reportId}`,
    data: { agencyId: record.agency?.agencyId, kind: report.kind, ...data },
  });
  switch (report.kind) {
    case 'collected': {
      const amount = report.amount ?? record.balance;
      if (amount.currency !== record.balance.currency) return 'currency-mismatch';
      const balance = subtract(record.balance, amount);
      if (!isSettled(balance))
        return {
          set: {
            balance,
            agency: { ...record.agency, reportIds: [...(record.agency.reportIds ?? []), report.reportId] },
          },
          timeline: timeline({ amount, balance }),
        };
      return {
        set: { balance, agency: endedPlacement(record.agency, 'collected', at, report.reportId) },
        reply: { id: replyId, outcome: 'paid' },
        timeline: timeline({ amount, balance }),
      };
    }
    case 'disputed': {
      const lastDay = addDays(
        localDate(context.now, record.debtor.timeZone),
        context.policy.disputeReviewDays,
      );
      const reply = pauseUntil({
        reason: 'dispute',
        lastDay,
        now: context.now,
        timeZone: record.debtor.timeZone,
        daySeconds: context.daySeconds,
        id: replyId,
      });
      return {
        set: {
          status: 'open',
          agency: endedPlacement(record.agency, 'disputed-with-agency', at, report.reportId),
          dispute: {
            disputeId: `${record.caseId}-agency-${report.reportId}`,
            // One of the portal's reasons (the pages name each); the note says where it came from.
            reason: 'other',
            note: 'Disputed with the collection agency.',
            openedAt: at,
            status: 'open',
          },
          pause: { reason: 'dispute', until: lastDay, since: at },
        },
        reply,
        timeline: timeline({ pausedUntil: lastDay }),
      };
    }
    case 'returned':
      // The policy may write off what the agency gave up on (issue 14): the write-off a supervisor
      // makes (the case closing, isClosing, and the workflow told `credited`, written-off).
      if (context.policy.agencyReturnedAction === 'write-off')
        return {
          set: {
            agency: endedPlacement(record.agency, 'returned', at, report.reportId),
            writtenOff: {
              at,
              by: `agency:${record.agency.agencyId}`,
              note: 'Returned by the collection agency; the policy writes the balance off.',
            },
          },
          reply: { id: replyId, outcome: 'credited', reason: 'written-off' },
          timeline: timeline({ writtenOff: true, balance: record.balance }),
        };
      return {
        set: { agency: endedPlacement(record.agency, report.kind, at, report.reportId) },
        reply: { id: replyId, outcome: 'stopped', reason: 'agency-returned' },
        timeline: timeline({}),
      };
    case 'closed':
      return {
        set: { agency: endedPlacement(record.agency, report.kind, at, report.reportId) },
        reply: { id: replyId, outcome: 'stopped', reason: 'agency-closed' },
        timeline: timeline({}),
      };
  }
}

/**
 * When a forward to the agency is dated: when its fact was taken in, but never before the placement
 * it goes to. A payment or an invoice taken in a moment before the placement was written, and
 * recorded just after it, is the agency's to hear of, dated at the placement (the lives found an
 * invoice dated 4 ms before the placement it was forwarded under).
 */
export function forwardedAt(record: Pick<CaseRecord, 'agency'>, at: string): string {
  const placedAt = record.agency?.placedAt;
  return placedAt && Date.parse(placedAt) > Date.parse(at) ? placedAt : at;
}
