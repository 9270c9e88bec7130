import type { AgencyEndReason } from '../contract/agency.ts';
import type { PauseReason, Reply } from './journey.ts';
import type { Money } from './money.ts';
import type { PlanOffer } from './plans.ts';
import type { Rung } from './policy.ts';
import type { OfferOnCase } from './settlement.ts';
import type { ChannelPreference } from './text-messages.ts';

/** A document recorded on the case (the case item's `disputeDocuments`). */
export type DisputeDocument = {
  documentId: string;
  /** Where the checked copy lives: `disputes/<caseId>/<documentId>`. */
  key: string;
  contentType: string;
  size: number;
  /** Safe to show: made from the order and type, never from the debtor's file name. */
  displayName: string;
  addedAt: string;
};

/** A payment plan the debtor accepted, as the case keeps it (see plan-journey.ts). */
export type CasePlan = {
  offer: PlanOffer;
  acceptedAt: string;
  /** The plan's day 0, in the debtor's calendar. */
  acceptedOn: string;
  /** The balance when the plan started: what the instalments pay off. */
  balanceAtStart: Money;
  /** The last instalment a reminder was sent for, and how many misses the debtor was told of. */
  remindedFor: number;
  missesNotified: number;
};

export type CaseStatus = 'open' | 'paid' | 'credited' | 'written-off' | 'placed' | 'held-for-person';
/**
 * A placed case is not terminal (issue 14): it stays workable while the agency works it (payments
 * lower its balance and are forwarded, a dispute recalls it) until the agency reports or its term ends.
 */
export const TERMINAL_STATUSES: readonly CaseStatus[] = ['paid', 'credited', 'written-off'];

/**
 * A case a supervisor wrote off is closing: its workflow has yet to take the write-off and close it,
 * and nothing else may change it in between (no pause, no resume, no debtor's action), or the
 * write-off's reply would be replaced by another and the case carry on. A payment still counts.
 */
export const isClosing = (record: { writtenOff?: unknown }): boolean => record.writtenOff !== undefined;

/**
 * What the debtor owes on the case now: nothing once it is written off (a supervisor's write-off, or
 * a return its agency's policy writes off, issue 14), though the case keeps the figure it was written
 * off at; else its balance. What a message and the statement tell the debtor.
 */
export const owedBalance = (record: { status: CaseStatus; balance: Money }): Money =>
  record.status === 'written-off' ? { amount: 0, currency: record.balance.currency } : record.balance;

/** Open, held for a person, or placed with an agency: new invoices join it and payments lower its balance. */
export const isActive = (status: CaseStatus): boolean => !TERMINAL_STATUSES.includes(status);

export type InvoiceRef = {
  invoiceId: string;
  amountDue: Money;
  dueDate: string;
  paymentUrl?: string;
  /** The invoice document, when the billing event carried one. */
  invoiceUrl?: string;
  /** The customer's purchase-order number, when billing gave one (business segments quote it). */
  purchaseOrder?: string;
};

export type DebtorProfile = {
  name: string;
  email: string;
  locale: string;
  timeZone: string;
  segment: string;
  /** Billing marked the debtor as needing extra care (Invoice Overdue's `debtor.vulnerable`). */
  vulnerable?: boolean;
  /** The debtor's mobile number (E.164), from billing or the portal (issue 16). */
  phone?: string;
  /** The debtor agreed to texts (billing's `smsConsent`, or the portal); withdrawn by a STOP. */
  smsConsent?: boolean;
  /** How the debtor prefers to hear from us; email when unset. */
  preferredChannel?: ChannelPreference;
};

/**
 * Collection is paused (no reminders) until the end of `until`, for `reason`. Only a promise's
 * pause carries the date promised (promiseToPay always sets it; the type still lets a reader
 * written before this union fall back to `until`).
 */
export type Pause =
  | { reason: 'promise'; until: string; since: string; promisedDate?: string }
  | { reason: Exclude<PauseReason, 'promise'>; until: string; since: string; promisedDate?: never };

/** The debtor's dispute: open until billing resolves it; only a resolved one has a resolution note. */
export type Dispute = { disputeId?: string; reason: string; note?: string; openedAt: string } & (
  | { status: 'open'; resolutionNote?: never }
  | { status: 'upheld' | 'rejected'; resolutionNote?: string }
);

/**
 * The placement as the case keeps it (issue 14): which agency, since when, and, once it ended, when
 * and why (a recall of ours, the agency's report, or its term). Report ids make reports idempotent.
 */
export type AgencyPlacement = {
  agencyId: string;
  placedAt: string;
  termDays: number;
  endedAt?: string;
  endReason?: AgencyEndReason;
  reportIds?: string[];
  /**
   * Which placement of the case this is, from the second on (issue 14: a supervisor may place a case
   * an agency returned again); absent for the first.
   */
  round?: number;
};

