import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, daysBetween } from '../../functions/domain/dates.ts';
import { CurrencyMismatchError, money } from '../../functions/domain/money.ts';
import {
  AcceptPlanInputSchema,
  offerPlans,
  type PlanOffer,
  PlanOfferSchema,
  type PlanPayment,
  planStatus,
  splitEvenly,
} from '../../functions/domain/plans.ts';
import { POLICIES, type Policy, policyFor } from '../../functions/domain/policy.ts';

const TODAY = '2026-03-10';
const consumer = policyFor('consumer');
const enterprise = policyFor('enterprise');
const policies = Object.values(POLICIES);
const amounts = (plan: PlanOffer) => plan.instalments.map((instalment) => instalment.amount.amount);
const counts = (plans: PlanOffer[]) => plans.map((plan) => plan.instalments.length);

/** Today, a day chosen by fast-check between 2000 and 2099. */
const isoDay = fc.integer({ min: 0, max: 36_524 }).map((offset) => addDays('2000-01-01', offset));
const policyArb = fc.constantFrom(...policies);

describe('splitEvenly', () => {
  it('puts the odd cent on the last instalment by default, or the first', () => {
    expect(splitEvenly(money(10_000, 'EUR'), 3).map((m) => m.amount)).toEqual([3333, 3333, 3334]);
    expect(splitEvenly(money(10_000, 'EUR'), 3, 'first').map((m) => m.amount)).toEqual([3334, 3333, 3333]);
    expect(splitEvenly(money(10_000, 'EUR'), 3)[0]).toEqual({ amount: 3333, currency: 'EUR' });
  });

  it('spreads a larger remainder one minor unit at a time', () => {
    expect(splitEvenly(money(1000, 'EUR'), 7).map((m) => m.amount)).toEqual([
      142, 143, 143, 143, 143, 143, 143,
    ]);
    expect(splitEvenly(money(1000, 'EUR'), 7, 'first').map((m) => m.amount)).toEqual([
      143, 143, 143, 143, 143, 143, 142,
    ]);
  });

  it('splits currencies without minor units in whole yen', () => {
    expect(splitEvenly(money(10_000, 'JPY'), 3)).toEqual([
      { amount: 3333, currency: 'JPY' },
      { amount: 3333, currency: 'JPY' },
      { amount: 3334, currency: 'JPY' },
    ]);
  });

  it('refuses counts and totals that make no sense', () => {
    expect(() => splitEvenly(money(100, 'EUR'), 0)).toThrow(RangeError);
    expect(() => splitEvenly(money(100, 'EUR'), 2.5)).toThrow(RangeError);
    expect(() => splitEvenly(money(-100, 'EUR'), 2)).toThrow(RangeError);
    expect(() => splitEvenly({ amount: 10.5, currency: 'EUR' }, 2)).toThrow(RangeError);
  });

  it('always adds up exactly, in whole minor units that differ by at most one, the remainder where stated', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1e9 }),
        fc.integer({ min: 1, max: 120 }),
        fc.constantFrom('first' as const, 'last' as const),
        (total, count, on) => {
          const parts = splitEvenly(money(total, 'EUR'), count, on).map((m) => m.amount);
          expect(parts).toHaveLength(count);
          for (const part of parts) {
            expect(Number.isSafeInteger(part)).toBe(true);
            expect(part).toBeGreaterThanOrEqual(0);
          }
          expect(parts.reduce((a, b) => a + b, 0)).toBe(total);
          expect(Math.max(...parts) - Math.min(...parts)).toBeLessThanOrEqual(1);
          const base = Math.floor(total / count);
          const remainder = total % count;
          const carrying = parts.flatMap((part, index) => (part === base + 1 ? [index] : []));
          const expected = Array.from({ length: remainder }, (_, i) =>
            on === 'first' ? i : count - remainder + i,
          );
          expect(carrying).toEqual(expected);
        },
      ),
    );
  });
});

