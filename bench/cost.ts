/**
 * The cost arithmetic of the bench, pure: what a run measured (counts) and the prices
 * (bench/prices.ts) in, US dollars out. No clock, no I/O: test/unit/bench-cost.test.ts checks it.
 */
import type { Prices } from './prices.ts';

/** What one or more cases used, as AWS counts it for its bill. */
export type Usage = {
  /** Billed state transitions (every …StateEntered; the journey as AWS would run it). */
  stateTransitions: number;
  /** Lambda invocations by function: how many, their billed milliseconds (summed) and memory. */
  lambda: { name: string; invocations: number; billedMs: number; memoryMb: number }[];
  /** DynamoDB request units, as the consumed capacity reports them (transactions at twice the rate). */
  dynamodb: { writeUnits: number; readUnits: number };
  sesEmails: number;
  sesAttachmentBytes: number;
  /** Custom events put on a bus (64 KB chunks); events AWS services publish are free and not here. */
  eventBridgeEvents: number;
  sqsRequests: number;
  /** HTTP API requests (the portal's and the staff console's). */
  apiRequests: number;
  /** Bytes of log events ingested into CloudWatch Logs. */
  logBytes: number;
  secretsManagerCalls: number;
  kmsRequests: number;
};

export const SERVICES = [
  'stepFunctions',
  'lambda',
  'dynamodb',
  'ses',
  'eventBridge',
  'sqs',
  'apiGateway',
  'cloudWatchLogs',
  'secretsManager',
  'kms',
] as const;
export type Service = (typeof SERVICES)[number];
export type ServiceCosts = Record<Service, number>;

const KB = 1024;
const GB = 1024 ** 3;

/** Lambda bills each invocation's duration rounded up to the next millisecond. */
export function billedLambdaMs(measuredMs: number): number {
  return Math.max(1, Math.ceil(measuredMs));
}

/**
 * Write request units of one write: one per 1 KB of the item (rounded up), twice that inside a
 * transaction (TransactWriteItems bills two units per item per KB, on the table and each index it
 * writes to).
 */
export function writeUnits(itemBytes: readonly number[], transactional: boolean): number {
  const units = itemBytes.reduce((sum, bytes) => sum + Math.max(1, Math.ceil(bytes / KB)), 0);
  return transactional ? 2 * units : units;
}

/**
 * Read request units of one read of items totalling `bytes` (a Query sums the items it reads): one
 * per 4 KB strongly consistent, half that eventually consistent, twice that in a transaction.
 */
export function readUnits(bytes: number, consistency: 'eventual' | 'strong' | 'transaction'): number {
  const units = Math.max(1, Math.ceil(bytes / (4 * KB)));
  return consistency === 'eventual' ? units / 2 : consistency === 'transaction' ? 2 * units : units;
}

/** A DynamoDB attribute value, as the low-level client sends it. */
export type AttributeValue = {
  S?: string;
  N?: string;
  B?: Uint8Array;
  BOOL?: boolean;
  NULL?: boolean;
  L?: AttributeValue[];
  M?: Record<string, AttributeValue>;
  SS?: string[];
  NS?: string[];
  BS?: Uint8Array[];
};

const utf8 = (text: string) => Buffer.byteLength(text, 'utf8');
/** A number's size as DynamoDB counts it: about one byte per two significant digits, plus one. */
const numberBytes = (n: string) =>
  Math.ceil(
    n
      .replace(/[eE].*$/, '')
      .replace(/[^0-9]/g, '')
      .replace(/^0+/, '').length / 2,
  ) + 1;

function valueBytes(value: AttributeValue): number {
  if (value.S !== undefined) return utf8(value.S);
  if (value.N !== undefined) return numberBytes(value.N);
  if (value.B !== undefined) return value.B.byteLength;
  if (value.BOOL !== undefined || value.NULL !== undefined) return 1;
  if (value.SS) return value.SS.reduce((sum, s) => sum + utf8(s), 0);
  if (value.NS) return value.NS.reduce((sum, n) => sum + numberBytes(n), 0);
  if (value.BS) return value.BS.reduce((sum, b) => sum + b.byteLength, 0);
  // A list or map: 3 bytes, and 1 byte per element, beside what its elements take.
  if (value.L) return 3 + value.L.reduce((sum, v) => sum + 1 + valueBytes(v), 0);
  if (value.M)
    return 3 + Object.entries(value.M).reduce((sum, [k, v]) => sum + 1 + utf8(k) + valueBytes(v), 0);
  return 0;
}

