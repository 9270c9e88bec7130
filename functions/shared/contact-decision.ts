import type { CaseRecord } from '../domain/case.ts';
import {
  type ContactDecision,
  type ContactPurpose,
  decideContact,
  knownTimeZone,
} from '../domain/contact-rules.ts';
import { policyFor } from '../domain/policy.ts';
import { makePolicyClock, type PolicyClock } from '../domain/policy-clock.ts';
import type { ContactLedger } from '../ports/case-store.ts';

// The contact decision on its own (no email, no SES): the send gate and "Check the contact rules" share it.

export type ClockConfig = { DAY_SECONDS: number; CLOCK_ORIGIN: string; CLOCK_ORIGIN_POLICY: string };
/** The policy clock the contact rules are judged on (the identity in AWS). */
export function policyClockOf(config: ClockConfig): PolicyClock {
  return makePolicyClock({
    daySeconds: config.DAY_SECONDS,
    originReal: new Date(config.CLOCK_ORIGIN),
    originPolicy: new Date(config.CLOCK_ORIGIN_POLICY),
  });
}

/**
 * The contact decision for one message of a case at a real instant, from the case and the
 * debtor's ledger as stored now (their recent sends, and whether their address is undeliverable).
 * `until` comes back as a real instant.
 */
export function contactDecisionFor(
  record: CaseRecord,
  {
    sends,
    undeliverable,
    emailsStoppedAt,
  }: Pick<ContactLedger, 'sends' | 'undeliverable' | 'emailsStoppedAt'>,
  purpose: ContactPurpose,
  clock: PolicyClock,
  now: Date,
  /** How many contacts the message is (one per channel it goes by). */
  contacts = 1,
): ContactDecision {
  const policy = policyFor(record.debtor.segment);
  const decision = decideContact({
    now: clock.toPolicy(now),
    timeZone: knownTimeZone(record),
    locale: record.debtor.locale,
    contactWindow: policy.contactWindow,
    weeklyMessageCap: policy.weeklyMessageCap,
    recentSends: sends.map((send) => clock.toPolicy(new Date(send.at))),
    // The debtor's opt-out of every email (issue 16) is an opt-out of this case's too.
    caseState: emailsStoppedAt && !record.optedOutAt ? { ...record, optedOutAt: emailsStoppedAt } : record,
    purpose,
    ...(undeliverable ? { undeliverable } : {}),
    ...(contacts > 1 ? { contacts } : {}),
  });
  return decision.decision === 'wait' ? { ...decision, until: clock.toReal(decision.until) } : decision;
}
