import { describe, expect, it } from 'vitest';
import {
  againstSes,
  billedLambdaMs,
  costOf,
  itemBytes,
  mixOf,
  per1000Cases,
  readUnits,
  SERVICES,
  type ServiceCosts,
  totalOf,
  transactionItemWriteUnits,
  type Usage,
  writeUnits,
} from '../../bench/cost.ts';
import { PRICES } from '../../bench/prices.ts';

const none: Usage = {
  stateTransitions: 0,
  lambda: [],
  dynamodb: { writeUnits: 0, readUnits: 0 },
  sesEmails: 0,
  sesAttachmentBytes: 0,
  eventBridgeEvents: 0,
  sqsRequests: 0,
  apiRequests: 0,
  logBytes: 0,
  secretsManagerCalls: 0,
  kmsRequests: 0,
};
const zero = Object.fromEntries(SERVICES.map((s) => [s, 0])) as ServiceCosts;

describe('DynamoDB request units, as AWS bills them', () => {
  it('bills a standard write one unit per KB of the item, rounded up', () => {
    expect(writeUnits([1], false)).toBe(1);
    expect(writeUnits([1024], false)).toBe(1);
    expect(writeUnits([1025], false)).toBe(2);
    expect(writeUnits([3 * 1024], false)).toBe(3);
  });

  it('bills a transaction two units per item per KB', () => {
    // AWS's example: a transactional write of a 3 KB item takes six units.
    expect(writeUnits([3 * 1024], true)).toBe(6);
    // Two items, 1.5 KB and 100 bytes: 2 × (2 + 1).
    expect(writeUnits([1536, 100], true)).toBe(6);
  });

  it('bills reads per 4 KB: half eventually consistent, double in a transaction', () => {
    expect(readUnits(3500, 'strong')).toBe(1);
    expect(readUnits(8 * 1024, 'strong')).toBe(2);
    expect(readUnits(8 * 1024, 'eventual')).toBe(1);
    expect(readUnits(8 * 1024, 'transaction')).toBe(4);
  });
});

describe('dollars from counts', () => {
  it('prices each service from its own count', () => {
    const costs = costOf(
      {
        ...none,
        stateTransitions: 1000,
        lambda: [{ name: 'f', invocations: 1_000_000, billedMs: 1_000_000 * 100, memoryMb: 1024 }],
        dynamodb: { writeUnits: 1_000_000, readUnits: 2_000_000 },
        sesEmails: 1000,
        eventBridgeEvents: 1_000_000,
        sqsRequests: 1_000_000,
        apiRequests: 1_000_000,
        logBytes: 1024 ** 3,
        secretsManagerCalls: 10_000,
        kmsRequests: 10_000,
      },
      PRICES,
    );
    expect(costs.stepFunctions).toBeCloseTo(0.025, 10);
    // 1M requests ($0.20) and 100,000 GB-s at the arm64 rate ($1.33334).
    expect(costs.lambda).toBeCloseTo(0.2 + 1.33334, 6);
    expect(costs.dynamodb).toBeCloseTo(0.625 + 0.25, 10);
    expect(costs.ses).toBeCloseTo(0.1, 10);
    expect(costs.eventBridge).toBeCloseTo(1, 10);
    expect(costs.sqs).toBeCloseTo(0.4, 10);
    expect(costs.apiGateway).toBeCloseTo(1, 10);
    expect(costs.cloudWatchLogs).toBeCloseTo(0.5, 10);
    expect(costs.secretsManager).toBeCloseTo(0.05, 10);
    expect(costs.kms).toBeCloseTo(0.03, 10);
  });

  it('bills Lambda duration by memory: half the memory, half the duration charge', () => {
    const at = (memoryMb: number) =>
      costOf({ ...none, lambda: [{ name: 'f', invocations: 0, billedMs: 1_000_000, memoryMb }] }, PRICES)
        .lambda;
    expect(at(512)).toBeCloseTo(at(1024) / 2, 12);
    expect(billedLambdaMs(0.2)).toBe(1);
    expect(billedLambdaMs(12.01)).toBe(13);
  });

  it('scales to 1,000 cases and totals', () => {
    const costs = per1000Cases({ ...zero, ses: 0.0004, lambda: 0.0002 }, 4);
    expect(costs.ses).toBeCloseTo(0.1, 12);
    expect(costs.lambda).toBeCloseTo(0.05, 12);
    expect(totalOf(costs)).toBeCloseTo(0.15, 12);
    expect(() => per1000Cases(zero, 0)).toThrow();
  });
});

describe('the reference mix', () => {
  it('weighs each journey, renormalising over the journeys measured', () => {
    const { costs, weights, missing } = mixOf(
      { a: 3, b: 1, c: 4 },
      { a: { ...zero, ses: 0.2 }, b: { ...zero, ses: 0.6, dynamodb: 0.4 } },
    );
    expect(missing).toEqual(['c']);
    expect(weights).toEqual({ a: 0.75, b: 0.25 });
    expect(costs.ses).toBeCloseTo(0.3, 12);
    expect(costs.dynamodb).toBeCloseTo(0.1, 12);
  });

  it('judges everything but SES against the SES bill', () => {
    expect(againstSes({ ...zero, ses: 0.1, lambda: 0.03, dynamodb: 0.02 })).toEqual({
      ses: 0.1,
      rest: expect.closeTo(0.05, 12),
      ratio: expect.closeTo(0.5, 12),
    });
  });
});

describe('item sizes and transactions, as DynamoDB bills them', () => {
  it('sizes an item by its names and values', () => {
    // "pk" (2) + "CASE#A-1" (8), "sk" (2) + "CASE" (4), "n" (1) + 12950 (3 digits' bytes + 1 = 4).
    expect(itemBytes({ pk: { S: 'CASE#A-1' }, sk: { S: 'CASE' }, n: { N: '12950' } })).toBe(
      2 + 8 + 2 + 4 + 1 + 4,
    );
    // A map: 3 bytes, and per element 1 byte, its name and its value.
    expect(itemBytes({ m: { M: { a: { BOOL: true }, bb: { S: 'xyz' } } } })).toBe(
      1 + 3 + (1 + 1 + 1) + (1 + 2 + 3),
    );
    expect(itemBytes({ l: { L: [{ NULL: true }, { S: 'é' }] } })).toBe(1 + 3 + (1 + 1) + (1 + 2));
  });

  it('bills a transaction item twice per KB of the larger version, and its index writes once', () => {
    // An update that grows a 900-byte item to 1,100 bytes: 2 × 2 units.
    expect(transactionItemWriteUnits(900, 1100, [])).toBe(4);
    // A delete (nothing after) of a 3 KB item that was on one index: 2 × 3, and 3 for the index.
    expect(transactionItemWriteUnits(3 * 1024, 0, [3 * 1024])).toBe(9);
    expect(transactionItemWriteUnits(0, 100, [100, 40])).toBe(2 + 1 + 1);
  });
});
