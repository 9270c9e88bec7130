import * as z from '../contract/zod.ts';
import { addDays, daysBetween, localDate } from './dates.ts';
import { ladderOf, nextRung, type Policy, type Rung } from './policy.ts';

/**
 * The journey's decisions (DESIGN §2), pure: what a debtor action or a system event means for the
 * workflow. The workflow is told through a task-token reply; this module decides the reply.
 */
export const STEPS = ['friendly', 'firm', 'planOffer', 'final', 'agency'] as const;
export type Step = (typeof STEPS)[number];

/**
 * One reminder up: a broken promise resumes firmer, never further than the agency step. The plan
 * offer is not a reminder: a debtor who made a promise has already been offered a way forward, so the
 * next message is the next reminder of the segment's ladder (the firm one, or the final notice, which
 * a check for signs of hardship precedes).
 */
export function stepAfter(rung: Rung, policy: Pick<Policy, 'planOffer'>): Step {
  const ladder = ladderOf(policy);
  return ladder.slice(ladder.indexOf(rung) + 1).find((next) => next !== 'planOffer') ?? 'agency';
}

/** The step a rung's reply window leads to when it runs out (the segment's ladder order). */
export function nextOnLadder(rung: Rung, policy: Pick<Policy, 'planOffer'>): Step {
  return rung === 'final' ? 'agency' : nextRung(rung, policy);
}

export const PAUSE_REASONS = [
  'promise',
  'dispute',
  'legal-pause',
  'callback',
  'hardship',
  'plan',
  'plan-offer',
  /** A member of staff paused collection (issue 12) until a date. */
  'staff',
  /**
   * The debtor asked to be reminded on a date of their own (issue 16, snooze to payday): no
   * promise's weight; when it ends the ladder resumes at the rung it interrupted, never a firmer one.
   */
  'snooze',
  /**
   * The debtor chose fewer reminders (issue 16) while a reminder waited for its reply: it waits the
   * gentle window from then; when it ends the ladder goes on one rung, as the window's end would.
   */
  'cadence',
] as const;
export type PauseReason = (typeof PAUSE_REASONS)[number];

/** The reply that takes the workflow into "Pause collection and wait". */
export const PausedReplySchema = z.object({
  id: z.string(),
  outcome: z.literal('paused'),
  reason: z.enum(PAUSE_REASONS),
  /** The last day of the pause, in the debtor's calendar. */
  until: z.string(),
  /** Real seconds the workflow waits (policy days × the deployment's day length); at least 1. */
  pauseSeconds: z.number().check(z.int()).check(z.gte(1)),
});

export const ReplySchema = z.discriminatedUnion('outcome', [
  z.object({ id: z.string(), outcome: z.literal('paid'), paymentId: z.optional(z.string()) }),
  z.object({
    id: z.string(),
    outcome: z.literal('credited'),
    /** written-off: a supervisor wrote the balance off (issue 12); the case closes as written off. */
    reason: z.enum(['invoice-cancelled', 'dispute-upheld', 'written-off']),
  }),
  PausedReplySchema,
  z.object({
    id: z.string(),
    outcome: z.literal('resume'),
    step: z.enum(STEPS),
    because: z.enum([
      'promise-broken',
      'dispute-rejected',
      'pause-ended',
      'collection-resumed',
      'plan-broken',
      /** The reminder could not go when its turn came (the contact window or the weekly cap): ask again. */
      'contact-deferred',
      /** The check for signs of hardship before the referral found none that stop it (hardship-check.ts). */
      'hardship-checked',
      /** A person took up a case handed to them and resumed it (issue 12). */
      'staff-resumed',
    ]),
  }),
  z.object({
    id: z.string(),
    outcome: z.literal('stopped'),
    /** undeliverable: an email bounced for good; complaint: the debtor marked one as spam (see deliverability.ts). */
    reason: z.enum([
      'opted-out',
      'dispute-unresolved',
      /** The reminder's send found no hours known to be safe for the debtor (contact-rules.ts). */
      'no-contact-hours',
      'undeliverable',
      'complaint',
      'agency-referral-held',
      /** The agency gave the case back, or closed its file, or its term ran out, or a supervisor recalled it (issue 14). */
      'agency-returned',
      'agency-closed',
      'agency-term-ended',
      'agency-recalled',
    ]),
  }),
]);

