import type { CaseEventType } from '../contract/case-events.ts';
import type { ArTeamNotice } from '../domain/ar-team.ts';
import { tellArTeam } from './ar-team.ts';
import type { CaseStore } from './case-store.ts';
import { logger } from './logger.ts';
import { publish } from './publish.ts';

/**
 * What a debtor's action sets in motion once it is on the case: its event on the bus, the AR
 * team's notice. The action is already recorded, so an outage must neither fail the debtor's
 * request nor lose them: a follow-up that fails waits in the outbox, and "send waiting messages"
 * carries it out later.
 */
export type FollowUp =
  | { type: 'event'; detailType: CaseEventType; detail: Record<string, unknown> }
  | { type: 'ar-team'; notice: ArTeamNotice };

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
  store: CaseStore,
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
