import type { InvoiceOverdueDetail, PaymentReceivedDetail } from '../contract/events.ts';
import type { OutboxCarrier } from '../contract/table.ts';
import type { AgencyPlacement, CaseRecord, CaseStatus, DebtorProfile } from '../domain/case.ts';
import type { CaseChange } from '../domain/case-updates.ts';
import type { DisputeDocument } from '../domain/documents.ts';
import type { DueSoonNote } from '../domain/due-soon.ts';
import type { RenderedEmail } from '../domain/emails.ts';
import type { FollowUp } from '../domain/follow-up.ts';
import type { Reply } from '../domain/journey.ts';
import type { Language } from '../domain/language.ts';
import type { QueueEntry } from '../domain/queues.ts';
import type { OfferOnCase } from '../domain/settlement.ts';
import type { TextEncoding } from '../domain/text-messages.ts';

/**
 * The persistence ports, one per concern. Use cases and the shared workflow code take these as
 * arguments; functions/adapters/dynamodb implements them over the single table, and tests may
 * implement them in memory. No business rule lives behind a port: the adapters only write what the
 * domain decided, under the conditions that keep concurrent writers apart.
 */

/** An entry in the case's timeline: immutable, written before the thing it records is acted on. */
export type TimelineEntry = {
  type: string;
  at: string;
  /** Stable id that makes the entry's key unique within the case. */
  entryId: string;
  data?: Record<string, unknown>;
};

/** The case changed between reading it and writing to it (its version moved on): read it again. */
export class CaseChangedError extends Error {
  override name = 'CaseChangedError';
}

/** Set once an event about the case is on the bus, so a retried task does not announce it again. */
export type AnnouncementFlag = 'caseOpenedAnnouncedAt' | 'casePlacedAnnouncedAt' | 'caseResolvedAnnouncedAt';

export type OpenOrJoinOutcome = { outcome: 'opened' | 'joined' | 'duplicate'; record: CaseRecord };
export type PaymentOutcome =
  | { outcome: 'applied' | 'duplicate'; record: CaseRecord }
  | { outcome: 'no-open-case' };

/** The case and its timeline: every change to a case is one versioned commit. */
export interface Cases {
  getCase(caseId: string): Promise<CaseRecord | undefined>;
  timeline(caseId: string): Promise<(TimelineEntry & { caseId: string })[]>;
  /**
   * Every case of the account, any status, oldest first (a Query on the account's index, never a
   * Scan). Read from an index: a write of the last moment may not show yet.
   */
  casesOfAccount(accountId: string): Promise<CaseRecord[]>;
  /** The account's open (or held) case, or the named one if it belongs to the account and is active. */
  activeCase(accountId: string, caseId?: string): Promise<CaseRecord | undefined>;
  /**
   * One open case per account: opens one, or adds the invoice to the open one. The invoice item is
   * the idempotency guard: a duplicate event changes nothing and reports the case it joined.
   */
  openOrJoinCase(
    detail: InvoiceOverdueDetail,
    debtor: DebtorProfile,
    now: Date,
    options?: { timeZoneKnown?: boolean },
  ): Promise<OpenOrJoinOutcome>;
  /** Lowers the open case's balance by a payment, once per paymentId (see domain/payment.ts). */
  applyPayment(detail: PaymentReceivedDetail, now: Date): Promise<PaymentOutcome>;
  /**
   * Records a debtor action or a system event on the case: the timeline entry and the change in one
   * transaction, guarded by the case's version (CaseChangedError when it moved on). Resolves the case
   * as stored afterwards.
   */
  recordAction(
    record: CaseRecord,
    change: Omit<CaseChange, 'timeline'>,
    entry: TimelineEntry,
  ): Promise<CaseRecord>;
  /** The debtor's survey answer on a closed case, once: false when it already has one. */
  recordSurveyAnswer(record: CaseRecord, entry: TimelineEntry): Promise<boolean>;
  /** Moves an active case (open, or held for a person) to its final status and frees the account: false when it had already closed. */
  closeCase(record: CaseRecord, status: CaseStatus, entry: TimelineEntry): Promise<boolean>;
  /**
   * Parks an open case (or one placed with an agency, issue 14) for a person: no automatic step
   * left; it enters that queue. A placed case's placement ends in the same write (`agency`).
   */
  holdForPerson(
    record: CaseRecord,
    entry: TimelineEntry,
    queue: QueueEntry,
    placement?: AgencyPlacement,
  ): Promise<void>;
  /**
   * Places an open case with an agency (issue 14): status placed, the placement kept, no work queue;
   * the account keeps it as its open case (payments go on lowering its balance). False when the case
   * was no longer open, or changed since `record` was read (its version): decide again on it as it is.
   */
  placeWithAgency(record: CaseRecord, placement: AgencyPlacement, entry: TimelineEntry): Promise<boolean>;
  /** The workflow runs; `announcedAt` when CaseOpened was announced with it (one write for both). */
  markExecutionStarted(caseId: string, executionArn: string, announcedAt?: string): Promise<void>;
  markAnnounced(caseId: string, flag: AnnouncementFlag, at: string): Promise<void>;
  /** Keeps the settlement offer the final notice makes, so a payment of its amount settles the case. */
  keepSettlementOffer(caseId: string, offer: OfferOnCase): Promise<void>;
  /** Forgets one-time notes once the email that carried them went. */
  clearNotes(caseId: string, fields: readonly ('brokenPromiseDate' | 'noticeOnResume')[]): Promise<void>;
}

