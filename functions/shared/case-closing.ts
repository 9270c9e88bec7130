import { CaseDetailType } from '../contract/events.ts';
import type { CaseRecord } from '../domain/case.ts';
import { type MailConfig, sendCaseEmail } from './case-mail.ts';
import type { CaseStore } from './case-store.ts';
import { publish } from './publish.ts';

type Closing = {
  store: CaseStore;
  config: MailConfig & { EVENT_BUS_NAME: string };
  record: CaseRecord;
  now: Date;
};

/** Closes a settled case: the timeline first, then the thank-you, then CaseResolved. Safe to retry. */
export async function closeAsPaid({ store, config, record, now }: Closing): Promise<void> {
  if (record.status === 'open') {
    await store.closeCase(record, 'paid', {
      type: 'CaseResolved',
      at: now.toISOString(),
      entryId: 'resolved',
      data: { resolution: 'paid' },
    });
  }
  const closed = { ...record, status: 'paid' as const };
  await sendCaseEmail({ store, config, record: closed, kind: 'thanks', messageKey: 'thanks', now });
  await announceResolution(config.EVENT_BUS_NAME, store, closed, 'paid', now);
}

export async function announceResolution(
  eventBusName: string,
  store: CaseStore,
  record: CaseRecord,
  resolution: 'paid' | 'placed',
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
