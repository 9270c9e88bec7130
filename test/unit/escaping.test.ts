import { describe, expect, it } from 'vitest';
import type { CaseRecord } from '../../functions/domain/case.ts';
import { DEBTOR_ACTIONS } from '../../functions/domain/debtor-actions.ts';
import type { DisputeDocument } from '../../functions/domain/documents.ts';
import { EMAIL_KINDS, type EmailContext, renderEmail } from '../../functions/domain/emails.ts';
import type { Language } from '../../functions/domain/language.ts';
import { actionDonePage, actionFormPage, actionLinks } from '../../functions/portal/action-pages.ts';
import { documentProblemPage, documentsLink, documentsPage } from '../../functions/portal/document-pages.ts';
import { accountPage, historyPage } from '../../functions/portal/pages.ts';
import { surveyMessagePage, thankYouPage } from '../../functions/portal/survey-pages.ts';
import { viewFor } from '../support/portal-view.ts';

/**
 * Whatever a debtor, the billing system or a link supplies reaches the HTML escaped, in every page
 * and every email that shows it. Each field carries its own marker, so a field written raw anywhere
 * is named by the failure.
 */
const mark = (field: string) => `<x-${field}>"'&`;
const escaped = (field: string) => `&lt;x-${field}&gt;&quot;&#39;&amp;`;

