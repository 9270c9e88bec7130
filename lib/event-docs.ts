import * as z from 'zod';
import {
  AGENCY_REPORT_WINDOW_SECONDS,
  AGENCY_SIGNATURE_HEADER,
  AGENCY_TIMESTAMP_HEADER,
  AgencyReportSchema,
} from '../functions/contract/agency.ts';
import { BILLING_EVENTS, type BillingEventType } from '../functions/contract/billing-events-next.ts';
import { CASE_EVENTS, type CaseEventType } from '../functions/contract/case-events.ts';
import {
  CaseDetailType,
  COLLECTIONS_SOURCE,
  DEFAULT_BILLING_SOURCE,
  DEFAULT_EVENT_BUS_NAME,
} from '../functions/contract/events.ts';
import { agencyRulePattern, BILLING_RULES, billingRulePattern } from '../functions/contract/rules.ts';

/**
 * docs/events.md, built from the zod schemas: `npm run docs:events` writes it, and a unit test fails
 * when the file and the schemas disagree. Every example below is parsed with its schema first, so a
 * wrong example stops the build of the page.
 */
export const EVENTS_DOC_PATH = 'docs/events.md';

// One account's story, so the examples read as one case: Alex Morgan owes £129.50 on one invoice.
const caseId = 'ACC-1001-1';
const accountId = 'ACC-1001';
const balance = { amount: 12_950, currency: 'GBP' };
const invoice = { invoiceId: 'INV-2026-0142', amountDue: balance, dueDate: '2026-11-02' };

export const BILLING_EVENT_EXAMPLES: {
  [T in BillingEventType]: z.input<(typeof BILLING_EVENTS)[T]['schema']>;
} = {
  'Invoice Overdue': {
    accountId,
    ...invoice,
    debtor: {
      name: 'Alex Morgan',
      email: 'alex.morgan@example.com',
      locale: 'en-GB',
      timeZone: 'Europe/London',
      segment: 'consumer',
    },
    paymentUrl: 'https://billing.example.com/pay/INV-2026-0142',
    invoiceUrl: 'https://billing.example.com/invoices/INV-2026-0142.pdf',
  },
  'Invoice Due Soon': {
    accountId,
    invoiceId: 'INV-2026-0171',
    amountDue: { amount: 8_400, currency: 'GBP' },
    dueDate: '2026-12-02',
    debtor: {
      name: 'Alex Morgan',
      email: 'alex.morgan@example.com',
      locale: 'en-GB',
      timeZone: 'Europe/London',
      segment: 'consumer',
    },
    paymentUrl: 'https://billing.example.com/pay/INV-2026-0171',
  },
  'Payment Received': {
    accountId,
    invoiceId: invoice.invoiceId,
    paymentId: 'PAY-88213',
    amount: { amount: 5_000, currency: 'GBP' },
    paidAt: '2026-11-20T10:04:31Z',
  },
  'Dispute Resolved': {
    accountId,
    caseId,
    disputeId: 'ACC-1001-1-dispute-1',
    outcome: 'rejected',
    note: 'The delivery on 28 October was signed for; the invoice stands.',
  },
  'Invoice Cancelled': {
    accountId,
    invoiceId: invoice.invoiceId,
    reason: 'Duplicate of INV-2026-0139',
    amountCredited: balance,
  },
  'Collection Paused': { accountId, reason: 'breathing-space', until: '2027-01-27' },
  'Collection Resumed': { accountId },
};

