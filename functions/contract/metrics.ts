/**
 * The metrics contract, declared once: the namespace, every business and operational metric, its unit
 * and its dimensions. The handlers emit through Powertools Metrics (EMF) with these names; the stack's
 * dashboard and alarms (lib/constructs/operations-*.ts) read the same constants, so a renamed metric
 * breaks the build, not the dashboard.
 *
 * How a metric is emitted (the rule the dashboard and the alarms rely on):
 * - in METRICS_NAMESPACE, with the `service` dimension Powertools adds to every metric set to
 *   METRICS_SERVICE (the stack sets POWERTOOLS_SERVICE_NAME and POWERTOOLS_METRICS_NAMESPACE on every
 *   function, see METRICS_ENVIRONMENT);
 * - with exactly one dimension set: `service` plus the metric's `dimensions`, in that order, every one
 *   of them present (a metric emitted with another set is another metric to CloudWatch). With
 *   Powertools: `metrics.singleMetric().addDimensions(values).addMetric(name, unit, value)`;
 * - dimension values are the bounded codes below, never free text, ids or personal data (each distinct
 *   value is a billed metric, and logs and metrics carry ids at most).
 *
 * Pure TypeScript: no SDK, no Powertools import (units are the strings Powertools' MetricUnit holds;
 * test/stack/metrics.test.ts checks that they are).
 */

/** The CloudWatch namespace of every metric of the product. */
export const METRICS_NAMESPACE = 'CustomerFirstCollections';

/** The value of the `service` dimension Powertools puts on every metric: the Logger's service too (functions/shared/logger.ts). */
export const METRICS_SERVICE = 'collections';

/** The environment the stack sets on every function so Powertools emits into this contract. */
export const METRICS_ENVIRONMENT = {
  POWERTOOLS_SERVICE_NAME: METRICS_SERVICE,
  POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
} as const;

/** The units the contract uses, spelled as CloudWatch and Powertools' MetricUnit spell them. */
export type MetricUnitName = 'Count' | 'Seconds' | 'None';

/** Every dimension a metric of the product may carry, with the values it may take. */
export type DimensionValues = {
  /** The policy segment the case runs under (functions/domain/policies/*.json). */
  segment: 'consumer' | 'small-business' | 'enterprise';
  /** How a case ended: CaseResolved's `resolution` (functions/contract/case-events.ts). */
  outcome: 'paid' | 'credited' | 'written-off' | 'placed';
  /** Which email: an email kind of functions/domain/email-kinds.ts (a bounded list of names), or 'other'. */
  kind: string;
  /** Why a message may not go yet: it waits and goes later, once. */
  deferredReason: 'contact-window' | 'weekly-cap' | 'unknown-time-zone' | 'outage' | 'other';
  /** Why a message will not go at all: the gate refused it, recorded on the timeline. */
  withheldReason:
    | 'opted-out'
    | 'undeliverable'
    | 'complained'
    | 'legal-pause'
    | 'dispute-open'
    | 'paused'
    | 'held-for-person'
    | 'case-closed'
    | 'settled'
    | 'other';
  /** SES's bounce type (a reject is no bounce: it counts nowhere here): Permanent marks the address undeliverable; the others are left to SES's retries. */
  bounceType: 'Permanent' | 'Transient' | 'Undetermined';
  /** A plan or a promise, kept or broken. */
  commitment: 'promise' | 'plan';
  /** How a dispute was decided: upheld (credited) or rejected (collection resumes). */
  disputeOutcome: 'upheld' | 'rejected';
  /** The ISO 4217 code of an amount (amounts of different currencies are never added up), or 'other'. */
  currency: string;
  /** What a text was for (issue 16): the gate's purposes, or an answer to the debtor's own text. */
  textPurpose: 'collection' | 'acknowledgement' | 'outcome' | 'answer' | 'other';
  /**
   * Why the gate refused a text (issue 16): no consent, a reason it may not go now (a person's reply
   * is not kept for later), or a reason it may never go.
   */
  textRefusal: 'no-consent' | DimensionValues['deferredReason'] | DimensionValues['withheldReason'];
};

export type DimensionName = keyof DimensionValues;

