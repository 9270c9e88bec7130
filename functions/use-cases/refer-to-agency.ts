import type { Agency } from '../contract/agency.ts';
import { CaseDetailType } from '../contract/events.ts';
import {
  agencyReferralBlockers,
  agencyTermSeconds,
  agencyToPlaceWith,
  nextPlacement,
} from '../domain/agency.ts';
import type { AgencyPlacement, CaseRecord } from '../domain/case.ts';
import { isSettled } from '../domain/money.ts';
import { policyFor } from '../domain/policy.ts';
import { queueEntry } from '../domain/queues.ts';
import { CaseChangedError, type Cases } from '../ports/case-store.ts';
import type { CaseEvents, CaseMail } from '../ports/effects.ts';
import { logger } from '../shared/logger.ts';
import { mustGetCase } from './case-lookup.ts';
import { hardshipSignsOf } from './check-hardship.ts';
import { announceResolution, closeAs } from './close-case.ts';
import { waitBeforeRetry } from './mark-case.ts';

export type ReferralPorts = {
  store: Pick<
    Cases,
    | 'getCase'
    | 'timeline'
    | 'casesOfAccount'
    | 'holdForPerson'
    | 'closeCase'
    | 'markAnnounced'
    | 'placeWithAgency'
  >;
  mail: Pick<CaseMail, 'send'>;
  events: CaseEvents;
};

/** The agencies the deployment places with, and the length of a policy day (the term's clock). */
export type ReferralSettings = { agencies: readonly Agency[]; daySeconds: number };

export type ReferralOutcome =
  | { caseId: string; status: 'paid' }
  /** The workflow waits for the agency's report for `termSeconds` (the placement term). */
  | { caseId: string; status: 'placed'; agency: { agencyId: string; termSeconds: number } }
  | { caseId: string; status: 'held-for-person'; blockers: string[] };

/** The key of a placement's timeline entry and email: `placed`, then `placed-<round>` (issue 14). */
const placedKey = (placement: AgencyPlacement): string =>
  placement.round ? `placed-${placement.round}` : 'placed';

/**
 * Task "Refer to collection agency": the last resort. Every precondition is checked again now;
 * a case that fails one is held for a person instead, with the reason on its timeline.
 */
export async function referToAgency(
  caseId: string,
  ports: ReferralPorts,
  settings: ReferralSettings,
): Promise<ReferralOutcome> {
  for (let attempt = 1; ; attempt++) {
    const decided = await placeOrHold(caseId, ports, settings);
    if (decided !== 'changed') return decided.outcome ?? announcePlacement(decided, ports, settings);
    // Changed since it was read (a payment, a dispute, a pause a moment ago): decided again on the case as it is.
    if (attempt >= MAX_ATTEMPTS)
      throw new CaseChangedError(`Case ${caseId} kept changing while it was referred`);
    await waitBeforeRetry(attempt);
  }
}

/** How often a referral is decided again on a case that changed under it, before the task fails (and retries). */
const MAX_ATTEMPTS = 5;

type Placed = { record: CaseRecord; placement: AgencyPlacement; now: Date; outcome?: undefined };

/**
 * The referral decided on the case as it is now: closed as paid, held for a person (each blocker
 * named), or placed; 'changed' when the case moved on between the read and the placement, which is
 * written on the version the decision read, so a payment or a dispute recorded meanwhile is never
 * overtaken by it.
 */
