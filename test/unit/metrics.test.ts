import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { describe, expect, it } from 'vitest';
import {
  METRIC_TIMELINE_ENTRIES,
  METRICS,
  METRICS_NAMESPACE,
  METRICS_SERVICE,
  type MetricKey,
} from '../../functions/contract/metrics.ts';
import type { CaseRecord } from '../../functions/domain/case.ts';
import { type ContactInput, decideContact } from '../../functions/domain/contact-rules.ts';
import { emailOutcomeOf } from '../../functions/domain/deliverability.ts';
import {
  bounceTypeOf,
  type CaseFacts,
  caseFactsOf,
  currencyOf,
  deferredReasonOf,
  kindOf,
  type MetricPoint,
  metricPointsOf,
  needsCase,
  outboxBacklogOf,
  outboxMetricPoints,
  type RecordedEntry,
  withheldReasonOf,
} from '../../functions/domain/metrics.ts';
import { emitMetricPoints } from '../../functions/shared/metrics.ts';
import { caseFactsReader, recordedMetrics } from '../../functions/use-cases/record-metrics.ts';
import { sendWaitingMessages } from '../../functions/use-cases/send-waiting-messages.ts';
import { contractMetric } from '../../lib/constructs/operations-dashboard.ts';
import { logLines } from '../support/log-lines.ts';

const consumer: CaseFacts = { segment: 'consumer' };
const insert = (type: string, data: Record<string, unknown> = {}): RecordedEntry => ({
  change: 'INSERT',
  type,
  data,
});

/** The reason decideContact gives for a case in this state (the words EmailWithheld/EmailDeferred keep). */
const reasonOf = (overrides: Partial<ContactInput>) => {
  const decision = decideContact({
    now: new Date('2026-06-02T10:00:00Z'),
    timeZone: 'Europe/London',
    locale: 'en-GB',
    contactWindow: { start: '08:00', end: '21:00' },
    weeklyMessageCap: 3,
    recentSends: [],
    caseState: { status: 'open', balance: { amount: 12_950, currency: 'GBP' } },
    purpose: 'collection',
    ...overrides,
  });
  if (decision.decision === 'send') throw new Error('expected a refusal or a wait');
  return decision.reason;
};
const open = { status: 'open', balance: { amount: 12_950, currency: 'GBP' } } as const;

/** An SES event's detail as domain/deliverability.ts reads it, for the words it writes on the timeline. */
const bounce = (bounceType: string, bounceSubType: string) =>
  emailOutcomeOf({
    eventType: 'Bounce',
    bounce: { bounceType, bounceSubType, timestamp: '2026-06-02T10:00:00Z', bouncedRecipients: [] },
  } as never);

