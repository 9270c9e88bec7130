import { describe, expect, it } from 'vitest';
import { CONFIGURATION_SET_TAG, type SesEventDetail } from '../../functions/contract/ses-events.ts';
import type { CaseRecord } from '../../functions/domain/case.ts';
import { decideContact } from '../../functions/domain/contact-rules.ts';
import { emailOutcomeOf } from '../../functions/domain/deliverability.ts';
import { historyText } from '../../functions/portal/history.ts';
import { contactDecisionFor, policyClockOf } from '../../functions/shared/contact-decision.ts';
import { checkContact } from '../../functions/use-cases/check-contact.ts';
import { receiveEmailEvent } from '../../functions/use-cases/receive-email-event.ts';
import { inMemoryCases, inMemoryContactRecords, recordingWorkflow } from '../support/in-memory-ports.ts';

// What SES says became of a message, on in-memory ports: each kind of event, twice, and one we do not know.

const gbp = (amount: number) => ({ amount, currency: 'GBP' });
const EMAIL = 'ana@example.com';
const SENT_AT = '2026-11-23T10:00:00.000Z';
const EVENT_AT = '2026-11-23T10:00:05.000Z';
/** Long after the send: an unknown message is dropped, not retried. */
const later = new Date('2026-11-24T10:00:00Z');
const clock = {
  DAY_SECONDS: 86_400,
  CLOCK_ORIGIN: '2026-01-01T00:00:00Z',
  CLOCK_ORIGIN_POLICY: '2026-01-01T00:00:00Z',
};

const waitingCase: CaseRecord = {
  caseId: 'ACC-1-1',
  accountId: 'ACC-1',
  caseNumber: 1,
  status: 'open',
  rung: 'friendly',
  balance: gbp(40_000),
  invoices: [{ invoiceId: 'INV-1', amountDue: gbp(40_000), dueDate: '2026-11-01' }],
  debtor: { name: 'Ana Ruiz', email: EMAIL, locale: 'en-GB', timeZone: 'UTC', segment: 'consumer' },
  openedAt: '2026-11-05T10:00:00.000Z',
  executionName: 'ACC-1-case-1',
  taskToken: 'token-friendly',
  version: 3,
};

/** A case whose friendly reminder went (recorded by the gate, then sent as SES message `ses-1`). */
async function sentReminder(record: CaseRecord = waitingCase) {
  const cases = inMemoryCases();
  cases.put(record);
  const contacts = inMemoryContactRecords(cases);
  const { workflow, answers } = recordingWorkflow();
  const earlier = { at: '2026-11-20T10:00:00.000Z', caseId: 'ACC-9-1', messageKey: 'friendly-0' };
  // Another case of the same debtor wrote to them earlier in the week: its send stays counted.
  contacts.ledgers.set(EMAIL, { sends: [earlier], version: 1 });
  const read = await contacts.records.contactLedger(EMAIL);
  const outcome = await contacts.records.recordSend(
    record,
    'friendly-0',
    {
      read,
      sends: [...read.sends, { at: SENT_AT, caseId: record.caseId, messageKey: 'friendly-0' }],
      expiresAt: 0,
    },
    { type: 'EmailSent', at: SENT_AT, entryId: 'email-friendly-0', data: { kind: 'friendly' } },
    { to: EMAIL, email: { subject: 'A reminder', html: '<p>A reminder</p>', text: 'A reminder' } },
  );
  expect(outcome).toBe('recorded');
  await contacts.records.markMessageSent(record.caseId, 'friendly-0', 'ses-1', EMAIL);
  const ports = { store: { ...cases.store, ...contacts.records }, workflow };
  const entries = () => cases.timeline.filter((entry) => entry.caseId === record.caseId);
  return { cases, contacts, ports, answers, entries, earlier };
}

const mail = (messageId = 'ses-1', timestamp = SENT_AT) => ({
  timestamp,
  source: 'accounts@example.com',
  messageId,
  destination: [EMAIL],
  tags: { [CONFIGURATION_SET_TAG]: ['collections'] },
});
const bounce = (bounceType: string, bounceSubType: string, messageId?: string): SesEventDetail =>
  ({
    eventType: 'Bounce',
    mail: mail(messageId),
    bounce: {
      bounceType,
      bounceSubType,
      bouncedRecipients: [{ emailAddress: EMAIL, action: 'failed', status: '5.1.1' }],
      timestamp: EVENT_AT,
    },
  }) as SesEventDetail;