export const CASE_EVENT_EXAMPLES: { [T in CaseEventType]: z.input<(typeof CASE_EVENTS)[T]['schema']> } = {
  CaseOpened: {
    caseId,
    accountId,
    balance,
    invoiceIds: [invoice.invoiceId],
    segment: 'consumer',
    openedAt: '2026-11-05T09:00:12.481Z',
  },
  ReminderSent: {
    caseId,
    accountId,
    rung: 'final',
    balance,
    sentAt: '2026-11-26T09:00:03.117Z',
    agencyReferralDate: '2026-12-10',
  },
  PromiseMade: {
    caseId,
    accountId,
    at: '2026-11-12T18:22:40.002Z',
    promisedDate: '2026-11-30',
    balance,
  },
  PromiseBroken: {
    caseId,
    accountId,
    at: '2026-12-03T08:00:00.000Z',
    promisedDate: '2026-11-30',
    balance,
  },
  PlanAgreed: {
    caseId,
    accountId,
    at: '2026-11-12T18:30:05.914Z',
    planId: '3x30d',
    total: balance,
    instalments: [
      { number: 1, dueDate: '2026-11-19', amount: { amount: 4_316, currency: 'GBP' } },
      { number: 2, dueDate: '2026-12-19', amount: { amount: 4_317, currency: 'GBP' } },
      { number: 3, dueDate: '2027-01-18', amount: { amount: 4_317, currency: 'GBP' } },
    ],
  },
  PlanOffered: {
    caseId,
    accountId,
    at: '2026-11-05T09:12:44.201Z',
    balance,
    plans: [
      {
        planId: '2x30d',
        total: balance,
        instalments: [
          { number: 1, dueDate: '2026-11-19', amount: { amount: 6_475, currency: 'GBP' } },
          { number: 2, dueDate: '2026-12-19', amount: { amount: 6_475, currency: 'GBP' } },
        ],
      },
      {
        planId: '3x30d',
        total: balance,
        instalments: [
          { number: 1, dueDate: '2026-11-19', amount: { amount: 4_316, currency: 'GBP' } },
          { number: 2, dueDate: '2026-12-19', amount: { amount: 4_317, currency: 'GBP' } },
          { number: 3, dueDate: '2027-01-18', amount: { amount: 4_317, currency: 'GBP' } },
        ],
      },
    ],
  },
  HardshipCheckCompleted: {
    caseId,
    accountId,
    at: '2026-11-12T09:00:02.118Z',
    checkpoint: 'final-notice',
    outcome: 'review',
    signs: ['partial-payments'],
  },
  InstalmentMissed: {
    caseId,
    accountId,
    at: '2026-12-22T08:00:00.000Z',
    planId: '3x30d',
    instalment: { number: 2, dueDate: '2026-12-19', amount: { amount: 4_317, currency: 'GBP' } },
    misses: 1,
    balance: { amount: 8_634, currency: 'GBP' },
  },
  PlanBroken: {
    caseId,
    accountId,
    at: '2027-01-21T08:00:00.000Z',
    planId: '3x30d',
    misses: 2,
    balance: { amount: 8_634, currency: 'GBP' },
  },
  HardshipDeclared: {
    caseId,
    accountId,
    at: '2026-11-12T18:22:40.002Z',
    reason: 'job-loss',
    affordablePerMonth: { amount: 2_500, currency: 'GBP' },
    pausedUntil: '2026-12-12',
  },
  DisputeOpened: {
    caseId,
    accountId,
    at: '2026-11-09T20:15:00.330Z',
    disputeId: 'ACC-1001-1-dispute-1',
    reason: 'goods-not-received',
    note: 'The parcel never arrived.',
    invoiceIds: [invoice.invoiceId],
  },
  CallbackRequested: {
    caseId,
    accountId,
    at: '2026-11-09T20:15:00.330Z',
    phone: '+44 20 7946 0958',
    preferredTime: 'evening',
    pausedUntil: '2026-11-11',
  },
  SettlementOffered: {
    caseId,
    accountId,
    at: '2026-11-26T09:00:03.117Z',
    amount: { amount: 11_655, currency: 'GBP' },
    balance,
    discountPercent: 10,
    validUntil: '2026-12-03',
  },
  ManualFollowUpNeeded: {
    caseId,
    accountId,
    at: '2026-11-10T07:41:19.000Z',
    reason: 'opted-out',
    balance,
  },
  CasePlacedWithAgency: {
    caseId,
    accountId,
    agencyId: 'northwind-recoveries',
    balance,
    invoices: [invoice],
    debtor: { name: 'Alex Morgan', email: 'alex.morgan@example.com' },
    contactPreferences: {
      locale: 'en-GB',
      timeZone: 'Europe/London',
      emailOptOut: false,
      contactWindow: { start: '08:00', end: '20:00' },
    },
    timeline: [
      { type: 'CaseOpened', at: '2026-11-05T09:00:12.481Z' },
      { type: 'EmailSent', at: '2026-11-05T09:00:13.020Z', kind: 'friendly' },
      { type: 'EmailSent', at: '2026-11-12T09:00:02.754Z', kind: 'firm' },
      { type: 'EmailSent', at: '2026-11-26T09:00:03.117Z', kind: 'final' },
      { type: 'CasePlacedWithAgency', at: '2026-12-10T09:00:00.882Z' },
    ],
    dispute: null,
    placedAt: '2026-12-10T09:00:00.882Z',
  },
  CaseForwardedToAgency: {
    caseId,
    accountId,
    agencyId: 'northwind-recoveries',
    forwardId: `${caseId}-payment-PAY-20261215-0042`,
    kind: 'payment',
    amount: { amount: 5_000, currency: 'GBP' },
    balance: { amount: 7_950, currency: 'GBP' },
    at: '2026-12-15T11:20:41.118Z',
  },
  CaseResolved: {
    caseId,
    accountId,
    resolution: 'paid',
    balance: { amount: 0, currency: 'GBP' },
    resolvedAt: '2026-11-20T10:04:33.650Z',
  },
  SurveyAnswered: {
    caseId,
    accountId,
    at: '2026-11-20T19:12:45.000Z',
    score: 5,
    comment: 'Thank you for being patient with me.',
  },
};