describe('the free-text reasons, as the contract’s bounded codes', () => {
  it('maps every refusal decideContact words to its withheld reason', () => {
    const cases: [Partial<ContactInput>, string][] = [
      [{ caseState: { ...open, optedOutAt: '2026-06-01' } }, 'opted-out'],
      [
        { caseState: { ...open, legalPause: { reason: 'breathing-space', since: '2026-06-01' } } },
        'legal-pause',
      ],
      [{ caseState: { ...open, status: 'paid' } }, 'case-closed'],
      [{ caseState: { ...open, balance: { amount: 0, currency: 'GBP' } } }, 'settled'],
      [{ caseState: { ...open, status: 'held-for-person' } }, 'held-for-person'],
      [
        { caseState: { ...open, dispute: { status: 'open', reason: 'not-mine', openedAt: '2026-06-01' } } },
        'dispute-open',
      ],
      [
        { caseState: { ...open, pause: { reason: 'hardship', until: '2026-06-09', since: '2026-06-01' } } },
        'paused',
      ],
      [{ undeliverable: { since: '2026-06-01', reason: 'permanent-bounce' } }, 'undeliverable'],
    ];
    for (const [overrides, code] of cases) expect(withheldReasonOf(reasonOf(overrides))).toBe(code);
  });

  it('maps a person’s case without contact hours to held-for-person, and anything unknown to other', () => {
    expect(withheldReasonOf('no time zone is known for the debtor (locale xx)', true)).toBe(
      'held-for-person',
    );
    expect(withheldReasonOf('something new, with a name: Jane Doe')).toBe('other');
    expect(withheldReasonOf(undefined)).toBe('other');
  });

  it('maps every wait decideContact words to its deferred reason', () => {
    const night = new Date('2026-06-02T22:30:00Z');
    expect(deferredReasonOf(reasonOf({ now: night }))).toBe('contact-window');
    const week = [1, 2, 3].map((hours) => new Date(Date.parse('2026-06-02T10:00:00Z') - hours * 3_600_000));
    expect(deferredReasonOf(reasonOf({ recentSends: week }))).toBe('weekly-cap');
    // No zone known: the zones the locale may mean (en-US spans several).
    const american = reasonOf({
      timeZone: undefined,
      locale: 'en-US',
      now: new Date('2026-06-02T10:00:00Z'),
    });
    expect(deferredReasonOf(american)).toBe('unknown-time-zone');
    expect(deferredReasonOf('a reason nobody wrote yet')).toBe('other');
    expect(deferredReasonOf(42)).toBe('other');
  });

  it('keeps the email kinds and ISO currencies, and nothing else', () => {
    expect(kindOf('friendly')).toBe('friendly');
    expect(kindOf('<script>')).toBe('other');
    expect(currencyOf('GBP')).toBe('GBP');
    expect(currencyOf('pounds')).toBe('other');
  });

  it('reads the bounce type from the entries the SES events write', () => {
    const permanent = bounce('Permanent', 'General');
    const suppressed = bounce('Permanent', 'OnSuppressionList');
    const transient = bounce('Transient', 'MailboxFull');
    const undetermined = bounce('Undetermined', 'Undetermined');
    if (permanent.kind !== 'undeliverable' || suppressed.kind !== 'undeliverable')
      throw new Error('permanent');
    expect(bounceTypeOf(insert('EmailBounced', { reason: permanent.reason }))).toBe('Permanent');
    expect(bounceTypeOf(insert('EmailBounced', { reason: suppressed.reason }))).toBe('Permanent');
    expect(bounceTypeOf(insert('EmailBounced', { reason: 'rejected' }))).toBeUndefined();
    expect(bounceTypeOf(insert('EmailDelayed', { detail: (transient as { detail: string }).detail }))).toBe(
      'Transient',
    );
    expect(
      bounceTypeOf(insert('EmailDelayed', { detail: (undetermined as { detail: string }).detail })),
    ).toBe('Undetermined');
    expect(
      bounceTypeOf(insert('EmailDelayed', { detail: 'Delivery delayed (MailboxFull)' })),
    ).toBeUndefined();
  });
});