describe('offerPlans', () => {
  it('offers the consumer policy’s schedules, first due after firstPaymentWithinDays, then every interval', () => {
    const plans = offerPlans({ balance: money(10_000, 'EUR'), policy: consumer, today: TODAY });
    expect(plans.map((plan) => plan.id)).toEqual(['2x30d', '3x30d', '4x30d', '6x30d']);
    const three = plans[1];
    expect(three).toEqual({
      id: '3x30d',
      instalments: [
        { number: 1, dueDate: '2026-03-24', amount: { amount: 3333, currency: 'EUR' } },
        { number: 2, dueDate: '2026-04-23', amount: { amount: 3333, currency: 'EUR' } },
        { number: 3, dueDate: '2026-05-23', amount: { amount: 3334, currency: 'EUR' } },
      ],
      total: { amount: 10_000, currency: 'EUR' },
      remainder: { amount: 1, on: 'last' },
    });
    for (const plan of plans) expect(PlanOfferSchema.parse(plan)).toEqual(plan);
  });

  it('states the remainder on the first instalment when asked to', () => {
    const [two] = offerPlans({
      balance: money(3001, 'GBP'),
      policy: consumer,
      today: TODAY,
      remainderOn: 'first',
    });
    expect(amounts(two as PlanOffer)).toEqual([1501, 1500]);
    expect(two?.remainder).toEqual({ amount: 1, on: 'first' });
  });

  it('offers yen in whole yen', () => {
    const plans = offerPlans({ balance: money(100_000, 'JPY'), policy: consumer, today: TODAY });
    const six = plans.find((plan) => plan.id === '6x30d') as PlanOffer;
    expect(amounts(six)).toEqual([16_666, 16_666, 16_667, 16_667, 16_667, 16_667]);
    expect(six.remainder).toEqual({ amount: 4, on: 'last' });
  });

  it('drops schedules under the minimum instalment and adds the longest the balance allows', () => {
    // 50.00 with a 10.00 minimum: 6 would be 8.33, so 5 is the longest.
    const plans = offerPlans({ balance: money(5000, 'EUR'), policy: consumer, today: TODAY });
    expect(counts(plans)).toEqual([2, 3, 4, 5]);
  });

  it('always offers two instalments from twice the minimum, and nothing below it', () => {
    expect(counts(offerPlans({ balance: money(2000, 'EUR'), policy: consumer, today: TODAY }))).toEqual([2]);
    expect(offerPlans({ balance: money(1999, 'EUR'), policy: consumer, today: TODAY })).toEqual([]);
    expect(offerPlans({ balance: money(0, 'EUR'), policy: consumer, today: TODAY })).toEqual([]);
  });

  it('runs to the enterprise policy’s longer maximum', () => {
    const plans = offerPlans({ balance: money(10_000_000, 'EUR'), policy: enterprise, today: TODAY });
    expect(counts(plans)).toEqual([2, 3, 4, 6, 9, 12]);
    expect(plans[0]?.instalments[0]?.dueDate).toBe(addDays(TODAY, 30));
  });

  it('with hardship, offers first the plan sized to what they can afford, then only other affordable ones', () => {
    // 600.00 at 100.00 a month: six instalments of 100.00; 9 and 12 (longer, smaller) are affordable too.
    const plans = offerPlans({
      balance: money(60_000, 'GBP'),
      policy: consumer,
      today: TODAY,
      hardship: { affordablePerMonthMinor: 10_000 },
    });
    expect(plans.map((plan) => plan.id)).toEqual(['6x30d', '9x30d', '12x30d']);
    expect(amounts(plans[0] as PlanOffer)).toEqual(Array(6).fill(10_000));
    expect(plans[0]?.hardship).toEqual({ affordablePerInstalmentMinor: 10_000, withinAffordability: true });
    expect(plans[1]?.hardship).toBeUndefined();
  });

  it('sizes the hardship plan by rounding up the number of instalments', () => {
    // 650.00 at 100.00 a month needs 7 instalments (92.85 or 92.86 each), beyond the normal maximum of 6.
    const [sized] = offerPlans({
      balance: money(65_000, 'GBP'),
      policy: consumer,
      today: TODAY,
      hardship: { affordablePerMonthMinor: 10_000 },
    });
    expect(sized?.id).toBe('7x30d');
    expect(Math.max(...amounts(sized as PlanOffer))).toBeLessThanOrEqual(10_000);
  });

  it('converts a monthly amount to the policy’s interval, rounding down', () => {
    const fortnightly: Pick<Policy, 'plan'> = { plan: { ...consumer.plan, intervalDays: 14 } };
    // 100.00 a month is 46.66 a fortnight: 300.00 needs 7 fortnightly instalments.
    const [sized] = offerPlans({
      balance: money(30_000, 'EUR'),
      policy: fortnightly,
      today: TODAY,
      hardship: { affordablePerMonthMinor: 10_000 },
    });
    expect(sized?.id).toBe('7x14d');
    expect(sized?.hardship?.affordablePerInstalmentMinor).toBe(4666);
    expect(daysBetween(sized?.instalments[0]?.dueDate ?? '', sized?.instalments[1]?.dueDate ?? '')).toBe(14);
  });

  it('caps the hardship plan at the hardship maximum and flags it when even that is more than they can afford', () => {
    const plans = offerPlans({
      balance: money(500_000, 'EUR'),
      policy: consumer,
      today: TODAY,
      hardship: { affordablePerMonthMinor: 5000 },
    });
    expect(plans).toHaveLength(1);
    const [capped] = plans as [PlanOffer];
    expect(capped.id).toBe('12x30d');
    expect(amounts(capped).reduce((a, b) => a + b, 0)).toBe(500_000);
    expect(capped.hardship).toEqual({ affordablePerInstalmentMinor: 5000, withinAffordability: false });
  });

  it('lets the hardship plan go under the minimum instalment, never under one minor unit', () => {
    // 15.00 is too small for an ordinary plan (minimum 10.00), but 5.00 a month is what they can pay.
    const [sized, ...others] = offerPlans({
      balance: money(1500, 'EUR'),
      policy: consumer,
      today: TODAY,
      hardship: { affordablePerMonthMinor: 500 },
    });
    expect(amounts(sized as PlanOffer)).toEqual([500, 500, 500]);
    expect(others).toEqual([]);
    const [tiny] = offerPlans({
      balance: money(3, 'EUR'),
      policy: consumer,
      today: TODAY,
      hardship: { affordablePerMonthMinor: 0 },
    });
    expect(amounts(tiny as PlanOffer)).toEqual([1, 1, 1]);
    expect(tiny?.hardship?.withinAffordability).toBe(false);
    expect(
      offerPlans({
        balance: money(1, 'EUR'),
        policy: consumer,
        today: TODAY,
        hardship: { affordablePerMonthMinor: 1 },
      }),
    ).toEqual([]);
  });

  it('offers two instalments when they can afford the whole balance in a month', () => {
    const plans = offerPlans({
      balance: money(5000, 'EUR'),
      policy: consumer,
      today: TODAY,
      hardship: { affordablePerMonthMinor: 100_000 },
    });
    expect(plans[0]?.id).toBe('2x30d');
    expect(counts(plans)).toEqual([2, 3, 4, 5]);
  });

  it('refuses malformed input', () => {
    expect(() => offerPlans({ balance: money(5000, 'EUR'), policy: consumer, today: '2026-02-30' })).toThrow(
      RangeError,
    );
    expect(() =>
      offerPlans({
        balance: money(5000, 'EUR'),
        policy: consumer,
        today: TODAY,
        hardship: { affordablePerMonthMinor: -1 },
      }),
    ).toThrow(RangeError);
  });

  it('never exceeds the maximum, never goes under the minimum, dates step by the interval, amounts add up', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1e9 }),
        policyArb,
        isoDay,
        fc.option(fc.integer({ min: 0, max: 1e8 }), { nil: undefined }),
        (balance, policy, today, affordable) => {
          const hardship = affordable === undefined ? undefined : { affordablePerMonthMinor: affordable };
          const plans = offerPlans({
            balance: money(balance, 'EUR'),
            policy,
            today,
            ...(hardship && { hardship }),
          });
          const { plan } = policy;
          const max = hardship ? plan.hardshipMaxInstalments : plan.maxInstalments;
          if (!hardship) expect(plans.length > 0).toBe(balance >= 2 * plan.minInstalmentMinor);
          expect(new Set(plans.map((p) => p.id)).size).toBe(plans.length);
          plans.forEach((offer, index) => {
            const parts = amounts(offer);
            expect(PlanOfferSchema.safeParse(offer).success).toBe(true);
            expect(parts.length).toBeGreaterThanOrEqual(2);
            expect(parts.length).toBeLessThanOrEqual(max);
            expect(parts.reduce((a, b) => a + b, 0)).toBe(balance);
            expect(offer.total).toEqual({ amount: balance, currency: 'EUR' });
            // Only the plan sized to a hardship declaration (always first) may go under the minimum.
            if (!(hardship && index === 0))
              expect(Math.min(...parts)).toBeGreaterThanOrEqual(plan.minInstalmentMinor);
            if (hardship && index > 0) expect(offer.hardship).toBeUndefined();
            expect(offer.instalments[0]?.dueDate).toBe(addDays(today, plan.firstPaymentWithinDays));
            offer.instalments.forEach((instalment, i) => {
              expect(instalment.number).toBe(i + 1);
              const previous = offer.instalments[i - 1];
              if (previous) expect(daysBetween(previous.dueDate, instalment.dueDate)).toBe(plan.intervalDays);
            });
          });
          if (hardship && plans.length > 0) {
            const [sized] = plans as [PlanOffer];
            expect(sized.hardship).toBeDefined();
            const perInstalment = sized.hardship?.affordablePerInstalmentMinor ?? 0;
            expect(sized.hardship?.withinAffordability).toBe(Math.max(...amounts(sized)) <= perInstalment);
            for (const other of plans.slice(1))
              expect(Math.max(...amounts(other))).toBeLessThanOrEqual(perInstalment);
          }
        },
      ),
    );
  });
});

