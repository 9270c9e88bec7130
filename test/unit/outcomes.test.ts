import { describe, expect, it } from 'vitest';
import {
  csvCell,
  dayOf,
  daysToResolve,
  medianOfHistogram,
  mergeOutcomeDays,
  OUTCOME_ENTRIES,
  type OutcomeDay,
  type OutcomeFacts,
  outcomeIncrements,
  outcomesCsv,
  parsePeriod,
  summariseOutcomes,
} from '../../functions/domain/outcomes.ts';
import type { OutcomeCounters } from '../../functions/ports/outcomes.ts';
import type { StaffView } from '../../functions/staff/layout.ts';
import { barChart, outcomesPage } from '../../functions/staff/outcomes-page.ts';
import { rebuildOutcomes } from '../../functions/use-cases/rebuild-outcomes.ts';
import { outcomeFactsReader, recordOutcomes } from '../../functions/use-cases/record-outcomes.ts';
import { FUNCTIONS } from '../../lib/functions.ts';

const facts: OutcomeFacts = { segment: 'consumer', openedAt: '2026-11-01T09:00:00.000Z' };
const at = '2026-11-11T10:00:00.000Z';

describe('the consumer that keeps them', () => {
  it('reads the table’s stream for the INSERTs of exactly the entries it counts, and writes only the table', () => {
    expect(FUNCTIONS.recordOutcomes.tableStream.filters).toStrictEqual([
      {
        eventName: ['INSERT'],
        dynamodb: { NewImage: { itemType: { S: ['timeline'] }, type: { S: [...OUTCOME_ENTRIES] } } },
      },
    ]);
    expect(FUNCTIONS.recordOutcomes.permissions).toStrictEqual(['table:read', 'table:write', 'table:stream']);
    // Every entry a counter is kept from is one the stream brings.
    for (const type of ['CaseOpened', 'CallLogged', 'EmailWithheld', 'EmailDeferred', 'InvoiceAdded'])
      expect(OUTCOME_ENTRIES).toContain(type);
    // The page and its CSV only read.
    expect(FUNCTIONS.staffOutcomes.permissions).toStrictEqual(['table:read', 'secret:read']);
  });
});