async function placeOrHold(
  caseId: string,
  ports: ReferralPorts,
  settings: ReferralSettings,
): Promise<{ outcome: ReferralOutcome } | Placed | 'changed'> {
  const { store } = ports;
  const record = await mustGetCase(store, caseId);
  const now = new Date();
  if (record.status === 'open' && isSettled(record.balance)) {
    // Paid in the moment the final notice's window closed: thank, don't refer.
    await closeAs('paid', ports, record, now);
    return { outcome: { caseId, status: 'paid' } };
  }
  let placement: AgencyPlacement | undefined = record.status === 'placed' ? record.agency : undefined;
  if (record.status !== 'placed') {
    const policy = policyFor(record.debtor.segment);
    const blockers = agencyReferralBlockers(record, policy, settings.agencies);
    // Defence in depth: never an automatic referral while a sign of hardship holds, whatever led here.
    const { check } = await hardshipSignsOf(caseId, store, now);
    if (check.outcome === 'review') blockers.push(`signs of hardship: ${check.stopping.join(', ')}`);
    if (blockers.length > 0) {
      if (record.status === 'open') {
        await store.holdForPerson(
          record,
          { type: 'HeldForPerson', at: now.toISOString(), entryId: 'held-referral', data: { blockers } },
          queueEntry(record, 'handed-to-person', now.toISOString(), {
            reason: `agency-referral-held: ${blockers.join('; ')}`,
          }),
        );
      }
      logger.info('Agency referral held for a person', { blockers });
      return { outcome: { caseId, status: 'held-for-person', blockers } };
    }
    const agency = agencyToPlaceWith(record, settings.agencies) as Agency;
    // A case an agency returned, placed again by a supervisor's decision (issue 14): its next round.
    placement = nextPlacement(record, agency, now.toISOString());
    // The case stays the account's open case while the agency works it (issue 14): not closed.
    const written = await store.placeWithAgency(record, placement, {
      type: 'CasePlacedWithAgency',
      at: now.toISOString(),
      entryId: placedKey(placement),
      data: {
        agencyId: agency.agencyId,
        termDays: agency.termDays,
        ...(placement.round ? { round: placement.round } : {}),
      },
    });
    if (!written) return 'changed';
  }
  if (!placement) throw new Error(`Case ${caseId} is placed but keeps no placement`);
  return { record, placement, now };
}

/** The placement made (now, or by an earlier attempt): the agency's file, the debtor's email, the outcome. */
async function announcePlacement(
  { record, placement, now }: Placed,
  ports: ReferralPorts,
  settings: ReferralSettings,
): Promise<ReferralOutcome> {
  const { store, events } = ports;
  const { caseId } = record;
  // From here the case is placed; each step below is skipped if an earlier attempt did it.
  const placed = { ...record, status: 'placed' as const, agency: placement };
  const policy = policyFor(record.debtor.segment);
  // This placement's file went (announced at or after it was made: an earlier placement's does not count).
  if (!(placed.casePlacedAnnouncedAt && placed.casePlacedAnnouncedAt >= placement.placedAt)) {
    const timeline = await store.timeline(caseId);
    // The minimum the agency needs (GDPR data minimisation).
    await events.publish(CaseDetailType.casePlacedWithAgency, {
      caseId,
      accountId: record.accountId,
      agencyId: placement.agencyId,
      balance: record.balance,
      invoices: record.invoices.map(({ invoiceId, amountDue, dueDate }) => ({
        invoiceId,
        amountDue,
        dueDate,
      })),
      debtor: { name: record.debtor.name, email: record.debtor.email },
      contactPreferences: {
        locale: record.debtor.locale,
        timeZone: record.debtor.timeZone,
        emailOptOut: Boolean(record.optedOutAt),
        // When the agency may contact the debtor, as we honour it (the policy's window, their zone).
        contactWindow: policy.contactWindow,
      },
      timeline: timeline.map(({ type, at, data }) => ({
        type,
        at,
        // The email kind, where the entry names one (entries' data is open-ended).
        ...(data?.kind ? { kind: data.kind as string } : {}),
      })),
      dispute: record.dispute
        ? {
            disputeId: record.dispute.disputeId ?? `${caseId}-dispute`,
            reason: record.dispute.reason,
            status: record.dispute.status,
            openedAt: record.dispute.openedAt,
          }
        : null,
      placedAt: now.toISOString(),
    });
    await store.markAnnounced(caseId, 'casePlacedAnnouncedAt', now.toISOString());
  }
  await ports.mail.send({ record: placed, kind: 'placed', messageKey: placedKey(placement), now });
  await announceResolution(ports, placed, 'placed', now);
  return {
    caseId,
    status: 'placed',
    agency: {
      agencyId: placement.agencyId,
      termSeconds: agencyTermSeconds(placement.termDays, settings.daySeconds),
    },
  };
}
