import { addDays, addSeconds, daysBetween, localDate } from './dates.ts';
import { type LadderRung, nextRung, type Policy, type Rung, replyWindowsFor } from './policy.ts';

export type ReminderSchedule = {
  /** When the friendly reminder goes (ISO 8601 instant); now when it is already due. */
  friendlyReminderAt: string;
  /** How long each rung waits for a reply, in real seconds (a policy day lasts `daySeconds`). */
  replyWindowSeconds: Record<Rung, number>;
  /**
   * The rung each rung moves up to when its reply window runs out with no answer: the segment's
   * ladder (policy.ts ladderOf). The workflow's "Move up from …" choices route on it, straight to
   * the next rung's send (which asks the contact rules as every send does) or, before the final
   * notice, to the check for signs of hardship. Executions started without it ask "Check the
   * contact rules", which works the next rung out itself.
   */
  nextRung: Record<Exclude<LadderRung, 'final'>, LadderRung>;
};

/** What the friendly reminder's send is asked with when the workflow starts at it. */
export type FirstContact = { decision: string; until: string; step: 'friendly'; reason: string };

/**
 * What the case's workflow starts with (its execution's input, under `Payload`, the shape every
 * later state reads): the case, its timetable, and the contact rules' word on the friendly
 * reminder's moment.
 */
export type OpenedCase = { caseId: string; reply: FirstContact } & ReminderSchedule;

/**
 * The case's timetable. `daySeconds` is 86,400 in AWS; the local runtime shrinks it so a whole
 * ladder plays out in minutes.
 */
export function planReminders(input: {
  policy: Policy;
  dueDate: string;
  timeZone: string;
  now: Date;
  daySeconds: number;
  /** The debtor chose fewer reminders (issue 16): the policy's gentle windows. */
  cadence?: 'gentle' | undefined;
}): ReminderSchedule {
  const { policy, dueDate, timeZone, now, daySeconds } = input;
  const friendlyDate = addDays(dueDate, policy.friendlyReminderAfterDueDays);
  const daysToWait = Math.max(0, daysBetween(localDate(now, timeZone), friendlyDate));
  return {
    friendlyReminderAt: addSeconds(now, daysToWait * daySeconds).toISOString(),
    replyWindowSeconds: replyWindowSeconds(policy, input.cadence, daySeconds),
    nextRung: {
      friendly: nextRung('friendly', policy),
      firm: nextRung('firm', policy),
      planOffer: nextRung('planOffer', policy),
    },
  };
}

/** How long each rung waits for a reply, in real seconds, for the case's cadence. */
export function replyWindowSeconds(
  policy: Policy,
  cadence: 'gentle' | undefined,
  daySeconds: number,
): Record<Rung, number> {
  const windows = replyWindowsFor(policy, cadence);
  const seconds = (days: number) => Math.max(1, Math.round(days * daySeconds));
  return {
    friendly: seconds(windows.friendly),
    firm: seconds(windows.firm),
    planOffer: seconds(windows.planOffer),
    final: seconds(windows.final),
  };
}

/**
 * The calendar date the final notice names for the agency referral, in the debtor's zone: after
 * the final notice's reply window, the gentle one once the debtor chose fewer reminders (issue 16).
 */
export function agencyReferralDate(
  policy: Policy,
  now: Date,
  timeZone: string,
  cadence?: 'gentle' | undefined,
): string {
  return addDays(localDate(now, timeZone), replyWindowsFor(policy, cadence).final);
}
