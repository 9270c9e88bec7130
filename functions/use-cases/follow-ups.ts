import type { CaseEventDetail } from '../contract/case-events.ts';
import { EMAIL_PURPOSE } from '../domain/contact-rules.ts';
import type { EmailContext, EmailKind } from '../domain/emails.ts';
import type { FollowUp } from '../domain/follow-up.ts';
import { outboxBacklogOf } from '../domain/metrics.ts';
import type { Outbox, OutboxFollowUp } from '../ports/case-store.ts';
import type { ArTeam, CaseEvents, Workflow } from '../ports/effects.ts';
import { logger, withCorrelationIds } from '../shared/logger.ts';

export type { FollowUp };

export type FollowUpPorts = { events: CaseEvents; arTeam: ArTeam; workflow: Pick<Workflow, 'start'> };

/**
 * The outbox as a transactional outbox: what an action, a payment, a document or a reminder sets in
 * motion besides the case itself (its events, the AR team's notices, the debtor's acknowledgement)
 * is written to the outbox due now, after the case is recorded, and carried out by its carrier,
 * which the table's stream invokes at once (carryOutFollowUps for follow-ups, sendWaitingMessages
 * for emails). The function that recorded the case then needs none of the clients, nor the email
 * renderer and its words: a follow-up happens a moment later, and an outage delays it, never loses it.
 */
export type QueueStore = Pick<Outbox, 'putInOutbox'>;

/** Queues a follow-up, due now (or at `dueAt`), under a key unique within the case. */
export async function queueFollowUp(
  store: QueueStore,
  item: { caseId: string; key: string; followUp: FollowUp; now: Date; dueAt?: string },
): Promise<void> {
  const at = item.now.toISOString();
  await store.putInOutbox({
    caseId: item.caseId,
    messageKey: item.key,
    dueAt: item.dueAt ?? at,
    queuedAt: at,
    followUp: item.followUp,
  });
}

/** Queues an email to the case's debtor, due now: it goes through the one send gate when carried out. */
export async function queueEmail(
  store: QueueStore,
  email: {
    caseId: string;
    kind: EmailKind;
    messageKey: string;
    now: Date;
    extra?: Partial<EmailContext>;
  },
): Promise<void> {
  const at = email.now.toISOString();
  await store.putInOutbox({
    caseId: email.caseId,
    messageKey: email.messageKey,
    dueAt: at,
    queuedAt: at,
    kind: email.kind,
    purpose: EMAIL_PURPOSE[email.kind],
    ...(email.extra ? { extra: email.extra as Record<string, unknown> } : {}),
  });
}

/** Carries a follow-up out now; throws if the bus or SNS refused it. */
export async function carryOut(
  followUp: FollowUp,
  { events, arTeam, workflow }: FollowUpPorts,
): Promise<void> {
  switch (followUp.type) {
    case 'event':
      // Checked against the event's schema as it goes (the detail was built before it was queued).
      return events.publish(
        followUp.detailType,
        followUp.detail as CaseEventDetail<typeof followUp.detailType>,
      );
    case 'ar-team':
      await arTeam.tell(followUp.notice);
      return;
    case 'workflow-start':
      // Starting it again (a retried follow-up) is harmless: the adapter answers with its ARN.
      await workflow.start(followUp.executionName, followUp.opening);
      return;
  }
}

export type FollowUpCarrierPorts = FollowUpPorts & {
  store: Pick<Outbox, 'dueOutbox' | 'claimOutboxItem' | 'releaseOutboxItem' | 'removeFromOutbox'>;
};

/**
 * How long one attempt may take to carry a follow-up out before another may (the bus and SNS answer
 * well within it; a crashed attempt's follow-up waits this long).
 */
export const FOLLOW_UP_CLAIM_MS = 30_000;

/**
 * Carries out one waiting follow-up, once: the scheduled run and a stream batch may both hold it, so
 * it is claimed first (a conditional write with a short expiry); the one that does not get the
 * claim leaves it. On failure the claim is given back and the error thrown (the stream retries it,
 * or the next scheduled run). A workflow's start needs no claim: StartExecution is idempotent by
 * the execution's name (a second start with the same input answers with the running execution,
 * the adapter turns ExecutionAlreadyExists into its ARN), so two carriers holding it start one
 * execution, and the claim's write and its release would guard nothing.
 */
export async function carryOutWaitingFollowUp(
  item: OutboxFollowUp,
  now: Date,
  ports: FollowUpCarrierPorts,
): Promise<'followedUp' | 'claimedElsewhere'> {
  const { store } = ports;
  if (item.followUp.type === 'workflow-start') {
    await carryOut(item.followUp, ports);
    await store.removeFromOutbox(item, now);
    return 'followedUp';
  }
  if (!(await store.claimOutboxItem(item, new Date(), new Date(Date.now() + FOLLOW_UP_CLAIM_MS))))
    return 'claimedElsewhere';
  try {
    await carryOut(item.followUp, ports);
  } catch (error) {
    await store.releaseOutboxItem(item);
    throw error;
  }
  await store.removeFromOutbox(item, now);
  return 'followedUp';
}

/** Scheduled: every follow-up due by `now` (one left or due later than the stream saw it), once. */
export async function carryOutFollowUps(
  now: Date,
  ports: FollowUpCarrierPorts,
): Promise<Record<string, number>> {
  const due = (await ports.store.dueOutbox('followUp', now)).filter(
    (item): item is OutboxFollowUp => 'followUp' in item,
  );
  const outcomes: Record<string, number> = {};
  for (const item of due) {
    const outcome = await withCorrelationIds({ caseId: item.caseId }, async () => {
      try {
        return await carryOutWaitingFollowUp(item, now, ports);
      } catch (error) {
        logger.error('A waiting follow-up failed; the next run tries it again', {
          messageKey: item.messageKey,
          error: error as Error,
        });
        return 'failed';
      }
    });
    outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
  }
  if (due.length > 0) logger.info('Waiting follow-ups handled', { due: due.length, ...outcomes });
  // The backlog as the run found it, for the OutboxBacklog and OutboxOldestItemAge metrics.
  return {
    due: due.length,
    ...outcomes,
    ...outboxBacklogOf(
      due.map((item) => item.dueAt),
      now,
    ),
  };
}
