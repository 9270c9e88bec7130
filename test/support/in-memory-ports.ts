import type { InvoiceOverdueDetail, PaymentReceivedDetail } from '../../functions/contract/events.ts';
import { type CaseRecord, invoiceRefOf, isActive, newCase } from '../../functions/domain/case.ts';
import { applyChange } from '../../functions/domain/case-updates.ts';
import type { Reply } from '../../functions/domain/journey.ts';
import { add, CurrencyMismatchError } from '../../functions/domain/money.ts';
import { paymentEffect } from '../../functions/domain/payment.ts';
import { replyInsteadOfTurn } from '../../functions/domain/pending-reply.ts';
import type { OpenedCase } from '../../functions/domain/schedule.ts';
import {
  CaseChangedError,
  type Cases,
  type ContactLedger,
  type ContactRecords,
  carrierOf,
  type Outbox,
  type OutboxItem,
  type PendingMessage,
  type Replies,
  type SentMessage,
  type TimelineEntry,
  type UndeliverableAddress,
} from '../../functions/ports/case-store.ts';
import type {
  ArTeam,
  CaseEmailRequest,
  CaseEvents,
  CaseMail,
  Workflow,
} from '../../functions/ports/effects.ts';

/**
 * In-memory adapters for the ports the intake use cases take: enough of the table's behaviour
 * (one open case per account, a payment once, the version moving on) to run a use case without the
 * local runtime. Not a second store: the DynamoDB adapters' own conditions are proven by the
 * integration tests.
 */