describe('the counters an entry adds', () => {
  it('counts a case opened with what fell due, and a joined invoice adds to what fell due only', () => {
    expect(
      outcomeIncrements(
        { type: 'CaseOpened', at, data: { amountDue: { amount: 12_000, currency: 'GBP' } } },
        facts,
      ),
    ).toStrictEqual({ opened: 1, owed_GBP: 12_000 });
    expect(
      outcomeIncrements(
        { type: 'InvoiceAdded', at, data: { amountDue: { amount: 500, currency: 'GBP' } } },
        facts,
      ),
    ).toStrictEqual({ owed_GBP: 500 });
  });

  it('counts a resolution by outcome with its days to resolution, and a kept promise or a completed plan', () => {
    expect(
      outcomeIncrements({ type: 'CaseResolved', at, data: { resolution: 'paid' } }, facts),
    ).toStrictEqual({
      resolved_paid: 1,
      days_10: 1,
    });
    expect(
      outcomeIncrements(
        { type: 'CaseResolved', at, data: { resolution: 'paid' } },
        { ...facts, commitment: 'plan' },
      ),
    ).toStrictEqual({ resolved_paid: 1, days_10: 1, plansCompleted: 1 });
    expect(
      outcomeIncrements(
        { type: 'CaseResolved', at, data: { resolution: 'paid' } },
        { ...facts, commitment: 'promise' },
      ),
    ).toStrictEqual({ resolved_paid: 1, days_10: 1, promisesKept: 1 });
    // A credited case kept no promise, and a placement is counted from its own entry.
    expect(
      outcomeIncrements(
        { type: 'CaseResolved', at, data: { resolution: 'credited' } },
        { ...facts, commitment: 'promise' },
      ),
    ).toStrictEqual({ resolved_credited: 1, days_10: 1 });
    expect(
      outcomeIncrements({ type: 'CaseResolved', at, data: { resolution: 'placed' } }, facts),
    ).toStrictEqual({});
    expect(outcomeIncrements({ type: 'CasePlacedWithAgency', at }, facts)).toStrictEqual({
      resolved_placed: 1,
      days_10: 1,
    });
  });

  it('counts money collected in minor units by currency, and refuses what is no amount', () => {
    expect(
      outcomeIncrements(
        { type: 'PaymentReceived', at, data: { amount: { amount: 4_050, currency: 'EUR' } } },
        facts,
      ),
    ).toStrictEqual({ collected_EUR: 4_050 });
    expect(
      outcomeIncrements(
        { type: 'PaymentReceived', at, data: { amount: { amount: 40.5, currency: 'EUR' } } },
        facts,
      ),
    ).toStrictEqual({});
    expect(
      outcomeIncrements(
        { type: 'PaymentReceived', at, data: { amount: { amount: 1, currency: 'eur; DROP' } } },
        facts,
      ),
    ).toStrictEqual({});
  });

  it('counts an email sent and a reached call as contacts; an unreached call is none', () => {
    expect(outcomeIncrements({ type: 'EmailSent', at }, facts)).toStrictEqual({ contacts: 1 });
    expect(outcomeIncrements({ type: 'CallLogged', at, data: { reached: true } }, facts)).toStrictEqual({
      contacts: 1,
    });
    expect(outcomeIncrements({ type: 'CallLogged', at, data: { reached: false } }, facts)).toStrictEqual({});
  });

  it('counts what the guardrails held back, disputes upheld (in part too), broken promises and survey scores in range', () => {
    expect(outcomeIncrements({ type: 'EmailWithheld', at }, facts)).toStrictEqual({ withheld: 1 });
    expect(outcomeIncrements({ type: 'EmailDeferred', at }, facts)).toStrictEqual({ deferred: 1 });
    expect(
      outcomeIncrements({ type: 'DisputeResolved', at, data: { outcome: 'upheld-in-part' } }, facts),
    ).toStrictEqual({ disputesResolved: 1, disputesUpheld: 1 });
    expect(
      outcomeIncrements({ type: 'DisputeResolved', at, data: { outcome: 'rejected' } }, facts),
    ).toStrictEqual({
      disputesResolved: 1,
    });
    expect(outcomeIncrements({ type: 'PauseEnded', at, data: { reason: 'promise' } }, facts)).toStrictEqual({
      promisesBroken: 1,
    });
    expect(outcomeIncrements({ type: 'PauseEnded', at, data: { reason: 'dispute' } }, facts)).toStrictEqual(
      {},
    );
    expect(outcomeIncrements({ type: 'SurveyAnswered', at, data: { score: 4 } }, facts)).toStrictEqual({
      surveySum: 4,
      surveyCount: 1,
    });
    expect(outcomeIncrements({ type: 'SurveyAnswered', at, data: { score: 9 } }, facts)).toStrictEqual({});
  });

  it('days are UTC days, never negative, capped', () => {
    expect(dayOf('2026-11-11T23:59:59.999Z')).toBe('2026-11-11');
    expect(daysToResolve('2026-11-02T00:00:00Z', '2026-11-01T00:00:00Z')).toBe(0);
    expect(daysToResolve('2020-01-01T00:00:00Z', '2026-11-01T00:00:00Z')).toBe(365);
  });
});