type Entry = {
  detailType: string;
  source: string;
  status: string;
  description: string;
  schema: z.core.$ZodType;
  example: unknown;
};

/** The example, parsed: throws, naming the event and the problem, if it does not fit its schema. */
function checkedExample(detailType: string, schema: z.core.$ZodType, example: unknown): unknown {
  const parsed = z.safeParse(schema, example);
  if (!parsed.success) {
    throw new Error(
      `The example of ${detailType} does not fit its schema:\n${z.prettifyError(parsed.error)}`,
    );
  }
  return example;
}

/**
 * JSON Schema of the detail as a consumer should read it (zod's input side): objects stay open to
 * fields added later, except the ones the zod schema closes on purpose.
 */
export const detailJsonSchema = (schema: z.core.$ZodType) => z.toJSONSchema(schema, { io: 'input' });

const json = (value: unknown) => ['```json', JSON.stringify(value, null, 2), '```'].join('\n');
const anchor = (detailType: string) => detailType.toLowerCase().replace(/[^a-z0-9]+/g, '-');

function entries(): { incoming: Entry[]; outgoing: Entry[] } {
  const consumed = new Set<string>(
    BILLING_RULES.flatMap((rule) => billingRulePattern(rule, [DEFAULT_BILLING_SOURCE])['detail-type']),
  );
  const emitted = new Set<string>(Object.values(CaseDetailType));
  const incoming = (Object.keys(BILLING_EVENTS) as BillingEventType[]).map((detailType) => ({
    detailType,
    source: `\`${DEFAULT_BILLING_SOURCE}\` (deploy parameter \`billingSources\`)`,
    status: consumed.has(detailType) ? 'consumed today' : 'planned (issue #3): no rule consumes it yet',
    description: BILLING_EVENTS[detailType].description,
    schema: BILLING_EVENTS[detailType].schema,
    example: checkedExample(
      detailType,
      BILLING_EVENTS[detailType].schema,
      BILLING_EVENT_EXAMPLES[detailType],
    ),
  }));
  const outgoing = (Object.keys(CASE_EVENTS) as CaseEventType[]).map((detailType) => ({
    detailType,
    source: `\`${COLLECTIONS_SOURCE}\``,
    status: emitted.has(detailType) ? 'emitted today' : 'planned (issue #3): not emitted yet',
    description: CASE_EVENTS[detailType].description,
    schema: CASE_EVENTS[detailType].schema,
    example: checkedExample(detailType, CASE_EVENTS[detailType].schema, CASE_EVENT_EXAMPLES[detailType]),
  }));
  return { incoming, outgoing };
}

