import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { BILLING_EVENTS, NextBillingDetailType } from '../../functions/contract/billing-events-next.ts';
import {
  CASE_EVENTS,
  type CaseEventType,
  CasePlacedWithAgencyDetailSchema,
  CaseResolvedDetailSchema,
  PlanAgreedDetailSchema,
  RungSchema,
} from '../../functions/contract/case-events.ts';
import { BillingDetailType, CaseDetailType } from '../../functions/contract/events.ts';
import { RUNGS } from '../../functions/domain/policy.ts';
import {
  BILLING_EVENT_EXAMPLES,
  CASE_EVENT_EXAMPLES,
  detailJsonSchema,
  EVENTS_DOC_PATH,
  renderEventDocs,
} from '../../lib/event-docs.ts';

const rootDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const caseTypes = Object.keys(CASE_EVENTS) as CaseEventType[];
const billingTypes = Object.keys(BILLING_EVENTS) as (keyof typeof BILLING_EVENTS)[];
const allSchemas: [string, z.core.$ZodType][] = [
  ...billingTypes.map((type) => [type, BILLING_EVENTS[type].schema] as [string, z.core.$ZodType]),
  ...caseTypes.map((type) => [type, CASE_EVENTS[type].schema] as [string, z.core.$ZodType]),
];

const issuesOf = (schema: z.core.$ZodType, value: unknown) => {
  const parsed = z.safeParse(schema, value);
  return parsed.success ? undefined : z.prettifyError(parsed.error);
};

describe('the event catalogue', () => {
  it('names every detail-type the code knows, in and out', () => {
    expect(caseTypes).toEqual(expect.arrayContaining(Object.values(CaseDetailType)));
    expect(billingTypes).toEqual(
      expect.arrayContaining([...Object.values(BillingDetailType), ...Object.values(NextBillingDetailType)]),
    );
    for (const [type, entry] of [...Object.entries(CASE_EVENTS), ...Object.entries(BILLING_EVENTS)]) {
      // One sentence: when it is emitted, and who cares.
      expect(entry.description, type).toMatch(/^When [^.]+\.$/);
    }
  });

  it.each(caseTypes)('%s names its case, its account and when it happened', (type) => {
    const { shape } = CASE_EVENTS[type].schema;
    expect(Object.keys(shape)).toEqual(expect.arrayContaining(['caseId', 'accountId']));
    expect(Object.keys(shape).some((key) => key === 'at' || /^[a-z]+At$/.test(key))).toBe(true);
  });

  it.each(allSchemas)('%s has a JSON Schema', (type, schema) => {
    const json = detailJsonSchema(schema);
    expect(json.type).toBe('object');
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
    if (type in CASE_EVENTS) expect(json.required).toEqual(expect.arrayContaining(['caseId', 'accountId']));
  });

  it.each(caseTypes)('the example of %s fits its schema', (type) => {
    expect(issuesOf(CASE_EVENTS[type].schema, CASE_EVENT_EXAMPLES[type])).toBeUndefined();
  });

  it.each(billingTypes)('the example of %s fits its schema', (type) => {
    expect(issuesOf(BILLING_EVENTS[type].schema, BILLING_EVENT_EXAMPLES[type])).toBeUndefined();
  });

  it('docs/events.md is what the schemas generate', () => {
    const onDisk = readFileSync(path.join(rootDir, EVENTS_DOC_PATH), 'utf8');
    expect(onDisk === renderEventDocs(), 'docs/events.md is out of date: run npm run docs:events').toBe(true);
  });

  it('knows the same rungs as the policy', () => {
    expect(RungSchema.options).toEqual([...RUNGS]);
  });
});

