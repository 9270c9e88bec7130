import type { EmailContext, EmailKind, PlanSchedule } from '../../functions/domain/emails.ts';
import type { Money } from '../../functions/domain/money.ts';

/** Email contexts for the tests: one that fits every kind of email, as a handler would pass it. */
export const gbp = (amount: number): Money => ({ amount, currency: 'GBP' });

export const threeMonths: PlanSchedule = {
  instalments: [
    { number: 1, dueDate: '2026-12-01', amount: gbp(4317) },
    { number: 2, dueDate: '2027-01-01', amount: gbp(4317) },
    { number: 3, dueDate: '2027-02-01', amount: gbp(4316) },
  ],
  total: gbp(12950),
};
export const twoMonths: PlanSchedule = {
  instalments: [
    { number: 1, dueDate: '2026-12-01', amount: gbp(6475) },
    { number: 2, dueDate: '2027-01-01', amount: gbp(6475) },
  ],
  total: gbp(12950),
};

export const base: EmailContext = {
  kind: 'friendly',
  debtorName: 'Alex <Morgan>',
  creditor: {
    name: 'Example Energy accounts team',
    email: 'accounts@example.com',
    phone: '+44 20 7946 0000',
    supportHours: 'Monday to Friday, 9am to 5pm',
  },
  locale: 'en-GB',
  balance: gbp(12950),
  invoices: [{ invoiceId: 'INV-1', amountDue: gbp(12950), dueDate: '2026-11-19' }],
  accountUrl: 'https://pay.example.com/case/abc.def',
  agencyReferralDate: '2026-12-14',
};

/** Everything any kind may need, as a handler would pass it. */
export const full: Omit<EmailContext, 'kind'> = {
  ...base,
  optOutUrl: 'https://pay.example.com/case/stop.ghi',
  partialPayment: { amount: gbp(5000) },
  promiseDate: '2026-12-01',
  planOptions: [threeMonths, twoMonths],
  plan: threeMonths,
  instalment: { number: 2, dueDate: '2027-01-01', amount: gbp(4317) },
  pauseUntil: '2027-01-15',
  affordablePerMonth: gbp(4500),
  callback: { phone: '+44 7700 900123', preferredTime: 'weekday mornings' },
};

export function contextFor(
  kind: EmailKind,
  locale = 'en-GB',
  extra: Partial<EmailContext> = {},
): EmailContext {
  const dispute =
    kind === 'disputeUpheld'
      ? { dispute: { outcome: 'upheld' as const, note: 'The meter was misread.' } }
      : kind === 'disputeRejected'
        ? { dispute: { outcome: 'rejected' as const, note: 'The reading was confirmed.' } }
        : {};
  return { ...full, ...dispute, kind, locale, ...extra };
}