describe('the entries, as data points', () => {
  it('counts a case opened and resolved by segment and outcome, and a paid plan or promise as kept', () => {
    expect(metricPointsOf(insert('CaseOpened'), consumer)).toStrictEqual([
      { metric: 'casesOpened', dimensions: { segment: 'consumer' }, value: 1 },
    ]);
    expect(metricPointsOf(insert('CaseResolved', { resolution: 'credited' }), consumer)).toStrictEqual([
      { metric: 'casesResolved', dimensions: { segment: 'consumer', outcome: 'credited' }, value: 1 },
    ]);
    expect(
      metricPointsOf(insert('CaseResolved', { resolution: 'paid' }), {
        segment: 'enterprise',
        commitment: 'plan',
      }),
    ).toStrictEqual([
      { metric: 'casesResolved', dimensions: { segment: 'enterprise', outcome: 'paid' }, value: 1 },
      { metric: 'commitmentsKept', dimensions: { segment: 'enterprise', commitment: 'plan' }, value: 1 },
    ]);
    expect(metricPointsOf(insert('CaseResolved', { resolution: 'lost' }), consumer)).toStrictEqual([]);
    // A placement closes the case with its own entry.
    expect(metricPointsOf(insert('CasePlacedWithAgency'), consumer)).toStrictEqual([
      { metric: 'casesResolved', dimensions: { segment: 'consumer', outcome: 'placed' }, value: 1 },
    ]);
  });

  it('takes the commitment from the case: a plan, else a promise’s pause', () => {
    const debtor = { segment: 'small-business' } as CaseRecord['debtor'];
    expect(caseFactsOf({ debtor })).toStrictEqual({ segment: 'small-business' });
    expect(
      caseFactsOf({ debtor, pause: { reason: 'promise', until: '2026-06-09', since: '2026-06-01' } }),
    ).toStrictEqual({ segment: 'small-business', commitment: 'promise' });
    expect(caseFactsOf({ debtor, plan: {} as CaseRecord['plan'] })).toStrictEqual({
      segment: 'small-business',
      commitment: 'plan',
    });
    expect(caseFactsOf({ debtor: { segment: 'vip' } as CaseRecord['debtor'] })).toBeUndefined();
  });

  it('counts payments by segment and their amounts by currency', () => {
    expect(
      metricPointsOf(insert('PaymentReceived', { amount: { amount: 7_950, currency: 'GBP' } }), consumer),
    ).toStrictEqual([
      { metric: 'paymentsReceived', dimensions: { segment: 'consumer' }, value: 1 },
      { metric: 'amountReceived', dimensions: { currency: 'GBP' }, value: 7_950 },
    ]);
  });

  it('counts commitments made and broken, disputes and survey answers', () => {
    const points = (entry: RecordedEntry) =>
      metricPointsOf(entry, consumer).map(({ metric, dimensions }) => [metric, dimensions]);
    expect(points(insert('PromiseMade'))).toStrictEqual([
      ['commitmentsMade', { segment: 'consumer', commitment: 'promise' }],
    ]);
    expect(points(insert('PlanAgreed'))).toStrictEqual([
      ['commitmentsMade', { segment: 'consumer', commitment: 'plan' }],
    ]);
    expect(points(insert('PauseEnded', { reason: 'promise' }))).toStrictEqual([
      ['commitmentsBroken', { segment: 'consumer', commitment: 'promise' }],
    ]);
    expect(points(insert('PauseEnded', { reason: 'hardship' }))).toStrictEqual([]);
    expect(points(insert('PlanBroken'))).toStrictEqual([
      ['commitmentsBroken', { segment: 'consumer', commitment: 'plan' }],
    ]);
    expect(points(insert('DisputeOpened'))).toStrictEqual([['disputesOpened', { segment: 'consumer' }]]);
    expect(points(insert('DisputeResolved', { outcome: 'upheld' }))).toStrictEqual([
      ['disputesResolved', { segment: 'consumer', disputeOutcome: 'upheld' }],
    ]);
    expect(metricPointsOf(insert('SurveyAnswered', { score: 4 }), consumer)).toStrictEqual([
      { metric: 'surveyScore', dimensions: { segment: 'consumer' }, value: 4 },
    ]);
    expect(metricPointsOf(insert('SurveyAnswered', { score: 9 }), consumer)).toStrictEqual([]);
  });

  it('never guesses a segment: without the case, only the email points remain', () => {
    for (const type of METRIC_TIMELINE_ENTRIES) {
      const entry = insert(type, { kind: 'friendly', reason: 'permanent-bounce', resolution: 'paid' });
      const points = metricPointsOf(entry, undefined);
      if (needsCase(entry)) expect(points).toStrictEqual([]);
      for (const { dimensions } of points) expect(dimensions).not.toHaveProperty('segment');
    }
  });

  it('counts a message sent when the gate records it, delivered once when SES’s delivery is written on it', () => {
    expect(metricPointsOf(insert('EmailSent', { kind: 'firm' }), undefined)).toStrictEqual([
      { metric: 'messagesSent', dimensions: { kind: 'firm' }, value: 1 },
    ]);
    const modified = (data: Record<string, unknown>): RecordedEntry => ({
      change: 'MODIFY',
      type: 'EmailSent',
      data,
    });
    expect(
      metricPointsOf(modified({ kind: 'firm', deliveredAt: '2026-06-02T10:00:01Z' }), undefined),
    ).toStrictEqual([{ metric: 'emailsDelivered', dimensions: {}, value: 1 }]);
    // A bounce written on a delivered message is no second delivery; nor is any other change.
    expect(
      metricPointsOf(
        modified({ deliveredAt: '2026-06-02T10:00:01Z', undeliveredAt: '2026-06-02T10:00:02Z' }),
        undefined,
      ),
    ).toStrictEqual([]);
    expect(metricPointsOf(modified({ kind: 'firm' }), undefined)).toStrictEqual([]);
    expect(metricPointsOf({ change: 'MODIFY', type: 'CaseOpened', data: {} }, consumer)).toStrictEqual([]);
  });

  it('measures an outbox backlog: how many are due and how long the oldest has been', () => {
    const now = new Date('2026-06-02T10:00:00Z');
    expect(outboxBacklogOf(['2026-06-02T09:59:00Z', '2026-06-02T09:30:00Z'], now)).toStrictEqual({
      backlog: 2,
      oldestDueSeconds: 1_800,
    });
    expect(outboxBacklogOf([], now)).toStrictEqual({ backlog: 0, oldestDueSeconds: 0 });
  });
});

