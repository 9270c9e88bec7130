import type { InvoiceOverdueDetail } from '../functions/contract/events.ts';
import { addDays, localDate } from '../functions/domain/dates.ts';

/** A few overdue invoices so a new user's mailbox fills up: two languages, two segments, one joined case. */
export function sampleOverdueInvoices(now: Date): InvoiceOverdueDetail[] {
  const daysAgo = (days: number) => addDays(localDate(now, 'UTC'), -days);
  return [
    {
      accountId: 'ACC-1001',
      invoiceId: 'INV-2026-0142',
      amountDue: { amount: 12_950, currency: 'GBP' },
      dueDate: daysAgo(4),
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
    {
      accountId: 'ACC-1002',
      invoiceId: 'INV-2026-0178',
      amountDue: { amount: 8_400, currency: 'EUR' },
      dueDate: daysAgo(3),
      debtor: {
        name: 'Lucía Fernández',
        email: 'lucia.fernandez@example.com',
        locale: 'es-ES',
        timeZone: 'Europe/Madrid',
        segment: 'consumer',
        // Texts too (issue 16): they land on the local phone.
        phone: '+34600100200',
        smsConsent: true,
        preferredChannel: 'both',
      },
      paymentUrl: 'https://billing.example.com/pay/INV-2026-0178',
    },
    {
      accountId: 'ACC-2001',
      invoiceId: 'INV-2026-0190',
      amountDue: { amount: 245_000, currency: 'USD' },
      dueDate: daysAgo(2),
      debtor: {
        name: 'Harbor Street Bakery',
        email: 'ap@harborstreetbakery.example',
        locale: 'en-US',
        timeZone: 'America/New_York',
        segment: 'small-business',
      },
      paymentUrl: 'https://billing.example.com/pay/INV-2026-0190',
    },
    {
      accountId: 'ACC-2001',
      invoiceId: 'INV-2026-0203',
      amountDue: { amount: 61_075, currency: 'USD' },
      dueDate: daysAgo(1),
      debtor: {
        name: 'Harbor Street Bakery',
        email: 'ap@harborstreetbakery.example',
        locale: 'en-US',
        timeZone: 'America/New_York',
        segment: 'small-business',
      },
      paymentUrl: 'https://billing.example.com/pay/INV-2026-0203',
    },
  ];
}