export function inMemoryCases() {
  const cases = new Map<string, CaseRecord>();
  const openCaseOf = new Map<string, string>();
  const caseCount = new Map<string, number>();
  const caseOfInvoice = new Map<string, string>();
  const payments = new Map<string, string | undefined>();
  const timeline: (TimelineEntry & { caseId: string })[] = [];
  const outbox: OutboxItem[] = [];
  /** Each waiting item's claim, by case and key: until when. */
  const claims = new Map<string, number>();
  const outboxKey = (item: OutboxItem) => `${item.caseId}#${item.messageKey}`;
  const waiting = (item: OutboxItem) =>
    outbox.findIndex((kept) => outboxKey(kept) === outboxKey(item) && kept.dueAt === item.dueAt);

  const write = (record: CaseRecord) => {
    cases.set(record.caseId, structuredClone(record));
    return structuredClone(record);
  };
  const read = (caseId: string) => {
    const record = cases.get(caseId);
    return record ? structuredClone(record) : undefined;
  };

  const store: Cases & Replies & Outbox & Pick<ContactRecords, 'contactLedger'> = {
    // Opening a case reads the debtor's contact ledger (issue 15): nobody written to yet. Stores
    // that keep ledgers (inMemoryContactRecords) replace this when spread over it.
    contactLedger: async () => ({ sends: [], version: 0 }),
    getCase: async (caseId) => read(caseId),
    timeline: async (caseId) => timeline.filter((entry) => entry.caseId === caseId),
    casesOfAccount: async (accountId) =>
      [...cases.values()]
        .filter((record) => record.accountId === accountId)
        .sort((a, b) => a.openedAt.localeCompare(b.openedAt))
        .map((record) => structuredClone(record)),
    activeCase: async (accountId, caseId) => {
      const record = read(caseId ?? openCaseOf.get(accountId) ?? '');
      return record && record.accountId === accountId && isActive(record.status) ? record : undefined;
    },
    async openOrJoinCase(detail: InvoiceOverdueDetail, debtor, now, options = {}) {
      const known = caseOfInvoice.get(detail.invoiceId);
      if (known) return { outcome: 'duplicate', record: read(known) as CaseRecord };
      const invoice = invoiceRefOf(detail);
      const openId = openCaseOf.get(detail.accountId);
      if (openId) {
        const open = read(openId) as CaseRecord;
        if (open.balance.currency !== detail.amountDue.currency)
          throw new CurrencyMismatchError(open.balance.currency, detail.amountDue.currency);
        caseOfInvoice.set(detail.invoiceId, openId);
        const joined = {
          ...open,
          balance: add(open.balance, detail.amountDue),
          invoices: [...open.invoices, invoice],
          version: open.version + 1,
        };
        return { outcome: 'joined', record: write(joined) };
      }
      const caseNumber = (caseCount.get(detail.accountId) ?? 0) + 1;
      const record = newCase({
        accountId: detail.accountId,
        caseNumber,
        invoice,
        debtor,
        openedAt: now.toISOString(),
        ...(options.timeZoneKnown === false ? { timeZoneKnown: false } : {}),
      });
      caseCount.set(detail.accountId, caseNumber);
      openCaseOf.set(detail.accountId, record.caseId);
      caseOfInvoice.set(detail.invoiceId, record.caseId);
      return { outcome: 'opened', record: write(record) };
    },
    async applyPayment(detail: PaymentReceivedDetail, now) {
      if (payments.has(detail.paymentId)) {
        const caseId = payments.get(detail.paymentId);
        const record = caseId ? read(caseId) : undefined;
        return record ? { outcome: 'duplicate', record } : { outcome: 'no-open-case' };
      }
      const caseId =
        (detail.invoiceId && caseOfInvoice.get(detail.invoiceId)) || openCaseOf.get(detail.accountId);
      const record = caseId ? read(caseId) : undefined;
      if (!record || !isActive(record.status)) {
        payments.set(detail.paymentId, undefined);
        return { outcome: 'no-open-case' };
      }
      const { balance, reply } = paymentEffect(record, detail, now);
      payments.set(detail.paymentId, record.caseId);
      const paid = {
        ...record,
        balance,
        ...(reply ? { pendingReply: reply } : {}),
        version: record.version + 1,
      };
      return { outcome: 'applied', record: write(paid) };
    },
    async recordAction(record, change, entry) {
      // The versioned commit: a case that moved on since it was read refuses the change.
      if (read(record.caseId)?.version !== record.version)
        throw new CaseChangedError(`Case ${record.caseId} changed since version ${record.version}`);
      timeline.push({ ...entry, caseId: record.caseId });
      return write(applyChange(record, change));
    },
    recordSurveyAnswer: async () => true,
    closeCase: async () => true,
    // As the table does: an open (or placed) case only, its token dropped, the entry on its timeline.
    // A reply waiting on the case stays (a write-off a moment before the hand-over still closes the case).
    async holdForPerson(record, entry, _queue, placement) {
      const stored = read(record.caseId);
      if (stored?.status !== 'open' && stored?.status !== 'placed') return;
      const { taskToken: _token, waitingState: _state, ...rest } = stored;
      write({
        ...rest,
        status: 'held-for-person',
        ...(placement ? { agency: placement } : {}),
        version: stored.version + 1,
      });
      timeline.push({ ...entry, caseId: record.caseId });
    },
    async placeWithAgency(record, placement, entry) {
      const stored = read(record.caseId);
      if (stored?.status !== 'open' || stored.version !== record.version) return false;
      const { taskToken: _token, waitingState: _state, ...rest } = stored;
      write({ ...rest, status: 'placed', agency: placement, version: stored.version + 1 });
      timeline.push({ ...entry, caseId: record.caseId });
      return true;
    },
    async markExecutionStarted(caseId, executionArn, announcedAt) {
      write({
        ...(read(caseId) as CaseRecord),
        executionArn,
        ...(announcedAt ? { caseOpenedAnnouncedAt: announcedAt } : {}),
      });
    },
    markAnnounced: async () => {},
    keepSettlementOffer: async () => {},
    clearNotes: async () => {},
    async claimTurn(caseId, token, waitingState, _rung, options) {
      const record = read(caseId) as CaseRecord;
      const forPerson = options?.status === 'held-for-person';
      // Waiting for a person: only a closing reply is for that state at once (as the adapter's condition).
      const closing = record.pendingReply?.outcome === 'paid' || record.pendingReply?.outcome === 'credited';
      const reply = forPerson && record.pendingReply && !closing ? undefined : replyInsteadOfTurn(record);
      const placementEnded = options?.status === 'placed' && record.agency?.endedAt !== undefined;
      if (
        record.status === (options?.status ?? 'open') &&
        !placementEnded &&
        !reply &&
        (forPerson || !record.pendingReply)
      ) {
        write({ ...record, taskToken: token, waitingState, version: record.version + 1 });
        return { claimed: true };
      }
      return reply ? { claimed: false, record, reply } : { claimed: false, record };
    },
    async markDelivering(caseId, replyId, token) {
      const record = read(caseId);
      if (record?.pendingReply?.id !== replyId || record.taskToken !== token) return false;
      write({
        ...record,
        pendingReply: {
          ...record.pendingReply,
          deliveredTo: token,
          deliveringSince: new Date().toISOString(),
        },
      });
      return true;
    },
    async unmarkDelivering(caseId, replyId) {
      const record = read(caseId);
      if (record?.pendingReply?.id !== replyId) return;
      const { deliveredTo: _to, deliveringSince: _since, ...reply } = record.pendingReply;
      write({ ...record, pendingReply: reply as Reply });
    },
    async clearPendingReply(caseId, replyId) {
      const record = read(caseId);
      if (record?.pendingReply?.id !== replyId) return;
      const { pendingReply: _reply, ...rest } = record;
      write({ ...rest, version: record.version + 1 });
    },
    // The outbox as the table keeps it: one item per case and key (a new put replaces it), waiting
    // until it is carried out; a claim or removal applies only to the item as it was read.
    async putInOutbox(item) {
      const at = outbox.findIndex((kept) => outboxKey(kept) === outboxKey(item));
      if (at >= 0) outbox.splice(at, 1, structuredClone(item));
      else outbox.push(structuredClone(item));
      claims.delete(outboxKey(item));
    },
    async dueOutbox(carrier, now, limit = 50) {
      return outbox
        .filter((item) => carrierOf(item) === carrier && Date.parse(item.dueAt) <= now.getTime())
        .sort((a, b) => a.dueAt.localeCompare(b.dueAt))
        .slice(0, limit)
        .map((item) => structuredClone(item));
    },
    async claimOutboxItem(item, now, until) {
      if (waiting(item) < 0) return false;
      if ((claims.get(outboxKey(item)) ?? 0) > now.getTime()) return false;
      claims.set(outboxKey(item), until.getTime());
      return true;
    },
    async releaseOutboxItem(item) {
      if (waiting(item) >= 0) claims.delete(outboxKey(item));
    },
    async removeFromOutbox(item) {
      const at = waiting(item);
      if (at < 0) return;
      outbox.splice(at, 1);
      claims.delete(outboxKey(item));
    },
  };
  return {
    store,
    /** Puts a case in the store as it is (a workflow waiting on a token, say). */
    put: (record: CaseRecord) => {
      write(record);
      openCaseOf.set(record.accountId, record.caseId);
      for (const invoice of record.invoices) caseOfInvoice.set(invoice.invoiceId, record.caseId);
    },
    timeline,
    outbox,
  };
}