describe('the use case', () => {
  it('reads each case once per batch, and only for the entries that need it', async () => {
    const reads: string[] = [];
    const store = {
      getCase: async (caseId: string) => {
        reads.push(caseId);
        return { debtor: { segment: 'consumer' } } as CaseRecord;
      },
    };
    const facts = caseFactsReader({ store });
    const entries = [
      { caseId: 'A-1', ...insert('EmailSent', { kind: 'friendly' }) },
      { caseId: 'A-1', ...insert('CaseOpened') },
      { caseId: 'A-1', ...insert('PaymentReceived', { amount: { amount: 100, currency: 'EUR' } }) },
      { caseId: 'B-1', ...insert('DisputeOpened') },
    ];
    const points = (await Promise.all(entries.map((entry) => recordedMetrics(entry, facts)))).flat();
    expect(points.map((point) => point.metric)).toStrictEqual([
      'messagesSent',
      'casesOpened',
      'paymentsReceived',
      'amountReceived',
      'disputesOpened',
    ]);
    expect(reads).toStrictEqual(['A-1', 'B-1']);
  });
});

describe('the mail carrier’s scheduled run', () => {
  it('reports the mail backlog it found: the emails due in the outbox and the recorded ones still waiting for SES', async () => {
    const now = new Date('2026-06-02T10:00:00Z');
    const ago = (minutes: number) => new Date(now.getTime() - minutes * 60_000).toISOString();
    const removed: string[] = [];
    const store = {
      getCase: async () => undefined,
      takeLease: async () => true,
      releaseLease: async () => undefined,
      dueOutbox: async () => [
        { caseId: 'A-1', messageKey: 'thanks-1', dueAt: ago(10), kind: 'thanks', purpose: 'outcome' },
      ],
      removeFromOutbox: async (item: { messageKey: string }) => {
        removed.push(item.messageKey);
      },
      pendingMessages: async () => [{ caseId: 'B-1', messageKey: 'friendly-0', recordedAt: ago(20) }],
    } as unknown as Parameters<typeof sendWaitingMessages>[1]['store'];
    const mail = { send: async () => ({ outcome: 'sent' as const }) };
    const result = await sendWaitingMessages(
      { holder: 'run', now, leaseUntil: new Date(now.getTime() + 60_000) },
      {
        store,
        mail,
      } as Parameters<typeof sendWaitingMessages>[1],
    );
    expect(result).toStrictEqual({ due: 1, noCase: 1, backlog: 2, oldestDueSeconds: 1_200 });
    expect(removed).toStrictEqual(['thanks-1']);
  });
});

