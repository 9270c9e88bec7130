import { describe, expect, it } from 'vitest';
import {
  checkPromiseDate,
  latestPromiseDate,
  pauseUntil,
  ReplySchema,
  stepAfter,
} from '../../functions/domain/journey.ts';
import { policyFor } from '../../functions/domain/policy.ts';

const consumer = policyFor('consumer');

describe('the journey’s decisions', () => {
  it('moves one rung up, and no further than the agency', () => {
    expect(stepAfter('friendly')).toBe('firm');
    expect(stepAfter('firm')).toBe('final');
    expect(stepAfter('final')).toBe('agency');
  });

  it('accepts a promise within the policy’s limit and pauses until the date plus grace', () => {
    expect(checkPromiseDate('2026-12-01', consumer, '2026-11-23')).toEqual({
      ok: true,
      lastDay: '2026-12-03',
    });
    expect(checkPromiseDate('2026-11-23', consumer, '2026-11-23')).toEqual({
      ok: true,
      lastDay: '2026-11-25',
    });
    expect(checkPromiseDate('2026-11-22', consumer, '2026-11-23')).toEqual({
      ok: false,
      problem: 'in-the-past',
    });
    expect(checkPromiseDate(latestPromiseDate(consumer, '2026-11-23'), consumer, '2026-11-23').ok).toBe(true);
    expect(checkPromiseDate('2027-01-23', consumer, '2026-11-23')).toEqual({ ok: false, problem: 'too-far' });
  });

  it('pauses whole policy days in the debtor’s calendar, scaled to the deployment’s day', () => {
    const now = new Date('2026-11-23T22:30:00Z');
    const london = pauseUntil({
      reason: 'promise',
      lastDay: '2026-11-25',
      now,
      timeZone: 'Europe/London',
      daySeconds: 10,
      id: 'r1',
    });
    expect(london).toEqual({
      id: 'r1',
      outcome: 'paused',
      reason: 'promise',
      until: '2026-11-25',
      pauseSeconds: 30,
    });
    // In Tokyo it is already the 24th: one day less.
    const tokyo = pauseUntil({
      reason: 'promise',
      lastDay: '2026-11-25',
      now,
      timeZone: 'Asia/Tokyo',
      daySeconds: 10,
      id: 'r1',
    });
    expect(tokyo.pauseSeconds).toBe(20);
    expect(ReplySchema.parse(london)).toEqual(london);
  });

  it('never pauses for less than a second (the workflow needs a positive timeout)', () => {
    const reply = pauseUntil({
      reason: 'callback',
      lastDay: '2026-01-01',
      now: new Date('2026-11-23T12:00:00Z'),
      timeZone: 'UTC',
      daySeconds: 0.1,
      id: 'x',
    });
    expect(reply.pauseSeconds).toBe(1);
  });
});
