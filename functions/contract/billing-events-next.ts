import { CaseIdSchema, DisputeIdSchema } from './case-events.ts';
import {
  BillingDetailType,
  InvoiceDueSoonDetailSchema,
  InvoiceOverdueDetailSchema,
  MoneySchema,
  PaymentReceivedDetailSchema,
} from './events.ts';
import * as z from './zod.ts';

/**
 * The billing system's events that issue #3 adds (in), on the collections bus from the billing
 * sources. Same rules as `Invoice Overdue` and `Payment Received` in events.ts: parsed with zod at
 * the edge; an invalid one goes to its dead-letter queue with the reason.
 */
export const NextBillingDetailType = {
  disputeResolved: 'Dispute Resolved',
  invoiceCancelled: 'Invoice Cancelled',
  collectionPaused: 'Collection Paused',
  collectionResumed: 'Collection Resumed',
} as const;

const accountId = InvoiceOverdueDetailSchema.shape.accountId;
const identifier = InvoiceOverdueDetailSchema.shape.invoiceId;
const isoDate = InvoiceOverdueDetailSchema.shape.dueDate;

export const DisputeResolvedDetailSchema = z.object({
  accountId,
  caseId: z
    .optional(CaseIdSchema)
    .check(z.describe('The case the dispute was raised on; the open case if absent.')),
  disputeId: z
    .optional(DisputeIdSchema)
    .check(z.describe('As sent in DisputeOpened; the open dispute if absent.')),
  outcome: z
    .enum(['upheld', 'rejected'])
    .check(z.describe('upheld: the debt is credited; rejected: collection resumes.')),
  note: z
    .optional(z.string().check(z.trim()).check(z.maxLength(2000)))
    .check(z.describe('The outcome explained; the debtor may be shown it.')),
});

export const InvoiceCancelledDetailSchema = z.object({
  accountId,
  invoiceId: identifier,
  reason: z.optional(z.string().check(z.trim()).check(z.maxLength(200))),
  amountCredited: z
    .optional(MoneySchema)
    .check(z.describe('What was credited; the whole invoice if absent.')),
});

export const CollectionPausedDetailSchema = z.object({
  accountId,
  reason: z
    .string()
    .check(z.trim())
    .check(z.minLength(1))
    .check(z.maxLength(100))
    .check(z.describe('Why all contact must stop, e.g. breathing-space.')),
  until: z
    .optional(isoDate)
    .check(z.describe('The last day of the pause, if known; otherwise until Collection Resumed.')),
});

export const CollectionResumedDetailSchema = z.object({ accountId });

export type DisputeResolvedDetail = z.infer<typeof DisputeResolvedDetailSchema>;
export type InvoiceCancelledDetail = z.infer<typeof InvoiceCancelledDetailSchema>;
export type CollectionPausedDetail = z.infer<typeof CollectionPausedDetailSchema>;
export type CollectionResumedDetail = z.infer<typeof CollectionResumedDetailSchema>;

type BillingEvent = { schema: z.ZodMiniObject; description: string };

/** Every event in, by detail-type: today's two (events.ts) and the four above. */
export const BILLING_EVENTS = {
  [BillingDetailType.invoiceOverdue]: {
    schema: InvoiceOverdueDetailSchema,
    description:
      'When an invoice passes its due date unpaid; it opens a case for the account, or joins the open one.',
  },
  [BillingDetailType.paymentReceived]: {
    schema: PaymentReceivedDetailSchema,
    description:
      'When the account pays, in full or in part; it lowers the open case’s balance and closes the case at zero.',
  },
  [BillingDetailType.invoiceDueSoon]: {
    schema: InvoiceDueSoonDetailSchema,
    description:
      'When an invoice falls due soon; it opens no case: a friendly note without a demand, with a link to pay early (billing’s `paymentUrl`, else the portal), goes the policy’s number of days (`dueSoonNoteDaysBefore`) before the due date, within the contact window and the weekly cap, once per invoice, unless a case has the invoice by then (it became overdue).',
  },
  [NextBillingDetailType.disputeResolved]: {
    schema: DisputeResolvedDetailSchema,
    description:
      'When the AR team has decided a dispute; upheld closes the case as credited, rejected resumes it with a fresh notice.',
  },
  [NextBillingDetailType.invoiceCancelled]: {
    schema: InvoiceCancelledDetailSchema,
    description:
      'When billing cancels or credits an invoice; it lowers the open case’s balance and closes the case as credited at zero.',
  },
  [NextBillingDetailType.collectionPaused]: {
    schema: CollectionPausedDetailSchema,
    description:
      'When a legal pause such as a breathing space begins; no contact at all is made until it ends.',
  },
  [NextBillingDetailType.collectionResumed]: {
    schema: CollectionResumedDetailSchema,
    description: 'When a legal pause ends; the case carries on where it stopped, without doubled messages.',
  },
} as const satisfies Record<string, BillingEvent>;

export type BillingEventType = keyof typeof BILLING_EVENTS;
