import { describe, expect, it } from 'vitest';
import { dueSoonOwner } from '../../functions/contract/table.ts';
import type { CaseRecord } from '../../functions/domain/case.ts';
import {
  type DueSoonNote,
  decideDueSoonNote,
  dueSoonMessageKey,
  dueSoonSendAt,
  dueSoonTooLate,
} from '../../functions/domain/due-soon.ts';
import { policyFor } from '../../functions/domain/policy.ts';
import { makePolicyClock } from '../../functions/domain/policy-clock.ts';
import type { ContactLedger, DueSoonNotes, LedgerSend } from '../../functions/ports/case-store.ts';
import { receiveDueSoonInvoice, sendDueSoonNote } from '../../functions/use-cases/due-soon-note.ts';

const policy = policyFor('consumer');
// The identity: a policy day is a real day.
const clock = makePolicyClock({ daySeconds: 86_400, originReal: new Date(0), originPolicy: new Date(0) });
const creditor = {
  name: 'Example Energy',
  email: 'help@example.com',
  phone: '+44 20 7946 0000',
  supportHours: '9–5',
};

const detail = (overrides: Partial<{ dueDate: string; segment: string; invoiceId: string }> = {}) => ({
  accountId: 'ACC-1',
  invoiceId: overrides.invoiceId ?? 'INV-1',
  amountDue: { amount: 8_400, currency: 'GBP' },
  dueDate: overrides.dueDate ?? '2026-06-10',
  debtor: {
    name: 'Alex',
    email: 'alex@example.com',
    locale: 'en-GB',
    timeZone: 'Europe/London',
    segment: overrides.segment ?? 'consumer',
  },
});

/** The note store and the debtor's ledger, in memory, as the adapters keep them. */
function memory(
  options: {
    caseOpened?: boolean;
    sends?: LedgerSend[];
    cases?: Pick<CaseRecord, 'caseId' | 'optedOutAt' | 'legalPause'>[];
  } = {},
) {
  const notes = new Map<string, DueSoonNote & { status: string; deferredUntil?: string; why?: string }>();
  const ledger: ContactLedger = { sends: [...(options.sends ?? [])], version: options.sends ? 1 : 0 };
  const messages: { messageKey: string; subject: string; to: string; text: string }[] = [];
  const store: DueSoonNotes = {
    async putDueSoonNote(note) {
      if (notes.has(note.invoiceId)) return 'duplicate';
      notes.set(note.invoiceId, { ...note, status: 'waiting' });
      return 'stored';
    },
    async dueSoonNotes(now) {
      return [...notes.values()].filter(
        (note) => note.status === 'waiting' && (note.deferredUntil ?? note.sendAt) <= now.toISOString(),
      );
    },
    async caseOpenedForInvoice() {
      return options.caseOpened === true;
    },
    async recordDueSoonSend(note, write, message) {
      if (write.read.version !== ledger.version) return 'ledger-changed';
      const stored = notes.get(note.invoiceId);
      if (stored?.status !== 'waiting') return 'already-recorded';
      ledger.sends = write.sends;
      ledger.version += 1;
      stored.status = 'sent';
      messages.push({
        messageKey: message.messageKey,
        subject: message.email.subject,
        to: message.to,
        text: message.email.text,
      });
      return 'recorded';
    },
    async deferDueSoonNote(note, until) {
      const stored = notes.get(note.invoiceId);
      if (stored) stored.deferredUntil = until.toISOString();
    },
    async dropDueSoonNote(note, reason) {
      const stored = notes.get(note.invoiceId);
      if (stored) Object.assign(stored, { status: 'dropped', why: reason });
    },
  };
  const ports = {
    notes: store,
    ledger: { contactLedger: async () => structuredClone(ledger) },
    cases: {
      casesOfDebtor: async () => (options.cases ?? []).map((record) => record.caseId),
      getCase: async (caseId: string) =>
        (options.cases ?? []).find((record) => record.caseId === caseId) as CaseRecord | undefined,
    },
    clock,
    letter: { creditor, portalUrl: 'https://pay.example.com/' },
  };
  return { notes, ledger, messages, ports };
}

