import { describe, expect, it } from 'vitest';
import { CONFIGURATION_SET_TAG, type SesEventDetail } from '../../functions/contract/ses-events.ts';
import { debtorKey, dueSoonOwner } from '../../functions/contract/table.ts';
import type { CaseRecord } from '../../functions/domain/case.ts';
import type { DueSoonNote } from '../../functions/domain/due-soon.ts';
import type { RenderedEmail } from '../../functions/domain/emails.ts';
import {
  DEBTOR_LINK_DAYS,
  linkExpiry,
  signDebtorLink,
  signLink,
  verifyDebtorLink,
  verifyLink,
} from '../../functions/domain/links.ts';
import { makePolicyClock } from '../../functions/domain/policy-clock.ts';
import { emailsStopLinkInvalidPage, emailsStopPage } from '../../functions/portal/emails-stop-page.ts';
import { historyText } from '../../functions/portal/history.ts';
import type { ContactLedger, DueSoonNotes, EmailOptOutSource } from '../../functions/ports/case-store.ts';
import { contactDecisionFor, policyClockOf } from '../../functions/shared/contact-decision.ts';
import { receiveDueSoonInvoice, sendDueSoonNote } from '../../functions/use-cases/due-soon-note.ts';
import { receiveEmailEvent } from '../../functions/use-cases/receive-email-event.ts';
import { receiveOverdueInvoice } from '../../functions/use-cases/receive-overdue-invoice.ts';
import { stopDebtorEmails } from '../../functions/use-cases/stop-debtor-emails.ts';
import {
  IDENTITY_CLOCK,
  inMemoryCases,
  inMemoryContactRecords,
  openingEvents,
  recordingWorkflow,
} from '../support/in-memory-ports.ts';

/**
 * The note before a due date's one-click opt-out and complaints (issue 16): no case exists to sign a
 * link for, so the link names the debtor (their key, never their address); the opt-out is kept per
 * debtor, beside their contact ledger, where the one gate reads it: no note and no case's email goes
 * again, and a case opened later starts with its emails stopped. A complaint about a note opts out too.
 */

const SECRET = 'a-link-signing-secret-of-at-least-32-characters';
const EMAIL = 'alex@example.com';
const gbp = (amount: number) => ({ amount, currency: 'GBP' });
const clock = makePolicyClock({ daySeconds: 86_400, originReal: new Date(0), originPolicy: new Date(0) });
const creditor = {
  name: 'Example Energy',
  email: 'help@example.com',
  phone: '+44 20 7946 0000',
  supportHours: '9–5',
};

/** The debtor's preferences, in memory, as the adapter keeps them (the first opt-out stands). */
function preferences() {
  const stopped = new Map<string, { at: string; how: EmailOptOutSource }>();
  return {
    stopped,
    port: {
      preferredLanguage: async () => undefined,
      emailsStoppedAt: async (email: string) => stopped.get(debtorKey(email))?.at,
      preferencesOf: async (email: string) => {
        const at = stopped.get(debtorKey(email))?.at;
        return at ? { emailsStoppedAt: at } : {};
      },
      async stopEmails(key: string, at: string, how: EmailOptOutSource) {
        if (stopped.has(key)) return false;
        stopped.set(key, { at, how });
        return true;
      },
    },
  };
}