const complaint: SesEventDetail = {
  eventType: 'Complaint',
  mail: mail(),
  complaint: {
    complainedRecipients: [{ emailAddress: EMAIL }],
    timestamp: EVENT_AT,
    complaintFeedbackType: 'abuse',
  },
};
const delivery: SesEventDetail = {
  eventType: 'Delivery',
  mail: mail(),
  delivery: { recipients: [EMAIL], timestamp: EVENT_AT },
};
const delay: SesEventDetail = {
  eventType: 'DeliveryDelay',
  mail: mail(),
  deliveryDelay: {
    delayType: 'TransientCommunicationFailure',
    delayedRecipients: [{ emailAddress: EMAIL }],
    timestamp: EVENT_AT,
  },
};
const reject: SesEventDetail = { eventType: 'Reject', mail: mail(), reject: { reason: 'Bad content' } };

describe('what each SES event means (domain)', () => {
  it('reads a permanent bounce, a suppression-list bounce and a reject as undeliverable; the rest as they are', () => {
    expect(emailOutcomeOf(bounce('Permanent', 'General'))).toMatchObject({
      kind: 'undeliverable',
      reason: 'permanent-bounce',
      at: EVENT_AT,
    });
    expect(emailOutcomeOf(bounce('Permanent', 'OnSuppressionList'))).toMatchObject({
      kind: 'undeliverable',
      reason: 'suppression-list',
    });
    expect(emailOutcomeOf(bounce('Permanent', 'OnAccountSuppressionList'))).toMatchObject({
      reason: 'suppression-list',
    });
    expect(emailOutcomeOf(reject)).toMatchObject({ kind: 'undeliverable', reason: 'rejected', at: SENT_AT });
    expect(emailOutcomeOf(bounce('Transient', 'MailboxFull')).kind).toBe('delayed');
    expect(emailOutcomeOf(bounce('Undetermined', 'Undetermined')).kind).toBe('delayed');
    expect(emailOutcomeOf(delay).kind).toBe('delayed');
    expect(emailOutcomeOf(complaint).kind).toBe('complaint');
    expect(emailOutcomeOf(delivery)).toEqual({ kind: 'delivered', at: EVENT_AT });
  });

  it('refuses an undeliverable address every message, to a person, unless the debtor already opted out', () => {
    const base = {
      now: new Date('2026-11-24T10:00:00Z'),
      timeZone: 'UTC',
      locale: 'en-GB',
      contactWindow: { start: '08:00', end: '21:00' },
      weeklyMessageCap: 3,
      recentSends: [],
      caseState: waitingCase,
      undeliverable: { since: EVENT_AT, reason: 'permanent-bounce' },
    };
    for (const purpose of ['collection', 'acknowledgement', 'outcome'] as const) {
      const decision = decideContact({ ...base, purpose });
      expect(decision).toMatchObject({ decision: 'person', followUp: 'undeliverable' });
      expect(decision.decision === 'person' && decision.reason).toMatch(/^undeliverable/);
    }
    expect(
      decideContact({ ...base, purpose: 'collection', caseState: { ...waitingCase, optedOutAt: EVENT_AT } })
        .decision,
    ).toBe('never');
    const { undeliverable: _gone, ...reachable } = base;
    expect(decideContact({ ...reachable, purpose: 'collection' }).decision).toBe('send');
  });
});

