import { CaseDetailType } from '../contract/events.ts';
import type { CaseRecord } from '../domain/case.ts';
import type { CaseStore } from '../ports/case-store.ts';
import { type MailConfig, sendCaseEmail } from './case-mail.ts';
import { publish } from './publish.ts';

type Closing = {
  store: CaseStore;
  config: MailConfig & { EVENT_BUS_NAME: string };
  record: CaseRecord;
  now: Date;
};

/**
 * Closes a case nothing is owed on: the timeline first, then the email (thanks, or the credit
 * explained), then CaseResolved. Safe to retry.
 */
export async function closeAs(
  resolution: 'paid' | 'credited',
  { store, config, record, now }: Closing,
): Promise<void> {
  if (record.status === 'open' || record.status === 'held-for-person') {
    await store.closeCase(record, resolution, {
      type: 'CaseResolved',
      at: now.toISOString(),
      entryId: 'resolved',
      data: { resolution },
    });
  }
  const closed = { ...record, status: resolution };
  const upheld = resolution === 'credited' && record.dispute?.status === 'upheld';
  const kind = resolution === 'paid' ? 'thanks' : upheld ? 'disputeUpheld' : 'credited';
  await sendCaseEmail({
    store,
    config,
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
  await announceResolution(config.EVENT_BUS_NAME, store, closed, resolution, now);
}

export const closeAsPaid = (closing: Closing) => closeAs('paid', closing);

export async function announceResolution(
  eventBusName: string,
  store: CaseStore,
  record: CaseRecord,
  resolution: 'paid' | 'credited' | 'placed',
  now: Date,
): Promise<void> {
  if (record.caseResolvedAnnouncedAt) return;
  await publish(eventBusName, CaseDetailType.caseResolved, {
    caseId: record.caseId,
    accountId: record.accountId,
    resolution,
    balance: record.balance,
    resolvedAt: now.toISOString(),
  });
  await store.markAnnounced(record.caseId, 'caseResolvedAnnouncedAt', now.toISOString());
}