describe('a debtor link', () => {
  const now = new Date('2026-06-01T10:00:00Z');
  const claims = {
    debtor: debtorKey(EMAIL),
    action: 'stop-emails' as const,
    expiresAt: linkExpiry(now, DEBTOR_LINK_DAYS),
  };

  it('names the debtor’s key, never the address, and verifies with the same keyring until it expires', () => {
    const link = signDebtorLink(claims, SECRET, now);
    expect(Buffer.from(link.split('.')[0] as string, 'base64url').toString()).not.toContain('alex');
    expect(verifyDebtorLink(link, SECRET, now)).toEqual(claims);
    expect(verifyDebtorLink(link, SECRET, new Date((claims.expiresAt + 1) * 1000))).toBeNull();
    expect(verifyDebtorLink(link, `${SECRET}-other`, now)).toBeNull();
    expect(verifyDebtorLink(`${link.slice(0, -2)}AA`, SECRET, now)).toBeNull();
  });

  it('outlives every case link, and a link-key rotation keeps the previous key as long', async () => {
    const { LONGEST_LINK_DAYS } = await import('../../bin/ops/link-key.ts');
    const { POLICIES } = await import('../../functions/domain/policy.ts');
    for (const policy of Object.values(POLICIES))
      expect(DEBTOR_LINK_DAYS).toBeGreaterThanOrEqual(policy.linkValidityDays);
    expect(LONGEST_LINK_DAYS).toBe(DEBTOR_LINK_DAYS);
  });

  it('is no case link, and a case link is no debtor link', () => {
    const debtorLink = signDebtorLink(claims, SECRET, now);
    expect(verifyLink(debtorLink, SECRET, now)).toBeNull();
    const caseLink = signLink(
      { caseId: 'ACC-1-1', action: 'view', expiresAt: claims.expiresAt },
      SECRET,
      now,
    );
    expect(verifyDebtorLink(caseLink, SECRET, now)).toBeNull();
  });
});

describe('the debtor’s opt-out of every email, at the one gate', () => {
  const record: CaseRecord = {
    caseId: 'ACC-1-1',
    accountId: 'ACC-1',
    caseNumber: 1,
    status: 'open',
    rung: 'friendly',
    balance: gbp(40_000),
    invoices: [{ invoiceId: 'INV-1', amountDue: gbp(40_000), dueDate: '2026-11-01' }],
    debtor: { name: 'Alex', email: EMAIL, locale: 'en-GB', timeZone: 'UTC', segment: 'consumer' },
    openedAt: '2026-11-05T10:00:00.000Z',
    executionName: 'ACC-1-case-1',
    version: 3,
  };
  const config = {
    DAY_SECONDS: 86_400,
    CLOCK_ORIGIN: '2026-01-01T00:00:00Z',
    CLOCK_ORIGIN_POLICY: '2026-01-01T00:00:00Z',
  };
  const at = new Date('2026-11-23T10:00:00Z');

  it('refuses every case’s email as an opt-out', () => {
    const allowed = contactDecisionFor(record, { sends: [] }, 'collection', policyClockOf(config), at);
    expect(allowed).toEqual({ decision: 'send' });
    for (const purpose of ['collection', 'acknowledgement', 'outcome'] as const)
      expect(
        contactDecisionFor(
          record,
          { sends: [], emailsStoppedAt: '2026-06-02T10:00:00.000Z' },
          purpose,
          policyClockOf(config),
          at,
        ),
      ).toEqual({ decision: 'never', reason: 'the debtor opted out of email' });
  });
});

/** The note store, in memory, keeping each recorded email whole. */
function notesMemory(ledger: ContactLedger) {
  const notes = new Map<string, DueSoonNote & { status: string; why?: string }>();
  const emails: { to: string; email: RenderedEmail }[] = [];
  const store: DueSoonNotes = {
    async putDueSoonNote(note) {
      if (notes.has(note.invoiceId)) return 'duplicate';
      notes.set(note.invoiceId, { ...note, status: 'waiting' });
      return 'stored';
    },
    dueSoonNotes: async () => [...notes.values()].filter((note) => note.status === 'waiting'),
    caseOpenedForInvoice: async () => false,
    async recordDueSoonSend(note, write, message) {
      const stored = notes.get(note.invoiceId);
      if (stored?.status !== 'waiting') return 'already-recorded';
      ledger.sends = write.sends;
      ledger.version += 1;
      stored.status = 'sent';
      emails.push({ to: message.to, email: message.email });
      return 'recorded';
    },
    async deferDueSoonNote() {},
    async dropDueSoonNote(note, reason) {
      const stored = notes.get(note.invoiceId);
      if (stored) Object.assign(stored, { status: 'dropped', why: reason });
    },
  };
  const links: { email: string; at: string }[] = [];
  const ports = {
    notes: store,
    ledger: { contactLedger: async () => structuredClone(ledger) },
    cases: { casesOfDebtor: async () => [], getCase: async () => undefined },
    clock,
    letter: {
      creditor,
      portalUrl: 'https://pay.example.com/',
      optOutUrl: async (email: string, now: Date) => {
        links.push({ email, at: now.toISOString() });
        return 'https://pay.example.com/emails/signed.link/stop';
      },
    },
  };
  return { notes, emails, links, ports };
}

