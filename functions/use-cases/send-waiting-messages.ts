import type { ContactPurpose } from '../domain/contact-rules.ts';
import type { EmailContext, EmailKind } from '../domain/emails.ts';
import { outboxBacklogOf } from '../domain/metrics.ts';
import type { Cases, Claims, ContactRecords, Outbox, OutboxEmail } from '../ports/case-store.ts';
import type { CaseMail } from '../ports/effects.ts';
import { logger, withCorrelationIds } from '../shared/logger.ts';
import { type DueSoonSendPorts, sendDueSoonNotes } from './due-soon-note.ts';

const LEASE = 'send-waiting-messages';

export type WaitingMessagePorts = {
  store: Pick<Cases, 'getCase'> &
    Pick<Claims, 'takeLease' | 'releaseLease'> &
    Pick<Outbox, 'dueOutbox' | 'removeFromOutbox'> &
    Pick<ContactRecords, 'pendingMessages'>;
  mail: Pick<CaseMail, 'send'>;
  /** Issue 16: the notes before a due date, swept on the same run (none without). */
  dueSoon?: DueSoonSendPorts;
};

/**
 * Messages wait in the outbox: each message the gate deferred (outside the contact window, over
 * the weekly cap) that is now due goes through the same gate again. It may go, wait again, or be
 * withheld (the debtor opted out meanwhile): late, once, never doubled (DESIGN §3). The emails that
 * actions, payments and documents queued due now go the same way (the table's stream brings each at
 * once, see `sendWaitingMessage`; this scheduled run takes what is left). One run at a time: a run
 * that finds another holding the lease (until `leaseUntil`) leaves the work to it. Its result says
 * what became of each item, and the backlog it found (`backlog`, `oldestDueSeconds`) for the metrics.
 */
export async function sendWaitingMessages(
  run: { holder: string; now: Date; leaseUntil: Date },
  ports: WaitingMessagePorts,
): Promise<Record<string, number | boolean>> {
  const { store } = ports;
  if (!(await store.takeLease(LEASE, run.holder, run.now, run.leaseUntil))) {
    logger.info('Another run is sending the waiting messages');
    return { due: 0, skipped: true };
  }
  try {
    return await sendDue(run.now, ports);
  } finally {
    await store.releaseLease(LEASE, run.holder, new Date());
  }
}

async function sendDue(now: Date, ports: WaitingMessagePorts) {
  const due = (await ports.store.dueOutbox('mail', now)).filter(
    (item): item is OutboxEmail => !('followUp' in item),
  );
  // And the recorded emails still waiting for SES (deliverEmail's), each due since it was recorded:
  // deliverEmail does not report its own (Powertools Metrics would take its bundle over 400 KB).
  const undelivered = await ports.store.pendingMessages(now);
  const outcomes: Record<string, number> = {};
  for (const item of due) {
    // Each item's lines carry its case's id, and only its own.
    const outcome = await withCorrelationIds({ caseId: item.caseId }, async () => {
      try {
        return await sendWaitingMessage(item, now, ports);
      } catch (error) {
        // Left in the outbox for the next run; the others still go.
        logger.error('A waiting item failed; the next run tries it again', {
          messageKey: item.messageKey,
          error: error as Error,
        });
        return 'failed';
      }
    });
    outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
  }
  if (due.length > 0) logger.info('Waiting messages handled', { due: due.length, ...outcomes });
  // The notes before a due date that are due now (their own index partition; no case, no outbox).
  const notes = ports.dueSoon ? await sendDueSoonNotes(now, ports.dueSoon) : {};
  // The mail side's backlog as the run found it (the OutboxBacklog and OutboxOldestItemAge metrics).
  return {
    due: due.length,
    ...outcomes,
    ...(notes.dueSoonNotes ? prefixed('dueSoon', notes) : {}),
    ...outboxBacklogOf(
      [...due.map((item) => item.dueAt), ...undelivered.map((message) => message.recordedAt)],
      now,
    ),
  };
}

/** A note's counts beside the outbox's, named apart (dueSoon.sent, dueSoon.deferred…). */
function prefixed(prefix: string, counts: Record<string, number>): Record<string, number> {
  return Object.fromEntries(
    Object.entries(counts)
      .filter(([name]) => name !== 'dueSoonNotes')
      .map(([name, count]) => [`${prefix}.${name}`, count]),
  );
}

/**
 * One waiting email through the send gate, then out of the outbox (unless the gate deferred it
 * again). Safe to run twice at once (the scheduled run and a stream batch): the gate records a
 * message once and delivers it once.
 */
export async function sendWaitingMessage(
  item: OutboxEmail,
  now: Date,
  ports: Pick<WaitingMessagePorts, 'mail'> & {
    store: Pick<Cases, 'getCase'> & Pick<Outbox, 'removeFromOutbox'>;
  },
): Promise<string> {
  const { store } = ports;
  const record = await store.getCase(item.caseId);
  if (!record) {
    await store.removeFromOutbox(item, now);
    return 'noCase';
  }
  const { outcome } = await ports.mail.send({
    record,
    kind: item.kind as EmailKind,
    messageKey: item.messageKey,
    now,
    purpose: item.purpose as ContactPurpose,
    ...(item.agencyReferralDate ? { agencyReferralDate: item.agencyReferralDate } : {}),
    ...(item.extra ? { extra: item.extra as Partial<EmailContext> } : {}),
  });
  // Deferred again: the gate put it back with its new due time, which this removal leaves alone.
  if (outcome !== 'deferred') await store.removeFromOutbox(item, now);
  return outcome;
}