/** What a waiting state is told; the Choice "Act on the reply" routes on `outcome` (and `step`). */
export type Reply = z.infer<typeof ReplySchema>;
/** A reply before it is given its id. */
export type ReplyDraft = Reply extends infer R ? (R extends Reply ? Omit<R, 'id'> : never) : never;

/** A pause of whole policy days, ending after `lastDay` in the debtor's calendar. */
export function pauseUntil(input: {
  reason: PauseReason;
  lastDay: string;
  now: Date;
  timeZone: string;
  daySeconds: number;
  id: string;
}): Extract<Reply, { outcome: 'paused' }> {
  const days = Math.max(0, daysBetween(localDate(input.now, input.timeZone), input.lastDay)) + 1;
  return {
    id: input.id,
    outcome: 'paused',
    reason: input.reason,
    until: input.lastDay,
    pauseSeconds: Math.max(1, Math.round(days * input.daySeconds)),
  };
}

export type PromiseCheck = { ok: true; lastDay: string } | { ok: false; problem: 'in-the-past' | 'too-far' };

/** A promise to pay by `date`: allowed within the policy's limit; reminders pause until the date plus grace. */
export function checkPromiseDate(date: string, policy: Policy, today: string): PromiseCheck {
  const ahead = daysBetween(today, date);
  if (ahead < 0) return { ok: false, problem: 'in-the-past' };
  if (ahead > policy.promise.maxDaysAhead) return { ok: false, problem: 'too-far' };
  return { ok: true, lastDay: addDays(date, policy.promise.graceDays) };
}

/** The latest date a debtor may promise, for the form's hint and its `max`. */
export const latestPromiseDate = (policy: Policy, today: string) =>
  addDays(today, policy.promise.maxDaysAhead);

export type SnoozeCheck =
  | { ok: true; lastDay: string }
  | { ok: false; problem: 'not-after-today' | 'too-far-snooze' };

/**
 * "Remind me on" `date`: a day after today, within the policy's limit. Reminders pause through the
 * day before it, so the next reminder may go on the date itself (inside the contact window).
 */
export function checkSnoozeDate(date: string, policy: Policy, today: string): SnoozeCheck {
  const ahead = daysBetween(today, date);
  if (ahead < 1) return { ok: false, problem: 'not-after-today' };
  if (ahead > policy.snooze.maxDaysAhead) return { ok: false, problem: 'too-far-snooze' };
  return { ok: true, lastDay: addDays(date, -1) };
}

/** The latest date a debtor may ask to be reminded on, for the form's hint and its `max`. */
export const latestSnoozeDate = (policy: Policy, today: string) => addDays(today, policy.snooze.maxDaysAhead);

/**
 * When a pause runs its full length: a broken promise resumes one rung up; a callback, a snooze or a
 * legal pause resumes at the rung it interrupted; a dispute nobody resolved goes to a person.
 */
export function decideAfterPause(
  record: { rung?: Rung; pause?: { reason: PauseReason } },
  policy: Pick<Policy, 'planOffer'>,
): Omit<Extract<Reply, { outcome: 'resume' }>, 'id'> | Omit<Extract<Reply, { outcome: 'stopped' }>, 'id'> {
  const rung = record.rung ?? 'friendly';
  switch (record.pause?.reason) {
    case 'dispute':
      return { outcome: 'stopped', reason: 'dispute-unresolved' };
    case 'promise':
      return {
        outcome: 'resume',
        step: record.rung ? stepAfter(record.rung, policy) : 'friendly',
        because: 'promise-broken',
      };
    case 'cadence':
      return { outcome: 'resume', step: nextOnLadder(rung, policy), because: 'pause-ended' };
    default:
      return { outcome: 'resume', step: rung, because: 'pause-ended' };
  }
}
