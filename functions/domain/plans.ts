import { MoneySchema } from '../contract/events.ts';
import * as z from '../contract/zod.ts';
import { addDays, daysBetween } from './dates.ts';
import { add, type Money, money } from './money.ts';
import type { Policy } from './policy.ts';

/**
 * Payment plans, as pure decisions: which schedules a balance may be paid in, how a total splits
 * into instalments, and where a running plan stands on a given day. No clock and no I/O: "today"
 * is always passed in, as a calendar date in the debtor's zone.
 *
 * Decisions (each stated where it is made):
 * - Amounts are integer minor units that add up exactly to the balance. The remainder of the
 *   division is spread one minor unit at a time over the last instalments by default (or the first),
 *   so no two instalments differ by more than one minor unit: 100.00 in 3 is 33.33, 33.33, 33.34.
 * - The first instalment is due `firstPaymentWithinDays` after the offer (the latest day the policy
 *   allows, the kindest reading of "within"), then one every `intervalDays`.
 * - A hardship plan is sized to what the debtor said they can afford and may run to
 *   `hardshipMaxInstalments`; it is exempt from the minimum instalment (their word on what they can
 *   pay beats the policy's floor). When even the longest plan asks for more than they can afford, it
 *   is still offered, split evenly (no balloon payment that sets the plan up to fail at its end), and
 *   flagged so the portal can say so and offer a person.
 */

export type RemainderOn = 'first' | 'last';

/** A month, for converting "what I can afford per month" to the policy's interval. */
export const DAYS_PER_MONTH = 30;

/**
 * The instalment counts offered when the policy and the balance allow them; the longest plan the
 * balance allows is always offered too, even when it is not on this list (5 when 5 is the most).
 */
export const PLAN_LENGTHS: readonly number[] = [2, 3, 4, 6, 9, 12, 18, 24, 36, 48, 60, 72, 84, 96, 108, 120];

const PLAN_ID = /^([1-9]\d*)x([1-9]\d*)d$/;

/** A stable name for a schedule: "3x30d" is three instalments, thirty days apart. */
export const planId = (count: number, intervalDays: number): string => `${count}x${intervalDays}d`;

const isoDate = z.iso.date();

export const PlanInstalmentSchema = z.object({
  number: z.number().check(z.int()).check(z.gte(1)),
  dueDate: isoDate,
  amount: MoneySchema,
});

/** A schedule the debtor may accept; it travels in the task-token reply and the `PlanAgreed` event. */
export const PlanOfferSchema = z
  .object({
    id: z.string().check(z.regex(PLAN_ID, 'must name a schedule such as 3x30d')),
    instalments: z.array(PlanInstalmentSchema).check(z.minLength(2)).check(z.maxLength(120)),
    total: MoneySchema,
    /** The minor units left over by the even split, one each on the first or last instalments. */
    remainder: z.object({ amount: z.number().check(z.int()).check(z.gte(0)), on: z.enum(['first', 'last']) }),
    /** Present on the plan sized to a hardship declaration. */
    hardship: z.optional(
      z.object({
        affordablePerInstalmentMinor: z.number().check(z.int()).check(z.gte(0)),
        /** False when even the longest plan the policy allows asks for more than that. */
        withinAffordability: z.boolean(),
      }),
    ),
  })
  .check(
    z.superRefine((offer, ctx) => {
      const { instalments, total, remainder } = offer;
      const [, count] = PLAN_ID.exec(offer.id) ?? [];
      if (Number(count) !== instalments.length)
        ctx.addIssue({ code: 'custom', path: ['id'], message: 'must name the number of instalments' });
      if (remainder.amount >= instalments.length)
        ctx.addIssue({
          code: 'custom',
          path: ['remainder'],
          message: 'must be less than one per instalment',
        });
      let sum = 0;
      instalments.forEach((instalment, index) => {
        const path = ['instalments', index];
        if (instalment.number !== index + 1)
          ctx.addIssue({ code: 'custom', path: [...path, 'number'], message: 'must count from 1 in order' });
        if (instalment.amount.currency !== total.currency)
          ctx.addIssue({
            code: 'custom',
            path: [...path, 'amount'],
            message: 'must be in the total’s currency',
          });
        const previous = instalments[index - 1];
        if (previous && !(instalment.dueDate > previous.dueDate))
          ctx.addIssue({
            code: 'custom',
            path: [...path, 'dueDate'],
            message: 'must come after the one before',
          });
        sum += instalment.amount.amount;
      });
      if (sum !== total.amount)
        ctx.addIssue({ code: 'custom', path: ['total'], message: 'must equal the sum of the instalments' });
    }),
  );