/**
 * How an operator finds cases (the ops CLI's `case`): by account, by invoice, or by the debtor's
 * email (cases opened since the debtor lookup exists). Each answers case ids, oldest first.
 */
export interface CaseLookups {
  casesOfAccount(accountId: string): Promise<string[]>;
  caseOfInvoice(invoiceId: string): Promise<string | undefined>;
  casesOfDebtor(email: string): Promise<string[]>;
}

/** Which cases an inbound text is about: the cases of its sender's mobile number, oldest first (issue 16). */
export interface PhoneLookup {
  casesOfPhone(phone: string): Promise<string[]>;
}

/** The workflow's task tokens and the replies that wait on the case for them. */
export interface Replies {
  /**
   * The waiting state takes its turn: it keeps its task token, unless a reply is already waiting
   * for it; then it gets that reply (see domain/pending-reply.ts) to answer its own token with.
   */
  claimTurn(
    caseId: string,
    token: string,
    waitingState: string,
    rung?: string,
    /** The status the case must have: open (the default), held for a person (issue 12), or placed (issue 14). */
    options?: { status: 'open' | 'held-for-person' | 'placed' },
  ): Promise<{ claimed: true } | { claimed: false; record: CaseRecord; reply?: Reply }>;
  markDelivering(caseId: string, replyId: string, token: string): Promise<boolean>;
  unmarkDelivering(caseId: string, replyId: string): Promise<void>;
  clearPendingReply(caseId: string, replyId: string): Promise<void>;
}

export type MessageState = 'pending' | 'sent' | 'withheld';
/**
 * A message the send gate recorded for sending (state 'pending'): everything deliverEmail needs to
 * hand it to SES without the renderer. `email` is the RenderedEmail as the renderer made it, whole.
 */
export type PendingMessage = {
  caseId: string;
  messageKey: string;
  /** The debtor's address when the message was recorded. */
  to: string;
  email: RenderedEmail;
  recordedAt: string;
};
/**
 * A text the send gate recorded for sending (state 'pending'): everything deliverText needs to hand
 * it to the SMS service. Its marker is the message's key with TEXT_SUFFIX.
 */
export type PendingText = {
  caseId: string;
  messageKey: string;
  /** The debtor's mobile number (E.164) when the text was recorded. */
  to: string;
  body: string;
  segments: number;
  encoding: TextEncoding;
  /** The confirmation text that goes first (the case's first text to the debtor), until it went. */
  welcome?: string;
  recordedAt: string;
};
/** A text as the gate records it: the marker's content, its timeline entry, and what the case notes. */
export type RecordedText = {
  text: Omit<PendingText, 'caseId' | 'recordedAt'>;
  entry: TimelineEntry;
  /** Set on the case in the same write (the confirmation text went with this one). */
  set?: { smsWelcomedAt: string };
};
/** The key of a message's text beside its email (`MESSAGE#<key>.text`). */
export const textKey = (messageKey: string) => `${messageKey}.text`;