/**
 * The debtor's contact ledger, each message's marker and the SES message lookup, in memory, beside
 * `inMemoryCases` (whose timeline and cases it writes): the conditions of the DynamoDB adapter (a
 * ledger or a case that moved on refuses the write; an SES event marks its message once), not its
 * storage. The adapter's own transactions are proven by the integration tests.
 */
export function inMemoryContactRecords(cases: ReturnType<typeof inMemoryCases>) {
  const address = (email: string) => email.trim().toLowerCase();
  const ledgers = new Map<string, ContactLedger>();
  const undeliverable = new Map<string, UndeliverableAddress>();
  const markers = new Map<string, Record<string, unknown>>();
  const sent = new Map<string, SentMessage>();
  const markerKey = (caseId: string, messageKey: string) => `${caseId}#${messageKey}`;
  const ledgerOf = (email: string): ContactLedger =>
    structuredClone(ledgers.get(address(email)) ?? { sends: [], version: 0 });
  const caseVersion = async (caseId: string) => (await cases.store.getCase(caseId))?.version;

  const records: ContactRecords = {
    async contactLedger(email) {
      const mark = undeliverable.get(address(email));
      return { ...ledgerOf(email), ...(mark ? { undeliverable: { ...mark } } : {}) };
    },
    async messageState(caseId, messageKey) {
      return markers.get(markerKey(caseId, messageKey))?.status as
        | 'pending'
        | 'sent'
        | 'withheld'
        | undefined;
    },
    async recordSend(record, messageKey, ledger, entry, message, text) {
      if (message && markers.has(markerKey(record.caseId, messageKey))) return 'already-recorded';
      if (text && markers.has(markerKey(record.caseId, text.text.messageKey))) return 'already-recorded';
      if (ledgerOf(record.debtor.email).version !== ledger.read.version) return 'ledger-changed';
      if ((await caseVersion(record.caseId)) !== record.version) return 'case-changed';
      ledgers.set(address(record.debtor.email), {
        sends: structuredClone(ledger.sends),
        version: ledger.read.version + 1,
      });
      if (message && entry) {
        markers.set(markerKey(record.caseId, messageKey), {
          status: 'pending',
          caseId: record.caseId,
          messageKey,
          recordedAt: entry.at,
          ...structuredClone(message),
        });
        cases.timeline.push({ ...structuredClone(entry), caseId: record.caseId });
      }
      // A text (issue 16): its own marker beside the email's, with its timeline entry.
      if (text) {
        markers.set(markerKey(record.caseId, text.text.messageKey), {
          status: 'pending',
          caseId: record.caseId,
          recordedAt: text.entry.at,
          ...structuredClone(text.text),
        });
        cases.timeline.push({ ...structuredClone(text.entry), caseId: record.caseId });
      }
      const stored = await cases.store.getCase(record.caseId);
      if (stored) cases.put({ ...stored, ...(text?.set ?? {}), version: stored.version + 1 });
      return 'recorded';
    },
    async recordContact(record, change, entry, ledger) {
      if (ledgerOf(record.debtor.email).version !== ledger.read.version) return 'ledger-changed';
      if ((await caseVersion(record.caseId)) !== record.version) return 'case-changed';
      ledgers.set(address(record.debtor.email), {
        sends: structuredClone(ledger.sends),
        version: ledger.read.version + 1,
      });
      await cases.store.recordAction(record, change, entry);
      return 'recorded';
    },
    async recordWithheld(record, messageKey, entry) {
      if (markers.has(markerKey(record.caseId, messageKey))) return;
      markers.set(markerKey(record.caseId, messageKey), { status: 'withheld' });
      cases.timeline.push({ ...structuredClone(entry), caseId: record.caseId });
    },
    async recordDeferred(record, _messageKey, entry) {
      cases.timeline.push({ ...structuredClone(entry), caseId: record.caseId });
      return true;
    },
    async pendingMessages(recordedBy, limit = 50) {
      return [...markers.values()]
        .filter(
          (marker) => marker.status === 'pending' && String(marker.recordedAt) <= recordedBy.toISOString(),
        )
        .slice(0, limit)
        .map((marker) => structuredClone(marker) as unknown as PendingMessage);
    },
    async markMessageSent(caseId, messageKey, providerMessageId, to) {
      // The content went to SES: the marker keeps the fact and the id, not the email.
      const { email: _sent, ...marker } = markers.get(markerKey(caseId, messageKey)) ?? {};
      markers.set(markerKey(caseId, messageKey), { ...marker, status: 'sent', providerMessageId });
      sent.set(providerMessageId, { providerMessageId, caseId, messageKey, address: to });
    },
    async sentMessage(providerMessageId) {
      const message = sent.get(providerMessageId);
      return message ? { ...message } : undefined;
    },
    async recordEmailEvent(write) {
      const { message } = write;
      const marker = markers.get(markerKey(message.caseId, message.messageKey));
      if (!marker || marker[write.mark]) return 'duplicate';
      if (write.ledger && ledgerOf(message.address).version !== write.ledger.read.version)
        return 'ledger-changed';
      if (write.change && (await caseVersion(message.caseId)) !== write.change.record.version)
        return 'case-changed';
      marker[write.mark] = write.at;
      const sentEntry = cases.timeline.find(
        (entry) =>
          entry.caseId === message.caseId &&
          entry.type === 'EmailSent' &&
          entry.entryId === `email-${message.messageKey}`,
      );
      if (sentEntry && write.sentEntry) sentEntry.data = { ...sentEntry.data, ...write.sentEntry };
      if (write.entry) cases.timeline.push({ ...structuredClone(write.entry), caseId: message.caseId });
      if (write.ledger)
        ledgers.set(address(message.address), {
          sends: structuredClone(write.ledger.sends),
          version: write.ledger.read.version + 1,
        });
      if (write.undeliverable && !undeliverable.has(address(message.address)))
        undeliverable.set(address(message.address), { ...write.undeliverable });
      if (write.change) {
        const { record, set, reply } = write.change;
        const stored = (await cases.store.getCase(record.caseId)) as CaseRecord;
        cases.put({
          ...stored,
          ...set,
          ...(reply ? { pendingReply: reply } : {}),
          version: stored.version + 1,
        });
      }
      return 'recorded';
    },
  };
  return { records, ledgers, markers, undeliverable };
}