/** The case as the domain sees it (DESIGN §5): what the debtor owes, and everything said and done. */
export type Case = {
  caseId: string;
  accountId: string;
  caseNumber: number;
  status: CaseStatus;
  rung?: Rung;
  balance: Money;
  invoices: InvoiceRef[];
  debtor: DebtorProfile;
  /**
   * False when the billing event named no zone and `debtor.timeZone` is the policy's default: good
   * for calendar dates, but the contact window then fails closed (DESIGN §3).
   */
  timeZoneKnown?: boolean;
  openedAt: string;
  closedAt?: string;
  /** Counts the workflow's returns to the ladder, so a resumed rung sends a fresh notice. */
  cycle?: number;
  pause?: Pause;
  /** A promise the debtor made and did not keep: the next reminder says so, kindly. */
  brokenPromiseDate?: string;
  /** The next reminder is this notice instead (a rejected dispute's outcome, explained). */
  noticeOnResume?: 'disputeRejected';
  /** The debtor asked for no more emails: none is ever sent again (DESIGN §3). */
  optedOutAt?: string;
  dispute?: Dispute;
  /** Documents the debtor added to their dispute, checked (see documents.ts); at most five. */
  disputeDocuments?: DisputeDocument[];
  /** The early-settlement offer the final notice made (see settlement.ts). */
  settlementOffer?: OfferOnCase;
  /** A payment plan the debtor accepted (see plan-journey.ts). */
  plan?: CasePlan;
  hardship?: { reason: string; affordablePerMonthMinor: number; note?: string; declaredAt: string };
  /** The debtor's latest request to talk to a person (the AR team calls back). */
  callback?: { phone: string; preferredTime: string; note?: string; requestedAt: string };
  /** A legal pause (e.g. breathing space): no contact at all until resumed. */
  legalPause?: { reason: string; since: string; until?: string };
  /** Invoices billing cancelled on this case (each is credited once). */
  cancelledInvoiceIds?: string[];
  /** A supervisor referred the case to the agency (issue 12): a person's referral, not an automatic one. */
  referralApprovedBy?: { by: string; at: string };
  /** A supervisor declined the referral waiting for approval in this turn of the case (its cycle: issue 12). */
  referralDeclined?: { by: string; at: string; cycle: number };
  /** A supervisor wrote the balance off (issue 12): the workflow closes the case as written off. */
  writtenOff?: { at: string; by: string; note?: string };
  /** The debtor answered the one-question survey after the case closed (once per case). */
  surveyAnsweredAt?: string;
  /** Snooze to payday (issue 16): the date the debtor asked to be reminded on, once per case. */
  snooze?: { remindOn: string; requestedAt: string };
  /** Fewer reminders (issue 16): the debtor chose the policy's gentlest cadence. */
  cadence?: 'gentle';
  /** The debtor withdrew consent to texts (a STOP, or the portal): no text goes again (issue 16). */
  smsOptedOutAt?: string;
  /** The confirmation text went (before the first text of the case): when. */
  smsWelcomedAt?: string;
  /** The agency the case was placed with (issue 14), and how the placement ended. */
  agency?: AgencyPlacement;
};

/**
 * What the case keeps for its workflow and its writers, beside the domain case: the execution, the
 * task token a waiting state holds, the reply waiting for one, the events already announced, and
 * the version every versioned commit checks.
 */
export type CaseWorkflowState = {
  executionName: string;
  executionArn?: string;
  /** The state waiting on `taskToken`, for operators. */
  waitingState?: string;
  taskToken?: string;
  /** A reply for the workflow that no waiting state has taken yet (the next one answers it). */
  pendingReply?: Reply & { deliveredTo?: string; deliveringSince?: string };
  caseOpenedAnnouncedAt?: string;
  casePlacedAnnouncedAt?: string;
  caseResolvedAnnouncedAt?: string;
  /** Moves on with every versioned commit; a decision is written only if it is still the version read. */
  version: number;
};

/**
 * The case as the use cases, the workflow tasks and the pages get it: the domain case with its
 * workflow state. The stored item adds only its keys (adapters/dynamodb/case-item.ts maps it).
 */
export type CaseRecord = Case & CaseWorkflowState;

/** A field of the case a change may set or remove (its id and version move only with the store's commit). */
export type CaseField = Exclude<keyof CaseRecord, 'caseId' | 'version'>;

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

/** No automated email may go to this debtor now (opt-out or legal pause); DESIGN §3. */
export function contactBlocked(record: Pick<CaseRecord, 'optedOutAt' | 'legalPause'>): string | undefined {
  if (record.optedOutAt) return 'the debtor opted out of email';
  if (record.legalPause) return `collection is legally paused (${record.legalPause.reason})`;
  return undefined;
}

/** The invoice as a case keeps it, from the billing event's fields (the links only when given). */
export function invoiceRefOf(invoice: {
  invoiceId: string;
  amountDue: Money;
  dueDate: string;
  paymentUrl?: string | undefined;
  invoiceUrl?: string | undefined;
  purchaseOrder?: string | undefined;
}): InvoiceRef {
  return {
    invoiceId: invoice.invoiceId,
    amountDue: invoice.amountDue,
    dueDate: invoice.dueDate,
    ...(invoice.paymentUrl ? { paymentUrl: invoice.paymentUrl } : {}),
    ...(invoice.invoiceUrl ? { invoiceUrl: invoice.invoiceUrl } : {}),
    ...(invoice.purchaseOrder ? { purchaseOrder: invoice.purchaseOrder } : {}),
  };
}

/**
 * A new case, the account's `caseNumber`th, opened by its first overdue invoice at `openedAt`:
 * open, owing the invoice, at version 1.
 */
export function newCase(opening: {
  accountId: string;
  caseNumber: number;
  invoice: InvoiceRef;
  debtor: DebtorProfile;
  openedAt: string;
  timeZoneKnown?: boolean;
}): CaseRecord {
  return {
    caseId: caseIdFor(opening.accountId, opening.caseNumber),
    accountId: opening.accountId,
    caseNumber: opening.caseNumber,
    status: 'open',
    balance: opening.invoice.amountDue,
    invoices: [opening.invoice],
    debtor: opening.debtor,
    ...(opening.timeZoneKnown === false ? { timeZoneKnown: false } : {}),
    openedAt: opening.openedAt,
    executionName: executionNameFor(opening.accountId, opening.caseNumber),
    version: 1,
  };
}