/** The texts the gate recorded and the texts that answer the debtor (STOP, HELP, consent). */
export interface TextRecords {
  /** When the number last texted STOP (and gave no consent since), if it did. */
  phoneStoppedAt(phone: string): Promise<string | undefined>;
  /** The number texted STOP: kept, so a case opened later starts without consent to texts. */
  markPhoneStopped(phone: string, at: string): Promise<void>;
  /** The debtor gave consent again on the portal: the number's STOP no longer stands. */
  clearPhoneStopped(phone: string): Promise<void>;
  /** Recorded texts still pending that were recorded by `recordedBy`, oldest first. */
  pendingTexts(recordedBy: Date, limit?: number): Promise<PendingText[]>;
  /** The marker still carries the confirmation (it has not gone yet): read consistently. */
  welcomePending(caseId: string, messageKey: string): Promise<boolean>;
  /** The confirmation went: the marker no longer carries it, so a retry sends only the text itself. */
  markWelcomeSent(caseId: string, messageKey: string): Promise<void>;
  /** The text went: its marker says sent, with the SMS service's id, and keeps no content. */
  markTextSent(caseId: string, messageKey: string, providerMessageId: string): Promise<void>;
  /**
   * A text that answers the debtor (a STOP's confirmation, HELP, consent given): outside the weekly
   * cap (it answers what they just did), recorded once with its timeline entry; false when it was.
   */
  recordServiceText(
    record: Pick<CaseRecord, 'caseId'>,
    text: Omit<PendingText, 'caseId' | 'recordedAt'>,
    entry: TimelineEntry,
  ): Promise<boolean>;
}

/** One send in a debtor's contact ledger (a real instant). */
export type LedgerSend = { at: string; caseId: string; messageKey: string };
/** An address no email reaches, since when and why (see domain/deliverability.ts). */
export type UndeliverableAddress = { since: string; reason: string };
export type ContactLedger = {
  sends: LedgerSend[];
  version: number;
  /** Set when the debtor's address is undeliverable: the send gate refuses it. */
  undeliverable?: UndeliverableAddress;
  /**
   * Set when the debtor stopped our emails for all their cases (issue 16: a note before a due date's
   * one-click link, or a complaint about one; kept with their preferences): every case's emails are
   * refused as an opt-out, as are the notes.
   */
  emailsStoppedAt?: string;
};
/** A message SES accepted, found again by SES's message id when an event about it comes in. */
export type SentMessage = {
  providerMessageId: string;
  caseId: string;
  messageKey: string;
  /** The address it went to (personal data: read it, never log it). */
  address: string;
};
/** What an SES event about a sent message changes, at once (see ContactRecords.recordEmailEvent). */
export type EmailEventWrite = {
  message: SentMessage;
  /**
   * The event's mark on the message, set once: a second delivery of the same event (SQS redelivers)
   * finds it and changes nothing ('duplicate').
   */
  mark: 'deliveredAt' | 'delayedAt' | 'bouncedAt' | 'complainedAt';
  at: string;
  /** Fields set on the message's EmailSent timeline entry (`deliveredAt`, `undeliveredAt`). */
  sentEntry?: Record<string, string>;
  /** A new timeline entry (EmailBounced, EmailDelayed, EmailComplaint). */
  entry?: TimelineEntry;
  /** The debtor's ledger without the message's send, only if it is still the version read. */
  ledger?: { read: ContactLedger; sends: LedgerSend[] };
  /** The address, undeliverable from now on (the first reason is kept). */
  undeliverable?: UndeliverableAddress;
  /** A change to the case, only if it is still the version read. */
  change?: {
    record: CaseRecord;
    set?: CaseChange['set'];
    reply?: CaseChange['reply'];
    /** The staff's work queues the case enters (an undeliverable address: issue 12). */
    queues?: CaseChange['queues'];
  };
};
export type EmailEventOutcome = 'recorded' | 'duplicate' | 'ledger-changed' | 'case-changed';
export type RecordSendOutcome = 'recorded' | 'ledger-changed' | 'already-recorded' | 'case-changed';