export type MetricDefinition = {
  /** The metric's name in CloudWatch. */
  readonly name: string;
  readonly unit: MetricUnitName;
  /** The dimensions after `service`, in order; all present on every data point. */
  readonly dimensions: readonly DimensionName[];
  /** Business (what happens to cases and debtors) or operational (how the machinery is doing). */
  readonly kind: 'business' | 'operational';
  /** The statistic that makes sense on a graph: Sum for counts, Maximum for ages and backlogs. */
  readonly statistic: 'Sum' | 'Maximum' | 'Average';
  /** What one data point means and when it is emitted. */
  readonly description: string;
};

const metric = <const Definition extends MetricDefinition>(definition: Definition) => definition;

/** Every metric of the product, by the key the handlers and the stack use. */
export const METRICS = {
  casesOpened: metric({
    name: 'CasesOpened',
    unit: 'Count',
    dimensions: ['segment'],
    kind: 'business',
    statistic: 'Sum',
    description: 'One per case opened (not per invoice joining an open case), when CaseOpened is announced.',
  }),
  casesResolved: metric({
    name: 'CasesResolved',
    unit: 'Count',
    dimensions: ['segment', 'outcome'],
    kind: 'business',
    statistic: 'Sum',
    description: 'One per case closed, by how it ended, when CaseResolved is announced.',
  }),
  messagesSent: metric({
    name: 'MessagesSent',
    unit: 'Count',
    dimensions: ['kind'],
    kind: 'business',
    statistic: 'Sum',
    description:
      'One per email the send gate recorded as going (EmailSent; deliverEmail hands each to SES once): not yet delivered, see EmailsDelivered.',
  }),
  messagesDeferred: metric({
    name: 'MessagesDeferred',
    unit: 'Count',
    dimensions: ['deferredReason'],
    kind: 'business',
    statistic: 'Sum',
    description: 'One per message the gate held back to send later (it goes once, when it may).',
  }),
  messagesWithheld: metric({
    name: 'MessagesWithheld',
    unit: 'Count',
    dimensions: ['withheldReason'],
    kind: 'business',
    statistic: 'Sum',
    description: 'One per message the gate refused for good (recorded on the timeline with the reason).',
  }),
  emailsDelivered: metric({
    name: 'EmailsDelivered',
    unit: 'Count',
    dimensions: [],
    kind: 'business',
    statistic: 'Sum',
    description: 'One per SES delivery event: the message reached the debtor’s mail server.',
  }),
  emailsBounced: metric({
    name: 'EmailsBounced',
    unit: 'Count',
    dimensions: ['bounceType'],
    kind: 'business',
    statistic: 'Sum',
    description: 'One per SES bounce event; a permanent one marks the address undeliverable.',
  }),
  emailsComplained: metric({
    name: 'EmailsComplained',
    unit: 'Count',
    dimensions: [],
    kind: 'business',
    statistic: 'Sum',
    description: 'One per SES complaint event (the debtor marked the email as spam): an opt-out.',
  }),
  paymentsReceived: metric({
    name: 'PaymentsReceived',
    unit: 'Count',
    dimensions: ['segment'],
    kind: 'business',
    statistic: 'Sum',
    description: 'One per payment applied to an open case (a duplicate event counts nothing).',
  }),
  amountReceived: metric({
    name: 'AmountReceived',
    unit: 'None',
    dimensions: ['currency'],
    kind: 'business',
    statistic: 'Sum',
    description: 'The amount of each payment applied, in integer minor units of its currency.',
  }),
  commitmentsMade: metric({
    name: 'CommitmentsMade',
    unit: 'Count',
    dimensions: ['segment', 'commitment'],
    kind: 'business',
    statistic: 'Sum',
    description: 'One per promise to pay made or plan agreed.',
  }),
  commitmentsKept: metric({
    name: 'CommitmentsKept',
    unit: 'Count',
    dimensions: ['segment', 'commitment'],
    kind: 'business',
    statistic: 'Sum',
    description: 'One per promise kept (paid by its date and grace) or plan paid off.',
  }),
  commitmentsBroken: metric({
    name: 'CommitmentsBroken',
    unit: 'Count',
    dimensions: ['segment', 'commitment'],
    kind: 'business',
    statistic: 'Sum',
    description: 'One per promise broken or plan broken (PromiseBroken, PlanBroken).',
  }),
  disputesOpened: metric({
    name: 'DisputesOpened',
    unit: 'Count',
    dimensions: ['segment'],
    kind: 'business',
    statistic: 'Sum',
    description: 'One per dispute the debtor opened (DisputeOpened).',
  }),
  disputesResolved: metric({
    name: 'DisputesResolved',
    unit: 'Count',
    dimensions: ['segment', 'disputeOutcome'],
    kind: 'business',
    statistic: 'Sum',
    description: 'One per dispute decided by billing, upheld or rejected.',
  }),
  surveyScore: metric({
    name: 'SurveyScore',
    unit: 'None',
    dimensions: ['segment'],
    kind: 'business',
    statistic: 'Average',
    description:
      'One per survey answer, its value the score (1 to 5): Average is the CSAT, SampleCount the answers.',
  }),
  textsSent: metric({
    name: 'TextsSent',
    unit: 'Count',
    dimensions: ['textPurpose'],
    kind: 'business',
    statistic: 'Sum',
    description: 'One per text recorded for sending (TextSent); deliverText sends each once.',
  }),
  textSegments: metric({
    name: 'TextSegments',
    unit: 'Count',
    dimensions: ['textPurpose'],
    kind: 'business',
    statistic: 'Sum',
    description: 'The billed segments of each text recorded, its confirmation text included.',
  }),
  textsRefused: metric({
    name: 'TextsRefused',
    unit: 'Count',
    dimensions: ['textRefusal'],
    kind: 'business',
    statistic: 'Sum',
    description: 'One per text the send gate refused (withheld, or a person’s reply refused).',
  }),
  textsStopped: metric({
    name: 'TextsStopped',
    unit: 'Count',
    dimensions: [],
    kind: 'business',
    statistic: 'Sum',
    description: 'One per case whose debtor texted STOP (or BAJA…).',
  }),
  outboxBacklog: metric({
    name: 'OutboxBacklog',
    unit: 'Count',
    dimensions: [],
    kind: 'operational',
    statistic: 'Maximum',
    description:
      'Emitted by every scheduled run of each outbox carrier: how many of its items were due when it started (send waiting messages: the emails due in the outbox and the recorded ones still waiting for SES; carry out follow-ups: the follow-ups due; one page of each at most, 50). Maximum is the larger backlog of the two.',
  }),
  outboxOldestItemAge: metric({
    name: 'OutboxOldestItemAge',
    unit: 'Seconds',
    dimensions: [],
    kind: 'operational',
    statistic: 'Maximum',
    description:
      'Emitted by every scheduled run of each outbox carrier (as OutboxBacklog): how long its oldest due item has been due (0 when none is).',
  }),
} as const satisfies Record<string, MetricDefinition>;