/** The details as the handlers publish them today (open-case, send-reminder, refer-to-agency, case-closing). */
describe('the events emitted today fit the catalogue', () => {
  const balance = { amount: 12_950, currency: 'GBP' };
  const base = { caseId: 'ACC-LADDER-1', accountId: 'ACC-LADDER' };

  it.each<[CaseEventType, Record<string, unknown>]>([
    [
      'CaseOpened',
      {
        ...base,
        balance,
        invoiceIds: ['INV-1', 'INV-2'],
        segment: 'consumer',
        openedAt: '2026-11-05T09:00:00.000Z',
      },
    ],
    ['ReminderSent', { ...base, rung: 'friendly', balance, sentAt: '2026-11-05T09:00:00.000Z' }],
    [
      'ReminderSent',
      {
        ...base,
        rung: 'final',
        balance,
        sentAt: '2026-11-26T09:00:00.000Z',
        agencyReferralDate: '2026-12-10',
      },
    ],
    [
      'CasePlacedWithAgency',
      {
        ...base,
        balance,
        invoices: [{ invoiceId: 'INV-1', amountDue: balance, dueDate: '2026-11-01' }],
        debtor: { name: 'Alex Morgan', email: 'alex@example.com' },
        contactPreferences: { locale: 'en-GB', timeZone: 'Europe/London', emailOptOut: false },
        timeline: [
          { type: 'CaseOpened', at: '2026-11-05T09:00:00.000Z' },
          { type: 'EmailSent', at: '2026-11-05T09:00:01.000Z', kind: 'friendly' },
          { type: 'HeldForPerson', at: '2026-11-06T09:00:01.000Z' },
          { type: 'CasePlacedWithAgency', at: '2026-12-10T09:00:00.000Z' },
        ],
        dispute: null,
        placedAt: '2026-12-10T09:00:00.000Z',
      },
    ],
    ['CaseResolved', { ...base, resolution: 'placed', balance, resolvedAt: '2026-12-10T09:00:01.000Z' }],
    [
      'CaseResolved',
      {
        ...base,
        resolution: 'paid',
        balance: { amount: 0, currency: 'GBP' },
        resolvedAt: '2026-11-20T10:00:00.000Z',
      },
    ],
    [
      'CaseResolved',
      {
        ...base,
        resolution: 'paid',
        balance: { amount: -500, currency: 'GBP' },
        resolvedAt: '2026-11-20T10:00:00.000Z',
      },
    ],
    ['PromiseBroken', { ...base, promisedDate: '2026-11-30', balance, at: '2026-12-03T08:00:00.000Z' }],
    ['ManualFollowUpNeeded', { ...base, reason: 'opted-out', balance, at: '2026-11-10T07:41:19.000Z' }],
  ])('%s as published', (type, detail) => {
    expect(issuesOf(CASE_EVENTS[type].schema, detail)).toBeUndefined();
  });
});

describe('the schemas refuse what must not go out', () => {
  const placed = CASE_EVENT_EXAMPLES.CasePlacedWithAgency;

  it.each([
    ['a phone number for the agency', { debtor: { ...placed.debtor, phone: '+44 20 7946 0958' } }],
    [
      'a timeline entry with its internal data',
      { timeline: [{ type: 'HeldForPerson', at: placed.placedAt, data: {} }] },
    ],
    [
      "the dispute's note",
      {
        dispute: {
          disputeId: 'D-1',
          reason: 'x',
          status: 'rejected',
          openedAt: placed.placedAt,
          note: 'internal',
        },
      },
    ],
    ['a balance in major units', { balance: { amount: 129.5, currency: 'GBP' } }],
    ['a placement time without an offset', { placedAt: '2026-12-10T09:00:00' }],
  ])('the agency case file refuses %s', (_name, change) => {
    expect(CasePlacedWithAgencyDetailSchema.safeParse({ ...placed, ...change }).success).toBe(false);
  });

  it('refuses a resolution nobody subscribes to', () => {
    const resolved = { ...CASE_EVENT_EXAMPLES.CaseResolved, resolution: 'forgotten' };
    expect(CaseResolvedDetailSchema.safeParse(resolved).success).toBe(false);
  });

  it('refuses a plan whose instalments do not add up, are out of order, or mix currencies', () => {
    const plan = CASE_EVENT_EXAMPLES.PlanAgreed;
    const [first, second, third] = plan.instalments as [
      (typeof plan.instalments)[number],
      (typeof plan.instalments)[number],
      (typeof plan.instalments)[number],
    ];
    const bad = [
      { ...plan, total: { amount: 12_951, currency: 'GBP' } },
      { ...plan, instalments: [first, third, second] },
      { ...plan, instalments: [first, second, { ...third, amount: { amount: 4_317, currency: 'EUR' } }] },
      { ...plan, instalments: [{ ...first, amount: { amount: 12_950, currency: 'GBP' } }] },
    ];
    for (const candidate of bad) expect(PlanAgreedDetailSchema.safeParse(candidate).success).toBe(false);
    expect(issuesOf(PlanAgreedDetailSchema, bad[0])).toContain(
      "add up to 12950, not the plan's total of 12951",
    );
  });
});
