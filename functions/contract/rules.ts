import { BillingDetailType } from './events.ts';

/**
 * The bus rules, defined once: the CDK stack deploys them and the local EventBridge applies them.
 * Each rule feeds a buffering queue whose consumer is the named function (DESIGN §8).
 */
export type BillingRule = {
  /** Construct id and local name. */
  id: 'InvoiceOverdue' | 'PaymentReceived';
  detailType: string;
  /** The function (see lib/functions.ts) that consumes the rule's queue. */
  consumer: 'receiveOverdueInvoice' | 'receivePayment';
  /** Environment variable through which the consumer learns its dead-letter queue's URL. */
  deadLetterQueueUrlEnv: 'INVOICE_OVERDUE_DLQ_URL' | 'PAYMENT_RECEIVED_DLQ_URL';
};

export const BILLING_RULES: readonly BillingRule[] = [
  {
    id: 'InvoiceOverdue',
    detailType: BillingDetailType.invoiceOverdue,
    consumer: 'receiveOverdueInvoice',
    deadLetterQueueUrlEnv: 'INVOICE_OVERDUE_DLQ_URL',
  },
  {
    id: 'PaymentReceived',
    detailType: BillingDetailType.paymentReceived,
    consumer: 'receivePayment',
    deadLetterQueueUrlEnv: 'PAYMENT_RECEIVED_DLQ_URL',
  },
];

/** The EventBridge event pattern of a rule, as deployed and as matched locally. */
export function billingRulePattern(rule: BillingRule, billingSources: readonly string[]) {
  return { source: [...billingSources], 'detail-type': [rule.detailType] };
}

/** Queue settings shared by the stack and the local queue emulator. */
export const INTAKE_QUEUE = {
  /** Receives before a message that keeps failing moves to the dead-letter queue. */
  maxReceiveCount: 5,
  batchSize: 10,
  /** Bounded concurrency keeps StartExecution under its refill rate in a 100,000-invoice batch. */
  maxConcurrency: 5,
  visibilityTimeoutSeconds: 180,
} as const;
