import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type ContactInput,
  type ContactPurpose,
  capAllowsFrom,
  decideContact,
  EMAIL_PURPOSE,
  trimSends,
} from '../../functions/domain/contact-rules.ts';
import { EMAIL_KINDS } from '../../functions/domain/emails.ts';
import { instantOfWallTime, isInsideWindow, wallTime } from '../../functions/domain/zones.ts';

const WINDOW = { start: '08:00', end: '21:00' } as const;
const DAY = 86_400_000;

const owed = { amount: 12_950, currency: 'GBP' };
const open = { status: 'open', balance: owed } as const;
const base = (overrides: Partial<ContactInput>): ContactInput => ({
  now: new Date('2026-06-02T10:00:00Z'),
  timeZone: 'Europe/London',
  locale: 'en-GB',
  contactWindow: WINDOW,
  weeklyMessageCap: 3,
  recentSends: [],
  caseState: open,
  purpose: 'collection',
  ...overrides,
});

describe('what may never go', () => {
  it('sends nothing at all after an opt-out or during a legal pause', () => {
    for (const purpose of ['collection', 'acknowledgement', 'outcome'] as ContactPurpose[]) {
      expect(
        decideContact(base({ purpose, caseState: { ...open, optedOutAt: '2026-06-01' } })).decision,
      ).toBe('never');
      expect(
        decideContact(
          base({
            purpose,
            caseState: { ...open, legalPause: { reason: 'breathing-space', since: '2026-06-01' } },
          }),
        ).decision,
      ).toBe('never');
    }
  });

  it('asks for no payment during a dispute, hardship, promise or callback pause, but acknowledges', () => {
    for (const reason of ['dispute', 'hardship', 'promise', 'callback'] as const) {
      const caseState = { ...open, pause: { reason, until: '2026-06-09', since: '2026-06-01' } };
      expect(decideContact(base({ caseState })).decision).toBe('never');
      expect(decideContact(base({ caseState, purpose: 'acknowledgement' })).decision).toBe('send');
    }
    const disputed = {
      ...open,
      dispute: { reason: 'not-mine', openedAt: '2026-06-01', status: 'open' as const },
    };
    expect(decideContact(base({ caseState: disputed })).decision).toBe('never');
    // A plan running is no reason to stop its own reminders.
    const plan = { ...open, pause: { reason: 'plan' as const, until: '2026-06-09', since: '2026-06-01' } };
    expect(decideContact(base({ caseState: plan })).decision).toBe('send');
  });

  it('tells a closed case only its outcome', () => {
    const caseState = { status: 'paid' as const, balance: { amount: 0, currency: 'GBP' } };
    expect(decideContact(base({ caseState, purpose: 'outcome' })).decision).toBe('send');
    expect(decideContact(base({ caseState, purpose: 'collection' })).decision).toBe('never');
    expect(decideContact(base({ caseState, purpose: 'acknowledgement' })).decision).toBe('never');
  });

  it('tells a case the agency works only its outcomes, and speaks again once the placement ended', () => {
    const agency = { agencyId: 'north', placedAt: '2026-06-01T09:00:00Z', termDays: 90 };
    const placed = { ...open, status: 'placed' as const, agency };
    expect(decideContact(base({ caseState: placed, purpose: 'outcome' })).decision).toBe('send');
    for (const purpose of ['collection', 'acknowledgement'] as ContactPurpose[])
      expect(decideContact(base({ caseState: placed, purpose }))).toEqual({
        decision: 'never',
        reason: 'the case is with the agency',
      });
    const recalled = { ...placed, agency: { ...agency, endedAt: '2026-06-02T09:00:00Z' } };
    expect(decideContact(base({ caseState: recalled, purpose: 'acknowledgement' })).decision).toBe('send');
  });

  it('asks for nothing once nothing is owed, even before the case is closed', () => {
    // Paid a moment ago: the workflow has not closed the case yet, and the reminder must not go.
    for (const amount of [0, -500]) {
      const caseState = { ...open, balance: { amount, currency: 'GBP' } };
      expect(decideContact(base({ caseState }))).toEqual({ decision: 'never', reason: 'nothing is owed' });
      expect(decideContact(base({ caseState, purpose: 'acknowledgement' })).decision).toBe('send');
      expect(decideContact(base({ caseState, purpose: 'outcome' })).decision).toBe('send');
    }
  });

  it('names a purpose for every kind of email', () => {
    expect(Object.keys(EMAIL_PURPOSE).sort()).toEqual([...EMAIL_KINDS].sort());
    expect(EMAIL_PURPOSE.friendly).toBe('collection');
    expect(EMAIL_PURPOSE.disputeAck).toBe('acknowledgement');
    expect(EMAIL_PURPOSE.thanks).toBe('outcome');
  });
});