export type MetricKey = keyof typeof METRICS;

/** The dimension values a data point of `key` must carry (besides `service`), typed from the contract. */
export type DimensionsOf<Key extends MetricKey> = {
  [Name in (typeof METRICS)[Key]['dimensions'][number]]: DimensionValues[Name];
};

/** How long the oldest due outbox item may wait before operations hear of it (the alarm's threshold). */
export const OUTBOX_OLDEST_ITEM_ALARM_SECONDS = 30 * 60;

/**
 * The timeline entries the business metrics are derived from (recordMetrics reads the table's stream
 * for the INSERTs of these, functions/domain/metrics.ts maps each to its data points), and the one
 * entry whose MODIFY counts too: EmailSent, marked delivered when SES says so.
 */
export const METRIC_TIMELINE_ENTRIES = [
  'CaseOpened',
  'CaseResolved',
  'CasePlacedWithAgency',
  'EmailSent',
  'EmailDeferred',
  'EmailWithheld',
  'EmailBounced',
  'EmailDelayed',
  'EmailComplaint',
  'PaymentReceived',
  'PromiseMade',
  'PlanAgreed',
  'PauseEnded',
  'PlanBroken',
  'DisputeOpened',
  'DisputeResolved',
  'SurveyAnswered',
  // Issue 16: texts sent and STOPs.
  'TextSent',
  'TextsStopped',
] as const;

export type MetricTimelineEntry = (typeof METRIC_TIMELINE_ENTRIES)[number];

/** The entry whose later change (SES's delivery, written on it) is a metric too. */
export const METRIC_MODIFIED_ENTRY = 'EmailSent' satisfies MetricTimelineEntry;
