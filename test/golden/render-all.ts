import { callbackNotice, disputeNotice, documentAddedNotice } from '../../functions/domain/ar-team.ts';
import type { CaseRecord } from '../../functions/domain/case.ts';
import { DEBTOR_ACTIONS } from '../../functions/domain/debtor-actions.ts';
import type { DisputeDocument } from '../../functions/domain/documents.ts';
import {
  EMAIL_KINDS,
  type EmailContext,
  type EmailKind,
  renderEmail,
} from '../../functions/domain/emails.ts';
import type { Money } from '../../functions/domain/money.ts';
import type { PlanOffer } from '../../functions/domain/plans.ts';
import { actionDonePage, actionFormPage, actionLinks } from '../../functions/portal/action-pages.ts';
import {
  type DocumentProblem,
  documentProblemPage,
  documentsLink,
  documentsPage,
} from '../../functions/portal/document-pages.ts';
import { accountPage, historyPage, homePage, linkNotFoundPage } from '../../functions/portal/pages.ts';
import { surveyMessagePage, thankYouPage } from '../../functions/portal/survey-pages.ts';
import { viewFor } from '../support/portal-view.ts';

/**
 * Every email kind and every portal page, rendered from fixed inputs, for the golden record under
 * test/golden/: the presentation may be restructured, but what a debtor receives and sees may not
 * change by a byte. Inputs carry hostile text (markup, quotes, ampersands) wherever a debtor or the
 * billing system supplies it, so the record also pins the escaping.
 */
export type Rendering = { name: string; content: string };

const HOSTILE = `<script>alert("x")</script> & 'quoted'`;
const money = (amount: number, currency = 'GBP'): Money => ({ amount, currency });

// ---------------------------------------------------------------------------------------------
// Emails

function plan(currency: string, amounts: number[], autopay?: boolean) {
  const months = ['2026-12-01', '2027-01-01', '2027-02-01', '2027-03-01', '2027-04-01', '2027-05-01'];
  return {
    instalments: amounts.map((amount, index) => ({
      number: index + 1,
      dueDate: months[index] ?? '2027-06-01',
      amount: money(amount, currency),
    })),
    total: money(
      amounts.reduce((sum, amount) => sum + amount, 0),
      currency,
    ),
    ...(autopay === undefined ? {} : { autopay }),
  };
}

function fullContext(kind: EmailKind, locale: string, currency: string): EmailContext {
  const three = plan(currency, [4317, 4317, 4316]);
  const two = plan(currency, [6475, 6475]);
  return {
    kind,
    debtorName: 'Alex <Morgan> & "Sons"',
    creditor: {
      name: "Example Energy's accounts & billing",
      email: 'accounts+<billing>@example.com',
      phone: '+44 20 7946 0000',
      supportHours: 'Mon–Fri, 9am to 5pm & "Sat mornings"',
      remittance: 'Bank transfer to <Example> Ltd, sort code 20-00-00, account 55779911',
    },
    locale,
    balance: money(12950, currency),
    invoices: [
      { invoiceId: 'INV-1&<2>', amountDue: money(7950, currency), dueDate: '2026-11-19' },
      { invoiceId: 'INV-3', amountDue: money(5000, currency), dueDate: '2026-11-25' },
    ],
    accountUrl: 'https://pay.example.com/case/abc.def?x=1&y="2"',
    optOutUrl: 'https://pay.example.com/case/stop.ghi?a=1&b=2',
    agencyReferralDate: '2026-12-14',
    partialPayment: { amount: money(5000, currency) },
    promiseDate: '2026-12-01',
    planOptions: [three, two],
    plan: three,
    instalment: { number: 2, dueDate: '2027-01-01', amount: money(4317, currency) },
    pauseUntil: '2027-01-15',
    affordablePerMonth: money(4500, currency),
    callback: { phone: '+44 7700 900123 <b>', preferredTime: 'weekday "mornings" & evenings' },
    creditedAmount: money(2000, currency),
    surveyUrl: 'https://pay.example.com/case/survey.jkl?s=1&t=2',
    ...(kind === 'disputeUpheld'
      ? { dispute: { outcome: 'upheld' as const, note: `The meter was misread.\nSorry: ${HOSTILE}` } }
      : kind === 'disputeRejected'
        ? { dispute: { outcome: 'rejected' as const, note: `The reading was confirmed.\n${HOSTILE}` } }
        : {}),
  };
}

