import {
  type DimensionsOf,
  type DimensionValues,
  METRIC_MODIFIED_ENTRY,
  METRIC_TIMELINE_ENTRIES,
  type MetricKey,
} from '../contract/metrics.ts';
import type { CaseRecord } from './case.ts';
import { EMAIL_KINDS } from './email-kinds.ts';

/**
 * The metrics of the contract (functions/contract/metrics.ts), derived from what the table records,
 * pure: a timeline entry in, its data points out. Every dimension value is one of the contract's
 * bounded codes: a free-text reason is mapped to its code here, and anything not recognised to a
 * bounded fallback ('other'), never the raw text.
 */

/** One data point: a metric of the contract, its dimension values (besides `service`) and its value. */
export type MetricPoint = {
  [Key in MetricKey]: { metric: Key; dimensions: DimensionsOf<Key>; value: number };
}[MetricKey];

/** A timeline entry as the table's stream brings it: new (INSERT) or changed (MODIFY). */
export type RecordedEntry = {
  change: 'INSERT' | 'MODIFY';
  type: string;
  data?: Record<string, unknown>;
};

/** What a metric needs of the entry's case: its segment, and the commitment it was under. */
export type CaseFacts = {
  segment: DimensionValues['segment'];
  /** The plan the debtor agreed, or the promise the case was paused for (a paid case kept it). */
  commitment?: DimensionValues['commitment'];
};

const SEGMENTS: readonly DimensionValues['segment'][] = ['consumer', 'small-business', 'enterprise'];
const OUTCOMES: readonly DimensionValues['outcome'][] = ['paid', 'credited', 'written-off', 'placed'];
const DISPUTE_OUTCOMES: readonly DimensionValues['disputeOutcome'][] = ['upheld', 'rejected'];

const isOneOf = <T extends string>(values: readonly T[], value: unknown): value is T =>
  typeof value === 'string' && (values as readonly string[]).includes(value);

/** The case's facts, or undefined when its segment is none of the contract's (no point carries it). */
export function caseFactsOf(record: Pick<CaseRecord, 'debtor' | 'plan' | 'pause'>): CaseFacts | undefined {
  if (!isOneOf(SEGMENTS, record.debtor.segment)) return undefined;
  const commitment = record.plan ? 'plan' : record.pause?.reason === 'promise' ? 'promise' : undefined;
  return { segment: record.debtor.segment, ...(commitment ? { commitment } : {}) };
}

/** The email kinds are a bounded list: one not on it (an older kind) counts as 'other'. */
export function kindOf(kind: unknown): string {
  return isOneOf(EMAIL_KINDS, kind) ? kind : 'other';
}

/** An ISO 4217 code as the events carry it (three capitals), else 'other'. */
export function currencyOf(currency: unknown): string {
  return typeof currency === 'string' && /^[A-Z]{3}$/.test(currency) ? currency : 'other';
}

/**
 * Why the gate let a message wait (EmailDeferred's `reason`, the words of domain/contact-rules.ts
 * `decideContact`), as the contract's code.
 */
export function deferredReasonOf(reason: unknown): DimensionValues['deferredReason'] {
  const text = typeof reason === 'string' ? reason : '';
  if (text.startsWith('the weekly cap')) return 'weekly-cap';
  // The contact window of the zones a locale may mean: the debtor's own zone is not known.
  if (text.includes('zones the locale may mean')) return 'unknown-time-zone';
  if (text.startsWith('outside the contact window')) return 'contact-window';
  if (/outage|unavailable/i.test(text)) return 'outage';
  return 'other';
}

/**
 * Why the gate refused a message for good (EmailWithheld's `reason`, the words of
 * domain/contact-rules.ts `decideContact`; `person` when a person takes over), as the contract's code.
 */
export function withheldReasonOf(reason: unknown, person = false): DimensionValues['withheldReason'] {
  const text = typeof reason === 'string' ? reason : '';
  if (text.startsWith('undeliverable')) return 'undeliverable';
  if (text.startsWith('the debtor opted out')) return 'opted-out';
  if (/complain/i.test(text)) return 'complained';
  if (text.startsWith('collection is legally paused')) return 'legal-pause';
  if (text.startsWith('the case is closed')) return 'case-closed';
  if (text.startsWith('nothing is owed')) return 'settled';
  if (text.startsWith('the case is held for a person')) return 'held-for-person';
  if (text.startsWith('a dispute is open')) return 'dispute-open';
  if (text.startsWith('collection is paused')) return 'paused';
  // No contact hours at all (no zone, or none shared): a person takes the case.
  if (person) return 'held-for-person';
  return 'other';
}

