import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  assertValidPattern,
  InvalidEventPatternError,
  matchesPattern,
} from '../../local/eventbridge/event-pattern.ts';

const event = {
  version: '0',
  id: '6a7e8feb-b491-4cf7-a9f1-bf3703467718',
  'detail-type': 'Invoice Overdue',
  source: 'billing',
  account: '000000000000',
  time: '2024-05-01T12:00:00Z',
  region: 'us-east-1',
  resources: ['arn:aws:billing:invoice/INV-1', 'arn:aws:billing:account/ACC-1'],
  detail: {
    accountId: 'ACC-1',
    amountDue: { amount: 12_500, currency: 'EUR' },
    debtor: { name: 'Ada', email: 'ada@example.com', segment: null },
    tags: ['vip', 'late'],
    lines: [
      { sku: 'A', quantity: 1 },
      { sku: 'B', quantity: 3 },
    ],
    paid: false,
  },
};

const matches = (pattern: Record<string, unknown>) => matchesPattern(pattern, event);

describe('exact values', () => {
  it('matches when a value is in the list', () => {
    expect(matches({ source: ['billing'] })).toBe(true);
    expect(matches({ source: ['other', 'billing'], 'detail-type': ['Invoice Overdue'] })).toBe(true);
  });
  it('fails when any field fails', () => {
    expect(matches({ source: ['billing'], 'detail-type': ['Payment Received'] })).toBe(false);
    expect(matches({ source: ['Billing'] })).toBe(false);
  });
  it('an empty pattern matches everything', () => {
    expect(matches({})).toBe(true);
  });
  it('walks nested objects', () => {
    expect(matches({ detail: { amountDue: { currency: ['EUR'] } } })).toBe(true);
    expect(matches({ detail: { amountDue: { currency: ['USD'] } } })).toBe(false);
    expect(matches({ detail: { missing: { deeper: ['x'] } } })).toBe(false);
  });
  it('compares numbers, booleans and null by value and type', () => {
    expect(matches({ detail: { amountDue: { amount: [12_500] } } })).toBe(true);
    expect(matches({ detail: { amountDue: { amount: ['12500'] } } })).toBe(false);
    expect(matches({ detail: { paid: [false] } })).toBe(true);
    expect(matches({ detail: { paid: ['false'] } })).toBe(false);
    expect(matches({ detail: { debtor: { segment: [null] } } })).toBe(true);
  });
  it('matches an event array when any element matches', () => {
    expect(matches({ detail: { tags: ['late'] } })).toBe(true);
    expect(matches({ detail: { tags: ['early'] } })).toBe(false);
    expect(matches({ resources: ['arn:aws:billing:account/ACC-1'] })).toBe(true);
  });
  it('walks into arrays of objects', () => {
    expect(matches({ detail: { lines: { sku: ['B'] } } })).toBe(true);
    expect(matches({ detail: { lines: { sku: ['C'] } } })).toBe(false);
  });
  it('does not match a leaf pattern against an object', () => {
    expect(matches({ detail: { amountDue: ['EUR'] } })).toBe(false);
  });
});

describe('prefix and suffix', () => {
  it('prefix', () => {
    expect(matches({ detail: { accountId: [{ prefix: 'ACC-' }] } })).toBe(true);
    expect(matches({ detail: { accountId: [{ prefix: 'acc-' }] } })).toBe(false);
    expect(matches({ detail: { accountId: [{ prefix: { 'equals-ignore-case': 'acc-' } }] } })).toBe(true);
    expect(matches({ detail: { amountDue: { amount: [{ prefix: '125' }] } } })).toBe(false);
  });
  it('suffix', () => {
    expect(matches({ detail: { debtor: { email: [{ suffix: '@example.com' }] } } })).toBe(true);
    expect(matches({ detail: { debtor: { email: [{ suffix: '@EXAMPLE.com' }] } } })).toBe(false);
    expect(
      matches({ detail: { debtor: { email: [{ suffix: { 'equals-ignore-case': '@EXAMPLE.COM' } }] } } }),
    ).toBe(true);
  });
});