describe('a period’s figures', () => {
  const items: OutcomeDay[] = [
    {
      day: '2026-11-02',
      counts: {
        opened: 4,
        owed_GBP: 40_000,
        resolved_paid: 2,
        days_3: 1,
        days_9: 1,
        contacts: 6,
        promisesMade: 2,
      },
    },
    {
      day: '2026-11-04',
      counts: {
        resolved_placed: 1,
        resolved_credited: 1,
        days_30: 1,
        days_5: 1,
        collected_GBP: 10_000,
        promisesKept: 1,
        surveySum: 9,
        surveyCount: 2,
        withheld: 3,
        deferred: 1,
      },
    },
  ];
  const summary = summariseOutcomes('2026-11-01', '2026-11-05', items);

  it('adds the days up and derives the rates', () => {
    expect(summary.opened).toBe(4);
    expect(summary.resolvedTotal).toBe(4);
    expect(summary.resolved).toStrictEqual({ paid: 2, credited: 1, 'written-off': 0, placed: 1 });
    expect(summary.money).toStrictEqual([
      { currency: 'GBP', collected: 10_000, owed: 40_000, recoveryRate: 0.25 },
    ]);
    expect(summary.medianDays).toBe(5);
    expect(summary.withoutAgencyShare).toBe(0.75);
    expect(summary.contactsPerResolved).toBe(1.5);
    expect(summary.survey).toStrictEqual({ average: 4.5, count: 2 });
    expect(summary.heldBack).toStrictEqual({ withheld: 3, deferred: 1 });
    expect(summary.days.map((d) => d.day)).toStrictEqual([
      '2026-11-01',
      '2026-11-02',
      '2026-11-03',
      '2026-11-04',
      '2026-11-05',
    ]);
    expect(summary.days[3]).toStrictEqual({
      day: '2026-11-04',
      opened: 0,
      resolved: 2,
      collected: { GBP: 10_000 },
    });
  });

  it('has no rate without anything to divide by', () => {
    const empty = summariseOutcomes('2026-11-01', '2026-11-01', []);
    expect(empty.medianDays).toBeUndefined();
    expect(empty.withoutAgencyShare).toBeUndefined();
    expect(empty.contactsPerResolved).toBeUndefined();
    expect(empty.survey).toStrictEqual({ count: 0 });
    expect(
      medianOfHistogram(
        new Map([
          [1, 1],
          [7, 2],
        ]),
      ),
    ).toBe(7);
  });

  it('takes a period of real days, in order, at most 92 of them', () => {
    expect(parsePeriod('2026-11-01', '2026-11-30')).toStrictEqual({ from: '2026-11-01', to: '2026-11-30' });
    expect(parsePeriod('2026-02-30', '2026-03-01')).toStrictEqual({ problem: 'from' });
    expect(parsePeriod('2026-11-01', 'soon')).toStrictEqual({ problem: 'to' });
    expect(parsePeriod('2026-11-02', '2026-11-01')).toStrictEqual({ problem: 'order' });
    expect(parsePeriod('2026-01-01', '2026-12-31')).toStrictEqual({ problem: 'length' });
  });

  it('writes the CSV with escaped cells and no formula a spreadsheet would run', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('line\nbreak')).toBe('"line\nbreak"');
    expect(csvCell('=HYPERLINK("http://evil")')).toBe(`"'=HYPERLINK(""http://evil"")"`);
    for (const lead of ['+', '-', '@', '\t', '\r'])
      expect(csvCell(`${lead}1`).replace(/^"/, '').startsWith("'")).toBe(true);
    expect(csvCell(-3)).toBe('-3');
    const csv = outcomesCsv('=cmd|calc', summary, items, {
      day: 'day',
      segment: 'segment',
      counters: { opened: 'cases opened', resolved_paid: 'paid, in full' },
    });
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe('day,segment,cases opened,"paid, in full",collected GBP,owed GBP');
    expect(lines[2]).toBe("2026-11-02,'=cmd|calc,4,2,0.00,400.00");
    expect(lines[4]).toBe("2026-11-04,'=cmd|calc,0,0,100.00,0.00");
    expect(lines).toHaveLength(7);
  });
});

