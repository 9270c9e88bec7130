import { describe, expect, it } from 'vitest';
import type { CaseRecord } from '../../functions/domain/case.ts';
import { SECURITY_HEADERS, STYLE_HASH } from '../../functions/portal/layout.ts';
import { accountPage, homePage, languageFromHeader, linkNotFoundPage } from '../../functions/portal/pages.ts';

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

describe('the account page', () => {
  it('shows who is writing, the balance, each invoice with its due date, and Pay now to the newest payment page', () => {
    const html = accountPage(record, 'Example Energy accounts team');
    expect(html).toContain('From Example Energy accounts team');
    expect(html).toContain('£179.50');
    expect(html).toMatch(/INV-1<\/td><td class="amount">£129\.50<\/td><td>1 November 2026/);
    expect(html).toMatch(/INV-2<\/td><td class="amount">£50\.00<\/td><td>15 November 2026/);
    expect(html).toContain('<a class="button" href="https://pay.example.com/2" rel="noreferrer">Pay now</a>');
    expect(html).toContain('it can take a day');
    expect(html).toContain('Alex &lt;b&gt;Morgan&lt;/b&gt;');
  });

  it('speaks Spanish to a Spanish-speaking debtor', () => {
    const html = accountPage(
      { ...record, debtor: { ...record.debtor, locale: 'es-MX' } },
      'Equipo de cuentas',
    );
    expect(html).toContain('<html lang="es">');
    expect(html).toContain('Pagar ahora');
    expect(html).toContain('1 de noviembre de 2026');
  });

  it('offers no payment once the case is closed', () => {
    const html = accountPage(
      { ...record, status: 'paid', balance: { amount: 0, currency: 'GBP' } },
      'Example',
    );
    expect(html).not.toContain('Pay now');
    expect(html).toContain('This account is paid. Thank you.');
  });
});

describe('pages without a case', () => {
  it('gives one plain page for every bad link, with how to get a new one', () => {
    expect(linkNotFoundPage('en')).toContain('reply to that email and we will send you a new one');
    expect(linkNotFoundPage('es')).toContain('le enviaremos uno nuevo');
    expect(homePage()).toContain('open the link in the most recent email');
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