describe('anything-but', () => {
  it('a single value', () => {
    expect(matches({ source: [{ 'anything-but': 'other' }] })).toBe(true);
    expect(matches({ source: [{ 'anything-but': 'billing' }] })).toBe(false);
    expect(matches({ detail: { amountDue: { amount: [{ 'anything-but': 0 }] } } })).toBe(true);
  });
  it('a list', () => {
    expect(matches({ source: [{ 'anything-but': ['a', 'b'] }] })).toBe(true);
    expect(matches({ source: [{ 'anything-but': ['a', 'billing'] }] })).toBe(false);
    expect(matches({ detail: { amountDue: { amount: [{ 'anything-but': [1, 12_500] }] } } })).toBe(false);
  });
  it('a prefix or suffix', () => {
    expect(matches({ source: [{ 'anything-but': { prefix: 'bill' } }] })).toBe(false);
    expect(matches({ source: [{ 'anything-but': { prefix: 'aws.' } }] })).toBe(true);
    expect(matches({ source: [{ 'anything-but': { suffix: 'ing' } }] })).toBe(false);
  });
  it('equals-ignore-case', () => {
    expect(matches({ source: [{ 'anything-but': { 'equals-ignore-case': 'BILLING' } }] })).toBe(false);
    expect(matches({ source: [{ 'anything-but': { 'equals-ignore-case': ['x', 'Y'] } }] })).toBe(true);
  });
  it('needs the field to be there', () => {
    expect(matches({ detail: { absent: [{ 'anything-but': 'x' }] } })).toBe(false);
  });
});

describe('exists', () => {
  it('true needs a leaf value', () => {
    expect(matches({ detail: { accountId: [{ exists: true }] } })).toBe(true);
    expect(matches({ detail: { absent: [{ exists: true }] } })).toBe(false);
    expect(matches({ detail: { debtor: [{ exists: true }] } })).toBe(false);
  });
  it('false needs the leaf to be absent', () => {
    expect(matches({ detail: { absent: [{ exists: false }] } })).toBe(true);
    expect(matches({ detail: { accountId: [{ exists: false }] } })).toBe(false);
    expect(matches({ nothing: { under: { here: [{ exists: false }] } } })).toBe(true);
  });
});

describe('numeric', () => {
  it('ranges', () => {
    const amount = (range: unknown[]) => matches({ detail: { amountDue: { amount: [{ numeric: range }] } } });
    expect(amount(['>', 0])).toBe(true);
    expect(amount(['>', 0, '<=', 12_500])).toBe(true);
    expect(amount(['>', 0, '<', 12_500])).toBe(false);
    expect(amount(['=', 12_500])).toBe(true);
    expect(amount(['>=', 12_501])).toBe(false);
  });
  it('ignores non-numbers', () => {
    expect(matches({ detail: { accountId: [{ numeric: ['>', 0] }] } })).toBe(false);
  });
  it('matches any number in an array', () => {
    expect(matches({ detail: { lines: { quantity: [{ numeric: ['>', 2] }] } } })).toBe(true);
    expect(matches({ detail: { lines: { quantity: [{ numeric: ['>', 3] }] } } })).toBe(false);
  });
});

describe('equals-ignore-case and wildcard', () => {
  it('equals-ignore-case', () => {
    expect(matches({ 'detail-type': [{ 'equals-ignore-case': 'invoice overdue' }] })).toBe(true);
    expect(matches({ 'detail-type': [{ 'equals-ignore-case': 'invoice' }] })).toBe(false);
  });
  it('wildcard', () => {
    expect(matches({ resources: [{ wildcard: 'arn:aws:billing:invoice/*' }] })).toBe(true);
    expect(matches({ resources: [{ wildcard: 'arn:*:account/ACC-*' }] })).toBe(true);
    expect(matches({ resources: [{ wildcard: 'arn:*:customer/*' }] })).toBe(false);
  });
});

describe('$or', () => {
  it('matches when any alternative matches', () => {
    expect(matches({ $or: [{ source: ['nope'] }, { detail: { paid: [false] } }] })).toBe(true);
    expect(matches({ $or: [{ source: ['nope'] }, { detail: { paid: [true] } }] })).toBe(false);
  });
  it('works nested and combined with other fields', () => {
    expect(
      matches({
        source: ['billing'],
        detail: { $or: [{ accountId: ['ACC-2'] }, { amountDue: { amount: [{ numeric: ['>=', 10_000] }] } }] },
      }),
    ).toBe(true);
    expect(matches({ source: ['other'], $or: [{ source: ['billing'] }, { region: ['us-east-1'] }] })).toBe(
      false,
    );
  });
});

