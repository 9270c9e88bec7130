import { localDate } from './dates.ts';
import { minorUnitDigits } from './money.ts';

/**
 * Outcomes (issue 12): for a period and a segment, the money beside the dignity of the process.
 * Pure. A timeline entry the table records becomes a few counter increments on its day and segment
 * (`outcomeIncrements`); the days of a period, read back in one Query, become the figures and the
 * charts' series (`summariseOutcomes`) and the CSV download (`outcomesCsv`).
 */

export const OUTCOME_SEGMENTS = ['consumer', 'small-business', 'enterprise'] as const;
export type OutcomeSegment = (typeof OUTCOME_SEGMENTS)[number];
export const isOutcomeSegment = (value: unknown): value is OutcomeSegment =>
  typeof value === 'string' && (OUTCOME_SEGMENTS as readonly string[]).includes(value);

export const RESOLUTIONS = ['paid', 'credited', 'written-off', 'placed'] as const;
export type Resolution = (typeof RESOLUTIONS)[number];

/** The entries the counters are kept from (the consumer's stream filter names exactly these). */
export const OUTCOME_ENTRIES = [
  'CaseOpened',
  'InvoiceAdded',
  'CaseResolved',
  'CasePlacedWithAgency',
  'PaymentReceived',
  'EmailSent',
  'CallLogged',
  'EmailWithheld',
  'EmailDeferred',
  'PromiseMade',
  'PlanAgreed',
  'PauseEnded',
  'PlanBroken',
  'DisputeOpened',
  'DisputeResolved',
  'SurveyAnswered',
] as const;

/** Days to resolution are counted in whole days up to this; longer ones share the last bucket. */
export const DAYS_CAP = 365;

/** What the counters need of an entry's case. */
export type OutcomeFacts = {
  segment: OutcomeSegment;
  openedAt: string;
  /** The plan the debtor agreed, or the promise the case was paused for (a paid case kept it). */
  commitment?: 'promise' | 'plan';
};

export type OutcomeEntry = { type: string; at: string; data?: Record<string, unknown> };

/** Counter names: fixed words, or a word and a bounded suffix (a currency code, a number of days). */
export type Increments = Record<string, number>;

const CURRENCY = /^[A-Z]{3}$/;
const amountOf = (value: unknown): { amount: number; currency: string } | undefined => {
  const money = value as { amount?: unknown; currency?: unknown } | undefined;
  return typeof money?.amount === 'number' &&
    Number.isSafeInteger(money.amount) &&
    money.amount >= 0 &&
    typeof money.currency === 'string' &&
    CURRENCY.test(money.currency)
    ? { amount: money.amount, currency: money.currency }
    : undefined;
};

/** The UTC calendar day an instant falls on: a counter item's day. */
export const dayOf = (at: string): string => localDate(new Date(at), 'UTC');

/** Whole days between the case's opening and its resolution, capped (never negative). */
export function daysToResolve(openedAt: string, resolvedAt: string): number {
  const days = Math.floor((Date.parse(resolvedAt) - Date.parse(openedAt)) / 86_400_000);
  return Number.isFinite(days) ? Math.min(DAYS_CAP, Math.max(0, days)) : 0;
}

/**
 * The counter increments one recorded entry is, on its case's segment and the entry's day; empty
 * when it counts for nothing (an unreached call, an unknown resolution, a survey score out of range).
 */
