import { CaseDetailType } from '../contract/events.ts';
import type { CaseRecord, CaseStatus } from '../domain/case.ts';
import type { Cases } from '../ports/case-store.ts';
import type { CaseEvents, CaseMail } from '../ports/effects.ts';
import { mustGetCase } from './case-lookup.ts';

export type ClosingPorts = {
  store: Pick<Cases, 'closeCase' | 'markAnnounced'>;
  mail: Pick<CaseMail, 'send'>;
  events: CaseEvents;
};

/**
 * Closes a case nothing is owed on: the timeline first, then the email (thanks, or the credit
 * explained), then CaseResolved. Safe to retry.
 */
export async function closeAs(
  given: 'paid' | 'credited',
  ports: ClosingPorts,
  record: CaseRecord,
  now: Date,
): Promise<void> {
  // A balance a supervisor wrote off (issue 12) closes as written off; the debtor is told, as for a credit.
  const resolution: CaseStatus & ('paid' | 'credited' | 'written-off') =
    given === 'credited' && record.writtenOff ? 'written-off' : given;
  // A placed case closes too (issue 14): paid to the business or collected by the agency in full.
  if (record.status === 'open' || record.status === 'held-for-person' || record.status === 'placed') {
    await ports.store.closeCase(record, resolution, {
      type: 'CaseResolved',
      at: now.toISOString(),
      entryId: 'resolved',
      data: { resolution },
    });
  }
  const closed = { ...record, status: resolution };
  const upheld = resolution === 'credited' && record.dispute?.status === 'upheld';
  // 'credited' for a write-off too: the debtor owes nothing more (the golden emails stay as they are).
  // Paid through the agency (its report: collected in full): a short note that the account is settled.
  const kind =
    resolution === 'paid'
      ? record.agency?.endReason === 'collected'
        ? 'agencySettled'
        : 'thanks'
      : upheld
        ? 'disputeUpheld'
        : 'credited';
  await ports.mail.send({
    record: closed,
    kind,
    messageKey: kind,
    now,
    ...(upheld && record.dispute
      ? {
          extra: {
            dispute: {
              outcome: 'upheld' as const,
              ...(record.dispute.resolutionNote ? { note: record.dispute.resolutionNote } : {}),
            },
          },
        }
      : {}),
  });
  await announceResolution(ports, closed, resolution, now);
}

/** Task "Thank the customer and close the case as paid" / "Close the case as credited". */
export async function closeCase(
  caseId: string,
  resolution: 'paid' | 'credited',
  ports: ClosingPorts & { store: Pick<Cases, 'getCase'> },
  now: Date,
): Promise<void> {
  await closeAs(resolution, ports, await mustGetCase(ports.store, caseId), now);
}

/** CaseResolved, once per case. */
export async function announceResolution(
  { store, events }: { store: Pick<Cases, 'markAnnounced'>; events: CaseEvents },
  record: CaseRecord,
  resolution: 'paid' | 'credited' | 'written-off' | 'placed',
  now: Date,
): Promise<void> {
  if (record.caseResolvedAnnouncedAt) return;
  await events.publish(CaseDetailType.caseResolved, {
    caseId: record.caseId,
    accountId: record.accountId,
    resolution,
    balance: record.balance,
    resolvedAt: now.toISOString(),
  });
  await store.markAnnounced(record.caseId, 'caseResolvedAnnouncedAt', now.toISOString());
}