/**
 * The SES bounce type an entry records, or undefined when it records no bounce: EmailBounced is a
 * permanent bounce (or a suppression-list one; a reject is no bounce), EmailDelayed a transient or
 * undetermined bounce, or a delivery delay (domain/deliverability.ts writes its `detail`).
 */
export function bounceTypeOf(entry: RecordedEntry): DimensionValues['bounceType'] | undefined {
  const data = entry.data ?? {};
  if (entry.type === 'EmailBounced') return data.reason === 'rejected' ? undefined : 'Permanent';
  if (entry.type === 'EmailDelayed') {
    const detail = typeof data.detail === 'string' ? data.detail : '';
    if (detail.startsWith('Transient bounce')) return 'Transient';
    if (detail.startsWith('Undetermined bounce')) return 'Undetermined';
  }
  return undefined;
}

/** Whether the entry's data points need its case (a segment, a commitment). */
export function needsCase(entry: RecordedEntry): boolean {
  if (entry.change !== 'INSERT') return false;
  switch (entry.type) {
    case 'CaseOpened':
    case 'CaseResolved':
    case 'CasePlacedWithAgency':
    case 'PaymentReceived':
    case 'PromiseMade':
    case 'PlanAgreed':
    case 'PauseEnded':
    case 'PlanBroken':
    case 'DisputeOpened':
    case 'DisputeResolved':
    case 'SurveyAnswered':
      return true;
    default:
      return false;
  }
}

const point = <Key extends MetricKey>(metric: Key, dimensions: DimensionsOf<Key>, value = 1) =>
  ({ metric, dimensions, value }) as MetricPoint;

/**
 * The data points one recorded entry is. An entry that needs its case (see {@link needsCase}) and
 * has none (`facts` undefined) yields none: a segment is never guessed.
 */
export function metricPointsOf(entry: RecordedEntry, facts: CaseFacts | undefined): MetricPoint[] {
  const data = entry.data ?? {};
  if (entry.change === 'MODIFY') {
    // SES's delivery is written on the EmailSent entry once (the message's mark guards it); a bounce
    // writes `undeliveredAt` there, so a later change of a bounced message is no delivery.
    if (entry.type === METRIC_MODIFIED_ENTRY && data.deliveredAt && !data.undeliveredAt)
      return [point('emailsDelivered', {})];
    return [];
  }
  switch (entry.type) {
    case 'EmailSent':
      return [point('messagesSent', { kind: kindOf(data.kind) })];
    case 'EmailDeferred':
      return [point('messagesDeferred', { deferredReason: deferredReasonOf(data.reason) })];
    case 'EmailWithheld': {
      const withheldReason = withheldReasonOf(data.reason, data.person === true);
      // A message that was to go by text too (the gate names its channels then): a text refused.
      const texted = Array.isArray(data.channels) && data.channels.includes('sms');
      return [
        point('messagesWithheld', { withheldReason }),
        ...(texted ? [point('textsRefused', { textRefusal: withheldReason })] : []),
      ];
    }
    case 'EmailBounced':
    case 'EmailDelayed': {
      const bounceType = bounceTypeOf(entry);
      return bounceType ? [point('emailsBounced', { bounceType })] : [];
    }
    case 'EmailComplaint':
      return [point('emailsComplained', {})];
    // Texts (issue 16): each recorded for sending, its billed segments, and each STOP.
    case 'TextSent': {
      const textPurpose = textPurposeOf(data.purpose);
      const segments = [data.segments, data.welcomeSegments]
        .filter(
          (value): value is number => typeof value === 'number' && Number.isSafeInteger(value) && value > 0,
        )
        .reduce((sum, value) => sum + value, 0);
      return [
        point('textsSent', { textPurpose }),
        ...(segments > 0 ? [point('textSegments', { textPurpose }, segments)] : []),
      ];
    }
    case 'TextsStopped':
      return [point('textsStopped', {})];
  }
  if (!facts) return [];
  const { segment } = facts;
  switch (entry.type) {
    case 'CaseOpened':
      return [point('casesOpened', { segment })];
    case 'CaseResolved': {
      const outcome = data.resolution;
      if (!isOneOf(OUTCOMES, outcome)) return [];
      const resolved = point('casesResolved', { segment, outcome });
      // Paid while under a plan or a promise: the commitment was kept.
      return outcome === 'paid' && facts.commitment
        ? [resolved, point('commitmentsKept', { segment, commitment: facts.commitment })]
        : [resolved];
    }
    case 'CasePlacedWithAgency':
      // A placement closes the case with its own entry (use-cases/refer-to-agency.ts).
      return [point('casesResolved', { segment, outcome: 'placed' })];
    case 'PaymentReceived': {
      const amount = data.amount as { amount?: unknown; currency?: unknown } | undefined;
      const received = point('paymentsReceived', { segment });
      if (typeof amount?.amount !== 'number' || !Number.isSafeInteger(amount.amount)) return [received];
      return [received, point('amountReceived', { currency: currencyOf(amount.currency) }, amount.amount)];
    }
    case 'PromiseMade':
      return [point('commitmentsMade', { segment, commitment: 'promise' })];
    case 'PlanAgreed':
      return [point('commitmentsMade', { segment, commitment: 'plan' })];
    case 'PauseEnded':
      // A promise's pause ends unpaid: the promise is broken (a payment would have closed the case).
      return data.reason === 'promise'
        ? [point('commitmentsBroken', { segment, commitment: 'promise' })]
        : [];
    case 'PlanBroken':
      return [point('commitmentsBroken', { segment, commitment: 'plan' })];
    case 'DisputeOpened':
      return [point('disputesOpened', { segment })];
    case 'DisputeResolved':
      return isOneOf(DISPUTE_OUTCOMES, data.outcome)
        ? [point('disputesResolved', { segment, disputeOutcome: data.outcome })]
        : [];
    case 'SurveyAnswered': {
      const score = data.score;
      return typeof score === 'number' && Number.isInteger(score) && score >= 1 && score <= 5
        ? [point('surveyScore', { segment }, score)]
        : [];
    }
    default:
      return [];
  }
}

