import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makePolicyClock } from '../../functions/domain/policy-clock.ts';

const instant = fc.date({
  min: new Date('2020-01-01T00:00:00Z'),
  max: new Date('2035-01-01T00:00:00Z'),
  noInvalidDate: true,
});

describe('the policy clock', () => {
  it('is the identity when a policy day lasts a real day, whatever the origin', () => {
    fc.assert(
      fc.property(instant, instant, instant, (originReal, originPolicy, real) => {
        const clock = makePolicyClock({ daySeconds: 86_400, originReal, originPolicy });
        const shift = originPolicy.getTime() - originReal.getTime();
        expect(clock.toPolicy(real).getTime()).toBe(real.getTime() + shift);
        expect(clock.toReal(clock.toPolicy(real)).getTime()).toBe(real.getTime());
      }),
    );
    const stack = makePolicyClock({
      daySeconds: 86_400,
      originReal: new Date('2026-01-01T00:00:00Z'),
      originPolicy: new Date('2026-01-01T00:00:00Z'),
    });
    const now = new Date('2026-03-29T00:59:59.123Z');
    expect(stack.toPolicy(now)).toEqual(now);
    expect(stack.toReal(now)).toEqual(now);
  });

  it('runs a policy day in daySeconds real seconds from its origin', () => {
    const clock = makePolicyClock({
      daySeconds: 10,
      originReal: new Date('2026-05-01T12:00:00Z'),
      originPolicy: new Date('2026-03-28T23:00:00Z'),
    });
    expect(clock.toPolicy(new Date('2026-05-01T12:00:00Z')).toISOString()).toBe('2026-03-28T23:00:00.000Z');
    expect(clock.toPolicy(new Date('2026-05-01T12:00:10Z')).toISOString()).toBe('2026-03-29T23:00:00.000Z');
    expect(clock.toReal(new Date('2026-03-30T11:00:00Z')).toISOString()).toBe('2026-05-01T12:00:15.000Z');
  });

  it('never converts a policy instant back to a real one that reads earlier on the policy clock', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.05, max: 86_400, noNaN: true }), instant, (daySeconds, policy) => {
        const clock = makePolicyClock({
          daySeconds,
          originReal: new Date('2026-01-01T00:00:00Z'),
          originPolicy: new Date('2026-02-01T00:00:00Z'),
        });
        expect(clock.toPolicy(clock.toReal(policy)).getTime()).toBeGreaterThanOrEqual(policy.getTime());
      }),
    );
  });
});
