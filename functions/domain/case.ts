import type { Money } from './money.ts';
import type { Rung } from './policy.ts';

export type CaseStatus = 'open' | 'paid' | 'placed' | 'held-for-person';
export const TERMINAL_STATUSES: readonly CaseStatus[] = ['paid', 'placed'];

/** Open, or held for a person: new invoices join it and payments lower its balance. */
export const isActive = (status: CaseStatus): boolean => !TERMINAL_STATUSES.includes(status);

export type InvoiceRef = { invoiceId: string; amountDue: Money; dueDate: string; paymentUrl?: string };

export type DebtorProfile = {
  name: string;
  email: string;
  locale: string;
  timeZone: string;
  segment: string;
};

/** The case item (DESIGN §5), as the domain sees it. */
export type CaseRecord = {
  caseId: string;
  accountId: string;
  caseNumber: number;
  status: CaseStatus;
  rung?: Rung;
  balance: Money;
  invoices: InvoiceRef[];
  debtor: DebtorProfile;
  openedAt: string;
  closedAt?: string;
  executionName: string;
  executionArn?: string;
  /** The state waiting on `taskToken`, for operators. */
  waitingState?: string;
  taskToken?: string;
  version: number;
  caseOpenedAnnouncedAt?: string;
  casePlacedAnnouncedAt?: string;
  caseResolvedAnnouncedAt?: string;
};

/** Execution names are unique per state machine and readable: the account, then the case number. */
export function executionNameFor(accountId: string, caseNumber: number): string {
  return `${accountId}-case-${caseNumber}`;
}

export function caseIdFor(accountId: string, caseNumber: number): string {
  return `${accountId}-${caseNumber}`;
}

/** The payment link to offer: the newest invoice that came with one. */
export function paymentUrlOf(record: Pick<CaseRecord, 'invoices'>): string | undefined {
  return [...record.invoices].reverse().find((invoice) => invoice.paymentUrl)?.paymentUrl;
}

/** What the workflow is told when a waiting task is answered. */
export type Reply = { outcome: 'paid'; paymentId?: string };
