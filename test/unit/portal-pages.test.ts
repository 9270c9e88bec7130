import { describe, expect, it } from 'vitest';
import type { CaseRecord } from '../../functions/domain/case.ts';
import { actionFormPage } from '../../functions/portal/action-pages.ts';
import { SECURITY_HEADERS, STYLE_HASH } from '../../functions/portal/layout.ts';
import {
  accountPage,
  historyPage,
  homePage,
  languageFromHeader,
  linkNotFoundPage,
} from '../../functions/portal/pages.ts';
import { surveyMessagePage, thankYouPage } from '../../functions/portal/survey-pages.ts';
import { viewFor } from '../support/portal-view.ts';

const record: CaseRecord = {
  caseId: 'ACC-1-1',
  accountId: 'ACC-1',
  caseNumber: 1,
  status: 'open',
  balance: { amount: 17_950, currency: 'GBP' },
  invoices: [
    {
      invoiceId: 'INV-1',
      amountDue: { amount: 12_950, currency: 'GBP' },
      dueDate: '2026-11-01',
      paymentUrl: 'https://pay.example.com/1',
      invoiceUrl: 'https://billing.example.com/invoices/INV-1.pdf',
    },
    {
      invoiceId: 'INV-2',
      amountDue: { amount: 5_000, currency: 'GBP' },
      dueDate: '2026-11-15',
      paymentUrl: 'https://pay.example.com/2',
    },
  ],
  debtor: {
    name: 'Alex <b>Morgan</b>',
    email: 'a@example.com',
    locale: 'en-GB',
    timeZone: 'Europe/London',
    segment: 'consumer',
  },
  openedAt: '2026-11-20T10:00:00.000Z',
  executionName: 'ACC-1-case-1',
  version: 3,
};
const view = viewFor(record);
const spanish = viewFor(record, { language: 'es' });