describe('the note before the due date: its day', () => {
  it('goes the policy’s number of days before the due date, never before now', () => {
    expect(policy.dueSoonNoteDaysBefore).toBe(3);
    expect(dueSoonSendAt('2026-06-10', policy, new Date('2026-06-01T12:00:00Z')).toISOString()).toBe(
      '2026-06-07T00:00:00.000Z',
    );
    // Billing told us late, within those days: the note is due now.
    expect(dueSoonSendAt('2026-06-10', policy, new Date('2026-06-08T12:00:00Z')).toISOString()).toBe(
      '2026-06-08T12:00:00.000Z',
    );
    expect(dueSoonTooLate('2026-06-10', new Date('2026-06-09T23:59:59Z'))).toBe(false);
    expect(dueSoonTooLate('2026-06-10', new Date('2026-06-10T00:00:00Z'))).toBe(true);
  });
});

describe('the note before the due date: the one gate without a case', () => {
  const note = { debtor: detail().debtor, timeZoneKnown: true, amountDue: detail().amountDue };

  it('goes in the contact window, waits for it outside', () => {
    expect(
      decideDueSoonNote({ note, policy, now: new Date('2026-06-07T09:00:00Z'), recentSends: [] }),
    ).toEqual({ decision: 'send' });
    const night = decideDueSoonNote({ note, policy, now: new Date('2026-06-07T00:00:00Z'), recentSends: [] });
    // 08:00 in London (BST) is 07:00Z.
    expect(night).toMatchObject({ decision: 'wait', until: new Date('2026-06-07T07:00:00Z') });
  });

  it('counts in the weekly cap every other message counts in', () => {
    const sends = ['2026-06-03T09:00:00Z', '2026-06-04T09:00:00Z', '2026-06-05T09:00:00Z'].map(
      (at) => new Date(at),
    );
    const capped = decideDueSoonNote({
      note,
      policy,
      now: new Date('2026-06-07T09:00:00Z'),
      recentSends: sends,
    });
    expect(capped).toMatchObject({ decision: 'wait', until: new Date('2026-06-10T09:00:00Z') });
    expect(capped.decision === 'wait' && capped.reason).toMatch(/weekly cap/);
  });

  it('never reaches an address no email reaches', () => {
    const refused = decideDueSoonNote({
      note,
      policy,
      now: new Date('2026-06-07T09:00:00Z'),
      recentSends: [],
      undeliverable: { since: '2026-05-01', reason: 'bounce' },
    });
    expect(refused.decision).toBe('person');
  });
});

