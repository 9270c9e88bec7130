import { describe, expect, it } from 'vitest';
import { InvoiceOverdueDetailSchema, PaymentReceivedDetailSchema } from '../../functions/contract/events.ts';
import { PORTAL_ROUTES, portalFunctionFor } from '../../functions/contract/routes.ts';
import { BILLING_RULES, billingRulePattern } from '../../functions/contract/rules.ts';
import { FUNCTIONS } from '../../lib/functions.ts';
import { compileRoutes, matchRoute } from '../../local/api-gateway/routes.ts';
import { matchesPattern } from '../../local/eventbridge/event-pattern.ts';

const invoice = {
  accountId: 'ACC-1',
  invoiceId: 'INV-1',
  amountDue: { amount: 12950, currency: 'GBP' },
  dueDate: '2026-11-01',
  debtor: {
    name: 'Alex',
    email: 'alex@example.com',
    locale: 'en-GB',
    timeZone: 'Europe/London',
    segment: 'consumer',
  },
  paymentUrl: 'https://pay.example.com/INV-1',
};

describe('the billing event contract', () => {
  it('accepts a complete Invoice Overdue and one with only the required fields', () => {
    expect(InvoiceOverdueDetailSchema.parse(invoice)).toEqual(invoice);
    const { paymentUrl: _, ...minimal } = invoice;
    expect(
      InvoiceOverdueDetailSchema.safeParse({ ...minimal, debtor: { name: 'A', email: 'a@example.com' } })
        .success,
    ).toBe(true);
  });

  it.each([
    ['amount in major units', { amountDue: { amount: 129.5, currency: 'GBP' } }],
    ['zero amount', { amountDue: { amount: 0, currency: 'GBP' } }],
    ['lower-case currency', { amountDue: { amount: 1, currency: 'gbp' } }],
    ['31 April', { dueDate: '2026-04-31' }],
    ['a slashed date', { dueDate: '01/11/2026' }],
    ['a javascript: payment link', { paymentUrl: 'javascript:alert(1)' }],
    ['an account id with a slash', { accountId: 'ACC/1' }],
    ['a made-up locale', { debtor: { ...invoice.debtor, locale: 'xx-!!' } }],
  ])('refuses %s', (_name, change) => {
    expect(InvoiceOverdueDetailSchema.safeParse({ ...invoice, ...change }).success).toBe(false);
  });

  it('accepts a Payment Received with or without the invoice it pays', () => {
    const payment = {
      accountId: 'ACC-1',
      paymentId: 'PAY-1',
      amount: { amount: 500, currency: 'GBP' },
      paidAt: '2026-11-20T10:00:00+01:00',
    };
    expect(PaymentReceivedDetailSchema.safeParse(payment).success).toBe(true);
    expect(PaymentReceivedDetailSchema.safeParse({ ...payment, invoiceId: 'INV-1' }).success).toBe(true);
    expect(PaymentReceivedDetailSchema.safeParse({ ...payment, paidAt: 'yesterday' }).success).toBe(false);
  });

  it('routes each billing event type to exactly one rule, and only from the configured sources', () => {
    const allTypes = BILLING_RULES.flatMap((rule) => rule.detailTypes);
    expect(new Set(allTypes).size).toBe(allTypes.length);
    for (const rule of BILLING_RULES) {
      const pattern = billingRulePattern(rule, ['billing', 'erp']);
      for (const detailType of allTypes) {
        const event = { source: 'erp', 'detail-type': detailType, detail: {} };
        expect(matchesPattern(pattern, event)).toBe(rule.detailTypes.includes(detailType));
        expect(matchesPattern(pattern, { ...event, source: 'someone-else' })).toBe(false);
      }
    }
  });
});

describe('the portal routes', () => {
  it('name a deployed function for each route, the page a click opens served by the one that only reads', () => {
    for (const route of PORTAL_ROUTES) {
      expect(Object.keys(FUNCTIONS)).toContain(route.function);
      expect(portalFunctionFor(`${route.method} ${route.path}`)).toBe(route.function);
    }
    expect(portalFunctionFor('GET /case/{link}')).toBe('portalPages');
    expect(FUNCTIONS.portalPages.permissions).toEqual(['table:read', 'secret:read']);
    expect(portalFunctionFor('POST /case/{link}/{action}')).toBe('portalActions');
    expect(portalFunctionFor('GET /case/{link}/documents')).toBe('portalDocuments');
    expect(portalFunctionFor('DELETE /case/{link}')).toBeUndefined();
  });

  it('send the documents page, and only it, to the function that holds the bucket', () => {
    const local = compileRoutes(PORTAL_ROUTES);
    const served = (method: string, path: string) =>
      portalFunctionFor(matchRoute(local, method, path)?.compiled.routeKey ?? '');
    expect(served('GET', '/case/abc/documents')).toBe('portalDocuments');
    expect(served('GET', '/case/abc/history')).toBe('portalPages');
    expect(served('GET', '/case/abc')).toBe('portalPages');
    expect(served('GET', '/')).toBe('portalPages');
    expect(served('POST', '/case/abc/documents')).toBe('portalActions');
    expect(served('POST', '/case/abc/promise')).toBe('portalActions');
    expect(
      PORTAL_ROUTES.filter((route) => FUNCTIONS[route.function].permissions.some((p) => p.startsWith('s3:'))),
    ).toEqual([{ method: 'GET', path: '/case/{link}/documents', function: 'portalDocuments' }]);
  });
});