const dueSoon = {
  accountId: 'ACC-1',
  invoiceId: 'INV-1',
  amountDue: gbp(8_400),
  dueDate: '2026-06-10',
  debtor: { name: 'Alex', email: EMAIL, locale: 'en-GB', timeZone: 'Europe/London', segment: 'consumer' },
};

describe('the note before a due date: its one-click opt-out', () => {
  it('carries the debtor’s signed link as List-Unsubscribe and in its footer', async () => {
    const { notes, emails, links, ports } = notesMemory({ sends: [], version: 0 });
    await receiveDueSoonInvoice(dueSoon, ports, { now: new Date('2026-06-01T10:00:00Z'), clock });
    const at = new Date('2030-06-07T09:00:00Z');
    expect(await sendDueSoonNote(notes.get('INV-1') as DueSoonNote, at, ports)).toBe('sent');
    expect(links).toEqual([{ email: EMAIL, at: at.toISOString() }]);
    expect(emails[0]?.email.unsubscribeUrl).toBe('https://pay.example.com/emails/signed.link/stop');
    expect(emails[0]?.email.text).toContain('https://pay.example.com/emails/signed.link/stop');
    // No more "reply stop": the link does it.
    expect(emails[0]?.email.text).not.toMatch(/reply .?stop/i);
  });

  it('is dropped for a debtor who stopped our emails for all their cases', async () => {
    const { notes, emails, ports } = notesMemory({
      sends: [],
      version: 0,
      emailsStoppedAt: '2026-06-02T10:00:00.000Z',
    });
    await receiveDueSoonInvoice(dueSoon, ports, { now: new Date('2026-06-01T10:00:00Z'), clock });
    expect(
      await sendDueSoonNote(notes.get('INV-1') as DueSoonNote, new Date('2030-06-07T09:00:00Z'), ports),
    ).toBe('dropped');
    expect(notes.get('INV-1')).toMatchObject({
      status: 'dropped',
      why: expect.stringMatching(/opted out of email/),
    });
    expect(emails).toEqual([]);
  });

  it('is kept once per debtor: the first opt-out’s moment stands', async () => {
    const { stopped, port } = preferences();
    const key = debtorKey(EMAIL);
    expect(
      await stopDebtorEmails(key, 'one-click', new Date('2026-06-02T10:00:00Z'), { preferences: port }),
    ).toBe('stopped');
    expect(await stopDebtorEmails(key, 'page', new Date('2026-06-03T10:00:00Z'), { preferences: port })).toBe(
      'already-stopped',
    );
    expect(stopped.get(key)).toEqual({ at: '2026-06-02T10:00:00.000Z', how: 'one-click' });
  });
});

describe('a case opened after the debtor stopped every email', () => {
  it('starts with its emails stopped, on its timeline too, before its workflow starts', async () => {
    const cases = inMemoryCases();
    const { workflow } = recordingWorkflow();
    const { port } = preferences();
    await port.stopEmails(debtorKey(EMAIL), '2026-06-02T10:00:00.000Z', 'one-click');
    const overdue = {
      accountId: 'ACC-1',
      invoiceId: 'INV-1',
      amountDue: gbp(8_400),
      dueDate: '2026-06-10',
      debtor: { name: 'Alex', email: 'Alex@Example.com ', segment: 'consumer' },
    };
    const now = new Date('2026-06-20T10:00:00Z');
    const opened = await receiveOverdueInvoice(
      overdue,
      { store: cases.store, workflow, events: openingEvents(), preferences: port },
      { now, clock: IDENTITY_CLOCK },
    );
    expect(opened.outcome).toBe('opened');
    const record = await cases.store.getCase('ACC-1-1');
    expect(record?.optedOutAt).toBe('2026-06-02T10:00:00.000Z');
    expect(record?.executionArn).toBeDefined();
    const stoppedEntry = cases.timeline.find((entry) => entry.type === 'EmailsStopped');
    expect(stoppedEntry).toMatchObject({ at: now.toISOString(), data: { allCases: true } });
    expect(historyText(stoppedEntry as never, 'en-GB')).toBeDefined();
    // A redelivery of the same invoice changes nothing more.
    await receiveOverdueInvoice(
      overdue,
      { store: cases.store, workflow, events: openingEvents(), preferences: port },
      { now, clock: IDENTITY_CLOCK },
    );
    expect(cases.timeline.filter((entry) => entry.type === 'EmailsStopped')).toHaveLength(1);
    // Another debtor's case is not touched.
    await receiveOverdueInvoice(
      {
        ...overdue,
        accountId: 'ACC-2',
        invoiceId: 'INV-2',
        debtor: { ...overdue.debtor, email: 'sam@example.com' },
      },
      { store: cases.store, workflow, events: openingEvents(), preferences: port },
      { now, clock: IDENTITY_CLOCK },
    );
    expect((await cases.store.getCase('ACC-2-1'))?.optedOutAt).toBeUndefined();
  });
});