describe('the note before the due date: the use cases', () => {
  it('is kept once per invoice, due the policy’s days before, in the debtor’s zone known or not', async () => {
    const { notes, ports } = memory();
    const now = new Date('2026-06-01T10:00:00Z');
    expect(await receiveDueSoonInvoice(detail(), ports, { now, clock })).toEqual({
      outcome: 'stored',
      sendAt: '2026-06-07T00:00:00.000Z',
    });
    expect(await receiveDueSoonInvoice(detail(), ports, { now, clock })).toMatchObject({
      outcome: 'duplicate',
    });
    expect(notes.size).toBe(1);
    expect(notes.get('INV-1')).toMatchObject({ timeZoneKnown: true, debtor: { segment: 'consumer' } });
  });

  it('rejects an unknown segment with the field named, and keeps no note once the due date has come', async () => {
    const { notes, ports } = memory();
    const now = new Date('2026-06-01T10:00:00Z');
    expect(await receiveDueSoonInvoice(detail({ segment: 'nobody' }), ports, { now, clock })).toMatchObject({
      outcome: 'rejected',
      reason: expect.stringMatching(/^debtor\.segment: /),
    });
    expect(await receiveDueSoonInvoice(detail({ dueDate: '2026-06-01' }), ports, { now, clock })).toEqual({
      outcome: 'too-late',
    });
    expect(notes.size).toBe(0);
  });

  it('goes once, recorded in the debtor’s ledger (the shared weekly cap), and not again', async () => {
    const { notes, ledger, messages, ports } = memory();
    await receiveDueSoonInvoice(detail(), ports, { now: new Date('2026-06-01T10:00:00Z'), clock });
    const note = notes.get('INV-1') as DueSoonNote;
    // Sent in the window (far in the future for this test's wall clock: `at` is the later of the two).
    const at = new Date('2030-06-07T09:00:00Z');
    expect(await sendDueSoonNote(note, at, ports)).toBe('sent');
    expect(messages).toEqual([
      {
        messageKey: dueSoonMessageKey('INV-1'),
        subject: expect.stringMatching(/before the due date/),
        to: 'alex@example.com',
        // No page of billing's to pay it on: the portal's.
        text: expect.stringContaining('Pay early or choose a plan: https://pay.example.com/\n'),
      },
    ]);
    expect(ledger.sends).toEqual([
      { at: at.toISOString(), caseId: dueSoonOwner('INV-1'), messageKey: dueSoonMessageKey('INV-1') },
    ]);
    expect(await sendDueSoonNote(note, at, ports)).toBe('already-sent');
    expect(messages).toHaveLength(1);
  });

  it('links billing’s page to pay the invoice early when billing gives one', async () => {
    const { notes, messages, ports } = memory();
    await receiveDueSoonInvoice({ ...detail(), paymentUrl: 'https://billing.example.com/pay/INV-1' }, ports, {
      now: new Date('2026-06-01T10:00:00Z'),
      clock,
    });
    const note = notes.get('INV-1') as DueSoonNote;
    expect(await sendDueSoonNote(note, new Date('2030-06-07T09:00:00Z'), ports)).toBe('sent');
    expect(messages[0]?.text).toContain(
      'Pay early or choose a plan: https://billing.example.com/pay/INV-1\n',
    );
  });

  it('waits for the weekly cap when the week is full', async () => {
    const week = ['2030-06-05T09:00:00Z', '2030-06-06T09:00:00Z', '2030-06-07T08:00:00Z'];
    const { notes, messages, ports } = memory({
      sends: week.map((at, index) => ({ at, caseId: 'ACC-9-case-1', messageKey: `m${index}` })),
    });
    await receiveDueSoonInvoice(detail(), ports, { now: new Date('2026-06-01T10:00:00Z'), clock });
    const note = notes.get('INV-1') as DueSoonNote;
    expect(await sendDueSoonNote(note, new Date('2030-06-07T09:00:00Z'), ports)).toBe('deferred');
    expect(notes.get('INV-1')?.deferredUntil).toBe('2030-06-12T09:00:00.000Z');
    expect(messages).toEqual([]);
  });

  it('is dropped once a case was opened for the invoice', async () => {
    const { notes, messages, ports } = memory({ caseOpened: true });
    await receiveDueSoonInvoice(detail(), ports, { now: new Date('2026-06-01T10:00:00Z'), clock });
    const note = notes.get('INV-1') as DueSoonNote;
    expect(await sendDueSoonNote(note, new Date('2030-06-07T09:00:00Z'), ports)).toBe('dropped');
    expect(notes.get('INV-1')).toMatchObject({ status: 'dropped', why: expect.stringMatching(/case/) });
    expect(messages).toEqual([]);
  });

  it.each([
    [
      'stopped our emails on another case',
      { optedOutAt: '2026-05-01T10:00:00Z' },
      /opted out of email \(case ACC-2-case-1\)/,
    ],
    [
      'is in a legal pause',
      { legalPause: { reason: 'breathing-space', since: '2026-05-01T10:00:00Z' } },
      /legally paused \(breathing-space/,
    ],
  ])('is withheld from a debtor who %s', async (_name, state, reason) => {
    const { notes, messages, ports } = memory({
      cases: [
        { caseId: 'ACC-1-case-1' },
        { caseId: 'ACC-2-case-1', ...state } as Pick<CaseRecord, 'caseId' | 'optedOutAt' | 'legalPause'>,
      ],
    });
    await receiveDueSoonInvoice(detail(), ports, { now: new Date('2026-06-01T10:00:00Z'), clock });
    const note = notes.get('INV-1') as DueSoonNote;
    expect(await sendDueSoonNote(note, new Date('2030-06-07T09:00:00Z'), ports)).toBe('dropped');
    expect(notes.get('INV-1')).toMatchObject({ status: 'dropped', why: expect.stringMatching(reason) });
    expect(messages).toEqual([]);
  });
});
