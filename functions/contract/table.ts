import { createHash } from 'node:crypto';

/** Keys of the single table (DESIGN §5), defined once for the handlers, the stack and the local runtime. */
export const TABLE = {
  partitionKey: 'pk',
  sortKey: 'sk',
  ttlAttribute: 'expiresAt',
  byAccountIndex: { name: 'byAccount', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
  /**
   * The staff's work queues (issue 12), sparse: only queue-entry items carry `gsi2pk`
   * (`QUEUE#<name>`) and `gsi2sk` (`<since>#<caseId>`, oldest first), so one queue is one Query on one
   * partition, whatever the number of cases. Projected: the few fields a queue's row shows.
   */
  byQueueIndex: {
    name: 'byQueue',
    partitionKey: 'gsi2pk',
    sortKey: 'gsi2sk',
    projected: ['caseId', 'accountId', 'queue', 'since', 'summary'],
  },
} as const;

export const keys = {
  case: (caseId: string) => ({ pk: `CASE#${caseId}`, sk: 'CASE' }),
  timelinePrefix: (caseId: string) => ({ pk: `CASE#${caseId}`, skPrefix: 'TIMELINE#' }),
  timelineEntry: (caseId: string, at: string, entryId: string) => ({
    pk: `CASE#${caseId}`,
    sk: `TIMELINE#${at}#${entryId}`,
  }),
  /**
   * Outcomes (issue 12): counter items per day and segment, all the days of a segment under one
   * partition so a period is one Query (`sk` between two days, see outcomeDays). A day is spread
   * over OUTCOME_SHARDS items (by stream batch: each batch adds to one), so a busy day's additions do
   * not all land on one item;
   * the items written before the shards (no shard in the key) are read and added in too.
   */
  outcomeDay: (segment: string, day: string, shard?: number) => ({
    pk: `OUTCOMES#${segment}`,
    sk: shard === undefined ? `DAY#${day}` : `DAY#${day}#${shard}`,
  }),
  /** Every counter item of a segment's days from `from` to `to` (inclusive), shards included. */
  outcomeDays: (segment: string, from: string, to: string) => ({
    pk: `OUTCOMES#${segment}`,
    fromSk: `DAY#${from}`,
    toSk: `DAY#${to}#~`,
  }),
  /** One per timeline entry the outcome counters counted (expiring): a retried stream record adds nothing twice. */
  outcomeCounted: (caseId: string, entrySk: string) => ({ pk: `CASE#${caseId}`, sk: `COUNTED#${entrySk}` }),
  /** One per document added to the case's dispute: makes recording it idempotent. */
  document: (caseId: string, documentId: string) => ({ pk: `CASE#${caseId}`, sk: `DOCUMENT#${documentId}` }),
  /**
   * One per account: the open case (uniqueness) and the case counter (execution names, and the
   * account's cases: `<account>-1` to `<account>-<caseCount>`, caseIdFor in domain/case.ts).
   */
  account: (accountId: string) => ({ pk: `ACCOUNT#${accountId}`, sk: 'ACCOUNT' }),
  invoice: (invoiceId: string) => ({ pk: `INVOICE#${invoiceId}`, sk: 'INVOICE' }),
  /**
   * Issue 16: one note before an invoice's due date per invoice (written once: idempotent). While it
   * waits it is on the by-due-time index in its own partition (sparse), which the mail carrier's
   * schedule sweeps; sent, dropped or withheld, it leaves the index.
   */
  dueSoonNote: (invoiceId: string, sendAt: string) => ({
    pk: `INVOICE#${invoiceId}`,
    sk: 'DUE-SOON',
    gsi1pk: DUE_SOON_PARTITION,
    gsi1sk: `${sendAt}#${invoiceId}`,
  }),
  payment: (paymentId: string) => ({ pk: `PAYMENT#${paymentId}`, sk: 'PAYMENT' }),
  /** One per debtor (across all their cases): the recent sends the weekly cap counts, and a version. */
  contactLedger: (email: string) => ({ pk: `DEBTOR#${debtorKey(email)}`, sk: 'CONTACTS' }),
  /** One per case of a debtor (by email, hashed): how an operator finds a debtor's cases (ops CLI `case`). */
  debtorCase: (email: string, caseId: string) => ({ pk: `DEBTOR#${debtorKey(email)}`, sk: `CASE#${caseId}` }),
  debtorCasesPrefix: (email: string) => ({ pk: `DEBTOR#${debtorKey(email)}`, skPrefix: 'CASE#' }),
  /** One per case of a mobile number (hashed): which cases an inbound text (a STOP, a question) is about. */
  phoneCase: (phone: string, caseId: string) => ({ pk: `PHONE#${debtorKey(phone)}`, sk: `CASE#${caseId}` }),
  phoneCasesPrefix: (phone: string) => ({ pk: `PHONE#${debtorKey(phone)}`, skPrefix: 'CASE#' }),
  /** The number texted STOP (issue 16): a case opened for it later starts without consent to texts. */
  phoneStopped: (phone: string) => ({ pk: `PHONE#${debtorKey(phone)}`, sk: 'STOPPED' }),
  /**
   * One per debtor address that no email reaches (a permanent bounce, a suppression-list bounce, a
   * reject), beside their contact ledger: read with it, so the send gate refuses the address.
   */
  undeliverable: (email: string) => ({ pk: `DEBTOR#${debtorKey(email)}`, sk: 'UNDELIVERABLE' }),
  /** One per debtor (issue 16): what they chose on the portal for all their cases (the language). */
  debtorPreferences: (email: string) => ({ pk: `DEBTOR#${debtorKey(email)}`, sk: 'PREFERENCES' }),
  /** The same item by the debtor's key (a signed opt-out link names the key, never the address). */
  debtorPreferencesOf: (key: string) => ({ pk: `DEBTOR#${key}`, sk: 'PREFERENCES' }),
  /**
   * One per message SES accepted, by SES's message id: which case and message an SES event (bounce,
   * complaint, delivery) is about. Kept a while (see SENT_MESSAGE_KEEP_DAYS), then expired.
   */
  sentMessage: (providerMessageId: string) => ({
    pk: `SESMESSAGE#${providerMessageId}`,
    sk: 'SESMESSAGE',
  }),
  /** One per message of a case: its send state ('pending', 'sent', 'withheld'), so a retry never sends twice. */
  message: (caseId: string, messageKey: string) => ({ pk: `CASE#${caseId}`, sk: `MESSAGE#${messageKey}` }),
  /**
   * A recorded message while it waits for deliverEmail (status 'pending'), on the index by when it
   * was recorded: what the stream did not deliver, deliverEmail's schedule finds here.
   */
  pendingDelivery: (caseId: string, messageKey: string, recordedAt: string) => ({
    gsi1pk: shardedPartition(PENDING_DELIVERY_PARTITION, caseId),
    gsi1sk: `${recordedAt}#${caseId}#${messageKey}`,
  }),
  /**
   * The right to hand a recorded message (an email or a text) to its provider, held by one attempt
   * until it runs out (issue 15: a small item of its own, so taking it does not rewrite the message
   * and its index entry, which carry the rendered email). Expires a day later.
   */
  deliveryClaim: (caseId: string, messageKey: string) => ({
    pk: `CASE#${caseId}`,
    sk: `DELIVERING#${messageKey}`,
  }),
  /** Marks that a message's deferral is on the timeline (once per message). */
  messageDeferred: (caseId: string, messageKey: string) => ({
    pk: `CASE#${caseId}`,
    sk: `DEFERRED#${messageKey}`,
  }),
  /**
   * Emails and follow-ups waiting until they are due, queried by when they are due, each carrier
   * (`sendWaitingMessages` for emails, `carryOutFollowUps` for follow-ups) in its own partition.
   */
  outboxEntry: (caseId: string, messageKey: string, dueAt: string, carrier: OutboxCarrier) => ({
    pk: `CASE#${caseId}`,
    sk: `OUTBOX#${messageKey}`,
    gsi1pk: shardedPartition(OUTBOX_PARTITIONS[carrier], caseId),
    gsi1sk: `${dueAt}#${caseId}#${messageKey}`,
  }),
  /**
   * The claim on a waiting outbox item (issue 15), an item of its own like a delivery's: the outbox
   * item waits on the index, so a claim written on it cost two write units, this one costs one. Its
   * key names the due time, so an item put back with a new one is claimed afresh. Expires.
   */
  outboxClaim: (caseId: string, messageKey: string, dueAt: string) => ({
    pk: `CASE#${caseId}`,
    sk: `OUTBOX-CLAIM#${messageKey}#${dueAt}`,
  }),
  /**
   * The task token of the state waiting on the case (issue 15), beside the case rather than on it:
   * a token is opaque and long (up to 2 KB on AWS), and the case, written a dozen times a journey,
   * would cost two write units or more a write with it. The case names it by a digest
   * (`taskTokenRef`); read together with the case (one Query, `caseWithToken`). Overwritten by the
   * next waiting state's; expires.
   */
  caseTaskToken: (caseId: string) => ({ pk: `CASE#${caseId}`, sk: 'CASE#TOKEN' }),
  /** The case item and its task token's item, in one Query's range (nothing else sorts between). */
  caseWithToken: (caseId: string) => ({ pk: `CASE#${caseId}`, fromSk: 'CASE', toSk: 'CASE#TOKEN' }),
  /** One per scheduled job: who runs it now and until when, so two runs never overlap. */
  lease: (job: string) => ({ pk: `LEASE#${job}`, sk: 'LEASE' }),
  /** A case's place in one work queue: written and removed with the change that puts it there or takes it out. */
  queueEntry: (caseId: string, queue: string, since: string) => ({
    pk: `CASE#${caseId}`,
    sk: `QUEUE#${queue}`,
    gsi2pk: queuePartition(queue),
    gsi2sk: `${since}#${caseId}`,
  }),
} as const;

/** The index partition of one work queue. */
export const queuePartition = (queue: string) => `QUEUE#${queue}`;

/**
 * The index partition of recorded messages not yet handed to SES (see keys.pendingDelivery): the
 * prefix of its shards (INDEX_SHARDS), and the one partition every message shared before them.
 */
export const PENDING_DELIVERY_PARTITION = 'DELIVERY';
/** The index partition of recorded texts not yet handed to the SMS service (deliverText's sweep). */
export const PENDING_TEXT_PARTITION = 'DELIVERY#text';

/**
 * How many index partitions each queue-like partition (the outbox's, one per carrier, and the
 * pending deliveries') is spread over. Every case's items go to one shard (by its id, so a case's
 * messages stay in order within it); a reader queries every shard and merges. One index partition
 * takes about 1,000 write units a second: a burst that records a reminder for every new case writes
 * each item to the index too, so one partition would cap the whole intake (docs/scale.md).
 */
export const INDEX_SHARDS = 8;

/**
 * How many counter items a day of outcomes is spread over (keys.outcomeDay): each addition is a
 * transaction on one item, and one item takes about one write a second under contention before
 * transactions start to conflict; eight take a busy day's peak (docs/scale.md).
 */
export const OUTCOME_SHARDS = 8;

/** The shard (0 to INDEX_SHARDS - 1, or to `shards` - 1) of a case's items on the sharded index partitions. */
export function shardOf(caseId: string, shards: number = INDEX_SHARDS): number {
  return createHash('sha256').update(caseId).digest().readUInt32BE(0) % shards;
}

/** A case's partition of a sharded index partition: `<prefix>#<shard>`. */
export const shardedPartition = (prefix: string, caseId: string) => `${prefix}#${shardOf(caseId)}`;

/**
 * Every partition to read for a sharded one, oldest first: the unsharded partition its items had
 * before the shards (still read, so nothing written then is stranded), then each shard.
 */
export const partitionsOf = (prefix: string): string[] => [
  prefix,
  ...Array.from({ length: INDEX_SHARDS }, (_, shard) => `${prefix}#${shard}`),
];

/** The index partition of the notes before a due date that wait to go (see keys.dueSoonNote). */
export const DUE_SOON_PARTITION = 'DUE-SOON';

/**
 * The note before a due date has no case: its message marker (what deliverEmail sends from, and
 * what SES's events find again) is kept under this owner in place of a case's id.
 */
export const dueSoonOwner = (invoiceId: string) => `DUE-SOON.${invoiceId}`;
/** A message's owner is a note before a due date (no case), not a case. */
export const isDueSoonOwner = (owner: string) => owner.startsWith('DUE-SOON.');

/** Who carries an outbox item out: the mail carrier (through the send gate), or the follow-up carrier. */
export type OutboxCarrier = 'mail' | 'followUp';

/**
 * The index partitions of the outbox, one per carrier (each sharded: INDEX_SHARDS), sorted by when
 * their items are due. The table's stream filters on them too, by prefix (lib/functions.ts
 * `outboxInsertFilter`): a new item due now goes to its carrier at once.
 */
export const OUTBOX_PARTITIONS: Readonly<Record<OutboxCarrier, string>> = {
  mail: 'OUTBOX#mail',
  followUp: 'OUTBOX#follow-up',
};

/**
 * Where every waiting item was kept before the carriers were split: still read by both carriers
 * (each takes its own kind), so an item queued before the split is carried out all the same.
 */
export const LEGACY_OUTBOX_PARTITION = 'OUTBOX';

/** A debtor across all their cases: their email, lower-cased and hashed (no address in a key). */
export function debtorKey(email: string): string {
  return createHash('sha256').update(email.trim().toLowerCase()).digest('hex').slice(0, 32);
}
