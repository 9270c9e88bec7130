/**
 * The cost of each scenario's case and of a reference mix of journeys, from what the journeys' run
 * measured (bench/meter.ts) and the prices (bench/prices.ts).
 *
 * Attribution: an invocation whose event names exactly one scenario's account (its case id, a
 * stream record's key, a link's claims) is that scenario's; one whose event names several (an SQS
 * batch, a stream batch) or none is shared, and the shared usage is spread evenly over the
 * scenarios' cases. The outbox carriers' schedule (an event of `{}`) is a fixed cost, not a case's:
 * on AWS it runs every SEND_WAITING_MESSAGES_EVERY_MINUTES whatever the number of cases, so it is
 * reported per month instead (the scaled clock runs it far more often per case than AWS would).
 */

import type { FunctionName } from '../lib/functions.ts';
import { OUTBOX_CARRIERS, SEND_WAITING_MESSAGES_EVERY_MINUTES } from '../lib/functions.ts';
import type { EventBridgeEvent } from '../local/eventbridge/index.ts';
import {
  againstSes,
  costOf,
  mixOf,
  per1000Cases,
  SERVICES,
  type ServiceCosts,
  totalOf,
  type Usage,
} from './cost.ts';
import { addTally, emptyTally, type Meter, scaleTally, type Tally } from './meter.ts';
import { PRICES } from './prices.ts';
import type { ScenarioId, ScenarioResult } from './scenarios.ts';

/**
 * The reference mix: how 1,000 overdue cases end, as a customer-first collections business might
 * see them (weights in cases per 1,000). Most pay after the friendly reminder; some promise (most
 * keep it); some take a plan (most pay it off); a few declare hardship, dispute, stop the emails,
 * ask for a call, or have the invoice cancelled; a few reach the agency after the whole ladder.
 */
export const REFERENCE_MIX: Readonly<Partial<Record<ScenarioId, number>>> = {
  'paid-after-friendly': 530,
  'joined-partial-paid': 20,
  'promise-kept': 120,
  'promise-broken': 30,
  'plan-paid-off': 80,
  'plan-broken': 30,
  'hardship-plan': 30,
  'dispute-upheld': 20,
  'dispute-rejected': 20,
  'stop-emails': 20,
  'invoice-cancelled': 30,
  callback: 20,
  'ladder-to-agency': 50,
};

export const SCHEDULE_LABEL = 'schedule';
export const SHARED_LABEL = 'shared';

const ACCOUNT = /BENCH-[A-Z]+/g;

/** The accounts an event names: in its JSON, and in the claims of a link in its path. */
function accountsIn(event: unknown): Set<string> {
  const text = JSON.stringify(event) ?? '';
  const found = new Set(text.match(ACCOUNT) ?? []);
  const rawPath = (event as { rawPath?: unknown })?.rawPath;
  if (typeof rawPath === 'string') {
    for (const part of rawPath.split(/[/.]/)) {
      if (part.length < 8) continue;
      const decoded = Buffer.from(part, 'base64url').toString('utf8');
      for (const account of decoded.match(ACCOUNT) ?? []) found.add(account);
    }
  }
  return found;
}

/** The label of an invocation: the one scenario its event is about, the schedule, or undefined (shared). */
export function scenarioLabeller(scenarios: readonly { id: ScenarioId; accountId: string }[]) {
  const byAccount = new Map(scenarios.map((s) => [s.accountId, s.id]));
  return (fn: FunctionName, event: unknown): string | undefined => {
    if ((OUTBOX_CARRIERS as readonly string[]).includes(fn) && JSON.stringify(event) === '{}')
      return SCHEDULE_LABEL;
    const ids = [...accountsIn(event)].flatMap((account) => {
      const id = byAccount.get(account);
      return id ? [id] : [];
    });
    return ids.length === 1 ? ids[0] : undefined;
  };
}

export type ScenarioCost = {
  id: ScenarioId;
  usage: Usage;
  /** DynamoDB calls and the request units they took, by command (where DynamoDB's money goes). */
  dynamodbCalls: Record<string, { calls: number; units: number }>;
  /** US dollars per 1,000 cases like this one, by service. */
  per1000Cases: ServiceCosts;
  totalPer1000Cases: number;
};

export type CostReport = {
  prices: { region: string; recordedOn: string };
  scenarios: ScenarioCost[];
  referenceMix: {
    totalPer1000Cases: number;
    sesPer1000Cases: number;
    byService: ServiceCosts;
  };
  /** Everything but SES against SES, for the mix (goal: ratio <= 1). */
  againstSes: { ses: number; rest: number; ratio: number };
  mixWeights: Record<string, number>;
  mixMissing: string[];
  /** The outbox carriers' schedule on AWS, per month, from the mean run measured here. */
  scheduleFixedPerMonth: number;
  /** What was shared between scenarios (spread evenly over them), as a share of the journeys' total. */
  sharedShare: number;
};