function section(entry: Entry): string {
  return [
    `### ${entry.detailType}`,
    '',
    `- **detail-type:** \`${entry.detailType}\``,
    `- **source:** ${entry.source}`,
    `- **status:** ${entry.status}`,
    `- **when:** ${entry.description}`,
    '',
    'Example detail:',
    '',
    json(entry.example),
    '',
    'JSON Schema of the detail:',
    '',
    json(detailJsonSchema(entry.schema)),
    '',
  ].join('\n');
}

const contents = (list: Entry[]) => [
  '| detail-type | status | when |',
  '|---|---|---|',
  ...list.map(
    (entry) =>
      `| [\`${entry.detailType}\`](#${anchor(entry.detailType)}) | ${entry.status} | ${entry.description} |`,
  ),
];

const AGENCY_REPORT_EXAMPLE = {
  reportId: 'NWR-2026-12-20-0007',
  caseId,
  accountId,
  kind: 'collected',
  amount: { amount: 5_000, currency: 'GBP' },
  reportedAt: '2026-12-20T15:02:11.000Z',
};

/** Collection agencies (issue 14): what each receives, and the signed reports it sends back. */
function agencySection(): string[] {
  const example = checkedExample('an agency report', AgencyReportSchema, AGENCY_REPORT_EXAMPLE);
  return [
    '## Collection agencies',
    '',
    'Each agency configured at deploy (the deploy parameter `agencies`) has a rule on the bus that sends',
    'it, through an EventBridge API destination (its connection holds the API key or OAuth client',
    'credentials in Secrets Manager), the events whose `detail.agencyId` names it:',
    '',
    json(agencyRulePattern('<agencyId>')),
    '',
    '- `CasePlacedWithAgency` is the case file (its JSON Schema is above): the minimum the agency needs,',
    '  with the debtor\u2019s contact preferences (language, time zone, email opt-out, the hours they may',
    '  be contacted) so the agency can honour them.',
    '- `CaseForwardedToAgency` is everything after: a payment to the business (`payment`, the new',
    '  `balance`), a `recall` (a dispute, paid in full, nothing owed, a supervisor, the term ran out: the',
    '  agency must stop at once), an `opt-out`, a `legal-pause` and its end (`legal-pause-ended`:',
    '  billing’s `Collection Resumed`; the agency may go on), an `invoice-cancelled`. Nothing is sent',
    '  for a case not placed, and nothing after a recall. `forwardId` is unique per forward.',
    '- The body is the whole EventBridge event (`detail` as above); the header `X-Collections-Event-Id`',
    '  carries its id (the same on a retry). EventBridge retries a refused delivery for a day, then parks',
    '  it in the agency\u2019s dead-letter queue, which alarms: a person delivers it.',
    '',
    '### Agency reports (in, over HTTPS)',
    '',
    '`POST {portal}/agency/{agencyId}/reports` with a JSON body, signed with the agency\u2019s own secret',
    '(generated by the stack in Secrets Manager, given to the agency out of band):',
    '',
    `- \`${AGENCY_TIMESTAMP_HEADER}\`: the time of signing, in Unix seconds. Refused more than`,
    `  ${AGENCY_REPORT_WINDOW_SECONDS / 60} minutes before or after now.`,
    `- \`${AGENCY_SIGNATURE_HEADER}\`: \`sha256=\` and the hex HMAC-SHA256, with the secret, of the`,
    '  timestamp, a dot, and the exact body bytes: `HMAC(secret, "<timestamp>.<body>")`.',
    '- A missing or wrong signature, or a stale timestamp, is `401` and records nothing. A body that does',
    '  not fit the schema is `400`. The same `reportId` again is `200` with `"status": "duplicate"` and',
    '  changes nothing. A case not placed with this agency (or recalled) is `404` or `409`.',
    '- `collected`: the balance goes down by `amount` (all of it when absent); paid in full, the case',
    '  closes as paid and the debtor gets a short note that the account is settled. `disputed`: the',
    '  debtor disputed with the agency; the case is recalled onto the dispute path. `returned` (the agency',
    '  gives up) and `closed`: a person takes the case back; a segment whose policy says',
    '  `agencyReturnedAction: write-off` writes a returned case off instead (`CaseResolved`',
    '  `written-off`). When the placement term runs out, the case comes back to a person and the agency',
    '  is sent a `recall`.',
    '',
    'Example body:',
    '',
    json(example),
    '',
    'JSON Schema of the body:',
    '',
    json(detailJsonSchema(AgencyReportSchema)),
    '',
  ];
}