describe('the Outcomes page', () => {
  const view: StaffView = {
    language: 'en',
    member: { subject: 's', email: 'viewer@example.com', role: 'viewer' },
    csrf: 'csrf',
    currentPath: '/staff/outcomes',
  };

  it('draws each chart as an SVG image with a title and a description, its table beside it, and escapes what it shows', () => {
    const svg = barChart({
      id: 'c',
      title: 'Cases <by> day',
      description: 'desc',
      series: ['Opened'],
      bars: [
        { label: '<b>', values: [2] },
        { label: 'x', values: [4] },
      ],
    }).toString();
    expect(svg).toContain('role="img"');
    expect(svg).toContain('aria-labelledby="c-title c-desc"');
    expect(svg).toContain('<title id="c-title">Cases &lt;by&gt; day</title>');
    expect(svg).toContain('&lt;b&gt;');
    expect(svg).not.toContain('<b>');
    // The tallest bar fills the plot; the other is half of it.
    const heights = [...svg.matchAll(/<rect x="[\d.]+" y="[\d.]+" width="[\d.]+" height="([\d.]+)"/g)].map(
      (m) => Number(m[1]),
    );
    expect(heights.slice(1)).toStrictEqual([84, 168]);

    const summary = summariseOutcomes('2026-11-01', '2026-11-03', [
      { day: '2026-11-02', counts: { opened: 3, resolved_paid: 1, days_2: 1, collected_GBP: 2_500 } },
    ]);
    const page = outcomesPage(view, { from: '2026-11-01', to: '2026-11-03', segment: 'consumer' }, summary);
    expect(page.match(/<figure>/g)).toHaveLength(3);
    expect(page.match(/<svg /g)).toHaveLength(3);
    expect(page).toContain('<caption>Cases opened and resolved, by day</caption>');
    expect(page).toContain(
      'href="/staff/outcomes.csv?from=2026-11-01&amp;to=2026-11-03&amp;segment=consumer"',
    );
  });

  it('shows a bad period’s problem beside its field, the values kept, and no figures', () => {
    const page = outcomesPage(
      view,
      {
        from: '2026-11-05',
        to: '2026-11-01',
        segment: 'consumer',
        errors: { to: 'The first day must not be after the last day' },
      },
      undefined,
    );
    expect(page).toContain('<p class="error" id="to-error">The first day must not be after the last day</p>');
    expect(page).toContain('value="2026-11-05"');
    expect(page).toContain('aria-invalid="true" aria-describedby="to-error"');
    expect(page).not.toContain('<figure>');
  });
});

describe('recording an entry', () => {
  const added: { segment: string; day: string; increments: Record<string, number>; key: string }[] = [];
  const seen = new Set<string>();
  const counters: OutcomeCounters = {
    async addBatch(entries) {
      const duplicates = entries.filter(({ counted }) => seen.has(`${counted.caseId}#${counted.entryKey}`));
      for (const { segment, day, increments, counted } of entries) {
        const key = `${counted.caseId}#${counted.entryKey}`;
        if (seen.has(key)) continue;
        seen.add(key);
        added.push({ segment, day, increments, key });
      }
      return {
        added: entries.length - duplicates.length,
        duplicates: duplicates.map(({ counted }) => counted),
      };
    },
    period: async () => [],
    replaceDay: async () => undefined,
  };
  const record = {
    caseId: 'C-1',
    debtor: { segment: 'enterprise' },
    openedAt: '2026-11-01T00:00:00.000Z',
    plan: { offer: {} },
  };
  let reads = 0;
  const store = {
    getCase: async (caseId: string) => {
      reads++;
      return caseId === 'C-1' ? (record as never) : undefined;
    },
  };

  it('adds to the day and segment of the case once per entry, reading the case once per batch', async () => {
    const facts = outcomeFactsReader({ store });
    const entry = {
      caseId: 'C-1',
      messageKey: 'resolved',
      type: 'CaseResolved',
      at: '2026-11-03T12:00:00.000Z',
      data: { resolution: 'paid' },
    };
    // One entry at a time, as a stream batch of one brings it.
    const recordOutcome = async (one: typeof entry) => (await recordOutcomes([one], facts, { counters }))[0];
    expect(await recordOutcome(entry)).toBeUndefined();
    expect(await recordOutcome(entry)).toBe('counted already');
    expect(await recordOutcome({ ...entry, messageKey: 'sent', type: 'EmailSent' })).toBeUndefined();
    expect(reads).toBe(1);
    expect(added).toStrictEqual([
      {
        segment: 'enterprise',
        day: '2026-11-03',
        increments: { resolved_paid: 1, days_2: 1, plansCompleted: 1 },
        key: 'C-1#2026-11-03T12:00:00.000Z#resolved',
      },
      {
        segment: 'enterprise',
        day: '2026-11-03',
        increments: { contacts: 1 },
        key: 'C-1#2026-11-03T12:00:00.000Z#sent',
      },
    ]);
    // A case that is gone is left out, never guessed.
    expect(await recordOutcome({ ...entry, caseId: 'C-2' })).toBeUndefined();
    expect(added).toHaveLength(2);
  });
});