/** An item's size as DynamoDB bills it: each attribute's name (UTF-8) and value. */
export function itemBytes(item: Readonly<Record<string, AttributeValue>>): number {
  return Object.entries(item).reduce((sum, [name, value]) => sum + utf8(name) + valueBytes(value), 0);
}

/**
 * Write units of one item in a TransactWriteItems, as AWS bills it: two per KB of the larger of the
 * item before and after (a put, an update, a delete or a condition check alike), and for each global
 * secondary index the item is in before or after, a write of its projection (`indexBytes`).
 */
export function transactionItemWriteUnits(
  beforeBytes: number,
  afterBytes: number,
  indexBytes: readonly number[],
): number {
  return (
    writeUnits([Math.max(beforeBytes, afterBytes)], true) +
    indexBytes.reduce((sum, b) => sum + writeUnits([b], false), 0)
  );
}

/** Dollars by service for the usage. */
export function costOf(usage: Usage, prices: Prices): ServiceCosts {
  const gbSeconds = usage.lambda.reduce((sum, fn) => sum + (fn.memoryMb / 1024) * (fn.billedMs / 1000), 0);
  const invocations = usage.lambda.reduce((sum, fn) => sum + fn.invocations, 0);
  return {
    stepFunctions: usage.stateTransitions * prices.stepFunctions.perTransition,
    lambda: invocations * prices.lambda.perRequest + gbSeconds * prices.lambda.perGbSecondArm64,
    dynamodb:
      usage.dynamodb.writeUnits * prices.dynamodb.perWriteUnit +
      usage.dynamodb.readUnits * prices.dynamodb.perReadUnit,
    ses: usage.sesEmails * prices.ses.perEmail + (usage.sesAttachmentBytes / GB) * prices.ses.perAttachmentGb,
    eventBridge: usage.eventBridgeEvents * prices.eventBridge.perCustomEvent,
    sqs: usage.sqsRequests * prices.sqs.perRequest,
    apiGateway: usage.apiRequests * prices.apiGateway.perHttpRequest,
    cloudWatchLogs: (usage.logBytes / GB) * prices.cloudWatchLogs.perGbIngested,
    secretsManager: usage.secretsManagerCalls * prices.secretsManager.perCall,
    kms: usage.kmsRequests * prices.kms.perRequest,
  };
}

export const totalOf = (costs: ServiceCosts): number => SERVICES.reduce((sum, s) => sum + costs[s], 0);

/** The costs of `cases` cases scaled to 1,000 cases. */
export function per1000Cases(costs: ServiceCosts, cases: number): ServiceCosts {
  if (cases <= 0) throw new Error('per1000Cases needs at least one case');
  return Object.fromEntries(SERVICES.map((s) => [s, (costs[s] * 1000) / cases])) as ServiceCosts;
}

/**
 * A mix of journeys: the weighted mean of each journey's cost per 1,000 cases. Weights need not sum
 * to one; journeys without a measurement are left out and the others' weights renormalised.
 */
export function mixOf(
  weights: Readonly<Record<string, number>>,
  costsPer1000: Readonly<Record<string, ServiceCosts>>,
): { costs: ServiceCosts; weights: Record<string, number>; missing: string[] } {
  const present = Object.keys(weights).filter((id) => costsPer1000[id] && (weights[id] ?? 0) > 0);
  const missing = Object.keys(weights).filter((id) => !costsPer1000[id] && (weights[id] ?? 0) > 0);
  const sum = present.reduce((total, id) => total + (weights[id] ?? 0), 0);
  if (sum <= 0) throw new Error('no journey of the mix was measured');
  const used = Object.fromEntries(present.map((id) => [id, (weights[id] ?? 0) / sum]));
  const costs = Object.fromEntries(
    SERVICES.map((s) => [
      s,
      present.reduce((total, id) => total + (used[id] ?? 0) * (costsPer1000[id]?.[s] ?? 0), 0),
    ]),
  ) as ServiceCosts;
  return { costs, weights: used, missing };
}

/** Everything but SES against the SES bill for the same emails: the goal is ratio <= 1. */
export function againstSes(costs: ServiceCosts): { ses: number; rest: number; ratio: number } {
  const rest = totalOf(costs) - costs.ses;
  return { ses: costs.ses, rest, ratio: costs.ses > 0 ? rest / costs.ses : Number.POSITIVE_INFINITY };
}