describe('the contact window', () => {
  it('waits for 08:00 local when asked at night, and sends inside', () => {
    const night = decideContact(base({ now: new Date('2026-06-02T05:00:00Z') }));
    // London is on BST (UTC+1) in June: 08:00 local is 07:00Z.
    expect(night).toMatchObject({ decision: 'wait', until: new Date('2026-06-02T07:00:00Z') });
    expect(decideContact(base({ now: new Date('2026-06-02T07:00:00Z') })).decision).toBe('send');
    // 21:00 local is closed: the next morning.
    expect(decideContact(base({ now: new Date('2026-06-02T20:00:00Z') }))).toMatchObject({
      decision: 'wait',
      until: new Date('2026-06-03T07:00:00Z'),
    });
  });

  it('opens at the local 08:00 on both sides of the 2026 daylight-saving changes', () => {
    const opening = (zone: string, from: string) =>
      decideContact(base({ timeZone: zone, now: new Date(from) }));
    // London springs forward on 29 March 2026: 08:00 is 08:00Z on the 28th and 07:00Z on the 29th.
    expect(opening('Europe/London', '2026-03-28T22:00:00Z')).toMatchObject({
      until: new Date('2026-03-29T07:00:00Z'),
    });
    expect(opening('Europe/London', '2026-10-24T21:00:00Z')).toMatchObject({
      until: new Date('2026-10-25T08:00:00Z'),
    });
    // New York: 8 March and 1 November 2026.
    expect(opening('America/New_York', '2026-03-08T04:00:00Z')).toMatchObject({
      until: new Date('2026-03-08T12:00:00Z'),
    });
    expect(opening('America/New_York', '2026-11-01T03:00:00Z')).toMatchObject({
      until: new Date('2026-11-01T13:00:00Z'),
    });
    // Sydney (southern): back to AEST on 5 April, forward to AEDT on 4 October 2026.
    expect(opening('Australia/Sydney', '2026-04-04T12:00:00Z')).toMatchObject({
      until: new Date('2026-04-04T22:00:00Z'),
    });
    expect(opening('Australia/Sydney', '2026-10-03T12:00:00Z')).toMatchObject({
      until: new Date('2026-10-03T21:00:00Z'),
    });
    // Kolkata (no daylight saving, +05:30) and Kathmandu (+05:45).
    expect(opening('Asia/Kolkata', '2026-03-29T00:00:00Z')).toMatchObject({
      until: new Date('2026-03-29T02:30:00Z'),
    });
    expect(opening('Asia/Kathmandu', '2026-03-29T00:00:00Z')).toMatchObject({
      until: new Date('2026-03-29T02:15:00Z'),
    });
  });

  it('opens at the first instant after a start time the clocks skip', () => {
    // London jumps from 01:00 to 02:00 on 29 March 2026: a window opening at 01:30 opens at 01:00Z (02:00 BST).
    const decision = decideContact(
      base({
        now: new Date('2026-03-29T00:10:00Z'),
        contactWindow: { start: '01:30', end: '21:00' },
      }),
    );
    expect(decision).toMatchObject({ decision: 'wait', until: new Date('2026-03-29T01:00:00Z') });
    expect(instantOfWallTime('2026-03-29', 90, 'Europe/London')).toEqual(new Date('2026-03-29T01:00:00Z'));
    // Falling back, 01:30 happens twice: the first one counts.
    expect(instantOfWallTime('2026-10-25', 90, 'Europe/London')).toEqual(new Date('2026-10-25T00:30:00Z'));
  });
});