/** The debtor's contact ledger and each message's marker: what the send gate judges and records. */
export interface ContactRecords {
  contactLedger(email: string): Promise<ContactLedger>;
  messageState(caseId: string, messageKey: string): Promise<MessageState | undefined>;
  /**
   * Records a message that may go, in one transaction: the ledger (still the version read), the
   * message's marker, the timeline entry and the case's version (still the version read).
   */
  recordSend(
    record: CaseRecord,
    messageKey: string,
    ledger: { read: ContactLedger; sends: LedgerSend[]; expiresAt: number },
    entry: TimelineEntry | undefined,
    message: Pick<PendingMessage, 'to' | 'email'> | undefined,
    /** The same message as a text (issue 16): its own marker and timeline entry, in the same transaction. */
    text?: RecordedText,
  ): Promise<RecordSendOutcome>;
  /**
   * A contact that is not an email (a call a person made and reached the debtor on, issue 12), in
   * one transaction: the debtor's ledger with it (still the version read), the change to the case
   * (still the version read), its timeline entry and its queue moves. Decide again on a 'changed'.
   */
  recordContact(
    record: CaseRecord,
    change: Omit<CaseChange, 'timeline'>,
    entry: TimelineEntry,
    ledger: { read: ContactLedger; sends: LedgerSend[]; expiresAt: number },
  ): Promise<'recorded' | 'ledger-changed' | 'case-changed'>;
  /** Recorded messages still pending that were recorded by `recordedBy`, oldest first. */
  pendingMessages(recordedBy: Date, limit?: number): Promise<PendingMessage[]>;
  /** A message that may never go: on the timeline once, and its marker says so. */
  recordWithheld(record: CaseRecord, messageKey: string, entry: TimelineEntry): Promise<void>;
  /** A message that has to wait: on the timeline at most once per message. */
  recordDeferred(record: CaseRecord, messageKey: string, entry: TimelineEntry): Promise<boolean>;
  /**
   * The message went: its marker says sent (and no longer keeps the email's content), and SES's id
   * for it finds it again (with the address it went to) when SES tells what became of it; that
   * lookup expires after SENT_MESSAGE_KEEP_DAYS.
   */
  markMessageSent(
    caseId: string,
    messageKey: string,
    providerMessageId: string,
    address: string,
  ): Promise<void>;
  /** The message SES knows by this id, or undefined when it is not ours or no longer kept. */
  sentMessage(providerMessageId: string): Promise<SentMessage | undefined>;
  /** Records what SES said became of a message, in one transaction (see EmailEventWrite). */
  recordEmailEvent(write: EmailEventWrite): Promise<EmailEventOutcome>;
}

/** Short-lived rights to do something alone: a scheduled job's lease, a message's delivery claim. */
export interface Claims {
  takeLease(job: string, holder: string, now: Date, until: Date): Promise<boolean>;
  releaseLease(job: string, holder: string, now: Date): Promise<void>;
  claimDelivery(caseId: string, messageKey: string, now: Date, until: Date): Promise<boolean>;
  releaseDelivery(caseId: string, messageKey: string): Promise<void>;
}

type OutboxEntry = {
  caseId: string;
  /** Unique within the case: the message's key, or the follow-up's. */
  messageKey: string;
  /** Real instant from which it may go. */
  dueAt: string;
  queuedAt: string;
};
/** An email waiting to go through the send gate: deferred by it, or a follow-up of an action queued due now. */
export type OutboxEmail = OutboxEntry & {
  kind: string;
  purpose: string;
  agencyReferralDate?: string;
  extra?: Record<string, unknown>;
};
/** What an action, a payment or a reminder sets in motion besides email (see domain/follow-up.ts). */
export type OutboxFollowUp = OutboxEntry & { followUp: FollowUp };
export type OutboxItem = OutboxEmail | OutboxFollowUp;

/** Which carrier takes an outbox item: `followUp` items the follow-up carrier, emails the mail carrier. */
export const carrierOf = (item: OutboxItem): OutboxCarrier => ('followUp' in item ? 'followUp' : 'mail');

/**
 * Emails and follow-ups waiting in the outbox until they are due. The table's stream hands each new
 * item to its carrier at once; the carriers' schedule takes whatever is due later, or was left.
 */