describe('validation', () => {
  it('accepts the patterns above', () => {
    expect(() =>
      assertValidPattern({ source: ['billing'], detail: { x: [{ numeric: ['>', 1, '<', 5] }] } }),
    ).not.toThrow();
  });
  it.each([
    [{ source: 'billing' }],
    [{ source: [] }],
    [{ source: [{ unknown: 1 }] }],
    [{ source: [{ prefix: 1 }] }],
    [{ source: [{ numeric: ['>'] }] }],
    [{ source: [{ numeric: ['~', 1] }] }],
    [{ source: [{ exists: 'yes' }] }],
    [{ source: [{ prefix: 'a', suffix: 'b' }] }],
    [{ $or: [{ source: ['a'] }] }],
    [[]],
  ])('refuses %j', (pattern) => {
    expect(() => assertValidPattern(pattern)).toThrow(InvalidEventPatternError);
  });
});

// ---- properties ---------------------------------------------------------------------------------

const key = fc.stringMatching(/^[a-z][a-z0-9-]{0,7}$/);
const scalar = fc.oneof(
  fc.string({ maxLength: 10 }),
  fc.integer({ min: -1000, max: 1000 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(null),
);
const json = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalar,
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(key, tie('value'), { maxKeys: 4 }),
  ),
})).value;
const eventArbitrary = fc.dictionary(key, json, { minKeys: 1, maxKeys: 5 });

/** A pattern built from an event's own values: each object key kept, each leaf (one element of an array) listed. */
function patternFrom(value: unknown, pick: (size: number) => number): unknown {
  if (Array.isArray(value)) {
    const candidates = value.map((item) => patternFrom(item, pick)).filter((item) => item !== undefined);
    return candidates.length === 0 ? undefined : candidates[pick(candidates.length)];
  }
  if (typeof value === 'object' && value !== null) {
    const pattern: Record<string, unknown> = {};
    for (const [name, child] of Object.entries(value)) {
      const sub = patternFrom(child, pick);
      if (sub !== undefined) pattern[name] = sub;
    }
    return Object.keys(pattern).length === 0 ? undefined : pattern;
  }
  return [value];
}

describe('properties', () => {
  it('an event matches the pattern built from its own values', () => {
    fc.assert(
      fc.property(eventArbitrary, fc.infiniteStream(fc.nat()), (ev, picks) => {
        const iterator = picks[Symbol.iterator]();
        const pattern = (patternFrom(ev, (size) => (iterator.next().value as number) % size) ?? {}) as Record<
          string,
          unknown
        >;
        expect(matchesPattern(pattern, ev)).toBe(true);
      }),
    );
  });

  it('anything-but an event’s only value never matches it', () => {
    fc.assert(
      fc.property(key, fc.oneof(fc.string(), fc.integer()), (name, value) => {
        expect(matchesPattern({ [name]: [{ 'anything-but': value }] }, { [name]: value })).toBe(false);
        expect(matchesPattern({ [name]: [{ 'anything-but': [value] }] }, { [name]: value })).toBe(false);
      }),
    );
  });

  it('exists true and exists false never both match', () => {
    fc.assert(
      fc.property(eventArbitrary, key, (ev, name) => {
        const yes = matchesPattern({ [name]: [{ exists: true }] }, ev);
        const no = matchesPattern({ [name]: [{ exists: false }] }, ev);
        expect(yes && no).toBe(false);
      }),
    );
  });

  it('numeric ranges agree with plain comparison', () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer(), fc.integer(), (value, low, high) => {
        const expected = value > low && value <= high;
        expect(matchesPattern({ n: [{ numeric: ['>', low, '<=', high] }] }, { n: value })).toBe(expected);
      }),
    );
  });

  it('$or of two patterns matches exactly when one of them does', () => {
    const simple = fc.dictionary(key, fc.array(scalar, { minLength: 1, maxLength: 2 }), {
      minKeys: 1,
      maxKeys: 2,
    });
    fc.assert(
      fc.property(simple, simple, eventArbitrary, (left, right, ev) => {
        expect(matchesPattern({ $or: [left, right] }, ev)).toBe(
          matchesPattern(left, ev) || matchesPattern(right, ev),
        );
      }),
    );
  });
});