describe('the weekly cap', () => {
  it('keeps a day more than the week in the ledger, for a writer whose clock is a little behind', () => {
    const now = new Date('2026-06-10T10:00:00Z');
    const at = (iso: string) => new Date(iso);
    expect(
      trimSends(
        [at('2026-06-02T09:59:00Z'), at('2026-06-02T10:01:00Z'), at('2026-06-03T11:00:00Z'), now],
        now,
      ),
    ).toEqual([at('2026-06-02T10:01:00Z'), at('2026-06-03T11:00:00Z'), now]);
  });

  it('waits until the oldest of the last cap sends is a week old, then for the window', () => {
    const now = new Date('2026-06-10T10:00:00Z');
    const sends = [
      new Date('2026-06-04T22:30:00Z'),
      new Date('2026-06-06T10:00:00Z'),
      new Date('2026-06-08T10:00:00Z'),
    ];
    expect(capAllowsFrom(sends, now, 3)).toEqual(new Date('2026-06-11T22:30:00Z'));
    // 23:30 in London is outside the window: the next morning at 08:00 BST.
    expect(decideContact(base({ now, recentSends: sends }))).toMatchObject({
      decision: 'wait',
      until: new Date('2026-06-12T07:00:00Z'),
    });
    // One fewer, and it goes.
    expect(decideContact(base({ now, recentSends: sends.slice(1) })).decision).toBe('send');
    // Sends older than a week do not count.
    expect(
      decideContact(base({ now, recentSends: [new Date('2026-06-03T09:00:00Z'), ...sends.slice(1)] }))
        .decision,
    ).toBe('send');
  });
});

describe('an unknown time zone fails closed', () => {
  it('uses the single zone of a one-zone region', () => {
    const decision = decideContact(
      base({ timeZone: undefined, locale: 'en-GB', now: new Date('2026-06-02T05:00:00Z') }),
    );
    expect(decision).toMatchObject({ decision: 'wait', until: new Date('2026-06-02T07:00:00Z') });
  });

  it('writes only in hours inside the window in every zone the region may mean', () => {
    // Spain: Madrid (UTC+2 in June), Ceuta (+2) and the Canaries (+1): 08:00 Madrid is 06:00Z, 08:00 Canaries 07:00Z;
    // 21:00 Madrid is 19:00Z.
    const early = decideContact(
      base({ timeZone: undefined, locale: 'es-ES', now: new Date('2026-06-02T06:30:00Z') }),
    );
    expect(early).toMatchObject({ decision: 'wait', until: new Date('2026-06-02T07:00:00Z') });
    const late = decideContact(
      base({ timeZone: undefined, locale: 'es-ES', now: new Date('2026-06-02T19:30:00Z') }),
    );
    expect(late).toMatchObject({ decision: 'wait', until: new Date('2026-06-03T07:00:00Z') });
  });

  it('goes to a person when the locale names no region, or its zones share no hours', () => {
    expect(decideContact(base({ timeZone: undefined, locale: 'en' })).decision).toBe('person');
    // Russia spans Kaliningrad (UTC+2) to Kamchatka (UTC+12): a 09:00–12:00 window is never open in all at once.
    const narrow = { start: '09:00', end: '12:00' };
    expect(
      decideContact(base({ timeZone: undefined, locale: 'ru-RU', contactWindow: narrow })).decision,
    ).toBe('person');
    // The mainland US (Hawaii to New York) shares a few hours of 08:00–21:00: it waits for them.
    expect(decideContact(base({ timeZone: undefined, locale: 'en-US' })).decision).not.toBe('person');
  });
});