function usageOf(
  tally: Tally,
  extra: Pick<Usage, 'stateTransitions' | 'sesEmails' | 'eventBridgeEvents'>,
): Usage {
  return {
    ...extra,
    lambda: [...tally.lambda].map(([name, entry]) => ({ name, ...entry })),
    dynamodb: { writeUnits: tally.writeUnits, readUnits: tally.readUnits },
    sesAttachmentBytes: 0,
    sqsRequests: tally.sqsRequests,
    apiRequests: tally.apiRequests,
    logBytes: tally.logBytes,
    secretsManagerCalls: tally.secretsManagerCalls,
    // Secrets Manager decrypts with KMS on each call; SNS encrypts each publish with the topic's key
    // (an upper bound: both cache data keys for a while).
    kmsRequests: tally.secretsManagerCalls + tally.snsPublishes,
  };
}

/** Each scenario's cost and the mix's, from the meter's tallies after the journeys' run. */
export function journeyCosts(
  scenarios: readonly ScenarioResult[],
  accounts: ReadonlyMap<ScenarioId, string>,
  meter: Meter,
  events: readonly EventBridgeEvent[],
): CostReport {
  const measured = scenarios.filter((s) => !s.error);
  if (measured.length === 0) throw new Error('no scenario was measured');
  const shared = meter.tally(SHARED_LABEL);
  const sharedEach = scaleTally(shared, 1 / measured.length);
  const customEvents = events.filter((event) => !event.source.startsWith('aws.'));

  const costs: ScenarioCost[] = measured.map((s) => {
    const account = accounts.get(s.id) ?? '';
    const own = addTally(addTally(emptyTally(), meter.tally(s.id)), sharedEach);
    const usage = usageOf(own, {
      stateTransitions: s.awsTransitions,
      sesEmails: s.emails.length,
      eventBridgeEvents: customEvents.filter((event) => accountsIn(event).has(account)).length,
    });
    const per1000 = per1000Cases(costOf(usage, PRICES), 1);
    const dynamodbCalls = Object.fromEntries(
      [...own.calls].map(([command, calls]) => [
        command,
        { calls, units: own.unitsByCommand.get(command) ?? 0 },
      ]),
    );
    return { id: s.id, usage, dynamodbCalls, per1000Cases: per1000, totalPer1000Cases: totalOf(per1000) };
  });

  const mix = mixOf(
    REFERENCE_MIX as Record<string, number>,
    Object.fromEntries(costs.map((c) => [c.id, c.per1000Cases])),
  );
  const schedule = meter.tally(SCHEDULE_LABEL);
  const scheduleRuns = [...schedule.lambda.values()].reduce((sum, e) => sum + e.invocations, 0);
  const scheduleCost = totalOf(
    costOf(usageOf(schedule, { stateTransitions: 0, sesEmails: 0, eventBridgeEvents: 0 }), PRICES),
  );
  const runsPerMonth = ((30 * 24 * 60) / SEND_WAITING_MESSAGES_EVERY_MINUTES) * OUTBOX_CARRIERS.length;
  const sharedCost = totalOf(
    costOf(usageOf(shared, { stateTransitions: 0, sesEmails: 0, eventBridgeEvents: 0 }), PRICES),
  );
  const allCost = costs.reduce((sum, c) => sum + c.totalPer1000Cases / 1000, 0);
  return {
    prices: { region: PRICES.region, recordedOn: PRICES.recordedOn },
    scenarios: costs,
    referenceMix: {
      totalPer1000Cases: totalOf(mix.costs),
      sesPer1000Cases: mix.costs.ses,
      byService: mix.costs,
    },
    againstSes: againstSes(mix.costs),
    mixWeights: mix.weights,
    mixMissing: mix.missing,
    scheduleFixedPerMonth: scheduleRuns ? (scheduleCost / scheduleRuns) * runsPerMonth : 0,
    sharedShare: allCost > 0 ? sharedCost / allCost : 0,
  };
}

/** The cost table's rows: one per scenario and the mix, dollars per 1,000 cases by service. */
export function costRows(report: CostReport): string[][] {
  const money = (n: number) => n.toFixed(4);
  return [
    ...report.scenarios.map((c) => [
      c.id,
      ...SERVICES.map((s) => money(c.per1000Cases[s])),
      money(c.totalPer1000Cases),
    ]),
    [
      'reference mix',
      ...SERVICES.map((s) => money(report.referenceMix.byService[s])),
      money(report.referenceMix.totalPer1000Cases),
    ],
  ];
}