describe('plan schemas', () => {
  const [offer] = offerPlans({ balance: money(10_000, 'EUR'), policy: consumer, today: TODAY }) as [
    PlanOffer,
  ];

  it('round-trips an offer through JSON', () => {
    expect(PlanOfferSchema.parse(JSON.parse(JSON.stringify(offer)))).toEqual(offer);
  });

  it('refuses an offer whose instalments do not add up, are out of order or do not match the id', () => {
    const withAmount = (amount: number) => ({
      ...offer,
      instalments: offer.instalments.map((instalment, i) =>
        i === 0 ? { ...instalment, amount: { ...instalment.amount, amount } } : instalment,
      ),
    });
    expect(PlanOfferSchema.safeParse(withAmount(4999)).success).toBe(false);
    expect(PlanOfferSchema.safeParse({ ...offer, id: '3x30d' }).success).toBe(false);
    expect(
      PlanOfferSchema.safeParse({ ...offer, instalments: [...offer.instalments].reverse() }).success,
    ).toBe(false);
    expect(
      PlanOfferSchema.safeParse({
        ...offer,
        instalments: offer.instalments.map((i) => ({ ...i, dueDate: '2026-02-30' })),
      }).success,
    ).toBe(false);
    expect(PlanOfferSchema.safeParse({ ...offer, remainder: { amount: 0, on: 'middle' } }).success).toBe(
      false,
    );
  });

  it('reads the portal’s accept-plan form', () => {
    expect(AcceptPlanInputSchema.parse({ planId: ' 3x30d ' })).toEqual({ planId: '3x30d' });
    expect(AcceptPlanInputSchema.safeParse({ planId: '0x30d' }).success).toBe(false);
    expect(AcceptPlanInputSchema.safeParse({ planId: '<script>' }).success).toBe(false);
    expect(AcceptPlanInputSchema.safeParse({}).success).toBe(false);
  });
});

