import { describe, expect, it } from 'vitest';
import {
  type ContactRules,
  contactRuleBreaches,
  insideWindow,
  scaledPolicyClock,
} from '../properties/contact-rules.ts';

const window = { start: '08:00', end: '21:00' };
const realTime: ContactRules['policyTimeOf'] = (real) => real;
const rules = (overrides: Partial<ContactRules> = {}): ContactRules => ({
  timeZones: ['Europe/London'],
  window,
  weeklyCap: 3,
  policyTimeOf: realTime,
  ...overrides,
});
const sent = (at: string, kind = 'friendly') => ({ at, kind, caseId: 'ACC-1-1' });

describe('the contact window, on the debtor’s wall clock', () => {
  it('follows the spring-forward change in the northern hemisphere', () => {
    // London moves from GMT to BST at 01:00 UTC on 29 March 2026.
    expect(insideWindow(new Date('2026-03-28T07:30:00Z'), 'Europe/London', window)).toBe(false);
    expect(insideWindow(new Date('2026-03-29T07:30:00Z'), 'Europe/London', window)).toBe(true);
    expect(insideWindow(new Date('2026-03-29T20:30:00Z'), 'Europe/London', window)).toBe(false);
  });

  it('follows the autumn change in the southern hemisphere', () => {
    // Sydney leaves daylight saving (UTC+11 -> UTC+10) at 03:00 on 5 April 2026: 21:30 UTC is
    // 08:30 the day before and 07:30 the day after.
    expect(insideWindow(new Date('2026-04-03T21:30:00Z'), 'Australia/Sydney', window)).toBe(true);
    expect(insideWindow(new Date('2026-04-04T21:30:00Z'), 'Australia/Sydney', window)).toBe(false);
  });

  it('knows half-hour zones and treats the end as exclusive', () => {
    expect(insideWindow(new Date('2026-01-10T02:29:00Z'), 'Asia/Kolkata', window)).toBe(false);
    expect(insideWindow(new Date('2026-01-10T02:30:00Z'), 'Asia/Kolkata', window)).toBe(true);
    expect(insideWindow(new Date('2026-01-10T15:30:00Z'), 'Asia/Kolkata', window)).toBe(false);
  });

  it('reads a window that crosses midnight as the two ends of the day', () => {
    const night = { start: '22:00', end: '06:00' };
    expect(insideWindow(new Date('2026-01-10T23:00:00Z'), 'UTC', night)).toBe(true);
    expect(insideWindow(new Date('2026-01-10T05:59:00Z'), 'UTC', night)).toBe(true);
    expect(insideWindow(new Date('2026-01-10T12:00:00Z'), 'UTC', night)).toBe(false);
  });
});

describe('contactRuleBreaches', () => {
  it('finds nothing wrong with messages inside the window and under the cap', () => {
    const messages = [
      sent('2026-03-02T09:00:00Z'),
      sent('2026-03-04T12:00:00Z'),
      sent('2026-03-09T10:00:00Z'),
    ];
    expect(contactRuleBreaches(messages, rules())).toEqual([]);
  });

  it('names a message sent at night', () => {
    const breaches = contactRuleBreaches([sent('2026-03-02T22:15:00Z', 'firm')], rules());
    expect(breaches).toHaveLength(1);
    expect(breaches[0]).toMatch(/firm .* outside 08:00-21:00 in Europe\/London/);
  });

  it('fails closed for an unknown zone: the message must be inside the window in every plausible zone', () => {
    // 08:30 in London is 03:30 in New York.
    const unknown = rules({ timeZones: ['Europe/London', 'America/New_York'] });
    expect(contactRuleBreaches([sent('2026-03-02T08:30:00Z')], unknown)).toHaveLength(1);
    expect(contactRuleBreaches([sent('2026-03-02T14:00:00Z')], unknown)).toEqual([]);
  });

  it('counts any rolling 7 days, across the debtor’s cases, not calendar weeks', () => {
    const four = [
      sent('2026-03-05T10:00:00Z'),
      sent('2026-03-07T10:00:00Z'),
      { ...sent('2026-03-09T10:00:00Z'), caseId: 'ACC-2-1' },
      sent('2026-03-11T09:59:00Z'),
    ];
    expect(contactRuleBreaches(four, rules())).toEqual([
      expect.stringMatching(/^4 messages in the 7 days from 2026-03-05T10:00:00.000Z \(cap 3\)/),
    ]);
    // A minute later the first has left the week.
    const spread = [...four.slice(0, 3), sent('2026-03-12T10:01:00Z')];
    expect(contactRuleBreaches(spread, rules())).toEqual([]);
  });

  it('leaves out of the cap the purposes the policy exempts', () => {
    const messages = [
      sent('2026-03-05T10:00:00Z'),
      sent('2026-03-05T11:00:00Z', 'disputeAck'),
      sent('2026-03-05T12:00:00Z'),
      sent('2026-03-05T13:00:00Z'),
    ];
    expect(contactRuleBreaches(messages, rules())).toHaveLength(1);
    expect(contactRuleBreaches(messages, rules({ capExempt: ['acknowledgement'] }))).toEqual([]);
  });

  it('judges scaled local time on the policy clock', () => {
    // A policy day lasts 2 real seconds; policy time starts at 07:00 London on the day BST begins.
    const clock = scaledPolicyClock(
      { real: new Date('2026-01-01T00:00:00Z'), policy: new Date('2026-03-29T06:00:00Z') },
      2,
    );
    // 1 real second later is 12 policy hours later: 19:00 BST (inside); 0.1 s later is 09:24 BST.
    expect(clock(new Date('2026-01-01T00:00:01Z')).toISOString()).toBe('2026-03-29T18:00:00.000Z');
    const policyRules = rules({ policyTimeOf: clock });
    expect(contactRuleBreaches([sent('2026-01-01T00:00:00.100Z')], policyRules)).toEqual([]);
    // 0.04 s after the origin is 07:28:48 BST: too early, though the real clock says midnight either way.
    expect(contactRuleBreaches([sent('2026-01-01T00:00:00.020Z')], policyRules)).toHaveLength(1);
  });
});
