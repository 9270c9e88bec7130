import type { InvoiceDueSoonDetail } from '../contract/events.ts';
import { dueSoonOwner } from '../contract/table.ts';
import { LEDGER_KEEP_MS, trimSends } from '../domain/contact-rules.ts';
import type { Creditor } from '../domain/creditor.ts';
import { isBusinessSegment } from '../domain/creditor.ts';
import { isValidTimeZone } from '../domain/dates.ts';
import {
  type DueSoonNote,
  decideDueSoonNote,
  dueSoonMessageKey,
  dueSoonRefusedBy,
  dueSoonSendAt,
  dueSoonTooLate,
} from '../domain/due-soon.ts';
import { renderEmail } from '../domain/emails.ts';
import { type Policy, policyFor, UnknownSegmentError } from '../domain/policy.ts';
import type { PolicyClock } from '../domain/policy-clock.ts';
import { withLanguage } from '../domain/preferences.ts';
import type {
  CaseLookups,
  Cases,
  ContactRecords,
  DebtorPreferences,
  DueSoonNotes,
  LedgerSend,
} from '../ports/case-store.ts';
import { logger } from '../shared/logger.ts';

export type DueSoonIntakePorts = {
  notes: Pick<DueSoonNotes, 'putDueSoonNote'>;
  /** The language the debtor picked on the portal for an earlier case (issue 16), when kept. */
  preferences?: Pick<DebtorPreferences, 'preferredLanguage'>;
};

export type DueSoonIntakeResult =
  | { outcome: 'stored' | 'duplicate'; sendAt: string }
  | { outcome: 'too-late' }
  | { outcome: 'rejected'; reason: string };

/**
 * Billing says an invoice falls due soon (issue 16): the note is kept until the policy's number of
 * days before the due date (on the policy clock), once per invoice. No case opens. A due date that
 * has already come needs no note (the invoice is overdue: Invoice Overdue's), and a debtor in a
 * segment or zone nobody knows is rejected (the dead-letter queue, with the reason).
 */
export async function receiveDueSoonInvoice(
  detail: InvoiceDueSoonDetail,
  ports: DueSoonIntakePorts,
  { now, clock }: { now: Date; clock: PolicyClock },
): Promise<DueSoonIntakeResult> {
  let policy: Policy;
  try {
    policy = policyFor(detail.debtor.segment);
  } catch (error) {
    if (error instanceof UnknownSegmentError)
      return { outcome: 'rejected', reason: `debtor.segment: ${error.message}` };
    throw error;
  }
  const timeZone = detail.debtor.timeZone ?? policy.defaultTimeZone;
  if (!isValidTimeZone(timeZone))
    return { outcome: 'rejected', reason: `debtor.timeZone: ${timeZone} is not known` };
  const policyNow = clock.toPolicy(now);
  if (dueSoonTooLate(detail.dueDate, policyNow)) {
    logger.info('Invoice Due Soon after its due date: no note', { invoiceId: detail.invoiceId });
    return { outcome: 'too-late' };
  }
  const language = await ports.preferences?.preferredLanguage(detail.debtor.email);
  const debtor = withLanguage(
    {
      name: detail.debtor.name,
      email: detail.debtor.email,
      locale: detail.debtor.locale ?? policy.defaultLocale,
      timeZone,
      segment: policy.segment,
    },
    language,
  );
  const sendAt = clock.toReal(dueSoonSendAt(detail.dueDate, policy, policyNow)).toISOString();
  const outcome = await ports.notes.putDueSoonNote({
    accountId: detail.accountId,
    invoiceId: detail.invoiceId,
    amountDue: detail.amountDue,
    dueDate: detail.dueDate,
    debtor: {
      name: debtor.name,
      email: debtor.email,
      locale: debtor.locale,
      timeZone,
      segment: policy.segment,
    },
    timeZoneKnown: detail.debtor.timeZone !== undefined,
    ...(detail.paymentUrl ? { paymentUrl: detail.paymentUrl } : {}),
    sendAt,
    receivedAt: now.toISOString(),
  });
  logger.info('Invoice Due Soon received', { invoiceId: detail.invoiceId, outcome, sendAt });
  return { outcome, sendAt };
}

export type DueSoonSendPorts = {
  notes: DueSoonNotes;
  ledger: Pick<ContactRecords, 'contactLedger'>;
  /** The debtor's cases: one they stopped our emails on, or legally paused, refuses the note too. */
  cases: Pick<CaseLookups, 'casesOfDebtor'> & Pick<Cases, 'getCase'>;
  clock: PolicyClock;
  /**
   * Who is writing, the portal the note links to when billing gave no page to pay it on, and the
   * debtor's signed one-click opt-out (issue 16: no case to sign one for, so it names the debtor).
   */
  letter: {
    creditor: Creditor;
    portalUrl: string;
    optOutUrl?: (email: string, now: Date) => Promise<string>;
  };
  /** How often a note that lost a race for the ledger decides again. */
  attempts?: number;
};

const MAX_DECISIONS = 5;

/**
 * The notes due now each pass the one gate (the mail carrier's schedule runs this): a case opened
 * for the invoice drops the note, and so does a debtor who stopped our emails on any of their cases
 * (or whose collection is legally paused); the contact window and the weekly cap may move it later; an
 * address no email reaches drops it; otherwise it is recorded with the debtor's ledger, in one
 * transaction, and deliverEmail sends it. Its result counts what became of each.
 */
