import { NextBillingDetailType } from './billing-events-next.ts';
import { BillingDetailType, CaseDetailType, COLLECTIONS_SOURCE } from './events.ts';

/**
 * The bus rules, defined once: the CDK stack deploys them and the local EventBridge applies them.
 * Each rule feeds a buffering queue whose consumer is the named function (DESIGN §8).
 */
export type BillingRule = {
  /** Construct id and local name. */
  id: 'InvoiceOverdue' | 'PaymentReceived' | 'CaseUpdates' | 'InvoiceDueSoon';
  detailTypes: readonly string[];
  /** The function (see lib/functions.ts) that consumes the rule's queue. */
  consumer: 'receiveOverdueInvoice' | 'receivePayment' | 'receiveCaseUpdate' | 'receiveDueSoonInvoice';
  /** Environment variable through which the consumer learns its dead-letter queue's URL. */
  deadLetterQueueUrlEnv:
    | 'INVOICE_OVERDUE_DLQ_URL'
    | 'PAYMENT_RECEIVED_DLQ_URL'
    | 'CASE_UPDATE_DLQ_URL'
    | 'INVOICE_DUE_SOON_DLQ_URL';
};

export const BILLING_RULES: readonly BillingRule[] = [
  {
    id: 'InvoiceOverdue',
    detailTypes: [BillingDetailType.invoiceOverdue],
    consumer: 'receiveOverdueInvoice',
    deadLetterQueueUrlEnv: 'INVOICE_OVERDUE_DLQ_URL',
  },
  {
    id: 'PaymentReceived',
    detailTypes: [BillingDetailType.paymentReceived],
    consumer: 'receivePayment',
    deadLetterQueueUrlEnv: 'PAYMENT_RECEIVED_DLQ_URL',
  },
  {
    // What changes an open case from outside: disputes decided, credits, legal pauses.
    id: 'CaseUpdates',
    detailTypes: Object.values(NextBillingDetailType),
    consumer: 'receiveCaseUpdate',
    deadLetterQueueUrlEnv: 'CASE_UPDATE_DLQ_URL',
  },
  {
    // Issue 16: the note before the due date (no case opens; the mail carrier sends it when due).
    id: 'InvoiceDueSoon',
    detailTypes: [BillingDetailType.invoiceDueSoon],
    consumer: 'receiveDueSoonInvoice',
    deadLetterQueueUrlEnv: 'INVOICE_DUE_SOON_DLQ_URL',
  },
];

/** The EventBridge event pattern of a rule, as deployed and as matched locally. */
export function billingRulePattern(rule: BillingRule, billingSources: readonly string[]) {
  return { source: [...billingSources], 'detail-type': [...rule.detailTypes] };
}

/**
 * The pattern of an agency's rule (issue 14), as deployed (lib/constructs/agency-placement.ts) and as
 * matched locally: its placements and what is forwarded to it while it works a case.
 */
export function agencyRulePattern(agencyId: string) {
  return {
    source: [COLLECTIONS_SOURCE],
    'detail-type': [CaseDetailType.casePlacedWithAgency, CaseDetailType.caseForwardedToAgency],
    detail: { agencyId: [agencyId] },
  };
}

/** Queue settings shared by the stack and the local queue emulator. */
export const INTAKE_QUEUE = {
  /** Receives before a message that keeps failing moves to the dead-letter queue. */
  maxReceiveCount: 5,
  batchSize: 10,
  /**
   * Bounded concurrency keeps StartExecution under its refill rate in a 100,000-invoice batch:
   * maxConcurrency × recordsAtOnce lanes of ≤ 25 records/s each (≥ 40 ms a record) ≤ 300/s.
   */
  maxConcurrency: 5,
  /** Records of different accounts an invocation handles at once (one account's in order). */
  recordsAtOnce: 2,
  visibilityTimeoutSeconds: 180,
} as const;