describe('a day spread over shards', () => {
  it('reads as one day: the shards’ counters added, days in order', () => {
    expect(
      mergeOutcomeDays([
        { day: '2026-11-02', counts: { opened: 2, collected_GBP: 500 } },
        { day: '2026-11-01', counts: { opened: 1 } },
        { day: '2026-11-02', counts: { opened: 3, resolved_paid: 1 } },
      ]),
    ).toEqual([
      { day: '2026-11-01', counts: { opened: 1 } },
      { day: '2026-11-02', counts: { opened: 5, collected_GBP: 500, resolved_paid: 1 } },
    ]);
  });
});

describe('rebuilding the counters from the timelines', () => {
  const cases: Record<string, unknown> = {
    'C-1': { caseId: 'C-1', debtor: { segment: 'consumer' }, openedAt: '2026-11-01T09:00:00.000Z' },
    'C-2': { caseId: 'C-2', debtor: { segment: 'enterprise' }, openedAt: '2026-11-02T09:00:00.000Z' },
    'C-3': { caseId: 'C-3', debtor: { segment: 'galactic' }, openedAt: '2026-11-02T09:00:00.000Z' },
  };
  const timeline = [
    { caseId: 'C-1', entryId: 'e1', type: 'CaseOpened', at: '2026-11-01T09:00:00.000Z' },
    { caseId: 'C-1', entryId: 'e2', type: 'CaseOpened', at: '2026-10-31T09:00:00.000Z' },
    { caseId: 'C-2', entryId: 'e3', type: 'CaseOpened', at: '2026-11-02T09:00:00.000Z' },
    { caseId: 'C-3', entryId: 'e4', type: 'CaseOpened', at: '2026-11-02T10:00:00.000Z' },
    { caseId: 'C-9', entryId: 'e5', type: 'CaseOpened', at: '2026-11-02T11:00:00.000Z' },
  ];

  it('sums what the stream would have counted, per day and segment, and clears the days without any', async () => {
    const written: { segment: string; day: string; counts: Record<string, number> }[] = [];
    const summary = await rebuildOutcomes(
      { from: '2026-11-01', to: '2026-11-02' },
      outcomeFactsReader({ store: { getCase: async (caseId: string) => cases[caseId] as never } }),
      {
        entries: {
          async *entries() {
            yield* timeline;
          },
        },
        counters: {
          async replaceDay(segment, day, counts) {
            written.push({ segment, day, counts });
          },
        },
      },
    );
    expect(summary).toEqual({
      from: '2026-11-01',
      to: '2026-11-02',
      entriesRead: 4,
      entriesCounted: 2,
      entriesLeftOut: 2,
      daysWithCounts: { consumer: 1, 'small-business': 0, enterprise: 1 },
    });
    // Every day of the period, for every segment: the counts where there were entries, nothing elsewhere.
    expect(written).toHaveLength(6);
    expect(written).toContainEqual({
      segment: 'consumer',
      day: '2026-11-01',
      counts: outcomeIncrements(
        { type: 'CaseOpened', at: '2026-11-01T09:00:00.000Z' },
        {
          segment: 'consumer',
          openedAt: '2026-11-01T09:00:00.000Z',
        },
      ),
    });
    expect(written.find((w) => w.segment === 'consumer' && w.day === '2026-11-01')?.counts).not.toEqual({});
    expect(written.find((w) => w.segment === 'enterprise' && w.day === '2026-11-02')?.counts).not.toEqual({});
    expect(written.find((w) => w.segment === 'consumer' && w.day === '2026-11-02')?.counts).toEqual({});
    expect(written.filter((w) => w.segment === 'small-business').map((w) => w.counts)).toEqual([{}, {}]);
  });
});