export function outcomeIncrements(entry: OutcomeEntry, facts: OutcomeFacts): Increments {
  const data = entry.data ?? {};
  const resolved = (outcome: Resolution): Increments => ({
    [`resolved_${outcome}`]: 1,
    [`days_${daysToResolve(facts.openedAt, entry.at)}`]: 1,
    ...(outcome === 'paid' && facts.commitment === 'promise' ? { promisesKept: 1 } : {}),
    ...(outcome === 'paid' && facts.commitment === 'plan' ? { plansCompleted: 1 } : {}),
  });
  switch (entry.type) {
    case 'CaseOpened':
    case 'InvoiceAdded': {
      const owed = amountOf(data.amountDue);
      return {
        ...(entry.type === 'CaseOpened' ? { opened: 1 } : {}),
        ...(owed ? { [`owed_${owed.currency}`]: owed.amount } : {}),
      };
    }
    case 'CaseResolved': {
      const outcome = data.resolution;
      // A placement is counted from its own entry (CasePlacedWithAgency).
      return outcome === 'paid' || outcome === 'credited' || outcome === 'written-off'
        ? resolved(outcome)
        : {};
    }
    case 'CasePlacedWithAgency':
      return resolved('placed');
    case 'PaymentReceived': {
      const paid = amountOf(data.amount);
      return paid ? { [`collected_${paid.currency}`]: paid.amount } : {};
    }
    case 'EmailSent':
      return { contacts: 1 };
    case 'CallLogged':
      // A call that reached the debtor is a contact, as the weekly cap counts it.
      return data.reached === true ? { contacts: 1 } : {};
    case 'EmailWithheld':
      return { withheld: 1 };
    case 'EmailDeferred':
      return { deferred: 1 };
    case 'PromiseMade':
      return { promisesMade: 1 };
    case 'PlanAgreed':
      return { plansAgreed: 1 };
    case 'PauseEnded':
      return data.reason === 'promise' ? { promisesBroken: 1 } : {};
    case 'PlanBroken':
      return { plansBroken: 1 };
    case 'DisputeOpened':
      return { disputesOpened: 1 };
    case 'DisputeResolved':
      return {
        disputesResolved: 1,
        ...(data.outcome === 'upheld' || data.outcome === 'upheld-in-part' ? { disputesUpheld: 1 } : {}),
      };
    case 'SurveyAnswered': {
      const score = data.score;
      return typeof score === 'number' && Number.isInteger(score) && score >= 1 && score <= 5
        ? { surveySum: score, surveyCount: 1 }
        : {};
    }
    default:
      return {};
  }
}

/** A counter item as read back: its day and its counters (absent counters are 0). */
export type OutcomeDay = { day: string; counts: Increments };

/** One item per day, in order: the counters of a day's shards added together. */
export function mergeOutcomeDays(items: readonly OutcomeDay[]): OutcomeDay[] {
  const byDay = new Map<string, Increments>();
  for (const { day, counts } of items) {
    const merged = byDay.get(day) ?? {};
    for (const [name, value] of Object.entries(counts))
      if (Number.isFinite(value)) merged[name] = (merged[name] ?? 0) + value;
    byDay.set(day, merged);
  }
  return [...byDay].sort(([a], [b]) => a.localeCompare(b)).map(([day, counts]) => ({ day, counts }));
}

/** Adds one entry's increments into a running total (what a rebuild sums per day and segment). */
export function addIncrements(total: Increments, increments: Increments): Increments {
  for (const [name, value] of Object.entries(increments))
    if (Number.isFinite(value)) total[name] = (total[name] ?? 0) + value;
  return total;
}

const count = (counts: Increments, name: string) => {
  const value = counts[name];
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
};

export type OutcomeSummary = {
  opened: number;
  resolved: Record<Resolution, number>;
  resolvedTotal: number;
  /** By currency, in minor units: collected, what fell due, and the recovery rate (undefined when nothing fell due). */
  money: { currency: string; collected: number; owed: number; recoveryRate?: number }[];
  /** Median whole days from opening to resolution (undefined when nothing was resolved). */
  medianDays?: number;
  /** Resolved without the agency, as a share of all resolved. */
  withoutAgencyShare?: number;
  contacts: number;
  contactsPerResolved?: number;
  promisesMade: number;
  promisesKept: number;
  promisesBroken: number;
  plansAgreed: number;
  plansCompleted: number;
  plansBroken: number;
  disputesOpened: number;
  disputesResolved: number;
  disputesUpheld: number;
  survey: { average?: number; count: number };
  heldBack: { withheld: number; deferred: number };
  /** Each day of the period in order, with what the charts draw. */
  days: { day: string; opened: number; resolved: number; collected: Record<string, number> }[];
};