const TEXT_PURPOSES: readonly DimensionValues['textPurpose'][] = [
  'collection',
  'acknowledgement',
  'outcome',
  'answer',
];

/** What a text was for (TextSent's `purpose`), as the contract's code. */
export function textPurposeOf(purpose: unknown): DimensionValues['textPurpose'] {
  return isOneOf(TEXT_PURPOSES, purpose) ? purpose : 'other';
}

/**
 * A person's reply by text the gate refused (issue 16: nothing is recorded, so the staff's function
 * emits it): no consent, or the contact rules' reason (the words of decideContact) as the contract's code.
 */
export function textRefusedPoints(
  refusal: { outcome: 'no-consent' } | { outcome: 'refused'; reason: string; until?: Date },
): MetricPoint[] {
  const textRefusal: DimensionValues['textRefusal'] =
    refusal.outcome === 'no-consent'
      ? 'no-consent'
      : refusal.until
        ? deferredReasonOf(refusal.reason)
        : withheldReasonOf(refusal.reason);
  return [point('textsRefused', { textRefusal })];
}

/** Whether the stream brings entries of this type (the contract's list). */
export const isMetricEntry = (type: unknown): boolean => isOneOf(METRIC_TIMELINE_ENTRIES, type);

/** An outbox carrier's backlog when its scheduled run starts (its use case returns it). */
export type OutboxBacklog = {
  /** How many of its items were due (one page at most). */
  backlog: number;
  /** How long the oldest has been due, in whole seconds (0 when none is). */
  oldestDueSeconds: number;
};

/** The backlog of the items due by `now`, from each one's due time. */
export function outboxBacklogOf(dueTimes: readonly string[], now: Date): OutboxBacklog {
  const times = dueTimes.map((at) => Date.parse(at)).filter((time) => !Number.isNaN(time));
  const oldest = times.length > 0 ? Math.min(...times) : now.getTime();
  return {
    backlog: dueTimes.length,
    oldestDueSeconds: Math.max(0, Math.floor((now.getTime() - oldest) / 1000)),
  };
}

/** The operational data points of a carrier's run: OutboxBacklog and OutboxOldestItemAge. */
export function outboxMetricPoints({ backlog, oldestDueSeconds }: OutboxBacklog): MetricPoint[] {
  return [point('outboxBacklog', {}, backlog), point('outboxOldestItemAge', {}, oldestDueSeconds)];
}