/** The least each kind can be written with. */
function minimalContext(kind: EmailKind, locale: string): EmailContext {
  const full = fullContext(kind, locale, 'EUR');
  return {
    kind,
    debtorName: 'Sam',
    creditor: { name: 'Acme', email: 'help@acme.example', phone: '+1 555 0100', supportHours: '24/7' },
    locale,
    balance: money(9999, 'EUR'),
    invoices: [{ invoiceId: 'A-1', amountDue: money(9999, 'EUR'), dueDate: '2026-10-31' }],
    accountUrl: 'https://pay.example.com/case/min',
    ...(kind === 'final' ? { agencyReferralDate: '2026-12-14' } : {}),
    ...(kind === 'partialPaymentThanks' ? { partialPayment: { amount: money(1, 'EUR') } } : {}),
    ...(kind === 'promiseAck' ? { promiseDate: '2026-12-24' } : {}),
    ...(kind === 'planOffer' || kind === 'hardshipPlanOffer'
      ? { planOptions: [plan('EUR', [3333, 3333, 3333])] }
      : {}),
    ...(kind === 'planAgreed' ? { plan: plan('EUR', [5000, 4999], true) } : {}),
    ...(kind === 'instalmentReminder' || kind === 'instalmentMissed'
      ? { instalment: { number: 1, dueDate: '2026-12-01', amount: money(5000, 'EUR') } }
      : {}),
    ...(kind === 'hardshipAck' || kind === 'callbackAck' ? { pauseUntil: full.pauseUntil ?? '' } : {}),
    ...(kind === 'disputeUpheld' ? { dispute: { outcome: 'upheld' as const } } : {}),
    ...(kind === 'disputeRejected' ? { dispute: { outcome: 'rejected' as const } } : {}),
  };
}