export async function sendDueSoonNotes(now: Date, ports: DueSoonSendPorts): Promise<Record<string, number>> {
  const due = await ports.notes.dueSoonNotes(now);
  const outcomes: Record<string, number> = {};
  for (const note of due) {
    let outcome: string;
    try {
      outcome = await sendDueSoonNote(note, now, ports);
    } catch (error) {
      logger.error('A note before a due date failed; the next run tries it again', {
        invoiceId: note.invoiceId,
        error: error as Error,
      });
      outcome = 'failed';
    }
    outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
  }
  if (due.length > 0) logger.info('Notes before a due date handled', { due: due.length, ...outcomes });
  return { dueSoonNotes: due.length, ...outcomes };
}

export async function sendDueSoonNote(
  note: DueSoonNote,
  now: Date,
  ports: DueSoonSendPorts,
): Promise<'sent' | 'deferred' | 'dropped' | 'already-sent'> {
  const { notes, clock } = ports;
  const policy = policyFor(note.debtor.segment);
  const messageKey = dueSoonMessageKey(note.invoiceId);
  const owner = dueSoonOwner(note.invoiceId);
  for (let attempt = 1; attempt <= (ports.attempts ?? MAX_DECISIONS); attempt++) {
    if (await notes.caseOpenedForInvoice(note.invoiceId)) {
      await notes.dropDueSoonNote(note, 'a case was opened for the invoice', now);
      logger.info('Note before the due date dropped: the invoice is in a case', {
        invoiceId: note.invoiceId,
      });
      return 'dropped';
    }
    const refused = dueSoonRefusedBy(
      (
        await Promise.all(
          (await ports.cases.casesOfDebtor(note.debtor.email)).map((caseId) => ports.cases.getCase(caseId)),
        )
      ).filter((record) => record !== undefined),
    );
    if (refused) {
      await notes.dropDueSoonNote(note, refused, now);
      logger.info('Note before the due date withheld', { invoiceId: note.invoiceId, reason: refused });
      return 'dropped';
    }
    const ledger = await ports.ledger.contactLedger(note.debtor.email);
    if (ledger.sends.some((send) => send.caseId === owner && send.messageKey === messageKey))
      return 'already-sent';
    // The debtor stopped our emails for all their cases (a note's one-click link, a complaint about one).
    if (ledger.emailsStoppedAt) {
      const reason = `the debtor opted out of email (${ledger.emailsStoppedAt})`;
      await notes.dropDueSoonNote(note, reason, now);
      logger.info('Note before the due date withheld', { invoiceId: note.invoiceId, reason });
      return 'dropped';
    }
    const at = new Date(Math.max(now.getTime(), Date.now()));
    const decision = decideDueSoonNote({
      note,
      policy,
      now: clock.toPolicy(at),
      recentSends: ledger.sends.map((send) => clock.toPolicy(new Date(send.at))),
      ...(ledger.undeliverable ? { undeliverable: ledger.undeliverable } : {}),
    });
    if (decision.decision === 'wait') {
      const until = clock.toReal(decision.until);
      await notes.deferDueSoonNote(note, until, decision.reason);
      logger.info('Note before the due date deferred', {
        invoiceId: note.invoiceId,
        until: until.toISOString(),
      });
      return 'deferred';
    }
    if (decision.decision !== 'send') {
      await notes.dropDueSoonNote(note, decision.reason, at);
      logger.info('Note before the due date withheld', {
        invoiceId: note.invoiceId,
        reason: decision.reason,
      });
      return 'dropped';
    }
    const portal = ports.letter.portalUrl.replace(/\/$/, '');
    const email = renderEmail({
      kind: 'dueSoon',
      debtorName: note.debtor.name,
      creditor: ports.letter.creditor,
      business: isBusinessSegment(note.debtor.segment),
      locale: note.debtor.locale,
      balance: note.amountDue,
      invoices: [{ invoiceId: note.invoiceId, amountDue: note.amountDue, dueDate: note.dueDate }],
      // Billing's page to pay early (the portal's pay button links the same); else the portal.
      accountUrl: note.paymentUrl ?? `${portal}/`,
      // The note's one-click opt-out (List-Unsubscribe and List-Unsubscribe-Post, as case emails have).
      ...(ports.letter.optOutUrl ? { optOutUrl: await ports.letter.optOutUrl(note.debtor.email, at) } : {}),
    });
    const recorded = await notes.recordDueSoonSend(
      note,
      {
        read: ledger,
        sends: [...trimLedger(ledger.sends, clock, at), { at: at.toISOString(), caseId: owner, messageKey }],
        // The ledger goes once even its newest send is no longer worth keeping (on the policy clock).
        expiresAt: Math.ceil(
          clock.toReal(new Date(clock.toPolicy(at).getTime() + LEDGER_KEEP_MS)).getTime() / 1000,
        ),
      },
      { messageKey, to: note.debtor.email, email, at: at.toISOString() },
    );
    if (recorded === 'ledger-changed') continue;
    if (recorded === 'case-opened') {
      await notes.dropDueSoonNote(note, 'a case was opened for the invoice', at);
      return 'dropped';
    }
    if (recorded === 'already-recorded') return 'already-sent';
    logger.info('Note before the due date recorded for sending', { invoiceId: note.invoiceId });
    return 'sent';
  }
  throw new Error(`The contact ledger kept changing; the note for invoice ${note.invoiceId} was not sent`);
}

function trimLedger(sends: readonly LedgerSend[], clock: PolicyClock, now: Date): LedgerSend[] {
  const kept = new Set(
    trimSends(
      sends.map((send) => clock.toPolicy(new Date(send.at))),
      clock.toPolicy(now),
    ).map((at) => at.getTime()),
  );
  return sends.filter((send) => kept.has(clock.toPolicy(new Date(send.at)).getTime()));
}