const ratio = (part: number, whole: number) => (whole > 0 ? part / whole : undefined);

/** The median of a histogram of whole days (the lower middle for an even count). */
export function medianOfHistogram(histogram: ReadonlyMap<number, number>): number | undefined {
  const total = [...histogram.values()].reduce((sum, n) => sum + n, 0);
  if (total === 0) return undefined;
  const middle = Math.ceil(total / 2);
  let seen = 0;
  for (const days of [...histogram.keys()].sort((a, b) => a - b)) {
    seen += histogram.get(days) ?? 0;
    if (seen >= middle) return days;
  }
  return undefined;
}

/** Every day from `from` to `to` inclusive (YYYY-MM-DD). */
export function daysOfPeriod(from: string, to: string): string[] {
  const days: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000)
    days.push(new Date(t).toISOString().slice(0, 10));
  return days;
}

/** The figures of a period from its counter items (days without an item count as zero). */
export function summariseOutcomes(from: string, to: string, items: readonly OutcomeDay[]): OutcomeSummary {
  const byDay = new Map(items.map((item) => [item.day, item.counts]));
  const total: Increments = {};
  for (const item of items)
    for (const [name, value] of Object.entries(item.counts)) total[name] = count(total, name) + value;
  const resolved = Object.fromEntries(RESOLUTIONS.map((r) => [r, count(total, `resolved_${r}`)])) as Record<
    Resolution,
    number
  >;
  const resolvedTotal = RESOLUTIONS.reduce((sum, r) => sum + resolved[r], 0);
  const currencies = [
    ...new Set(
      Object.keys(total)
        .filter((name) => /^(collected|owed)_[A-Z]{3}$/.test(name))
        .map((name) => name.slice(-3)),
    ),
  ].sort();
  const histogram = new Map<number, number>();
  for (const [name, value] of Object.entries(total)) {
    const match = /^days_(\d+)$/.exec(name);
    if (match) histogram.set(Number(match[1]), value);
  }
  const surveyCount = count(total, 'surveyCount');
  const median = medianOfHistogram(histogram);
  const withoutAgency = ratio(resolvedTotal - resolved.placed, resolvedTotal);
  const perResolved = ratio(count(total, 'contacts'), resolvedTotal);
  const average = ratio(count(total, 'surveySum'), surveyCount);
  return {
    opened: count(total, 'opened'),
    resolved,
    resolvedTotal,
    money: currencies.map((currency) => {
      const collected = count(total, `collected_${currency}`);
      const owed = count(total, `owed_${currency}`);
      const recoveryRate = ratio(collected, owed);
      return { currency, collected, owed, ...(recoveryRate === undefined ? {} : { recoveryRate }) };
    }),
    ...(median === undefined ? {} : { medianDays: median }),
    ...(withoutAgency === undefined ? {} : { withoutAgencyShare: withoutAgency }),
    contacts: count(total, 'contacts'),
    ...(perResolved === undefined ? {} : { contactsPerResolved: perResolved }),
    promisesMade: count(total, 'promisesMade'),
    promisesKept: count(total, 'promisesKept'),
    promisesBroken: count(total, 'promisesBroken'),
    plansAgreed: count(total, 'plansAgreed'),
    plansCompleted: count(total, 'plansCompleted'),
    plansBroken: count(total, 'plansBroken'),
    disputesOpened: count(total, 'disputesOpened'),
    disputesResolved: count(total, 'disputesResolved'),
    disputesUpheld: count(total, 'disputesUpheld'),
    survey: { ...(average === undefined ? {} : { average }), count: surveyCount },
    heldBack: { withheld: count(total, 'withheld'), deferred: count(total, 'deferred') },
    days: daysOfPeriod(from, to).map((day) => {
      const counts = byDay.get(day) ?? {};
      return {
        day,
        opened: count(counts, 'opened'),
        resolved: RESOLUTIONS.reduce((sum, r) => sum + count(counts, `resolved_${r}`), 0),
        collected: Object.fromEntries(currencies.map((c) => [c, count(counts, `collected_${c}`)])),
      };
    }),
  };
}

