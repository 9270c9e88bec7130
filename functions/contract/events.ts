import { isValidTimeZone } from '../domain/dates.ts';
import { E164 } from '../domain/text-messages.ts';
import * as z from './zod.ts';

/** The billing system's events (in) and the case's events (out) on the collections bus. */
export const DEFAULT_EVENT_BUS_NAME = 'collections';
export const DEFAULT_BILLING_SOURCE = 'billing';
/** Source of every event this system emits; billing and agencies subscribe to it. */
export const COLLECTIONS_SOURCE = 'customer-first-collections';

export const BillingDetailType = {
  invoiceOverdue: 'Invoice Overdue',
  paymentReceived: 'Payment Received',
  /** Issue 16: an invoice falls due soon; a friendly note goes the policy's number of days before. */
  invoiceDueSoon: 'Invoice Due Soon',
} as const;

export const CaseDetailType = {
  caseOpened: 'CaseOpened',
  reminderSent: 'ReminderSent',
  casePlacedWithAgency: 'CasePlacedWithAgency',
  caseForwardedToAgency: 'CaseForwardedToAgency',
  caseResolved: 'CaseResolved',
  promiseMade: 'PromiseMade',
  promiseBroken: 'PromiseBroken',
  disputeOpened: 'DisputeOpened',
  manualFollowUpNeeded: 'ManualFollowUpNeeded',
  planAgreed: 'PlanAgreed',
  instalmentMissed: 'InstalmentMissed',
  planBroken: 'PlanBroken',
  hardshipDeclared: 'HardshipDeclared',
  callbackRequested: 'CallbackRequested',
  settlementOffered: 'SettlementOffered',
  surveyAnswered: 'SurveyAnswered',
  planOffered: 'PlanOffered',
  hardshipCheckCompleted: 'HardshipCheckCompleted',
} as const;

const isoDate = z
  .string()
  .check(z.regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date written YYYY-MM-DD'))
  .check(
    z.refine((value) => {
      const time = Date.parse(`${value}T00:00:00Z`);
      // Date.parse rolls 30 February over into March; a real date survives the round trip.
      return !Number.isNaN(time) && new Date(time).toISOString().slice(0, 10) === value;
    }, 'is not a real calendar date'),
  );

const timeZone = z.string().check(
  // Each zone's formatter is made once (domain/dates.ts): every billing event carries a zone.
  z.refine(isValidTimeZone, 'must be an IANA time zone such as Europe/Madrid'),
);

const locale = z.string().check(
  z.refine((tag) => {
    try {
      return Intl.getCanonicalLocales(tag).length === 1;
    } catch {
      return false;
    }
  }, 'must be a BCP 47 language tag such as en-GB'),
);

export const MoneySchema = z.object({
  amount: z
    .number()
    .check(z.int('must be an integer number of minor units (cents, pence)'))
    .check(z.positive('must be above zero')),
  currency: z
    .string()
    .check(z.regex(/^[A-Z]{3}$/, 'must be a three-letter ISO 4217 code such as EUR'))
    .check(
      z.refine((code) => Intl.supportedValuesOf('currency').includes(code), 'is not an ISO 4217 currency'),
    ),
});

export const DebtorSchema = z.object({
  name: z.string().check(z.trim()).check(z.minLength(1)).check(z.maxLength(200)),
  email: z.email(),
  locale: z.optional(locale),
  timeZone: z.optional(timeZone),
  segment: z.optional(z.string().check(z.trim()).check(z.minLength(1)).check(z.maxLength(50))),
  vulnerable: z
    .optional(z.boolean())
    .check(
      z.describe(
        'True when billing knows the debtor needs extra care (a customer in vulnerable circumstances): the case is never referred to an agency automatically; a person reviews it instead.',
      ),
    ),
  phone: z
    .optional(z.string().check(z.regex(E164, 'must be an E.164 number such as +15555550123')))
    .check(z.describe('The debtor’s mobile number, E.164. Texts go to it only with `smsConsent: true`.')),
  smsConsent: z
    .optional(z.boolean())
    .check(
      z.describe(
        'True when the debtor agreed to texts about their account (with `phone`). Without it no text is ever sent; the debtor may give or withdraw it on the portal, and a STOP withdraws it.',
      ),
    ),
  preferredChannel: z
    .optional(z.enum(['email', 'sms', 'both']))
    .check(
      z.describe(
        'How the debtor prefers to hear from us: `email` (the default), `sms` or `both`. A text needs `smsConsent`; without it email is used.',
      ),
    ),
});

const identifier = z
  .string()
  .check(z.minLength(1))
  .check(z.maxLength(64))
  .check(z.regex(/^[A-Za-z0-9._-]+$/, 'may hold only letters, digits, dot, underscore and dash'));

export const InvoiceOverdueDetailSchema = z.object({
  accountId: identifier,
  invoiceId: identifier,
  amountDue: MoneySchema,
  dueDate: isoDate,
  debtor: DebtorSchema,
  paymentUrl: z.optional(z.url({ protocol: /^https?$/ })),
  invoiceUrl: z
    .optional(z.url({ protocol: /^https$/ }).check(z.maxLength(2000)))
    .check(z.describe('The invoice document (PDF or page), linked from the debtor’s account page.')),
  purchaseOrder: z
    .optional(identifier)
    .check(
      z.describe(
        'The purchase-order number the customer raised for this invoice: business segments’ emails quote it beside the invoice number, as an accounts-payable team matches them.',
      ),
    ),
});

/**
 * Issue 16: billing tells of an invoice that falls due soon. No case opens: a friendly note without
 * a demand goes the policy's number of days before the due date (once per invoice).
 */
export const InvoiceDueSoonDetailSchema = z.object({
  accountId: identifier,
  invoiceId: identifier,
  amountDue: MoneySchema,
  dueDate: isoDate,
  debtor: DebtorSchema,
  paymentUrl: z
    .optional(z.url({ protocol: /^https?$/ }))
    .check(
      z.describe(
        'Where the invoice can be paid (billing’s page, as the portal’s pay button links it): the note’s link to pay early. Without it the note links to the portal.',
      ),
    ),
});

export const PaymentReceivedDetailSchema = z.object({
  accountId: identifier,
  invoiceId: z.optional(identifier),
  paymentId: identifier,
  amount: MoneySchema,
  paidAt: z.iso.datetime({ offset: true }),
});

export type Money = z.infer<typeof MoneySchema>;
export type Debtor = z.infer<typeof DebtorSchema>;
export type InvoiceOverdueDetail = z.infer<typeof InvoiceOverdueDetailSchema>;
export type InvoiceDueSoonDetail = z.infer<typeof InvoiceDueSoonDetailSchema>;
export type PaymentReceivedDetail = z.infer<typeof PaymentReceivedDetailSchema>;