describe('receiving an SES event', () => {
  it('a permanent bounce: the address undeliverable, the send out of the ledger, undelivered, to a person; once', async () => {
    const { ports, contacts, answers, entries, earlier } = await sentReminder();
    const result = await receiveEmailEvent(bounce('Permanent', 'General'), ports, { newId: () => 'reply-1' });
    expect(result).toEqual({ outcome: 'recorded', kind: 'undeliverable', caseId: 'ACC-1-1' });

    const ledger = await contacts.records.contactLedger(EMAIL);
    // The bounced message never reached the debtor: only the other case's send still counts.
    expect(ledger.sends).toEqual([earlier]);
    expect(ledger.undeliverable).toEqual({ since: EVENT_AT, reason: 'permanent-bounce' });
    const sent = entries().find((entry) => entry.type === 'EmailSent');
    expect(sent?.data).toMatchObject({ undeliveredAt: EVENT_AT });
    expect(sent?.data?.deliveredAt).toBeUndefined();
    expect(entries().filter((entry) => entry.type === 'EmailBounced')).toEqual([
      expect.objectContaining({
        at: EVENT_AT,
        data: expect.objectContaining({ messageKey: 'friendly-0', reason: 'permanent-bounce' }),
      }),
    ]);
    // The waiting reminder is told to stop: the workflow hands the case to a person (undeliverable).
    expect(answers).toEqual([
      { taskToken: 'token-friendly', reply: { id: 'reply-1', outcome: 'stopped', reason: 'undeliverable' } },
    ]);

    // From now on the gate refuses the address, and "Check the contact rules" hands the case on.
    const record = (await ports.store.getCase('ACC-1-1')) as CaseRecord;
    expect(contactDecisionFor(record, ledger, 'acknowledgement', policyClockOf(clock), later)).toMatchObject({
      decision: 'person',
      followUp: 'undeliverable',
    });
    expect(await checkContact('ACC-1-1', 'firm', ports, clock)).toMatchObject({
      decision: 'person',
      reason: 'undeliverable',
    });

    // SQS delivers it again: nothing more changes.
    const before = structuredClone(entries());
    const again = await receiveEmailEvent(bounce('Permanent', 'General'), ports, { newId: () => 'reply-2' });
    expect(again).toEqual({ outcome: 'duplicate', kind: 'undeliverable' });
    expect(entries()).toEqual(before);
    expect(answers).toHaveLength(1);
    expect((await contacts.records.contactLedger(EMAIL)).version).toBe(ledger.version);
  });

  it('a suppression-list bounce and a reject mark the address undeliverable too', async () => {
    for (const [event, reason] of [
      [bounce('Permanent', 'OnSuppressionList'), 'suppression-list'],
      [reject, 'rejected'],
    ] as const) {
      const { ports, contacts, answers } = await sentReminder();
      expect(await receiveEmailEvent(event, ports)).toMatchObject({
        outcome: 'recorded',
        kind: 'undeliverable',
      });
      expect((await contacts.records.contactLedger(EMAIL)).undeliverable?.reason).toBe(reason);
      expect(answers[0]?.reply).toMatchObject({ outcome: 'stopped', reason: 'undeliverable' });
    }
  });

  it('a bounce leaves a reply already waiting for the workflow as it is (the gate hands the case on later)', async () => {
    const paid = { id: 'paid-1', outcome: 'paid' as const };
    const { ports, contacts, answers, cases } = await sentReminder({ ...waitingCase, taskToken: undefined });
    const stored = (await cases.store.getCase('ACC-1-1')) as CaseRecord;
    cases.put({ ...stored, pendingReply: paid });
    await receiveEmailEvent(bounce('Permanent', 'General'), ports);
    expect((await ports.store.getCase('ACC-1-1'))?.pendingReply).toEqual(paid);
    expect(answers).toEqual([]);
    expect((await contacts.records.contactLedger(EMAIL)).undeliverable).toBeDefined();
  });

  it('a transient bounce or a delay: EmailDelayed once, nothing else (SES retries)', async () => {
    for (const event of [bounce('Transient', 'MailboxFull'), delay]) {
      const { ports, contacts, answers, entries } = await sentReminder();
      const ledgerBefore = await contacts.records.contactLedger(EMAIL);
      expect(await receiveEmailEvent(event, ports)).toMatchObject({ outcome: 'recorded', kind: 'delayed' });
      expect(await receiveEmailEvent(event, ports)).toMatchObject({ outcome: 'duplicate' });
      expect(entries().map((entry) => entry.type)).toEqual(['EmailSent', 'EmailDelayed']);
      expect(await contacts.records.contactLedger(EMAIL)).toEqual(ledgerBefore);
      expect(answers).toEqual([]);
      expect((await ports.store.getCase('ACC-1-1'))?.version).toBe(waitingCase.version + 1);
    }
  });

  it('a complaint: an opt-out, EmailComplaint, the case to a person; once', async () => {
    const { ports, contacts, answers, entries } = await sentReminder();
    expect(await receiveEmailEvent(complaint, ports, { newId: () => 'reply-c' })).toMatchObject({
      outcome: 'recorded',
      kind: 'complaint',
    });
    const record = (await ports.store.getCase('ACC-1-1')) as CaseRecord;
    expect(record.optedOutAt).toBe(EVENT_AT);
    expect(answers).toEqual([
      { taskToken: 'token-friendly', reply: { id: 'reply-c', outcome: 'stopped', reason: 'complaint' } },
    ]);
    expect(entries().filter((entry) => entry.type === 'EmailComplaint')).toHaveLength(1);
    // Nothing is sent after a complaint; the message was delivered, so it still counts as a contact.
    const ledger = await contacts.records.contactLedger(EMAIL);
    expect(ledger.sends.map((send) => send.messageKey)).toContain('friendly-0');
    expect(contactDecisionFor(record, ledger, 'acknowledgement', policyClockOf(clock), later).decision).toBe(
      'never',
    );

    expect(await receiveEmailEvent(complaint, ports)).toMatchObject({ outcome: 'duplicate' });
    expect(entries().filter((entry) => entry.type === 'EmailComplaint')).toHaveLength(1);
    expect(answers).toHaveLength(1);
    expect((await ports.store.getCase('ACC-1-1'))?.optedOutAt).toBe(EVENT_AT);
  });

  it('a delivery: the EmailSent entry says when it was delivered; once', async () => {
    const { ports, entries, answers } = await sentReminder();
    expect(await receiveEmailEvent(delivery, ports)).toMatchObject({
      outcome: 'recorded',
      kind: 'delivered',
    });
    expect(entries()).toEqual([
      expect.objectContaining({ type: 'EmailSent', data: { kind: 'friendly', deliveredAt: EVENT_AT } }),
    ]);
    expect(await receiveEmailEvent(delivery, ports)).toMatchObject({ outcome: 'duplicate' });
    expect(entries()).toHaveLength(1);
    expect(answers).toEqual([]);
  });

  it('drops an event about a message we do not know, or about another recipient; retries one sent a moment ago', async () => {
    const { ports, contacts, entries } = await sentReminder();
    const unknown = bounce('Permanent', 'General', 'ses-not-ours');
    expect(await receiveEmailEvent(unknown, ports, { now: later })).toEqual({ outcome: 'unknown-message' });
    // SES may tell of a message before its sender recorded that it went: retried, not dropped.
    await expect(
      receiveEmailEvent(unknown, ports, { now: new Date(Date.parse(SENT_AT) + 30_000) }),
    ).rejects.toThrow(/not recorded yet/);
    const other = {
      ...delivery,
      delivery: { recipients: ['someone@example.org'], timestamp: EVENT_AT },
    } as SesEventDetail;
    expect(await receiveEmailEvent(other, ports, { now: later })).toEqual({ outcome: 'other-recipient' });
    expect(entries().map((entry) => entry.type)).toEqual(['EmailSent']);
    expect((await contacts.records.contactLedger(EMAIL)).undeliverable).toBeUndefined();
  });
});