/** The accessibility skeleton every page shares (WCAG 2.2 AA; the browser tests run axe on top). */
function expectAccessibleFrame(html: string) {
  expect(html.match(/<h1[ >]/g)).toHaveLength(1);
  for (const landmark of ['<header>', '<nav aria-label=', '<main id="main"', '<footer>'])
    expect(html).toContain(landmark);
  expect(html).toMatch(/<a class="skip" href="#main">/);
  expect(html).not.toMatch(/<script|style="/);
}

describe('the account page', () => {
  it('says who is writing and why, where the case stands, the balance, each invoice, and Pay now', () => {
    const html = accountPage(record, view);
    expectAccessibleFrame(html);
    expect(html).toContain(
      'Hello Alex &lt;b&gt;Morgan&lt;/b&gt;. Example Energy is writing to you about invoices INV-1 and INV-2, which are overdue.',
    );
    expect(html).toContain('<p class="status">We are waiting for your payment.</p>');
    expect(html).toContain('£179.50');
    expect(html).toMatch(/INV-1<\/td><td class="amount">£129\.50<\/td><td>1 November 2026<\/td>/);
    expect(html).toContain(
      '<a href="https://billing.example.com/invoices/INV-1.pdf" rel="noreferrer">View invoice INV-1</a>',
    );
    expect(html).toMatch(/INV-2<\/td><td class="amount">£50\.00<\/td><td>15 November 2026<\/td><td><\/td>/);
    expect(html).toContain('<a class="button" href="https://pay.example.com/2" rel="noreferrer">Pay now</a>');
    expect(html).toContain('it can take a day');
    expect(html).toContain('<title>Your account · Example Energy</title>');
  });

  it('links to itself, the history and the other language, keeping the language in every link', () => {
    const html = accountPage(record, view);
    expect(html).toContain('<a href="/case/abc?lang=en" aria-current="page">Your account</a>');
    expect(html).toContain('<a href="/case/abc/history?lang=en">History</a>');
    expect(html).toContain('<a href="/case/abc?lang=es" lang="es" hreflang="es">Español</a>');
  });

  it('without a payment page, says in words how to pay', () => {
    const html = accountPage(
      { ...record, invoices: record.invoices.map(({ paymentUrl: _p, ...invoice }) => invoice) },
      view,
    );
    expect(html).not.toContain('Pay now');
    expect(html).toContain('reply to any email from Example Energy and we will tell you how to pay');
  });

  it('speaks Spanish when switched, with amounts and dates for the locale', () => {
    const html = accountPage(record, spanish);
    expect(html).toContain('<html lang="es">');
    expect(html).toContain('Pagar ahora');
    expect(html).toContain('1 de noviembre de 2026');
    expect(html).toContain('179,50');
    expect(html).toContain('href="/case/abc/history?lang=es">Historial</a>');
    expect(html).toContain('<a href="/case/abc?lang=en" lang="en" hreflang="en">English</a>');
  });

  it('offers no payment once the case is placed', () => {
    const html = accountPage({ ...record, status: 'placed' }, view);
    expect(html).not.toContain('Pay now');
    expect(html).toContain('referred this account to a collection agency');
  });
});

describe('the history page', () => {
  it('lists messages and actions newest first, on the debtor’s clock', () => {
    const html = historyPage(
      [
        { type: 'CaseOpened', at: '2026-11-05T09:00:00.000Z', data: { invoiceId: 'INV-1' } },
        {
          type: 'EmailSent',
          at: '2026-11-05T09:00:01.000Z',
          data: { kind: 'friendly', subject: 'A friendly reminder' },
        },
        { type: 'PromiseMade', at: '2026-11-06T13:30:00.000Z', data: { promisedDate: '2026-12-14' } },
      ],
      viewFor({ debtor: { ...record.debtor, timeZone: 'America/New_York' } }),
    );
    expectAccessibleFrame(html);
    expect(html).toContain('<a href="/case/abc/history?lang=en" aria-current="page">History</a>');
    const promise = html.indexOf('You promised to pay by 14 December 2026.');
    const email = html.indexOf('Email: Your first reminder (subject “A friendly reminder”)');
    const opened = html.indexOf('Invoice INV-1 was overdue');
    expect(promise).toBeGreaterThan(0);
    expect(promise).toBeLessThan(email);
    expect(email).toBeLessThan(opened);
    expect(html).toContain('<time datetime="2026-11-06T13:30:00.000Z">6 Nov 2026, 08:30</time>');
  });

  it('says so when nothing has happened yet', () => {
    expect(historyPage([], view)).toContain('Nothing has happened on your account yet.');
  });
});

describe('the thank-you page after the case closes', () => {
  const paid: CaseRecord = { ...record, status: 'paid', balance: { amount: 0, currency: 'GBP' } };

  it('thanks, and asks one question: 1 to 5 in a fieldset, an optional comment, with the CSRF token', () => {
    const html = thankYouPage(paid, view, { csrf: 'tok', current: 'account' });
    expectAccessibleFrame(html);
    expect(html).toContain('Paid in full — thank you.');
    expect(html).toContain('<form method="post" action="/case/abc/survey?lang=en" novalidate>');
    expect(html).toContain('name="csrf" value="tok"');
    expect(html).toMatch(/<fieldset aria-describedby="score-hint">\n<legend>How did we do\?<\/legend>/);
    for (const score of ['1', '2', '3', '4', '5'])
      expect(html).toContain(`<input type="radio" id="score-${score}" name="score" value="${score}">`);
    expect(html).toContain('<textarea id="comment" name="comment" rows="4" maxlength="1000"');
    expect(html).not.toContain('Pay now');
  });

  it('an invalid answer comes back with an error summary linking to each field, the error beside it, values kept', () => {
    const html = thankYouPage(paid, spanish, {
      csrf: 'tok',
      state: { values: { comment: 'x<y' }, errors: { score: 'score-required' } },
    });
    expect(html).toMatch(/<title>Error: Gracias · Example Energy<\/title>/);
    expect(html).toContain('<div class="error-summary" role="alert"');
    expect(html).toContain('<li><a href="#score-1">Elija un número del 1 al 5.</a></li>');
    expect(html).toContain('<p class="error" id="score-error">Elija un número del 1 al 5.</p>');
    expect(html).toContain('aria-describedby="score-hint score-error" aria-invalid="true"');
    expect(html).toContain('>x&lt;y</textarea>');
  });

  it('once answered, just thanks; the confirmation says it is in the history', () => {
    expect(
      thankYouPage({ ...paid, surveyAnsweredAt: '2026-11-21T10:00:00Z' }, view, { csrf: 't' }),
    ).toContain('You have already answered');
    expect(surveyMessagePage(view, 'done')).toContain('It now appears in your History.');
    expect(surveyMessagePage(spanish, 'answered')).toContain('Ya respondió');
  });
});

describe('action forms', () => {
  it('an invalid form: "Error:" in the title, a summary linking to the field, the error tied to it', () => {
    const html = actionFormPage({
      record,
      action: 'promise',
      view,
      csrf: 'tok',
      latestPromiseDate: '2026-12-20',
      state: { values: { date: 'soon' }, errors: { date: 'date-format' } },
    });
    expectAccessibleFrame(html);
    expect(html).toContain('<title>Error: Promise a date to pay</title>');
    expect(html).toContain('<a href="#date">Enter the date as year, month and day');
    expect(html).toContain('aria-describedby="date-hint date-error" aria-invalid="true"');
    expect(html).toContain('<form method="post" action="/case/abc/promise?lang=en" novalidate>');
  });

  it('the plan form’s summary uses the plan form’s words', () => {
    const html = actionFormPage({
      record,
      action: 'hardship',
      view,
      csrf: 'tok',
      latestPromiseDate: '2026-12-20',
      state: { values: {}, errors: { reason: 'reason-required' } },
    });
    expect(html).toContain('<a href="#reason-job-loss">Choose what has happened.</a>');
  });
});

describe('pages without a case', () => {
  it('gives one plain page for every bad link, with how to get a new one', () => {
    expect(linkNotFoundPage('en')).toContain('reply to that email and we will send you a new one');
    expect(linkNotFoundPage('es')).toContain('<a href="?lang=en" lang="en" hreflang="en">English</a>');
    expect(homePage()).toContain('open the link in the most recent email');
    expectAccessibleFrame(homePage('es'));
  });

  it('picks the language from Accept-Language', () => {
    expect(languageFromHeader('es-ES,es;q=0.9')).toBe('es');
    expect(languageFromHeader('en-US')).toBe('en');
    expect(languageFromHeader(undefined)).toBe('en');
  });
});

describe('security headers', () => {
  it('allow the one inline stylesheet by its hash, and nothing inline else', () => {
    const csp = SECURITY_HEADERS['content-security-policy'];
    expect(csp).toContain(`style-src 'sha256-${STYLE_HASH}'`);
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(SECURITY_HEADERS['referrer-policy']).toBe('no-referrer');
    expect(homePage()).not.toMatch(/<script/);
  });
});