export interface Outbox {
  putInOutbox(item: OutboxItem): Promise<void>;
  /** One carrier's items due by `now`, oldest first. */
  dueOutbox(carrier: OutboxCarrier, now: Date, limit?: number): Promise<OutboxItem[]>;
  /**
   * The right to carry a waiting item out alone until `until` (a scheduled run and a stream batch
   * may hold the same item): false when another holds it, or it is no longer waiting as it was.
   */
  claimOutboxItem(item: OutboxItem, now: Date, until: Date): Promise<boolean>;
  /** Gives the claim back after a failure, so the next attempt need not wait for it to run out. */
  releaseOutboxItem(item: OutboxItem): Promise<void>;
  removeFromOutbox(item: OutboxItem, now: Date): Promise<void>;
}

export type RecordDocumentOutcome = 'recorded' | 'duplicate' | 'refused';

/** The documents a debtor adds to their dispute. */
export interface Documents {
  recordDocument(
    record: Pick<CaseRecord, 'caseId'>,
    document: DisputeDocument,
  ): Promise<RecordDocumentOutcome>;
}

/**
 * What a debtor chose on the portal for all their cases (issue 16), kept per debtor (by email): a
 * case opened later for the same debtor speaks the language they picked.
 */
export interface DebtorPreferences {
  preferredLanguage(email: string): Promise<Language | undefined>;
  keepPreferredLanguage(email: string, language: Language, at: string): Promise<void>;
  /**
   * When the debtor stopped our emails for all their cases, if they did (issue 16: the one-click
   * opt-out of a note before a due date, or a complaint about one): a case opened for them later
   * starts with its emails stopped (the send gate reads it with the contact ledger too:
   * `ContactLedger.emailsStoppedAt`).
   */
  emailsStoppedAt(email: string): Promise<string | undefined>;
  /** Both at once, in one read (the intake asks for both as it opens a case). */
  preferencesOf(email: string): Promise<{ language?: Language; emailsStoppedAt?: string }>;
  /**
   * Keeps the debtor's opt-out, by their key (contract/table.ts `debtorKey`: a signed link names the
   * key, not the address); the first one's moment is kept. True when it stops them now.
   */
  stopEmails(debtorKey: string, at: string, how: EmailOptOutSource): Promise<boolean>;
}

/** How a debtor stopped our emails for all their cases. */
export type EmailOptOutSource = 'one-click' | 'page' | 'complaint';

/** Every persistence port at once, for code that has not been narrowed to the ports it uses yet. */
export type CaseStore = Cases & Replies & ContactRecords & Claims & Outbox;

/** What became of a note before a due date that was to go now (issue 16). */
export type DueSoonSendOutcome = 'recorded' | 'ledger-changed' | 'already-recorded' | 'case-opened';

/**
 * Issue 16: the notes before a due date, one per invoice (no case). Sending one records, in one
 * transaction, the debtor's ledger with its send (the one weekly cap), the message's marker with the
 * rendered email (deliverEmail sends from it, as from any message the gate records), and the note as
 * sent, only while no case was opened for the invoice.
 */
export type DueSoonNotes = {
  /** Keeps the note until it is due; 'duplicate' when the invoice has one already. */
  putDueSoonNote(note: DueSoonNote): Promise<'stored' | 'duplicate'>;
  /** The notes due by `now`, oldest first. */
  dueSoonNotes(now: Date, limit?: number): Promise<DueSoonNote[]>;
  /** Whether a case was opened for the invoice (it became overdue). */
  caseOpenedForInvoice(invoiceId: string): Promise<boolean>;
  recordDueSoonSend(
    note: DueSoonNote,
    ledger: { read: { version: number }; sends: LedgerSend[]; expiresAt: number },
    message: { messageKey: string; to: string; email: RenderedEmail; at: string },
  ): Promise<DueSoonSendOutcome>;
  /** The contact rules move the note later (the window, the cap): it waits until then. */
  deferDueSoonNote(note: DueSoonNote, until: Date, reason: string): Promise<void>;
  /** The note will not go (a case opened, the address refuses email…): it leaves the index, with why. */
  dropDueSoonNote(note: DueSoonNote, reason: string, at: Date): Promise<void>;
};