export type PlanInstalment = z.infer<typeof PlanInstalmentSchema>;
export type PlanOffer = z.infer<typeof PlanOfferSchema>;

/** The portal's "accept this plan" form. */
export const AcceptPlanInputSchema = z.object({
  planId: z.string().check(z.trim()).check(z.regex(PLAN_ID, 'must name one of the plans offered')),
});
export type AcceptPlanInput = z.infer<typeof AcceptPlanInputSchema>;

function assertCount(count: number): void {
  if (!Number.isSafeInteger(count) || count < 1)
    throw new RangeError(`${count} is not a number of instalments`);
}

/**
 * `total` in `count` instalments of whole minor units that add up exactly to it and differ by at
 * most one minor unit. The remainder (total mod count) goes one unit each on the last instalments
 * by default, so the regular amount comes first and any odd cent at the end; or on the first.
 */
export function splitEvenly(total: Money, count: number, remainderOn: RemainderOn = 'last'): Money[] {
  assertCount(count);
  const { amount, currency } = money(total.amount, total.currency);
  if (amount < 0) throw new RangeError(`cannot split a negative amount (${amount})`);
  const base = Math.floor(amount / count);
  const remainder = amount % count;
  return Array.from({ length: count }, (_, index) => {
    const carries = remainderOn === 'last' ? index >= count - remainder : index < remainder;
    return money(base + (carries ? 1 : 0), currency);
  });
}

/** One schedule: `count` instalments, the first `firstPaymentWithinDays` after today. */
export function schedulePlan(input: {
  balance: Money;
  count: number;
  plan: Pick<Policy['plan'], 'firstPaymentWithinDays' | 'intervalDays'>;
  today: string;
  remainderOn?: RemainderOn;
}): PlanOffer {
  const { balance, count, plan, today, remainderOn = 'last' } = input;
  const amounts = splitEvenly(balance, count, remainderOn);
  const first = addDays(today, plan.firstPaymentWithinDays);
  return {
    id: planId(count, plan.intervalDays),
    instalments: amounts.map((amount, index) => ({
      number: index + 1,
      dueDate: addDays(first, index * plan.intervalDays),
      amount,
    })),
    total: money(balance.amount, balance.currency),
    remainder: { amount: balance.amount % count, on: remainderOn },
  };
}

/** The largest instalment of an even split. */
const largestInstalment = (balance: number, count: number): number => Math.ceil(balance / count);

/**
 * The plans the policy allows for this balance, shortest first: each length on PLAN_LENGTHS up to
 * the policy's maximum, plus the longest the balance allows, whose smallest instalment is at least
 * the policy's minimum. A balance of at least twice the minimum always gets the two-instalment
 * plan; a smaller one gets none.
 *
 * With a hardship declaration the maximum is `hardshipMaxInstalments` and the first offer is the
 * plan sized to what the debtor can afford: ceil(balance / affordable per interval) instalments,
 * at least 2 and at most the hardship maximum, exempt from the minimum instalment (an instalment
 * is never below one minor unit, so a balance of one minor unit gets no plan). The affordable
 * amount per interval is affordablePerMonthMinor × intervalDays / 30, rounded down so a plan never
 * asks for more than they said. The other plans follow only where every instalment is within
 * that amount: someone in hardship is not offered schedules they told us they cannot pay.
 */