const ZONES = [
  'Europe/London',
  'America/New_York',
  'Australia/Sydney',
  'Asia/Kolkata',
  'Asia/Kathmandu',
  'Australia/Adelaide',
];
const WINDOWS = [
  { start: '08:00', end: '21:00' },
  { start: '09:30', end: '17:00' },
  { start: '01:30', end: '20:00' },
  { start: '07:00', end: '08:00' },
];
// Within a few days of each 2026 change in the zones above.
const around = fc
  .constantFrom(
    '2026-03-08T00:00:00Z',
    '2026-03-29T00:00:00Z',
    '2026-04-05T00:00:00Z',
    '2026-10-04T00:00:00Z',
    '2026-10-25T00:00:00Z',
    '2026-11-01T00:00:00Z',
  )
  .chain((center) =>
    fc
      .integer({ min: -3 * 24 * 60, max: 3 * 24 * 60 })
      .map((minutes) => new Date(Date.parse(center) + minutes * 60_000 + (minutes % 7) * 1000)),
  );
const sendsBefore = (now: Date) =>
  fc.array(
    fc
      .integer({ min: 1, max: 9 * 24 * 60 })
      .map((minutesAgo) => new Date(now.getTime() - minutesAgo * 60_000)),
    { maxLength: 5 },
  );

const scenario = around.chain((now) =>
  fc.record({
    now: fc.constant(now),
    zone: fc.constantFrom(...ZONES),
    window: fc.constantFrom(...WINDOWS),
    cap: fc.integer({ min: 1, max: 4 }),
    sends: sendsBefore(now),
  }),
);
const inputOf = (s: {
  now: Date;
  zone: string;
  window: (typeof WINDOWS)[number];
  cap: number;
  sends: Date[];
}) =>
  base({
    now: s.now,
    timeZone: s.zone,
    contactWindow: s.window,
    weeklyMessageCap: s.cap,
    recentSends: s.sends,
  });

describe('properties around the 2026 daylight-saving changes', () => {
  it('a send is always inside the window and under the cap', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const decision = decideContact(inputOf(s));
        if (decision.decision !== 'send') return;
        const minutes = { start: toMinutes(s.window.start), end: toMinutes(s.window.end) };
        expect(isInsideWindow(s.now, s.zone, minutes)).toBe(true);
        const lastWeek = s.sends.filter((send) => send.getTime() > s.now.getTime() - 7 * DAY);
        expect(lastWeek.length).toBeLessThan(s.cap);
      }),
      { numRuns: 400 },
    );
  });

  it('a wait lasts until the earliest allowed instant, and no earlier', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const decision = decideContact(inputOf(s));
        if (decision.decision !== 'wait') return;
        expect(decision.until.getTime()).toBeGreaterThan(s.now.getTime());
        expect(decideContact(inputOf({ ...s, now: decision.until })).decision).toBe('send');
        // Nothing earlier on a grid of every 20 minutes (and the instant just before) is allowed.
        const probes = [decision.until.getTime() - 1];
        for (let t = s.now.getTime(); t < decision.until.getTime(); t += 20 * 60_000) probes.push(t);
        for (const t of probes)
          expect(decideContact(inputOf({ ...s, now: new Date(t) })).decision).toBe('wait');
      }),
      { numRuns: 100 },
    );
  });

  it('the wall clock round-trips every whole minute of the changes', () => {
    fc.assert(
      fc.property(around, fc.constantFrom(...ZONES), (instant, zone) => {
        const whole = new Date(Math.floor(instant.getTime() / 60_000) * 60_000);
        const wall = wallTime(whole, zone);
        const back = instantOfWallTime(wall.date, wall.minuteOfDay, zone);
        // The same wall time, and never a later instant than the one it came from.
        expect(wallTime(back, zone)).toEqual(wall);
        expect(back.getTime()).toBeLessThanOrEqual(whole.getTime());
      }),
      { numRuns: 300 },
    );
  });
});

function toMinutes(clock: string): number {
  const [h, m] = clock.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}
