import type { CaseEventDetail } from '../contract/case-events.ts';
import type { FollowUp } from '../domain/follow-up.ts';
import type { Outbox } from '../ports/case-store.ts';
import type { ArTeam, CaseEvents } from '../ports/effects.ts';
import { logger } from '../shared/logger.ts';

export type { FollowUp };

export type FollowUpPorts = { events: CaseEvents; arTeam: ArTeam };

/** Carries a follow-up out now; throws if the bus or SNS refused it. */
export async function carryOut(followUp: FollowUp, { events, arTeam }: FollowUpPorts): Promise<void> {
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
  }
}

/**
 * Carries a follow-up out now, or, if that fails, puts it in the outbox (due at once) under a key
 * unique within the case. Throws only if the outbox cannot be written either.
 */
export async function carryOutOrQueue(
  ports: FollowUpPorts & { store: Pick<Outbox, 'putInOutbox'> },
  item: { caseId: string; key: string; followUp: FollowUp; now: Date },
): Promise<'done' | 'queued'> {
  try {
    await carryOut(item.followUp, ports);
    return 'done';
  } catch (error) {
    logger.warn('A follow-up failed; it waits in the outbox', {
      key: item.key,
      type: item.followUp.type,
      error: error as Error,
    });
    const at = item.now.toISOString();
    await ports.store.putInOutbox({
      caseId: item.caseId,
      messageKey: item.key,
      dueAt: at,
      queuedAt: at,
      followUp: item.followUp,
    });
    return 'queued';
  }
}
