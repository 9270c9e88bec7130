import type { FollowUp } from '../domain/follow-up.ts';
import type { Outbox } from '../ports/case-store.ts';
import { tellArTeam } from './ar-team.ts';
import { logger } from './logger.ts';
import { publish } from './publish.ts';

export type { FollowUp };

export type FollowUpConfig = { EVENT_BUS_NAME: string; AR_TEAM_TOPIC_ARN: string };

/** Carries a follow-up out now; throws if the bus or SNS refused it. */
export async function carryOut(followUp: FollowUp, config: FollowUpConfig): Promise<void> {
  switch (followUp.type) {
    case 'event':
      return publish(config.EVENT_BUS_NAME, followUp.detailType, followUp.detail);
    case 'ar-team':
      await tellArTeam(config.AR_TEAM_TOPIC_ARN, followUp.notice);
      return;
  }
}

/**
 * Carries a follow-up out now, or, if that fails, puts it in the outbox (due at once) under a key
 * unique within the case. Throws only if the outbox cannot be written either.
 */
export async function carryOutOrQueue(
  store: Pick<Outbox, 'putInOutbox'>,
  config: FollowUpConfig,
  item: { caseId: string; key: string; followUp: FollowUp; now: Date },
): Promise<'done' | 'queued'> {
  try {
    await carryOut(item.followUp, config);
    return 'done';
  } catch (error) {
    logger.warn('A follow-up failed; it waits in the outbox', {
      caseId: item.caseId,
      key: item.key,
      type: item.followUp.type,
      error: error as Error,
    });
    const at = item.now.toISOString();
    await store.putInOutbox({
      caseId: item.caseId,
      messageKey: item.key,
      dueAt: at,
      queuedAt: at,
      followUp: item.followUp,
    });
    return 'queued';
  }
}
