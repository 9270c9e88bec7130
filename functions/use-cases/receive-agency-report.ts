import type { AgencyReport } from '../contract/agency.ts';
import { CaseDetailType } from '../contract/events.ts';
import { reportChange } from '../domain/agency.ts';
import { disputeNotice } from '../domain/ar-team.ts';
import type { CaseRecord } from '../domain/case.ts';
import { applyChange } from '../domain/case-updates.ts';
import { policyFor } from '../domain/policy.ts';
import { CaseChangedError, type Cases, type Outbox } from '../ports/case-store.ts';
import { appendCorrelationIds, logger } from '../shared/logger.ts';
import { queueFollowUp } from './follow-ups.ts';
import { deliverPendingReply, type ReplyPorts } from './replies.ts';

export type AgencyReportPorts = ReplyPorts & {
  store: Pick<Cases, 'getCase' | 'recordAction'> & Pick<Outbox, 'putInOutbox'>;
};

export type AgencyReportOutcome =
  | { outcome: 'recorded'; record: CaseRecord }
  /** This report was taken already (by its id): nothing changed. */
  | { outcome: 'duplicate' }
  /** No such case of the account placed with this agency. */
  | { outcome: 'unknown-case' }
  /** The case is no longer with this agency (recalled, returned, closed): nothing changed. */
  | { outcome: 'not-placed' }
  | { outcome: 'rejected'; reason: string };

const MAX_ATTEMPTS = 5;

/**
 * An agency reports on a case placed with it (issue 14; the signature was checked by the handler):
 * recorded once per report id in one versioned write with its timeline entry, and the workflow
 * waiting for the agency told at once when the report ends the placement (paid, a dispute, back to a
 * person). A dispute reported by the agency also reaches the AR team, as one raised on the portal.
 */
export async function receiveAgencyReport(
  agencyId: string,
  report: AgencyReport,
  ports: AgencyReportPorts,
  settings: { daySeconds: number; now?: () => Date },
): Promise<AgencyReportOutcome> {
  const now = settings.now ?? (() => new Date());
  for (let attempt = 1; ; attempt++) {
    const record = await ports.store.getCase(report.caseId);
    if (!record || record.accountId !== report.accountId || record.agency?.agencyId !== agencyId)
      return { outcome: 'unknown-case' };
    appendCorrelationIds({ caseId: record.caseId, accountId: record.accountId });
    if (record.agency.reportIds?.includes(report.reportId)) return { outcome: 'duplicate' };
    const at = now();
    const change = reportChange(record, report, {
      now: at,
      daySeconds: settings.daySeconds,
      policy: policyFor(record.debtor.segment),
    });
    if (change === 'currency-mismatch')
      return {
        outcome: 'rejected',
        reason: `amount.currency: the case is kept in ${record.balance.currency}`,
      };
    if (!change) return { outcome: 'not-placed' };
    try {
      const updated = await ports.store.recordAction(record, change, {
        ...change.timeline,
        at: at.toISOString(),
      });
      logger.info('Agency report recorded', { agencyId, kind: report.kind, reportId: report.reportId });
      if (report.kind === 'disputed') await tellArTeamOfDispute(ports, applyChange(record, change), at);
      if (change.reply) await deliverPendingReply(ports, updated);
      return { outcome: 'recorded', record: updated };
    } catch (error) {
      if (!(error instanceof CaseChangedError) || attempt >= MAX_ATTEMPTS) throw error;
    }
  }
}

/** The dispute the agency reported goes where a portal dispute goes: its event and the AR team's review. */
async function tellArTeamOfDispute(ports: AgencyReportPorts, record: CaseRecord, at: Date): Promise<void> {
  const dispute = record.dispute;
  if (!dispute?.disputeId) return;
  const facts = {
    disputeId: dispute.disputeId,
    reason: dispute.reason,
    ...(dispute.note ? { note: dispute.note } : {}),
  };
  await queueFollowUp(ports.store, {
    caseId: record.caseId,
    key: `event-${dispute.disputeId}`,
    followUp: {
      type: 'event',
      detailType: CaseDetailType.disputeOpened,
      detail: {
        caseId: record.caseId,
        accountId: record.accountId,
        ...facts,
        balance: record.balance,
        at: at.toISOString(),
      },
    },
    now: at,
  });
  await queueFollowUp(ports.store, {
    caseId: record.caseId,
    key: `ar-team-${dispute.disputeId}`,
    followUp: {
      type: 'ar-team',
      notice: disputeNotice(record, { ...facts, reviewBy: record.pause?.until ?? '', at: at.toISOString() }),
    },
    now: at,
  });
}