describe('planStatus', () => {
  const [plan] = offerPlans({ balance: money(10_000, 'EUR'), policy: consumer, today: TODAY }).filter(
    (p) => p.id === '3x30d',
  ) as [PlanOffer];
  const [first, second, third] = plan.instalments as [
    PlanOffer['instalments'][0],
    PlanOffer['instalments'][0],
    PlanOffer['instalments'][0],
  ];
  const pay = (amount: number, paidAt: string): PlanPayment => ({ amount: money(amount, 'EUR'), paidAt });
  const status = (payments: PlanPayment[], today: string, policy: Pick<Policy, 'plan'> = consumer) =>
    planStatus({ plan, payments, today, policy });

  it('names the first instalment and its reminder before anything is paid', () => {
    expect(status([], TODAY)).toEqual({
      paidToDate: { amount: 0, currency: 'EUR' },
      overdue: { amount: 0, currency: 'EUR' },
      nextDue: { number: 1, dueDate: '2026-03-24', amountOutstanding: { amount: 3333, currency: 'EUR' } },
      missed: 0,
      broken: false,
      completed: false,
      reminderDueOn: '2026-03-21',
    });
  });

  it('counts an instalment as missed from the day after it was due', () => {
    expect(status([], first.dueDate).missed).toBe(0);
    const dayAfter = status([], addDays(first.dueDate, 1));
    expect(dayAfter).toMatchObject({ missed: 1, broken: false, overdue: { amount: 3333 } });
    expect(dayAfter.nextDue?.number).toBe(2);
    expect(status([], addDays(second.dueDate, 1))).toMatchObject({ missed: 2, broken: true });
    expect(status([], addDays(second.dueDate, 1), enterprise).broken).toBe(true);
    expect(status([], addDays(first.dueDate, 1), enterprise).broken).toBe(true);
  });

  it('applies partial payments and overpayments cumulatively', () => {
    const partial = status([pay(1000, TODAY), pay(2000, addDays(TODAY, 1))], addDays(TODAY, 2));
    expect(partial.paidToDate.amount).toBe(3000);
    expect(partial.nextDue).toEqual({
      number: 1,
      dueDate: first.dueDate,
      amountOutstanding: { amount: 333, currency: 'EUR' },
    });
    const over = status([pay(5000, TODAY)], addDays(first.dueDate, 1));
    expect(over.missed).toBe(0);
    expect(over.nextDue).toEqual({
      number: 2,
      dueDate: second.dueDate,
      amountOutstanding: { amount: 1666, currency: 'EUR' },
    });
  });

  it('lets a late payment catch up a missed instalment', () => {
    const late = status([pay(3333, addDays(first.dueDate, 5))], addDays(first.dueDate, 6));
    expect(late).toMatchObject({ missed: 0, overdue: { amount: 0 } });
  });

  it('ignores payments dated after today', () => {
    expect(status([pay(10_000, addDays(TODAY, 5))], TODAY).paidToDate.amount).toBe(0);
    expect(status([pay(10_000, addDays(TODAY, 5))], addDays(TODAY, 5)).completed).toBe(true);
  });

  it('completes when the last instalment is paid, even after the last due date', () => {
    const done = status([pay(6666, TODAY), pay(3334, third.dueDate)], addDays(third.dueDate, 10));
    expect(done).toEqual({
      paidToDate: { amount: 10_000, currency: 'EUR' },
      overdue: { amount: 0, currency: 'EUR' },
      missed: 0,
      broken: false,
      completed: true,
    });
  });

  it('refuses payments in another currency', () => {
    expect(() =>
      planStatus({
        plan,
        payments: [{ amount: money(100, 'USD'), paidAt: TODAY }],
        today: TODAY,
        policy: consumer,
      }),
    ).toThrow(CurrencyMismatchError);
  });

  /** A policy, one of its plans for some balance, and the day it was offered. */
  const planArb = fc
    .record({
      policy: policyArb,
      balance: fc.integer({ min: 1, max: 1e9 }),
      today: isoDay,
      pick: fc.nat(),
    })
    .filter(({ policy, balance }) => balance >= 2 * policy.plan.minInstalmentMinor)
    .map(({ policy, balance, today, pick }) => {
      const plans = offerPlans({ balance: money(balance, 'EUR'), policy, today });
      return { policy, today, plan: plans[pick % plans.length] as PlanOffer };
    });

  it('paying every instalment on time, in one or more parts, completes the plan and never breaks it', () => {
    fc.assert(
      fc.property(
        planArb,
        fc.array(fc.tuple(fc.integer({ min: 1, max: 4 }), fc.nat()), { minLength: 120, maxLength: 120 }),
        ({ policy, today, plan }, shapes) => {
          const payments = plan.instalments.flatMap((instalment, i) => {
            const [parts, early] = shapes[i] ?? [1, 0];
            const earliest = i === 0 ? today : (plan.instalments[i - 1]?.dueDate ?? today);
            const paidAt = addDays(
              instalment.dueDate,
              -(early % (daysBetween(earliest, instalment.dueDate) + 1)),
            );
            return splitEvenly(instalment.amount, parts).map((amount) => ({ amount, paidAt }));
          });
          const last = plan.instalments.at(-1)?.dueDate ?? today;
          for (let day = today; day <= addDays(last, 3); day = addDays(day, 1)) {
            const s = planStatus({ plan, payments, today: day, policy });
            expect(s.broken).toBe(false);
            expect(s.missed).toBe(0);
            expect(s.overdue.amount).toBe(0);
          }
          expect(planStatus({ plan, payments, today: last, policy })).toMatchObject({
            completed: true,
            paidToDate: plan.total,
          });
        },
      ),
      { numRuns: 50 },
    );
  });

  it('missing N instalments in a row breaks the plan iff N reaches the policy’s number', () => {
    fc.assert(
      fc.property(planArb, fc.nat(), fc.nat(), ({ policy, today, plan }, kept, skipped) => {
        const count = plan.instalments.length;
        const paidOnTime = kept % count;
        const missedCount = 1 + (skipped % (count - paidOnTime));
        const payments = plan.instalments
          .slice(0, paidOnTime)
          .map((instalment) => ({ amount: instalment.amount, paidAt: instalment.dueDate }));
        const lastMissed = plan.instalments[paidOnTime + missedCount - 1]?.dueDate ?? today;
        const s = planStatus({ plan, payments, today: addDays(lastMissed, 1), policy });
        expect(s.missed).toBe(missedCount);
        expect(s.broken).toBe(missedCount >= policy.plan.missesBeforeBroken);
        expect(s.completed).toBe(false);
        const owed = plan.instalments
          .slice(paidOnTime, paidOnTime + missedCount)
          .reduce((sum, instalment) => sum + instalment.amount.amount, 0);
        expect(s.overdue.amount).toBe(owed);
      }),
    );
  });

  it('partial payments accumulate to the same standing as whole ones', () => {
    fc.assert(
      fc.property(
        planArb,
        fc.integer({ min: 1, max: 10 }),
        fc.nat(),
        fc.nat(),
        ({ policy, today, plan }, parts, paidShare, dayShare) => {
          const paid = paidShare % (plan.total.amount + 1);
          const last = plan.instalments.at(-1)?.dueDate ?? today;
          const asOf = addDays(today, dayShare % (daysBetween(today, last) + 5));
          const whole = planStatus({
            plan,
            payments: [{ amount: money(paid, 'EUR'), paidAt: today }],
            today: asOf,
            policy,
          });
          const split = planStatus({
            plan,
            payments: splitEvenly(money(paid, 'EUR'), parts).map((amount, i) => ({
              amount,
              paidAt: addDays(today, -i),
            })),
            today: asOf,
            policy,
          });
          expect(split).toEqual(whole);
          expect(whole.paidToDate.amount).toBe(paid);
          if (whole.nextDue) {
            expect(whole.nextDue.amountOutstanding.amount).toBeGreaterThan(0);
            expect(whole.reminderDueOn).toBe(addDays(whole.nextDue.dueDate, -policy.plan.reminderDaysBefore));
          }
        },
      ),
    );
  });
});
