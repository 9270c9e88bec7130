import type { CaseEventType } from '../contract/case-events.ts';
import type { ArTeamNotice } from './ar-team.ts';
import type { OpenedCase } from './schedule.ts';

/**
 * What a debtor's action sets in motion once it is on the case: its event on the bus, the AR
 * team's notice. The action is already recorded, so an outage must neither fail the debtor's
 * request nor lose them: a follow-up that fails waits in the outbox, and "send waiting messages"
 * carries it out later (functions/use-cases/follow-ups.ts).
 */
export type FollowUp =
  | { type: 'event'; detailType: CaseEventType; detail: Record<string, unknown> }
  | { type: 'ar-team'; notice: ArTeamNotice }
  /**
   * Issue 15: the case's workflow starts when its friendly reminder is due (the intake queued it,
   * in the outbox due then), rather than waiting in a Wait state billed as a transition.
   */
  | { type: 'workflow-start'; executionName: string; opening: OpenedCase };