describe('what the debtor’s History says of it', () => {
  const line = (type: string, data: Record<string, unknown>, locale = 'en-GB') =>
    historyText({ type, at: EVENT_AT, data }, locale, 'UTC');

  it('says a message was delivered, or could not be, in English and Spanish', () => {
    const sent = { kind: 'friendly', subject: 'A reminder' };
    expect(line('EmailSent', sent)).not.toMatch(/delivered/);
    expect(line('EmailSent', { ...sent, deliveredAt: EVENT_AT })).toMatch(/delivered to your mailbox$/);
    expect(line('EmailSent', { ...sent, deliveredAt: EVENT_AT }, 'es-ES')).toMatch(/entregado en su buzón$/);
    expect(line('EmailSent', { ...sent, undeliveredAt: EVENT_AT })).toMatch(/could not be delivered$/);
    expect(line('EmailSent', { ...sent, undeliveredAt: EVENT_AT }, 'es-ES')).toMatch(/no se pudo entregar$/);
  });

  it('tells a bounce, a delay, a complaint and a message withheld from an undeliverable address', () => {
    expect(line('EmailBounced', {})).toMatch(/could not be delivered to your address/);
    expect(line('EmailBounced', {}, 'es-ES')).toMatch(/no se pudo entregar/);
    expect(line('EmailDelayed', {})).toMatch(/delayed/);
    expect(line('EmailComplaint', {}, 'es-ES')).toMatch(/no deseado/);
    const reason = decideContact({
      now: new Date(EVENT_AT),
      timeZone: 'UTC',
      locale: 'en-GB',
      contactWindow: { start: '00:00', end: '23:59' },
      weeklyMessageCap: 3,
      recentSends: [],
      caseState: waitingCase,
      purpose: 'collection',
      undeliverable: { since: EVENT_AT, reason: 'permanent-bounce' },
    });
    const withheld = { kind: 'firm', reason: reason.decision === 'person' ? reason.reason : '' };
    expect(line('EmailWithheld', withheld)).toMatch(/emails to your address cannot be delivered/);
    expect(line('EmailWithheld', withheld, 'es-ES')).toMatch(/no se pueden entregar/);
  });
});