export function offerPlans(input: {
  balance: Money;
  policy: Pick<Policy, 'plan'>;
  today: string;
  hardship?: { affordablePerMonthMinor: number };
  remainderOn?: RemainderOn;
}): PlanOffer[] {
  const { balance, policy, today, hardship, remainderOn = 'last' } = input;
  const { plan } = policy;
  const total = money(balance.amount, balance.currency).amount;
  addDays(today, 0); // a malformed date fails here, not halfway through a schedule
  if (total <= 0) return [];

  const schedule = (count: number) => schedulePlan({ balance, count, plan, today, remainderOn });
  const maxInstalments = hardship ? plan.hardshipMaxInstalments : plan.maxInstalments;
  const longest = Math.min(maxInstalments, Math.floor(total / plan.minInstalmentMinor));
  const lengths = [...new Set([...PLAN_LENGTHS.filter((count) => count < longest), longest])].filter(
    (count) => count >= 2,
  );
  if (!hardship) return lengths.map(schedule);

  const { affordablePerMonthMinor } = hardship;
  if (!Number.isSafeInteger(affordablePerMonthMinor) || affordablePerMonthMinor < 0)
    throw new RangeError(`${affordablePerMonthMinor} is not an amount in minor units`);
  const perInstalment = Math.floor((affordablePerMonthMinor * plan.intervalDays) / DAYS_PER_MONTH);
  const needed = perInstalment > 0 ? Math.ceil(total / perInstalment) : Number.POSITIVE_INFINITY;
  const sizedCount = Math.min(plan.hardshipMaxInstalments, Math.max(2, needed), total);
  const offers: PlanOffer[] = [];
  if (sizedCount >= 2) {
    offers.push({
      ...schedule(sizedCount),
      hardship: {
        affordablePerInstalmentMinor: perInstalment,
        withinAffordability: largestInstalment(total, sizedCount) <= perInstalment,
      },
    });
  }
  for (const count of lengths) {
    if (count !== sizedCount && largestInstalment(total, count) <= perInstalment)
      offers.push(schedule(count));
  }
  return offers;
}

export type PlanPayment = { amount: Money; paidAt: string };

export type PlanStatus = {
  /** Everything paid towards the plan on or before today. */
  paidToDate: Money;
  /** Past-due instalment amounts not yet covered (zero when the plan is up to date). */
  overdue: Money;
  /** The first instalment not yet due (due today or later) that payments do not already cover. */
  nextDue?: { number: number; dueDate: string; amountOutstanding: Money };
  /** Instalments past their due date whose cumulative amount payments do not cover. */
  missed: number;
  /** `missed` has reached the policy's `missesBeforeBroken`. */
  broken: boolean;
  /** Payments cover the plan's total. */
  completed: boolean;
  /**
   * The day the reminder for `nextDue` goes: its due date less `reminderDaysBefore`. It may be
   * today or earlier (a plan accepted close to its first date); the reminder then goes at once, once.
   */
  reminderDueOn?: string;
};

/**
 * Where a plan stands on `today`. Payments (on or before today; later ones are ignored) apply
 * cumulatively in instalment order, so an overpayment counts toward the next instalment and a late
 * payment catches up the oldest missed one. An instalment is missed from the day after its due
 * date (no grace) while payments do not cover it and every instalment before it. The plan is broken
 * when the missed instalments reach the policy's number; a payment that catches up lowers `missed`
 * again, so the caller records a break when it acts on it.
 */
export function planStatus(input: {
  plan: Pick<PlanOffer, 'instalments' | 'total'>;
  payments: readonly PlanPayment[];
  today: string;
  policy: Pick<Policy, 'plan'>;
}): PlanStatus {
  const { plan, payments, today, policy } = input;
  const { currency } = plan.total;
  const paidToDate = payments
    .filter((payment) => daysBetween(payment.paidAt, today) >= 0)
    .reduce((sum, payment) => add(sum, payment.amount), money(0, currency));
  const paid = paidToDate.amount;

  let due = 0;
  let missed = 0;
  let overdue = 0;
  let nextDue: PlanStatus['nextDue'];
  for (const instalment of plan.instalments) {
    const dueBefore = due;
    due = add(money(due, currency), instalment.amount).amount;
    if (daysBetween(instalment.dueDate, today) > 0) {
      if (due > paid) missed += 1;
      overdue = Math.max(0, due - paid);
    } else if (!nextDue && due > paid) {
      nextDue = {
        number: instalment.number,
        dueDate: instalment.dueDate,
        amountOutstanding: money(due - Math.max(paid, dueBefore), currency),
      };
    }
  }

  const completed = paid >= plan.total.amount;
  const status: PlanStatus = {
    paidToDate,
    overdue: money(overdue, currency),
    missed,
    broken: !completed && missed >= policy.plan.missesBeforeBroken,
    completed,
  };
  if (nextDue) {
    status.nextDue = nextDue;
    status.reminderDueOn = addDays(nextDue.dueDate, -policy.plan.reminderDaysBefore);
  }
  return status;
}