/** Entries (and a carrier's backlog) that, together, yield a point of every metric of the contract. */
const EVERY_METRIC: MetricPoint[] = [
  ...[
    insert('CaseOpened'),
    insert('CaseResolved', { resolution: 'paid' }),
    insert('EmailSent', { kind: 'friendly' }),
    insert('EmailDeferred', { reason: 'outside the contact window in Europe/London' }),
    insert('EmailWithheld', { reason: 'the debtor opted out of email' }),
    insert('EmailBounced', { reason: 'permanent-bounce' }),
    insert('EmailComplaint'),
    { change: 'MODIFY', type: 'EmailSent', data: { deliveredAt: '2026-06-02T10:00:00Z' } } as RecordedEntry,
    insert('PaymentReceived', { amount: { amount: 100, currency: 'GBP' } }),
    insert('PromiseMade'),
    insert('PauseEnded', { reason: 'promise' }),
    insert('DisputeResolved', { outcome: 'rejected' }),
    insert('DisputeOpened'),
    insert('SurveyAnswered', { score: 5 }),
    // Issue 16: texts sent (and their segments), a text refused by the gate, a STOP.
    insert('TextSent', { purpose: 'collection', segments: 2 }),
    insert('EmailWithheld', { reason: 'a dispute is open', channels: ['email', 'sms'] }),
    insert('TextsStopped'),
  ].flatMap((entry) => metricPointsOf(entry, { segment: 'consumer', commitment: 'promise' })),
  ...outboxMetricPoints({ backlog: 3, oldestDueSeconds: 120 }),
];

describe('what the dashboard and the alarms read is what is emitted', () => {
  it('emits every metric of the contract, in its namespace, with exactly its dimension set', async () => {
    const lines = await logLines(async () => emitMetricPoints(EVERY_METRIC));
    const emitted = lines.filter((line) => '_aws' in line) as {
      _aws: {
        CloudWatchMetrics: {
          Namespace: string;
          Dimensions: string[][];
          Metrics: { Name: string; Unit: string }[];
        }[];
      };
      [key: string]: unknown;
    }[];
    for (const [key, definition] of Object.entries(METRICS) as [MetricKey, (typeof METRICS)[MetricKey]][]) {
      const line = emitted.find((emf) => emf._aws.CloudWatchMetrics[0]?.Metrics[0]?.Name === definition.name);
      expect(line, `${key} is emitted`).toBeDefined();
      const [set] = line?._aws.CloudWatchMetrics ?? [];
      expect(set?.Namespace).toBe(METRICS_NAMESPACE);
      // One dimension set: `service`, then the contract's dimensions in order (what the dashboard searches).
      expect(set?.Dimensions).toStrictEqual([['service', ...definition.dimensions]]);
      expect(set?.Metrics).toStrictEqual([{ Name: definition.name, Unit: definition.unit }]);
      expect(line?.service).toBe(METRICS_SERVICE);
      for (const dimension of definition.dimensions) expect(typeof line?.[dimension]).toBe('string');
    }
  });

  it('the dashboard graphs each metric over that same dimension set', () => {
    for (const definition of Object.values(METRICS)) {
      const graphed = contractMetric(definition);
      if (definition.dimensions.length === 0) {
        // The alarm on the outbox's oldest item reads the same single-dimension metric (test/stack/operations.test.ts).
        const metric = graphed as cloudwatch.Metric;
        expect([metric.namespace, metric.metricName, metric.dimensions]).toStrictEqual([
          METRICS_NAMESPACE,
          definition.name,
          { service: METRICS_SERVICE },
        ]);
      } else {
        expect((graphed as cloudwatch.SearchExpression).expression).toContain(
          `{${[METRICS_NAMESPACE, 'service', ...definition.dimensions].join(',')}} MetricName="${definition.name}"`,
        );
      }
    }
  });
});