describe('a complaint about a note before a due date', () => {
  const SENT_AT = '2030-06-07T09:00:00.000Z';
  const complaint = (messageId: string): SesEventDetail => ({
    eventType: 'Complaint',
    mail: {
      timestamp: SENT_AT,
      source: 'accounts@example.com',
      messageId,
      destination: [EMAIL],
      tags: { [CONFIGURATION_SET_TAG]: ['collections'] },
    },
    complaint: {
      complainedRecipients: [{ emailAddress: EMAIL }],
      timestamp: '2030-06-07T10:00:00.000Z',
      complaintFeedbackType: 'abuse',
    },
  });

  it('stops the debtor’s emails for all their cases, once; one about a case’s email does not', async () => {
    const cases = inMemoryCases();
    const contacts = inMemoryContactRecords(cases);
    const { stopped, port } = preferences();
    await contacts.records.markMessageSent(dueSoonOwner('INV-1'), 'dueSoon-INV-1', 'ses-note', EMAIL);
    await contacts.records.markMessageSent('ACC-9-1', 'friendly-0', 'ses-case', EMAIL);
    const ports = {
      store: { ...cases.store, ...contacts.records },
      workflow: recordingWorkflow().workflow,
      preferences: port,
    };
    const later = { now: new Date('2030-06-08T10:00:00Z') };
    expect(await receiveEmailEvent(complaint('ses-case'), ports, later)).toMatchObject({
      outcome: 'recorded',
    });
    expect(stopped.size).toBe(0);
    expect(await receiveEmailEvent(complaint('ses-note'), ports, later)).toMatchObject({
      outcome: 'recorded',
      kind: 'complaint',
    });
    expect(stopped.get(debtorKey(EMAIL))).toEqual({ at: '2030-06-07T10:00:00.000Z', how: 'complaint' });
    expect(await receiveEmailEvent(complaint('ses-note'), ports, later)).toMatchObject({
      outcome: 'duplicate',
    });
    expect(stopped.size).toBe(1);
  });
});

describe('the page a debtor’s opt-out link opens', () => {
  const who = { ...creditor, name: 'Example <Energy> & Co' };

  it('says what stopping means, with one button in a form carrying its CSRF token, in either language', () => {
    const en = emailsStopPage('en', who, { csrf: 'token-1', done: false });
    expect(en).toContain('<html lang="en">');
    expect(en).toContain('Example &lt;Energy&gt; &amp; Co will send you no more emails');
    expect(en).toMatch(/<form method="post">\s*<input type="hidden" name="csrf" value="token-1">/);
    expect(en).toContain('Stop the emails</button>');
    const es = emailsStopPage('es', who, { csrf: 'token-1', done: false });
    expect(es).toContain('<html lang="es">');
    expect(es).toContain('Dejar de recibir correos</button>');
  });

  it('says it was done, without a form, and a link that does not work says so without echoing it', () => {
    const done = emailsStopPage('en', who, { csrf: 'token-1', done: true });
    expect(done).toContain('role="status"');
    expect(done).not.toContain('<form');
    expect(done).toContain('href="?lang=es&amp;done"');
    const invalid = emailsStopLinkInvalidPage('es');
    expect(invalid).toContain('Este enlace no funciona');
    expect(invalid).toContain('href="?lang=en"');
  });
});