/** A workflow that records what it was asked; a token named in `staleTokens` has moved on. */
export function recordingWorkflow(staleTokens: string[] = []) {
  const started: { executionName: string; caseId: string }[] = [];
  /** Each start's input: the opening the intake planned. */
  const openings: OpenedCase[] = [];
  const answers: { taskToken: string; reply: Reply }[] = [];
  const workflow: Workflow = {
    async start(executionName, opening) {
      started.push({ executionName, caseId: opening.caseId });
      openings.push(opening);
      return workflow.executionArnOf(executionName);
    },
    executionArnOf: (executionName) =>
      `arn:aws:states:eu-west-1:123456789012:execution:collections:${executionName}`,
    async answer(taskToken, reply) {
      if (staleTokens.includes(taskToken)) return false;
      answers.push({ taskToken, reply });
      return true;
    },
  };
  return { workflow, started, openings, answers };
}

/** A mail gate that records each email asked for, and lets every one go (or fails them all: an outage). */
export function recordingMail({ down = false }: { down?: boolean } = {}) {
  const sent: CaseEmailRequest[] = [];
  const mail: CaseMail = {
    async send(email) {
      if (down) throw Object.assign(new Error('Service is unavailable'), { name: 'ServiceUnavailable' });
      sent.push(email);
      return { outcome: 'sent' };
    },
    accountUrl: async (record) => `https://portal.example/case/${record.caseId}`,
  };
  return { mail, sent };
}

/** The bus and the AR team's topic, recording what they were given (or refusing it: an outage). */
export function recordingFollowUps({ down = false }: { down?: boolean } = {}) {
  const published: { detailType: string; detail: unknown }[] = [];
  const notices: unknown[] = [];
  const refuse = () => Promise.reject(new Error('EventBridge refused it'));
  const events: CaseEvents = {
    async publish(detailType, detail) {
      if (down) return refuse();
      published.push({ detailType, detail });
    },
  };
  const arTeam: ArTeam = {
    async tell(notice) {
      if (down) return refuse();
      notices.push(notice);
      return 'message-1';
    },
  };
  return { events, arTeam, published, notices };
}

/** The policy clock's configuration as in AWS: a day of 86,400 s, no offset (the intake's `clock`). */
export const IDENTITY_CLOCK = {
  DAY_SECONDS: 86_400,
  CLOCK_ORIGIN: '2026-01-01T00:00:00.000Z',
  CLOCK_ORIGIN_POLICY: '2026-01-01T00:00:00.000Z',
};

/** Where the intake announces a case it opened (CaseOpened), when a test does not look. */
export const openingEvents = () => recordingFollowUps().events;
