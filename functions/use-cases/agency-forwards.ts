import type { CaseEventType } from '../contract/case-events.ts';
import { type AgencyForward, endedPlacement, forwardedAt, isWithAgency } from '../domain/agency.ts';
import type { AgencyPlacement, CaseRecord } from '../domain/case.ts';
import { CaseChangedError, type Cases, type Outbox } from '../ports/case-store.ts';

/**
 * Forwards to the agency (issue 14): what happened to a placed case goes to its agency as a
 * CaseForwardedToAgency event, through the outbox like every other follow-up (its agency's rule
 * sends it to the agency's API destination), and is written on the case's timeline. A recall ends
 * the placement first, in a versioned write: nothing is forwarded for a case whose placement ended.
 */
export type ForwardPorts = { store: Pick<Cases, 'getCase' | 'recordAction'> & Pick<Outbox, 'putInOutbox'> };

/**
 * The detail-type of a forward. Named here rather than read from contract/events.ts, and queued here
 * rather than through follow-ups.ts, so that the staff console, near its bundle budget, carries
 * neither the event schemas nor the outbox's metrics.
 */
export const FORWARD_DETAIL_TYPE = 'CaseForwardedToAgency' satisfies CaseEventType;

/** Queues a forward (a follow-up due now) under `agency-<key>`, unique within the case. */
export async function queueForward(
  store: Pick<Outbox, 'putInOutbox'>,
  caseId: string,
  key: string,
  detail: ReturnType<typeof forwardDetail>,
  now: Date,
): Promise<void> {
  const at = now.toISOString();
  await store.putInOutbox({
    caseId,
    messageKey: `agency-${key}`,
    dueAt: at,
    queuedAt: at,
    followUp: { type: 'event', detailType: FORWARD_DETAIL_TYPE, detail },
  });
}

/** The event's detail, its id unique per forward (the agency de-duplicates by it). */
export function forwardDetail(record: CaseRecord, forward: AgencyForward, key: string, at: string) {
  return {
    caseId: record.caseId,
    accountId: record.accountId,
    agencyId: record.agency?.agencyId ?? '',
    forwardId: `${record.caseId}-${key}`,
    kind: forward.kind,
    ...(forward.reason ? { reason: forward.reason } : {}),
    ...(forward.amount ? { amount: forward.amount } : {}),
    balance: record.balance,
    at: forwardedAt(record, at),
  };
}

/**
 * Forwards what a payment (or a cancelled invoice, a legal pause) did to a case already recorded:
 * written on the case's timeline in a versioned write that finds the case still with its agency (a
 * recall ends the placement in it), then queued under `key`. A case recalled meanwhile gets nothing.
 */
export async function forwardToAgency(
  ports: ForwardPorts,
  record: CaseRecord,
  forward: AgencyForward,
  key: string,
  now: Date,
): Promise<void> {
  let at = now.toISOString();
  let current: CaseRecord | undefined = record;
  for (let attempt = 1; ; attempt++) {
    if (!current?.agency || !isWithAgency(current)) return;
    at = forwardedAt(current, now.toISOString());
    const agency: AgencyPlacement =
      forward.kind === 'recall' && forward.reason
        ? endedPlacement(current.agency, forward.reason, at)
        : current.agency;
    try {
      current = await ports.store.recordAction(
        current,
        { set: { agency } },
        {
          type: 'AgencyForwarded',
          at,
          entryId: `agency-${key}`,
          data: {
            agencyId: agency.agencyId,
            kind: forward.kind,
            ...(forward.reason ? { reason: forward.reason } : {}),
            balance: current.balance,
          },
        },
      );
      break;
    } catch (error) {
      if (!(error instanceof CaseChangedError) || attempt >= 5) throw error;
      current = await ports.store.getCase(record.caseId);
    }
  }
  await queueForward(ports.store, record.caseId, key, forwardDetail(current, forward, key, at), now);
}
