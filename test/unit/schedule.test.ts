import { describe, expect, it } from 'vitest';
import { POLICIES, PolicySchema, policyFor, UnknownSegmentError } from '../../functions/domain/policy.ts';
import { agencyReferralDate, planReminders } from '../../functions/domain/schedule.ts';

const consumer = policyFor('consumer');

describe('policies', () => {
  it('has a valid policy for each segment', () => {
    expect(Object.keys(POLICIES).sort()).toEqual(['consumer', 'enterprise', 'small-business']);
    for (const policy of Object.values(POLICIES)) expect(PolicySchema.parse(policy)).toEqual(policy);
  });

  it('uses the consumer policy when billing names no segment, and refuses unknown ones', () => {
    expect(policyFor(undefined).segment).toBe('consumer');
    expect(() => policyFor('vip')).toThrow(UnknownSegmentError);
  });
});

describe('the reminder timetable', () => {
  const now = new Date('2026-11-23T12:00:00Z');

  it('waits until a few days after the due date, counted in policy days', () => {
    const plan = planReminders({
      policy: consumer,
      dueDate: '2026-11-22',
      timeZone: 'UTC',
      now,
      daySeconds: 10,
    });
    // due 22nd + 3 days = 25th; today is the 23rd: two policy days of 10 s.
    expect(plan.friendlyReminderAt).toBe('2026-11-23T12:00:20.000Z');
    expect(plan.replyWindowSeconds).toEqual({ friendly: 70, firm: 70, planOffer: 70, final: 140 });
  });

  it('sends at once when billing reports the invoice late', () => {
    const plan = planReminders({
      policy: consumer,
      dueDate: '2026-10-01',
      timeZone: 'UTC',
      now,
      daySeconds: 86_400,
    });
    expect(plan.friendlyReminderAt).toBe(now.toISOString());
    expect(plan.replyWindowSeconds.final).toBe(14 * 86_400);
  });

  it('counts days in the debtor’s zone', () => {
    const lateEvening = new Date('2026-11-23T23:30:00Z');
    const inTokyo = planReminders({
      policy: consumer,
      dueDate: '2026-11-22',
      timeZone: 'Asia/Tokyo',
      now: lateEvening,
      daySeconds: 100,
    });
    const inLondon = planReminders({
      policy: consumer,
      dueDate: '2026-11-22',
      timeZone: 'Europe/London',
      now: lateEvening,
      daySeconds: 100,
    });
    // In Tokyo it is already the 24th: one day less to wait.
    expect(Date.parse(inLondon.friendlyReminderAt) - Date.parse(inTokyo.friendlyReminderAt)).toBe(100_000);
  });

  it('names a referral date the final reply window away', () => {
    expect(agencyReferralDate(consumer, now, 'Europe/London')).toBe('2026-12-07');
  });
});
