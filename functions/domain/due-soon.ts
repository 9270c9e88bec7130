import type { CaseRecord } from './case.ts';
import { type ContactDecision, decideContact, EMAIL_PURPOSE } from './contact-rules.ts';
import type { Money } from './money.ts';
import type { Policy } from './policy.ts';

/**
 * The note before a due date (issue 16): billing says an invoice falls due soon; a friendly note
 * without a demand goes the policy's number of days before the due date, with the portal's link to
 * pay or plan early. It opens no case; it passes the one gate's contact rules (the contact window
 * in the debtor's zone, the weekly cap shared with every other message) and goes once per invoice.
 */
export type DueSoonNote = {
  accountId: string;
  invoiceId: string;
  amountDue: Money;
  /** YYYY-MM-DD, a calendar date on the policy clock. */
  dueDate: string;
  debtor: { name: string; email: string; locale: string; timeZone: string; segment: string };
  /** Whether the debtor's zone came from billing (otherwise the locale's plausible zones decide). */
  timeZoneKnown: boolean;
  /** Billing's page where the invoice can be paid: the note's link to pay early, when given. */
  paymentUrl?: string;
  /** When the note is due to go (a real instant): the contact rules may move it later. */
  sendAt: string;
  receivedAt: string;
};

const DAY_MS = 86_400_000;

/**
 * When the note goes, on the policy clock: the policy's number of days before the due date (its
 * start, in UTC; the contact window then finds the debtor's hours), and never before `now` (billing
 * sent the event late, within those days).
 */
export function dueSoonSendAt(
  dueDate: string,
  policy: Pick<Policy, 'dueSoonNoteDaysBefore'>,
  now: Date,
): Date {
  const at = Date.parse(`${dueDate}T00:00:00Z`) - policy.dueSoonNoteDaysBefore * DAY_MS;
  return new Date(Math.max(at, now.getTime()));
}

/** Too late for a note: the due date has come (an overdue invoice is the ladder's, not a note's). */
export function dueSoonTooLate(dueDate: string, now: Date): boolean {
  return now.getTime() >= Date.parse(`${dueDate}T00:00:00Z`);
}

/** The note's message, one per invoice: its key in the ledger and on its marker. */
export const dueSoonMessageKey = (invoiceId: string) => `dueSoon-${invoiceId}`;

/**
 * The one gate's decision for the note, from the debtor's ledger (on the policy clock): there is no
 * case, so no pause or dispute to respect; nothing is owed yet, so it asks for nothing
 * (EMAIL_PURPOSE.dueSoon); the contact window in the debtor's zone and the weekly cap decide, and
 * an address no email reaches refuses it.
 */
export function decideDueSoonNote(input: {
  note: Pick<DueSoonNote, 'debtor' | 'timeZoneKnown' | 'amountDue'>;
  policy: Pick<Policy, 'contactWindow' | 'weeklyMessageCap'>;
  /** On the policy clock. */
  now: Date;
  recentSends: readonly Date[];
  undeliverable?: { since: string; reason: string };
}): ContactDecision {
  const { note, policy } = input;
  const caseState: Pick<CaseRecord, 'status' | 'balance'> = { status: 'open', balance: note.amountDue };
  return decideContact({
    now: input.now,
    timeZone: note.timeZoneKnown ? note.debtor.timeZone : undefined,
    locale: note.debtor.locale,
    contactWindow: policy.contactWindow,
    weeklyMessageCap: policy.weeklyMessageCap,
    recentSends: input.recentSends,
    caseState,
    purpose: EMAIL_PURPOSE.dueSoon,
    ...(input.undeliverable ? { undeliverable: input.undeliverable } : {}),
  });
}

/**
 * Why the debtor's other cases refuse the note, if they do: they stopped our emails on one (the
 * portal's "stop emails", a complaint), or collection is legally paused (a breathing space), when
 * no contact at all may be made. A note is never worth writing against either.
 */
export function dueSoonRefusedBy(
  cases: readonly Pick<CaseRecord, 'caseId' | 'optedOutAt' | 'legalPause'>[],
): string | undefined {
  const stopped = cases.find((record) => record.optedOutAt);
  if (stopped) return `the debtor opted out of email (case ${stopped.caseId})`;
  const paused = cases.find((record) => record.legalPause);
  if (paused) return `collection is legally paused (${paused.legalPause?.reason}, case ${paused.caseId})`;
  return undefined;
}