function emailRenderings(): Rendering[] {
  const out: Rendering[] = [];
  const push = (name: string, context: EmailContext) => {
    const email = renderEmail(context);
    out.push({ name: `emails/${name}.subject.txt`, content: email.subject });
    out.push({ name: `emails/${name}.txt`, content: email.text });
    out.push({ name: `emails/${name}.html`, content: email.html });
  };
  for (const kind of EMAIL_KINDS) {
    push(`${kind}.en-GB.GBP.full`, fullContext(kind, 'en-GB', 'GBP'));
    push(`${kind}.es-ES.EUR.full`, fullContext(kind, 'es-ES', 'EUR'));
    push(`${kind}.en-US.min`, minimalContext(kind, 'en-US'));
    push(`${kind}.es-MX.min`, minimalContext(kind, 'es-MX'));
  }
  for (const locale of ['en-GB', 'es-ES']) {
    const final = fullContext('final', locale, 'GBP');
    push(`final.${locale}.settlement-brokenPromise`, {
      ...final,
      settlement: { amount: money(11000), validUntil: '2026-12-10' },
      brokenPromiseDate: '2026-11-30',
    });
    push(`friendly.${locale}.brokenPromise-action-noOptOut`, {
      ...minimalContext('friendly', locale),
      brokenPromiseDate: '2026-11-30',
      actionUrl: 'https://pay.example.com/case/act?z=<1>',
    });
    push(`firm.${locale}.JPY`, { ...fullContext('firm', locale, 'JPY'), balance: money(12950, 'JPY') });
    // Issue 11: a business segment's email, written to its accounts-payable team: purchase orders
    // beside the invoices, and how to remit quoting them (with the creditor's details, and without).
    const business = fullContext('firm', locale, 'GBP');
    const orders = business.invoices.map((invoice, index) => ({
      ...invoice,
      purchaseOrder: `PO-<${4500 + index}>`,
    }));
    push(`firm.${locale}.business`, { ...business, business: true, invoices: orders });
    push(`final.${locale}.business-no-remittance`, {
      ...fullContext('final', locale, 'GBP'),
      business: true,
      creditor: { ...business.creditor, remittance: undefined },
      // One invoice with its purchase order, one without.
      invoices: orders.map((invoice, index) =>
        index === 0 ? invoice : { ...invoice, purchaseOrder: undefined },
      ),
    } as EmailContext);
    push(`firm.${locale}.USD.three-invoices`, {
      ...fullContext('firm', locale, 'USD'),
      invoices: [
        { invoiceId: 'X-1', amountDue: money(100, 'USD'), dueDate: '2026-09-01' },
        { invoiceId: 'X-2', amountDue: money(200, 'USD'), dueDate: '2026-10-01' },
        { invoiceId: 'X-3', amountDue: money(12650, 'USD'), dueDate: '2026-11-01' },
      ],
    });
    push(`credited.${locale}.settled`, { ...fullContext('credited', locale, 'GBP'), balance: money(0) });
    push(`disputeUpheld.${locale}.settled`, {
      ...fullContext('disputeUpheld', locale, 'GBP'),
      balance: money(0),
    });
    push(`disputeRejected.${locale}.no-referral`, {
      ...fullContext('disputeRejected', locale, 'GBP'),
      agencyReferralDate: undefined,
    } as EmailContext);
    push(`thanks.${locale}.settled`, { ...fullContext('thanks', locale, 'GBP'), balance: money(0) });
    push(`agencySettled.${locale}.settled`, {
      ...fullContext('agencySettled', locale, 'GBP'),
      balance: money(0),
    });
    push(`instalmentReminder.${locale}.autopay`, {
      ...fullContext('instalmentReminder', locale, 'GBP'),
      plan: plan('GBP', [4317, 4317, 4316], true),
    });
    push(`instalmentMissed.${locale}.no-plan`, {
      ...minimalContext('instalmentMissed', locale),
      optOutUrl: 'https://pay.example.com/stop',
    });
    push(`planOffer.${locale}.uneven-several`, {
      ...fullContext('planOffer', locale, 'GBP'),
      planOptions: [plan('GBP', [3000, 3001, 3002, 3947])],
    });
    push(`callbackAck.${locale}.no-phone-no-time`, {
      ...fullContext('callbackAck', locale, 'GBP'),
      callback: {},
    });
    push(`callbackAck.${locale}.phone-only`, {
      ...fullContext('callbackAck', locale, 'GBP'),
      callback: { phone: '0161 496 0000' },
    });
    // The ladder's plan offer (issue 11): each schedule a link to the plan page with it chosen.
    push(`planOffer.${locale}.ladder-links`, {
      ...fullContext('planOffer', locale, 'GBP'),
      planOptions: [
        { ...plan('GBP', [6475, 6475]), url: 'https://pay.example.com/case/abc.def/plan?plan=2x30d' },
        { ...plan('GBP', [4316, 4317, 4317]), url: 'https://pay.example.com/case/abc.def/plan?plan=3x30d' },
      ],
    });
    push(`hardshipPlanOffer.${locale}.no-affordable`, {
      ...fullContext('hardshipPlanOffer', locale, 'GBP'),
      affordablePerMonth: undefined,
    } as EmailContext);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Pages

const offer = (id: string, amounts: number[], extra: Partial<PlanOffer> = {}): PlanOffer => ({
  id,
  instalments: amounts.map((amount, index) => ({
    number: index + 1,
    dueDate: `2026-12-${String(index + 1).padStart(2, '0')}`,
    amount: money(amount),
  })),
  total: money(amounts.reduce((sum, amount) => sum + amount, 0)),
  remainder: { amount: 0, on: 'last' },
  ...extra,
});

const OFFERS: PlanOffer[] = [
  offer('3x30d', [5983, 5983, 5984], { remainder: { amount: 1, on: 'last' } }),
  offer('6x30d', [2991, 2991, 2992, 2992, 2992, 2992], { remainder: { amount: 4, on: 'last' } }),
  offer('2x30d', [8975, 8975], {
    hardship: { affordablePerInstalmentMinor: 9000, withinAffordability: true },
  }),
];

const record: CaseRecord = {
  caseId: 'ACC-1-1',
  accountId: 'ACC-1',
  caseNumber: 1,
  status: 'open',
  rung: 'firm',
  balance: money(17_950),
  invoices: [
    {
      invoiceId: 'INV-1&<x>',
      amountDue: money(12_950),
      dueDate: '2026-11-01',
      paymentUrl: 'https://pay.example.com/1?a=1&b="2"',
      invoiceUrl: 'https://billing.example.com/invoices/INV-1.pdf?t=<x>&u=1',
    },
    {
      invoiceId: 'INV-2',
      amountDue: money(5_000),
      dueDate: '2026-11-15',
      paymentUrl: 'https://pay.example.com/2',
    },
  ],
  debtor: {
    name: `Alex ${HOSTILE}`,
    email: 'a@example.com',
    locale: 'en-GB',
    timeZone: 'Europe/London',
    segment: 'consumer',
  },
  openedAt: '2026-11-20T10:00:00.000Z',
  executionName: 'ACC-1-case-1',
  version: 3,
};

const spanishRecord: CaseRecord = {
  ...record,
  balance: money(17_950, 'EUR'),
  invoices: [{ invoiceId: 'F-2026/1', amountDue: money(17_950, 'EUR'), dueDate: '2026-11-01' }],
  debtor: { ...record.debtor, name: 'Lucía <i>Pérez</i>', locale: 'es-ES', timeZone: 'Europe/Madrid' },
};

const documents: { document: DisputeDocument; url: string }[] = [
  {
    document: {
      documentId: 'd1',
      key: 'disputes/ACC-1-1/d1',
      contentType: 'application/pdf',
      size: 123_456,
      displayName: 'Document 1 <PDF> & "more"',
      addedAt: '2026-11-21T10:00:00.000Z',
    } as DisputeDocument,
    url: 'https://docs.example.com/d1?sig=a&b="c"',
  },
  {
    document: {
      documentId: 'd2',
      key: 'disputes/ACC-1-1/d2',
      contentType: 'image/png',
      size: 10,
      displayName: 'Document 2',
      addedAt: '2026-11-21T11:00:00.000Z',
    } as DisputeDocument,
    url: 'https://docs.example.com/d2',
  },
  {
    document: {
      documentId: 'd3',
      key: 'disputes/ACC-1-1/d3',
      contentType: 'text/<weird>',
      size: 5_000_000,
      displayName: 'Document 3',
      addedAt: '2026-11-21T12:00:00.000Z',
    } as DisputeDocument,
    url: 'https://docs.example.com/d3',
  },
];

const TIMELINE = [
  {
    type: 'CaseOpened',
    at: '2026-11-20T10:00:00.000Z',
    data: { invoiceId: 'INV-1&<x>', amountDue: money(12950) },
  },
  {
    type: 'InvoiceAdded',
    at: '2026-11-20T10:00:00.000Z',
    data: { invoiceId: 'INV-2', amountDue: money(5000) },
  },
  { type: 'InvoiceAdded', at: '2026-11-20T10:01:00.000Z', data: { invoiceId: 'INV-9' } },
  { type: 'EmailSent', at: '2026-11-21T09:00:00.000Z', data: { kind: 'friendly', subject: `Hi ${HOSTILE}` } },
  { type: 'EmailSent', at: '2026-11-21T09:00:01.000Z', data: { kind: 'unknown-kind' } },
  {
    type: 'EmailWithheld',
    at: '2026-11-22T09:00:00.000Z',
    data: { kind: 'firm', reason: 'the debtor opted out' },
  },
  {
    type: 'EmailWithheld',
    at: '2026-11-22T09:00:01.000Z',
    data: { kind: 'final', reason: 'collection is legally paused' },
  },
  { type: 'EmailWithheld', at: '2026-11-22T09:00:02.000Z', data: { kind: 'thanks', reason: 'other' } },
  {
    type: 'EmailDeferred',
    at: '2026-11-22T23:00:00.000Z',
    data: { kind: 'firm', reason: 'outside the contact window', until: '2026-11-23T08:00:00.000Z' },
  },
  {
    type: 'EmailDeferred',
    at: '2026-11-22T23:00:01.000Z',
    data: { kind: 'firm', reason: 'weekly cap reached' },
  },
  {
    type: 'EmailDeferred',
    at: '2026-11-22T23:00:02.000Z',
    data: { kind: 'firm', reason: 'x', until: 'nope' },
  },
  { type: 'DocumentAdded', at: '2026-11-23T10:00:00.000Z', data: { displayName: 'Document <1>' } },
  { type: 'DocumentAdded', at: '2026-11-23T10:00:01.000Z' },
  { type: 'PromiseMade', at: '2026-11-24T10:00:00.000Z', data: { promisedDate: '2026-12-01' } },
  { type: 'PromiseMade', at: '2026-11-24T10:00:01.000Z', data: { promisedDate: 'not-a-date' } },
  { type: 'PromiseMade', at: '2026-11-24T10:00:02.000Z' },
  { type: 'DisputeOpened', at: '2026-11-25T10:00:00.000Z' },
  { type: 'DisputeResolved', at: '2026-11-25T10:00:01.000Z', data: { outcome: 'upheld' } },
  { type: 'DisputeResolved', at: '2026-11-25T10:00:02.000Z', data: { outcome: 'rejected' } },
  { type: 'CallbackRequested', at: '2026-11-26T10:00:00.000Z', data: { phone: '+44 <7700>' } },
  { type: 'CallbackRequested', at: '2026-11-26T10:00:01.000Z' },
  { type: 'EmailsStopped', at: '2026-11-26T10:00:02.000Z' },
  { type: 'PlanAgreed', at: '2026-11-27T10:00:00.000Z', data: { instalments: 3, total: money(17950) } },
  { type: 'PlanAgreed', at: '2026-11-27T10:00:01.000Z' },
  { type: 'PlanOffered', at: '2026-11-27T10:00:02.000Z' },
  { type: 'PlanBroken', at: '2026-11-27T10:00:03.000Z' },
  { type: 'PlanChecked', at: '2026-11-27T10:00:04.000Z' },
  { type: 'HardshipDeclared', at: '2026-11-28T10:00:00.000Z' },
  { type: 'PauseEnded', at: '2026-11-28T10:00:01.000Z' },
  { type: 'PaymentReceived', at: '2026-11-29T10:00:00.000Z', data: { amount: money(1234, 'EUR') } },
  {
    type: 'PaymentReceived',
    at: '2026-11-29T10:00:01.000Z',
    data: { amount: { amount: 1, currency: 'XX' } },
  },
  { type: 'CaseResolved', at: '2026-11-30T10:00:00.000Z', data: { resolution: 'credited' } },
  { type: 'CaseResolved', at: '2026-11-30T10:00:01.000Z', data: { resolution: 'paid' } },
  { type: 'CasePlacedWithAgency', at: '2026-11-30T10:00:02.000Z' },
  { type: 'HeldForPerson', at: '2026-11-30T10:00:03.000Z' },
  { type: 'HandedToPerson', at: '2026-11-30T10:00:04.000Z' },
  { type: 'InvoiceCancelled', at: '2026-11-30T10:00:05.000Z', data: { invoiceId: 'INV-<2>' } },
  { type: 'CollectionPaused', at: '2026-11-30T10:00:06.000Z' },
  { type: 'CollectionResumed', at: '2026-11-30T10:00:07.000Z' },
  { type: 'SurveyAnswered', at: '2026-12-01T10:00:00.000Z', data: { score: 4 } },
  { type: 'SurveyAnswered', at: '2026-12-01T10:00:01.000Z' },
  { type: 'SomethingNew', at: 'not a time' },
];

function statusVariants(): [string, CaseRecord][] {
  const planRecord: CaseRecord = {
    ...record,
    plan: {
      offer: OFFERS[0] as PlanOffer,
      acceptedAt: '2026-11-20T10:00:00.000Z',
      acceptedOn: '2026-11-20',
      balanceAtStart: money(17_950),
      remindedFor: 0,
      missesNotified: 0,
    },
  };
  const pause = (reason: NonNullable<CaseRecord['pause']>['reason'], promisedDate?: string): CaseRecord => ({
    ...record,
    pause: {
      reason,
      until: '2026-12-14',
      since: '2026-11-20T10:00:00.000Z',
      ...(promisedDate ? { promisedDate } : {}),
    } as NonNullable<CaseRecord['pause']>,
  });
  return [
    ['paid', { ...record, status: 'paid', balance: money(0) }],
    ['credited', { ...record, status: 'credited', balance: money(0) }],
    ['placed', { ...record, status: 'placed' }],
    ['held-for-person', { ...record, status: 'held-for-person' }],
    ['held-opted-out', { ...record, status: 'held-for-person', optedOutAt: '2026-11-20T10:00:00.000Z' }],
    [
      'legal-pause-until',
      { ...record, legalPause: { reason: 'breathing space', since: '2026-11-20', until: '2027-01-20' } },
    ],
    ['legal-pause', { ...record, legalPause: { reason: 'breathing space', since: '2026-11-20' } }],
    [
      'dispute-open',
      {
        ...record,
        dispute: { reason: 'wrong-amount', openedAt: '2026-11-20T10:00:00.000Z', status: 'open' },
      },
    ],
    ['opted-out', { ...record, optedOutAt: '2026-11-20T10:00:00.000Z' }],
    ['plan-on-track', planRecord],
    ['plan-behind', { ...planRecord, balance: money(17_950) }],
    ['promise', pause('promise', '2026-12-10')],
    ['promise-no-date', pause('promise')],
    ['hardship', pause('hardship')],
    ['callback', pause('callback')],
    ['plan-offer', pause('plan-offer')],
    ['dispute-pause', pause('dispute')],
    ['plan-pause', pause('plan')],
    [
      'no-payment-link',
      { ...record, invoices: [{ ...spanishRecord.invoices[0], invoiceId: 'Z<1>' }] } as CaseRecord,
    ],
  ];
}

function pageRenderings(): Rendering[] {
  const out: Rendering[] = [];
  const push = (name: string, content: string) => out.push({ name: `pages/${name}.html`, content });
  const en = viewFor(record);
  const es = viewFor(record, { language: 'es' });
  const esNative = viewFor(spanishRecord);
  const enOfSpanish = viewFor(spanishRecord, { language: 'en', currentQuery: 'done' });
  const views = { en, es } as const;

  push('home.en', homePage('en'));
  push('home.es', homePage('es'));
  push('home.default', homePage());
  push('not-found.en', linkNotFoundPage('en'));
  push('not-found.es', linkNotFoundPage('es'));
  push('not-found.default', linkNotFoundPage());

  for (const [language, view] of Object.entries(views)) {
    const links = actionLinks(view, () => true);
    push(`account.${language}`, accountPage(record, view, links + documentsLink(record, view)));
    push(`account.${language}.no-actions`, accountPage(record, view));
    push(
      `action-links.${language}.some`,
      actionLinks(view, (action) => action !== 'plan'),
    );
    push(
      `action-links.${language}.none`,
      actionLinks(view, () => false),
    );
    for (const [status, variant] of statusVariants()) {
      push(`account.${language}.status-${status}`, accountPage(variant, view, links));
    }
    push(`history.${language}`, historyPage(TIMELINE, view));
    push(`history.${language}.empty`, historyPage([], view));
    // The checks for signs of hardship in plain words (issue 11): one found none, the next found two.
    push(
      `history.${language}.hardship-checks`,
      historyPage(
        [
          {
            type: 'HardshipCheckCompleted',
            at: '2026-11-20T09:00:00.000Z',
            data: { checkpoint: 'final-notice', outcome: 'go-on', signs: [], stopping: [] },
          },
          {
            type: 'HardshipCheckCompleted',
            at: '2026-12-04T09:00:00.000Z',
            data: {
              checkpoint: 'agency-referral',
              outcome: 'review',
              signs: ['partial-payments', 'never-reached'],
              stopping: ['partial-payments', 'never-reached'],
            },
          },
          { type: 'HandedToPerson', at: '2026-12-04T09:00:01.000Z', data: { reason: 'hardship-signs' } },
        ],
        view,
      ),
    );

    // Action forms, blank, with every error, kept values and unavailable.
    for (const action of DEBTOR_ACTIONS) {
      const input = {
        record,
        action,
        view,
        csrf: 'csrf"<token>&',
        latestPromiseDate: '2026-12-20',
        offers: OFFERS,
      };
      push(`action.${language}.${action}.blank`, actionFormPage(input));
      push(
        `action.${language}.${action}.unavailable`,
        actionFormPage({ ...input, unavailable: 'case-closed' }),
      );
      push(
        `action.${language}.${action}.unavailable-unknown`,
        actionFormPage({ ...input, unavailable: `odd <reason> & "x"` }),
      );
    }
    const values = {
      date: '2026-13-01"><script>',
      note: `My note ${HOSTILE}\nline two`,
      phone: '+44 "<b>"',
      preferredTime: 'afternoon',
      reason: 'wrong-amount',
      planId: '6x30d',
      affordable: '50"<',
      confirm: 'yes',
    };
    const errorsFor: Record<string, Record<string, string>> = {
      promise: { date: 'too-far' },
      plan: { planId: 'plan-unknown' },
      hardship: { reason: 'reason-required', affordable: 'amount-format', note: 'note-too-long' },
      dispute: { reason: 'reason-required', note: 'note-too-long' },
      callback: { phone: 'phone-format', preferredTime: 'time-required', note: 'note-too-long' },
      'stop-emails': { confirm: 'confirm-required' },
    };
    for (const action of DEBTOR_ACTIONS) {
      const input = { record, action, view, csrf: 'tok', latestPromiseDate: '2026-12-20', offers: OFFERS };
      push(
        `action.${language}.${action}.errors`,
        actionFormPage({ ...input, state: { values, errors: errorsFor[action] ?? {} } }),
      );
      push(
        `action.${language}.${action}.unknown-error`,
        actionFormPage({
          ...input,
          state: { values, errors: { [Object.keys(errorsFor[action] ?? {})[0] ?? 'x']: 'weird<code>' } },
        }),
      );
      push(
        `action.${language}.${action}.kept-values`,
        actionFormPage({ ...input, state: { values, errors: {} } }),
      );
    }
    for (const action of DEBTOR_ACTIONS) {
      push(
        `action.${language}.${action}.date-error-others`,
        actionFormPage({
          record,
          action,
          view,
          csrf: 'tok',
          latestPromiseDate: '2026-12-20',
          offers: [],
          state: {
            values: {},
            errors: {
              date: 'date-format',
              planId: 'plan-required',
              phone: 'phone-required',
              reason: 'reason-required',
              affordable: 'amount-required',
              other: 'in-the-past',
            },
          },
        }),
      );
    }

    // Confirmations.
    const done = (action: (typeof DEBTOR_ACTIONS)[number], extra = {}) =>
      actionDonePage({ record, action, view, ...extra });
    push(
      `done.${language}.promise`,
      done('promise', { promisedDate: '2026-12-01', pausedUntil: '2026-12-04' }),
    );
    push(`done.${language}.promise.moved-on`, done('promise'));
    push(`done.${language}.plan`, done('plan'));
    push(`done.${language}.hardship`, done('hardship', { pausedUntil: '2027-01-15' }));
    push(`done.${language}.hardship.moved-on`, done('hardship'));
    push(
      `done.${language}.dispute`,
      done('dispute', {
        more: documentsLink({ ...record, dispute: { reason: 'x', openedAt: 'x', status: 'open' } }, view),
      }),
    );
    push(`done.${language}.dispute.no-more`, done('dispute'));
    push(
      `done.${language}.callback`,
      done('callback', {
        callback: { phone: '+44 <1>', preferredTime: 'morning' },
        pausedUntil: '2026-12-01',
      }),
    );
    push(
      `done.${language}.callback.odd-time-no-pause`,
      done('callback', { callback: { phone: '0161', preferredTime: 'At "noon" & <b>' } }),
    );
    push(`done.${language}.callback.moved-on`, done('callback'));
    push(`done.${language}.stop-emails`, done('stop-emails'));

    // Documents.
    const disputed: CaseRecord = {
      ...record,
      dispute: { reason: 'x', openedAt: 'x', status: 'open' },
      disputeDocuments: documents.map((entry) => entry.document),
    };
    push(`documents-link.${language}.open-none`, documentsLink({ ...disputed, disputeDocuments: [] }, view));
    push(`documents-link.${language}.open-some`, documentsLink(disputed, view));
    push(
      `documents-link.${language}.closed-some`,
      documentsLink({ ...disputed, dispute: { reason: 'x', openedAt: 'x', status: 'upheld' } }, view),
    );
    push(`documents-link.${language}.closed-none`, documentsLink(record, view));
    const forms = {
      pdf: { url: 'https://bucket.example.com/?a=1&b=<2>', fields: { key: 'k"1', 'x-amz-<sig>': 'v&2' } },
      jpeg: { url: 'https://bucket.example.com/', fields: { key: 'k2' } },
      png: { url: 'https://bucket.example.com/', fields: {} },
    };
    push(`documents.${language}.with-forms`, documentsPage({ view, documents, forms }));
    push(
      `documents.${language}.added`,
      documentsPage({ view, documents: [], forms: { pdf: forms.pdf }, added: true }),
    );
    push(`documents.${language}.no-forms`, documentsPage({ view, documents: [] }));
    for (const unavailable of ['case-closed', 'no-open-dispute', 'limit-reached'] as const) {
      push(
        `documents.${language}.unavailable-${unavailable}`,
        documentsPage({ view, documents, unavailable }),
      );
    }
    const problems: DocumentProblem[] = [
      'empty',
      'too-large',
      'wrong-type',
      'content-mismatch',
      'case-closed',
      'no-open-dispute',
      'limit-reached',
      'not-found',
      'not-this-case',
    ];
    for (const problem of problems)
      push(`document-problem.${language}.${problem}`, documentProblemPage({ view, problem }));

    // Survey.
    const closed: CaseRecord = { ...record, status: 'paid', balance: money(0) };
    push(`thank-you.${language}`, thankYouPage(closed, view, { csrf: 'c"<s>', current: 'account' }));
    push(`thank-you.${language}.not-current`, thankYouPage(closed, view, { csrf: 'c' }));
    push(
      `thank-you.${language}.errors`,
      thankYouPage(closed, view, {
        csrf: 'c',
        state: {
          values: { score: '3', comment: `Great ${HOSTILE}` },
          errors: { score: 'score-required', comment: 'comment-too-long' },
        },
      }),
    );
    push(
      `thank-you.${language}.unknown-error`,
      thankYouPage(closed, view, { csrf: 'c', state: { values: {}, errors: { other: 'weird<code>' } } }),
    );
    push(
      `thank-you.${language}.answered`,
      thankYouPage({ ...closed, surveyAnsweredAt: '2026-11-30T10:00:00.000Z' }, view, { csrf: 'c' }),
    );
    for (const message of ['done', 'answered', 'notClosed'] as const) {
      push(`survey-message.${language}.${message}`, surveyMessagePage(view, message));
    }
  }

  // The debtor's own Spanish, and Spanish read in English (en-ES), with a query kept on the switch.
  push(
    'account.es-native',
    accountPage(
      spanishRecord,
      esNative,
      actionLinks(esNative, () => true),
    ),
  );
  push('account.en-of-spanish', accountPage(spanishRecord, enOfSpanish));
  push('history.es-native', historyPage(TIMELINE, esNative));
  push(
    'action.es-native.promise',
    actionFormPage({
      record: spanishRecord,
      action: 'promise',
      view: esNative,
      csrf: 't',
      latestPromiseDate: '2026-12-20',
    }),
  );
  push(
    'action.es-native.plan',
    actionFormPage({
      record: spanishRecord,
      action: 'plan',
      view: esNative,
      csrf: 't',
      latestPromiseDate: '2026-12-20',
      offers: OFFERS,
    }),
  );
  push(
    'action.en-of-spanish.hardship',
    actionFormPage({
      record: spanishRecord,
      action: 'hardship',
      view: enOfSpanish,
      csrf: 't',
      latestPromiseDate: '2026-12-20',
    }),
  );
  const hostileView = viewFor(record, {
    creditorName: `Evil & <Co> "Ltd" 'x'`,
    accountPath: '/case/a"b<c>&d',
    currentPath: '/case/a"b<c>&d/history',
    currentQuery: 'x="<y>"&z',
    timeZone: 'Europe/London',
  });
  push(
    'account.hostile-view',
    accountPage(
      record,
      hostileView,
      actionLinks(hostileView, () => true),
    ),
  );
  push('history.hostile-view', historyPage(TIMELINE.slice(0, 3), hostileView));
  push('documents.hostile-view', documentsPage({ view: hostileView, documents }));
  push('thank-you.hostile-view', thankYouPage(record, hostileView, { csrf: 'c' }));
  return out;
}

// ---------------------------------------------------------------------------------------------
// The AR team's notices (plain text, SNS)

function noticeRenderings(): Rendering[] {
  const out: Rendering[] = [];
  const push = (name: string, notice: { subject: string; message: string; event: string }) => {
    out.push({
      name: `ar-team/${name}.txt`,
      content: `${notice.event}\n${notice.subject}\n\n${notice.message}`,
    });
  };
  const noticeCase = { ...record, debtor: { ...record.debtor, name: 'Zoë <Ñ> Müller' } };
  push(
    'dispute',
    disputeNotice(noticeCase, {
      disputeId: 'D-1',
      reason: 'wrong-amount',
      note: 'It is <wrong>\nand "so"',
      reviewBy: '2026-12-20',
      at: '2026-11-20T10:00:00.000Z',
    }),
  );
  push(
    'dispute.no-note',
    disputeNotice({ ...noticeCase, caseId: `${'X'.repeat(120)}é`, rung: undefined } as CaseRecord, {
      disputeId: 'D-2',
      reason: 'other',
      reviewBy: '2026-12-20',
      at: '2026-11-20T10:00:00.000Z',
    }),
  );
  push(
    'callback',
    callbackNotice(noticeCase, {
      phone: '+44 7700 900123',
      preferredTime: 'morning',
      note: 'After 9, please',
      pausedUntil: '2026-11-27',
      at: '2026-11-20T10:00:00.000Z',
    }),
  );
  push(
    'callback.no-note',
    callbackNotice(noticeCase, {
      phone: '0161',
      preferredTime: 'evening',
      pausedUntil: '2026-11-27',
      at: '2026-11-20T10:00:00.000Z',
    }),
  );
  push(
    'document',
    documentAddedNotice(noticeCase, {
      key: 'disputes/ACC-1-1/d1',
      bucket: 'docs-bucket',
      contentType: 'application/pdf',
      size: 123456,
      count: 2,
      at: '2026-11-21T10:00:00.000Z',
    }),
  );
  return out;
}

export function renderAll(): Rendering[] {
  return [...emailRenderings(), ...pageRenderings(), ...noticeRenderings()];
}