function expectEscaped(output: string, fields: string[]) {
  for (const field of fields) expect(output, field).toContain(escaped(field));
  expect(output).not.toMatch(/<x-/);
  expect(output).not.toMatch(/"'&/);
}

const gbp = (amount: number) => ({ amount, currency: 'GBP' });

const record: CaseRecord = {
  caseId: 'C-1',
  accountId: 'A-1',
  caseNumber: 1,
  status: 'open',
  balance: gbp(10_000),
  invoices: [
    {
      invoiceId: mark('invoiceId'),
      amountDue: gbp(10_000),
      dueDate: '2026-11-01',
      paymentUrl: `https://pay.example.com/?p=${mark('paymentUrl')}`,
      invoiceUrl: `https://billing.example.com/?i=${mark('invoiceUrl')}`,
    },
  ],
  debtor: {
    name: mark('debtorName'),
    email: 'a@example.com',
    locale: 'en-GB',
    timeZone: 'Europe/London',
    segment: 'consumer',
  },
  openedAt: '2026-11-01T00:00:00.000Z',
  executionName: 'x',
  version: 1,
  dispute: { reason: 'other', openedAt: '2026-11-02T00:00:00.000Z', status: 'open' },
};

const views = (language: Language) =>
  viewFor(record, {
    language,
    creditorName: mark('creditorName'),
    accountPath: `/case/${mark('accountPath')}`,
    currentPath: `/case/${mark('currentPath')}`,
    currentQuery: mark('currentQuery'),
  });

describe.each(['en', 'es'] as const)('every page (%s)', (language) => {
  const view = views(language);
  const frame = ['creditorName', 'accountPath', 'currentPath', 'currentQuery'];

  it('the account page: debtor, invoices, their links, and the actions', () => {
    const links = actionLinks(view, () => true) + documentsLink(record, view);
    expectEscaped(accountPage(record, view, links), [
      ...frame,
      'debtorName',
      'invoiceId',
      'paymentUrl',
      'invoiceUrl',
    ]);
  });

  it('the history page: what each entry says, and the time zone', () => {
    const entries = [
      {
        type: 'EmailSent',
        at: '2026-11-02T00:00:00.000Z',
        data: { kind: 'friendly', subject: mark('subject') },
      },
      { type: 'CaseOpened', at: mark('at'), data: { invoiceId: mark('historyInvoice') } },
      {
        type: 'DocumentAdded',
        at: '2026-11-02T00:00:00.000Z',
        data: { displayName: mark('historyDocument') },
      },
      { type: 'CallbackRequested', at: '2026-11-02T00:00:00.000Z', data: { phone: mark('historyPhone') } },
    ];
    // A real zone, so the times can be written (an entry's unreadable time shows as it was given).
    const output = historyPage(entries, { ...view, timeZone: 'Europe/London' });
    expectEscaped(output, [...frame, 'subject', 'at', 'historyInvoice', 'historyDocument', 'historyPhone']);
  });

  it.each(DEBTOR_ACTIONS)(
    'the %s form: kept values, unknown errors and reasons, the CSRF token',
    (action) => {
      const values = {
        date: mark('date'),
        note: mark('note'),
        phone: mark('phone'),
        affordable: mark('affordable'),
      };
      const kept: Record<string, string[]> = {
        promise: ['date'],
        plan: [],
        hardship: ['affordable', 'note'],
        dispute: ['note'],
        callback: ['phone', 'note'],
        'stop-emails': [],
      };
      const output = actionFormPage({
        record,
        action,
        view,
        csrf: mark('csrf'),
        latestPromiseDate: '2026-12-01',
        offers: [],
        state: { values, errors: { note: mark('errorCode') } },
      });
      expectEscaped(output, [...frame, 'errorCode', ...(kept[action] ?? [])]);
      if (action !== 'plan') expect(output).toContain(escaped('csrf'));
      expectEscaped(
        actionFormPage({
          record,
          action,
          view,
          csrf: 'c',
          latestPromiseDate: '2026-12-01',
          unavailable: mark('unavailable'),
        }),
        ['unavailable'],
      );
    },
  );

  it('the confirmations: the phone and time the debtor gave', () => {
    expectEscaped(
      actionDonePage({
        record,
        action: 'callback',
        view,
        callback: { phone: mark('donePhone'), preferredTime: mark('doneTime') },
      }),
      [...frame, 'donePhone'],
    );
  });

  it('the documents pages: names, types, download links and the upload form', () => {
    const document = {
      documentId: 'd',
      key: 'k',
      contentType: mark('contentType'),
      size: 1,
      displayName: mark('displayName'),
      addedAt: '2026-11-02T00:00:00.000Z',
    } as DisputeDocument;
    expectEscaped(
      documentsPage({
        view,
        documents: [{ document, url: `https://docs.example.com/?d=${mark('downloadUrl')}` }],
        forms: {
          pdf: {
            url: `https://bucket.example.com/?u=${mark('uploadUrl')}`,
            fields: { [mark('fieldName')]: mark('fieldValue') },
          },
        },
      }),
      [...frame, 'contentType', 'displayName', 'downloadUrl', 'uploadUrl', 'fieldName', 'fieldValue'],
    );
    expectEscaped(documentProblemPage({ view, problem: 'empty' }), frame);
  });

  it('the survey: the comment kept, unknown errors, the CSRF token', () => {
    const closed = { ...record, status: 'paid' as const, balance: gbp(0) };
    expectEscaped(
      thankYouPage(closed, view, {
        csrf: mark('surveyCsrf'),
        state: { values: { comment: mark('comment') }, errors: { comment: mark('surveyError') } },
      }),
      [...frame, 'surveyCsrf', 'comment', 'surveyError'],
    );
    expectEscaped(surveyMessagePage(view, 'done'), frame);
  });
});

describe.each(['en-GB', 'es-ES'])('every email (%s)', (locale) => {
  const url = (field: string) => `https://pay.example.com/?${field}=${mark(field)}`;
  const plan = {
    instalments: [
      { number: 1, dueDate: '2026-12-01', amount: gbp(5000) },
      { number: 2, dueDate: '2027-01-01', amount: gbp(5000) },
    ],
    total: gbp(10_000),
  };
  const context = (kind: (typeof EMAIL_KINDS)[number]): EmailContext => ({
    kind,
    debtorName: mark('debtorName'),
    creditor: {
      name: mark('creditorName'),
      email: mark('creditorEmail'),
      phone: mark('creditorPhone'),
      supportHours: mark('supportHours'),
      remittance: mark('remittance'),
    },
    business: true,
    locale,
    balance: gbp(10_000),
    invoices: [
      {
        invoiceId: mark('invoiceId'),
        amountDue: gbp(10_000),
        dueDate: '2026-11-01',
        purchaseOrder: mark('purchaseOrder'),
      },
    ],
    accountUrl: url('accountUrl'),
    optOutUrl: url('optOutUrl'),
    actionUrl: url('actionUrl'),
    surveyUrl: url('surveyUrl'),
    agencyReferralDate: '2026-12-14',
    partialPayment: { amount: gbp(100) },
    promiseDate: '2026-12-01',
    planOptions: [plan],
    plan,
    instalment: { number: 1, dueDate: '2026-12-01', amount: gbp(5000) },
    pauseUntil: '2026-12-20',
    callback: { phone: mark('phone'), preferredTime: mark('preferredTime') },
    ...(kind === 'disputeUpheld' || kind === 'disputeRejected'
      ? { dispute: { outcome: kind === 'disputeUpheld' ? 'upheld' : 'rejected', note: mark('disputeNote') } }
      : {}),
  });
  const always = [
    'debtorName',
    'creditorName',
    'invoiceId',
    'accountUrl',
    'optOutUrl',
    'actionUrl',
    // Who is writing (the deployment's), and an accounts-payable team's details (issue 11).
    'creditorEmail',
    'creditorPhone',
    'supportHours',
    'purchaseOrder',
    'remittance',
  ];
  const extra: Partial<Record<(typeof EMAIL_KINDS)[number], string[]>> = {
    thanks: ['surveyUrl'],
    callbackAck: ['phone', 'preferredTime'],
    disputeUpheld: ['disputeNote'],
    disputeRejected: ['disputeNote'],
  };

  it.each(EMAIL_KINDS)('%s: names, invoice numbers, links and notes escaped in the HTML', (kind) => {
    const email = renderEmail(context(kind));
    expectEscaped(email.html, [...always, ...(extra[kind] ?? [])]);
    // The plain text stays plain: what was supplied, as it was, and no markup of ours.
    expect(email.text).toContain(mark('debtorName'));
    expect(email.text).not.toMatch(/&amp;|&lt;|<(p|a|br|table)\b/);
  });
});
