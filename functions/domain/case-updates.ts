import { type CaseField, type CaseRecord, isClosing } from './case.ts';
import { pauseUntil, type Reply } from './journey.ts';
import { type Money, subtract } from './money.ts';
import type { QueueMoves } from './queues.ts';

/**
 * What billing's case updates (DESIGN §2, issue #3) do to an open case, pure: the fields to change,
 * the timeline entry, and the reply the workflow is told. `undefined` means nothing to do (a
 * repeat, or an update that does not apply to the case as it is).
 */
export type CaseChange = {
  /** The fields the change sets, typed by the case itself. */
  set?: { [K in CaseField]?: CaseRecord[K] };
  /** The fields the change removes. */
  remove?: CaseField[];
  reply?: Reply;
  bumpCycle?: boolean;
  /** The work queues (queues.ts) the change puts the case in or takes it out of, in the same write. */
  queues?: QueueMoves;
  /** A new address for the debtor: the lookup that finds their cases by email gains it (issue 12). */
  debtorEmail?: string;
  /** A mobile number for the debtor: the lookup that finds their cases by phone gains it (issue 16). */
  debtorPhone?: string;
  timeline: { type: string; entryId: string; data: Record<string, unknown> };
};

/**
 * The case exactly as one recorded change leaves it (the store writes the same fields under a
 * version condition). Reading the case again after the write may already show the next change: a
 * dispute posted in the same moment as a promise would take the promise's date out of its own
 * acknowledgement.
 */
export function applyChange<T extends CaseRecord>(record: T, change: Omit<CaseChange, 'timeline'>): T {
  const next: Record<string, unknown> = {
    ...record,
    ...change.set,
    ...(change.reply ? { pendingReply: change.reply } : {}),
    version: record.version + 1,
    ...(change.bumpCycle ? { cycle: (record.cycle ?? 0) + 1 } : {}),
  };
  for (const field of change.remove ?? []) delete next[field];
  return next as T;
}

const resumeStep = (record: Pick<CaseRecord, 'rung'>) => record.rung ?? 'friendly';

export function resolveDispute(
  record: CaseRecord,
  resolution: { outcome: 'upheld' | 'rejected'; note?: string; disputeId?: string },
  replyId: string,
): CaseChange | undefined {
  if (record.dispute?.status !== 'open' || isClosing(record)) return undefined;
  // A resolution of an older dispute must not close a newer one.
  if (resolution.disputeId && record.dispute.disputeId && resolution.disputeId !== record.dispute.disputeId)
    return undefined;
  const dispute = {
    ...record.dispute,
    status: resolution.outcome,
    ...(resolution.note ? { resolutionNote: resolution.note } : {}),
  };
  const timeline = {
    type: 'DisputeResolved',
    entryId: `dispute-${record.dispute.openedAt}-${resolution.outcome}`,
    data: { outcome: resolution.outcome },
  };
  if (resolution.outcome === 'upheld') {
    return {
      set: { dispute, balance: { ...record.balance, amount: 0 } },
      remove: ['pause'],
      reply: { id: replyId, outcome: 'credited', reason: 'dispute-upheld' },
      queues: { leave: ['disputes'] },
      timeline,
    };
  }
  return {
    set: { dispute, noticeOnResume: 'disputeRejected' },
    remove: ['pause'],
    bumpCycle: true,
    reply: { id: replyId, outcome: 'resume', step: resumeStep(record), because: 'dispute-rejected' },
    queues: { leave: ['disputes'] },
    timeline,
  };
}

export function cancelInvoice(
  record: CaseRecord & { cancelledInvoiceIds?: string[] },
  cancellation: { invoiceId: string; amountCredited?: Money; reason?: string },
  replyId: string,
): CaseChange | undefined {
  const invoice = record.invoices.find((candidate) => candidate.invoiceId === cancellation.invoiceId);
  if (!invoice || record.cancelledInvoiceIds?.includes(invoice.invoiceId)) return undefined;
  const credit = cancellation.amountCredited ?? invoice.amountDue;
  const balance = subtract(record.balance, credit);
  return {
    set: { balance, cancelledInvoiceIds: [...(record.cancelledInvoiceIds ?? []), invoice.invoiceId] },
    ...(balance.amount <= 0
      ? { reply: { id: replyId, outcome: 'credited', reason: 'invoice-cancelled' } as Reply }
      : {}),
    timeline: {
      type: 'InvoiceCancelled',
      entryId: `cancelled-${invoice.invoiceId}`,
      data: {
        invoiceId: invoice.invoiceId,
        credit,
        balance,
        ...(cancellation.reason ? { reason: cancellation.reason } : {}),
      },
    },
  };
}

/** A legal pause (e.g. breathing space): no contact at all, no fees or interest proposed, until resumed. */
export function pauseCollection(
  record: CaseRecord,
  pause: { reason: string; until?: string },
  context: { now: Date; daySeconds: number; replyId: string; openEndedDays: number },
): CaseChange | undefined {
  if (record.legalPause || isClosing(record)) return undefined;
  const lastDay = pause.until ?? addDaysFrom(context.now, context.openEndedDays);
  const reply = pauseUntil({
    reason: 'legal-pause',
    lastDay,
    now: context.now,
    timeZone: record.debtor.timeZone,
    daySeconds: context.daySeconds,
    id: context.replyId,
  });
  return {
    set: {
      legalPause: {
        reason: pause.reason,
        since: context.now.toISOString(),
        ...(pause.until ? { until: pause.until } : {}),
      },
      pause: { reason: 'legal-pause', until: lastDay, since: context.now.toISOString() },
    },
    reply,
    timeline: {
      type: 'CollectionPaused',
      entryId: `legal-pause-${context.now.toISOString()}`,
      data: { reason: pause.reason, until: pause.until ?? null },
    },
  };
}

export function resumeCollection(
  record: CaseRecord,
  context: { now: Date; replyId: string },
): CaseChange | undefined {
  if (!record.legalPause || isClosing(record)) return undefined;
  return {
    remove: ['legalPause', 'pause'],
    bumpCycle: true,
    reply: {
      id: context.replyId,
      outcome: 'resume',
      step: resumeStep(record),
      because: 'collection-resumed',
    },
    timeline: { type: 'CollectionResumed', entryId: `legal-resume-${context.now.toISOString()}`, data: {} },
  };
}

function addDaysFrom(now: Date, days: number): string {
  return new Date(now.getTime() + days * 86_400_000).toISOString().slice(0, 10);
}