/** The longest period one page (one Query) covers. */
export const MAX_PERIOD_DAYS = 92;

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;
const realDay = (text: string) =>
  ISO_DAY.test(text) && new Date(`${text}T00:00:00Z`).toISOString().slice(0, 10) === text;

/**
 * A period as a person chose it (two dates, YYYY-MM-DD), or the problem with it: the start after the
 * end, or longer than MAX_PERIOD_DAYS.
 */
export function parsePeriod(
  from: string,
  to: string,
): { from: string; to: string } | { problem: 'from' | 'to' | 'order' | 'length' } {
  if (!realDay(from)) return { problem: 'from' };
  if (!realDay(to)) return { problem: 'to' };
  const days = (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000 + 1;
  if (days < 1) return { problem: 'order' };
  if (days > MAX_PERIOD_DAYS) return { problem: 'length' };
  return { from, to };
}

/** The default period: the 30 days up to and including today (UTC). */
export function defaultPeriod(now: Date): { from: string; to: string } {
  const to = now.toISOString().slice(0, 10);
  return { from: new Date(now.getTime() - 29 * 86_400_000).toISOString().slice(0, 10), to };
}

/**
 * A CSV cell (RFC 4180): quoted when it holds a comma, a quote or a line break, quotes doubled. A
 * text cell a spreadsheet would read as a formula (it starts with =, +, -, @, a tab or a carriage
 * return) is neutralised with a leading apostrophe (OWASP's CSV injection advice). Numbers are
 * written as they are.
 */
export function csvCell(value: string | number): string {
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export const csvLine = (cells: readonly (string | number)[]) => `${cells.map(csvCell).join(',')}\r\n`;

/** A minor-unit amount in major units, as a spreadsheet reads it (no grouping, a point). */
export const majorUnits = (amount: number, currency: string) => {
  const digits = minorUnitDigits(currency);
  return (amount / 10 ** digits).toFixed(digits);
};

/**
 * The period's days as CSV: one row per day, the segment, then every counter the summary reads
 * (money in major units, one column per currency). Headings come from the caller (its language).
 */
export function outcomesCsv(
  segment: string,
  summary: OutcomeSummary,
  items: readonly OutcomeDay[],
  headings: { day: string; segment: string; counters: Record<string, string> },
): string {
  const byDay = new Map(items.map((item) => [item.day, item.counts]));
  const currencies = summary.money.map((m) => m.currency);
  const plain = Object.keys(headings.counters);
  const header = [
    headings.day,
    headings.segment,
    ...plain.map((name) => headings.counters[name] ?? name),
    ...currencies.flatMap((c) => [`collected ${c}`, `owed ${c}`]),
  ];
  let text = csvLine(header);
  for (const { day } of summary.days) {
    const counts = byDay.get(day) ?? {};
    text += csvLine([
      day,
      segment,
      ...plain.map((name) => count(counts, name)),
      ...currencies.flatMap((c) => [
        majorUnits(count(counts, `collected_${c}`), c),
        majorUnits(count(counts, `owed_${c}`), c),
      ]),
    ]);
  }
  return text;
}

/** The counters the CSV has a column for, in order (money and days-to-resolve aside). */
export const CSV_COUNTERS = [
  'opened',
  ...RESOLUTIONS.map((r) => `resolved_${r}`),
  'contacts',
  'promisesMade',
  'promisesKept',
  'promisesBroken',
  'plansAgreed',
  'plansCompleted',
  'plansBroken',
  'disputesOpened',
  'disputesResolved',
  'disputesUpheld',
  'surveySum',
  'surveyCount',
  'withheld',
  'deferred',
] as const;