/** The whole page, exactly as `npm run docs:events` writes it. */
export function renderEventDocs(): string {
  const { incoming, outgoing } = entries();
  return [
    '# Events',
    '',
    '<!-- Generated by `npm run docs:events` from functions/contract/case-events.ts and',
    '     functions/contract/billing-events-next.ts (and events.ts). Do not edit by hand. -->',
    '',
    `Every event travels on the collections bus (\`${DEFAULT_EVENT_BUS_NAME}\` unless the deploy parameter`,
    '`eventBusName` says otherwise). Billing publishes the events in; this system publishes the events',
    'out, and billing, the AR team and collection agencies subscribe to the ones they need.',
    '',
    '- Money is `{ "amount": integer minor units (cents, pence), "currency": ISO 4217 code }`, never a',
    '  float. Amounts are above zero, except a case `balance`, which is zero once settled and below',
    '  zero if overpaid.',
    '- Dates are `YYYY-MM-DD`; a deadline for the debtor is a date in their time zone. Instants are',
    '  ISO 8601 with an offset (the system writes UTC).',
    '- Every event out names `caseId` and `accountId`, and when it happened: `at`, or the name the',
    '  event had before this catalogue (`openedAt`, `sentAt`, `placedAt`, `resolvedAt`).',
    '- The JSON Schemas are generated from the zod schemas with `z.toJSONSchema` (input side): an',
    '  object accepts fields it does not list, so that adding an optional field is not a breaking',
    '  change; ignore the ones you do not know. The agency case file closes its `debtor`,',
    '  `contactPreferences`, `timeline` entries and `dispute` on purpose (data minimisation). A few',
    '  rules only the zod schemas check: that a date is a real calendar date, that a currency code',
    '  exists, that a time zone or locale is known, and that a plan\u2019s instalments add up to its total.',
    '- An invalid event in goes to its rule\u2019s dead-letter queue, once, with the reason.',
    '- An event out of a debtor\u2019s action that EventBridge refused at the time (an outage) is',
    '  emitted later by the scheduled \u201csend waiting messages\u201d, so it can arrive minutes late;',
    '  its `at` is still when the action happened.',
    '',
    '## Events in (from billing)',
    '',
    ...contents(incoming),
    '',
    '## Events out (from this system)',
    '',
    ...contents(outgoing),
    '',
    '## Events in, in detail',
    '',
    ...incoming.map(section),
    '## Events out, in detail',
    '',
    ...outgoing.map(section),
    ...agencySection(),
  ]
    .join('\n')
    .replace(/\n+$/, '\n');
}
