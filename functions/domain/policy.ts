import * as z from '../contract/zod.ts';
import { HARDSHIP_SIGNS } from './hardship-signs.ts';
import consumer from './policies/consumer.json' with { type: 'json' };
import enterprise from './policies/enterprise.json' with { type: 'json' };
import smallBusiness from './policies/small-business.json' with { type: 'json' };

/**
 * A collections policy: every number the journey uses, per customer segment. The files in
 * ./policies are bundled into the functions the stack deploys and read as-is by the local runtime.
 */
const days = z.number().check(z.int()).check(z.gte(1)).check(z.lte(365));
const clockTime = z
  .string()
  .check(z.regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a 24-hour time such as 08:00'));

export const PolicySchema = z.object({
  segment: z.string().check(z.minLength(1)),
  /** Zone used when the billing event names none (issue #5 tightens this to fail closed). */
  defaultTimeZone: z.string().check(z.minLength(1)),
  defaultLocale: z.string().check(z.minLength(2)),
  /** The friendly reminder goes this many days after the due date. */
  friendlyReminderAfterDueDays: z.number().check(z.int()).check(z.gte(0)).check(z.lte(60)),
  /** Days each rung waits for a reply before the next, firmer one (the plan offer is a rung of its own). */
  replyWindowDays: z.object({ friendly: days, firm: days, planOffer: days, final: days }),
  /**
   * Fewer reminders (issue 16): the reply windows of the policy's gentlest cadence, which a debtor
   * may choose on the portal. Each at least as long as the rung's own window (checked below), so
   * the ladder's end never comes sooner for it.
   */
  gentleReplyWindowDays: z.optional(z.object({ friendly: days, firm: days, planOffer: days, final: days })),
  /** Below this balance (minor units, in the case's currency) a case is never placed with an agency. */
  agencyMinimumBalanceMinor: z.number().check(z.int()).check(z.gte(0)),
  /**
   * An automatic referral waits for a supervisor's approval (issue 12): the case is parked in the
   * `referrals` queue, waiting for a person, until a supervisor approves (every blocker checked again)
   * or declines it. Absent: no approval is asked for.
   */
  agencyReferralNeedsApproval: z.optional(z.boolean()),
  /**
   * What becomes of a case its agency returns (issue 14: the agency gives up): `person` (the default)
   * hands it to a person; `write-off` writes the balance off, as a supervisor's write-off does, and
   * the workflow closes the case as written off (CaseResolved `written-off`).
   */
  agencyReturnedAction: z._default(z.enum(['person', 'write-off']), 'person'),
  /** How long a link in an email stays valid. */
  linkValidityDays: days,
  /** The debtor's local hours in which a message may go (DESIGN §3), 24-hour "HH:MM". */
  contactWindow: z.object({ start: clockTime, end: clockTime }),
  /** Most messages to one debtor in any rolling 7 days, across all their cases. */
  weeklyMessageCap: z.number().check(z.int()).check(z.gte(1)).check(z.lte(21)),
  /** Promise to pay: how far ahead a debtor may promise, and the grace after the date. */
  promise: z.object({
    maxDaysAhead: days,
    graceDays: z.number().check(z.int()).check(z.gte(0)).check(z.lte(30)),
  }),
  /** Payment plans the portal may offer. */
  plan: z.object({
    maxInstalments: z.number().check(z.int()).check(z.gte(2)).check(z.lte(60)),
    /** With declared hardship the plan may run this long instead. */
    hardshipMaxInstalments: z.number().check(z.int()).check(z.gte(2)).check(z.lte(120)),
    minInstalmentMinor: z.number().check(z.int()).check(z.gte(1)),
    firstPaymentWithinDays: days,
    intervalDays: days,
    reminderDaysBefore: z.number().check(z.int()).check(z.gte(0)).check(z.lte(30)),
    missesBeforeBroken: z.number().check(z.int()).check(z.gte(1)).check(z.lte(12)),
  }),
  /**
   * The ladder's plan offer: where it sits, and the schedules its email proposes, by number of
   * instalments, shortest first. A count the balance or the plan rules do not allow is left out (see
   * planOfferSchedules).
   */
  planOffer: z.object({
    /**
     * The rung the offer follows: `firm` (the default: after the firm reminder, before the final
     * notice) or `friendly` (straight after the first reminder, before the firm one). Either way it
     * comes before the check for signs of hardship and the final notice, which close every ladder.
     */
    after: z._default(z.enum(['friendly', 'firm']), 'firm'),
    instalments: z
      .array(z.number().check(z.int()).check(z.gte(2)).check(z.lte(60)))
      .check(z.minLength(1))
      .check(z.maxLength(3)),
  }),
  /** The checks for signs of hardship before the final notice and before an agency referral. */
  hardshipCheck: z._default(
    z.object({
      /** A hardship declared on any of the account's cases this many months back still counts. */
      lookBackMonths: z.number().check(z.int()).check(z.gte(1)).check(z.lte(120)),
      /** The signs that stop an automatic referral (the case then goes to a person). */
      stopsReferral: z.array(z.enum(HARDSHIP_SIGNS)),
    }),
    { lookBackMonths: 12, stopsReferral: [...HARDSHIP_SIGNS] },
  ),
  /** Collection pauses this long after a hardship declaration, then a plan is offered. */
  hardshipPauseDays: days,
  /** Reminders pause this long after a callback request. */
  callbackPauseDays: days,
  /** A dispute waits this long for its resolution before a person is asked to look. */
  disputeReviewDays: days,
  /**
   * Snooze to payday (issue 16): the debtor may ask, once per case, to be reminded on a date at most
   * this many days ahead; reminders pause until then without a promise's weight.
   */
  snooze: z._default(z.object({ maxDaysAhead: days }), { maxDaysAhead: 14 }),
  /** Issue 16: how many days before an invoice's due date the friendly note goes (Invoice Due Soon). */
  dueSoonNoteDaysBefore: z._default(z.number().check(z.int()).check(z.gte(1)).check(z.lte(30)), 3),
  /** Early settlement at the final notice, if the business offers it. */
  settlement: z.optional(
    z.object({
      discountPercent: z.number().check(z.int()).check(z.gte(1)).check(z.lte(90)),
      payWithinDays: days,
    }),
  ),
});

export type Policy = z.infer<typeof PolicySchema>;

/**
 * The reply windows of the gentlest cadence: the policy's own, or twice the usual ones when it names
 * none; never shorter than the usual window of the same rung.
 */
export function gentleReplyWindows(policy: Policy): Policy['replyWindowDays'] {
  const usual = policy.replyWindowDays;
  const gentle = policy.gentleReplyWindowDays;
  const longer = (rung: keyof typeof usual) =>
    Math.max(usual[rung], gentle?.[rung] ?? Math.min(365, usual[rung] * 2));
  return {
    friendly: longer('friendly'),
    firm: longer('firm'),
    planOffer: longer('planOffer'),
    final: longer('final'),
  };
}

/** The reply windows a case waits: the gentle ones once the debtor chose fewer reminders. */
export function replyWindowsFor(policy: Policy, cadence: 'gentle' | undefined): Policy['replyWindowDays'] {
  return cadence === 'gentle' ? gentleReplyWindows(policy) : policy.replyWindowDays;
}
export type Rung = keyof Policy['replyWindowDays'];
/** The reminders (ReminderSent names these). */
export const RUNGS = ['friendly', 'firm', 'final'] as const satisfies readonly Rung[];
/** Every rung that writes and waits for a reply, in the default ladder's order. */
export const LADDER_RUNGS = ['friendly', 'firm', 'planOffer', 'final'] as const satisfies readonly Rung[];
export type LadderRung = (typeof LADDER_RUNGS)[number];

/**
 * The segment's ladder, in order: the friendly reminder first, then the firm reminder and the plan
 * offer in the order the policy places them (`planOffer.after`), then the final notice, last of all.
 */
export function ladderOf(policy: Pick<Policy, 'planOffer'>): readonly LadderRung[] {
  return policy.planOffer.after === 'friendly'
    ? ['friendly', 'planOffer', 'firm', 'final']
    : ['friendly', 'firm', 'planOffer', 'final'];
}

/**
 * The rung after this one once its reply window ran out with no answer: the segment's ladder order.
 * The state machine asks this of "Check the contact rules" after every rung but the final notice
 * (whose timeout goes to the check for signs of hardship before the referral); a next rung that is
 * the final notice goes through the check for signs of hardship first.
 */
export function nextRung(rung: LadderRung, policy: Pick<Policy, 'planOffer'>): LadderRung {
  const ladder = ladderOf(policy);
  const next = ladder[ladder.indexOf(rung) + 1];
  if (!next) throw new Error(`The ${rung} rung is the ladder's last: no rung comes after it`);
  return next;
}

export const POLICIES: Readonly<Record<string, Policy>> = Object.fromEntries(
  [consumer, smallBusiness, enterprise].map((raw) => {
    const policy = PolicySchema.parse(raw);
    return [policy.segment, policy];
  }),
);

/** The segment a debtor without one belongs to. */
export const DEFAULT_SEGMENT = 'consumer';

export function policyFor(segment: string | undefined): Policy {
  const policy = POLICIES[segment ?? DEFAULT_SEGMENT];
  if (!policy) throw new UnknownSegmentError(segment ?? DEFAULT_SEGMENT);
  return policy;
}

export class UnknownSegmentError extends Error {
  override name = 'UnknownSegmentError';
  constructor(segment: string) {
    super(`segment "${segment}" has no policy; known segments: ${Object.keys(POLICIES).join(', ')}`);
  }
}
