import type { InvoiceOverdueDetail } from '../contract/events.ts';
import { forwardFor } from '../domain/agency.ts';
import { isValidTimeZone } from '../domain/dates.ts';
import { CurrencyMismatchError } from '../domain/money.ts';
import { type Policy, policyFor, UnknownSegmentError } from '../domain/policy.ts';
import { withLanguage } from '../domain/preferences.ts';
import type {
  Cases,
  ContactRecords,
  DebtorPreferences,
  OpenOrJoinOutcome,
  Outbox,
  TextRecords,
} from '../ports/case-store.ts';
import type { CaseEvents, Workflow } from '../ports/effects.ts';
import type { ClockConfig } from '../shared/contact-decision.ts';
import { appendCorrelationIds, logger } from '../shared/logger.ts';
import { forwardToAgency } from './agency-forwards.ts';
import { queueFollowUp } from './follow-ups.ts';
import { markCaseOnce } from './mark-case.ts';
import { announceOpening, planOpening } from './open-case.ts';
import { withdrawTextConsent } from './receive-text-reply.ts';

export type InvoicePorts = {
  store: Pick<Cases, 'openOrJoinCase' | 'markExecutionStarted' | 'getCase' | 'recordAction'> &
    Pick<Outbox, 'putInOutbox'> &
    // Opening a case asks the contact rules for the friendly reminder's moment (the weekly cap).
    Pick<ContactRecords, 'contactLedger'>;
  workflow: Pick<Workflow, 'start' | 'executionArnOf'>;
  /** CaseOpened, once the case's workflow is started or queued to start. */
  events: CaseEvents;
  /**
   * The language the debtor picked on the portal for an earlier case (issue 16), when kept, and
   * their opt-out of every email (a note before a due date's link, a complaint about one): one
   * read, as the invoice arrives.
   */
  preferences?: Pick<DebtorPreferences, 'preferencesOf'>;
  /** Whether the debtor's number texted STOP (issue 16): billing's consent does not outlast it. */
  texts?: Pick<TextRecords, 'phoneStoppedAt'>;
};

const MARK_ATTEMPTS = 3;

/** The outbox key of a case's workflow start (one per case: a redelivery queues the same item). */
export const WORKFLOW_START_KEY = 'workflow-start';

/** The case's debtor needs extra care from now on: recorded once, on the timeline too. */
const markVulnerable = (store: Pick<Cases, 'getCase' | 'recordAction'>, caseId: string, now: Date) =>
  markCaseOnce(store, caseId, {
    holds: (record) => record.debtor.vulnerable === true,
    change: (record) => ({ set: { debtor: { ...record.debtor, vulnerable: true } } }),
    entry: { type: 'DebtorNeedsExtraCare', at: now.toISOString(), entryId: 'debtor-vulnerable', data: {} },
    attempts: MARK_ATTEMPTS,
  });

/**
 * The debtor stopped our emails for all their cases before this one opened (issue 16): the new case
 * starts with its emails stopped, on its timeline too (their History says so), before its workflow
 * starts. Recorded once.
 */
const markEmailsStopped = (
  store: Pick<Cases, 'getCase' | 'recordAction'>,
  caseId: string,
  stoppedAt: string,
  now: Date,
) =>
  markCaseOnce(store, caseId, {
    holds: (record) => record.optedOutAt !== undefined,
    change: () => ({ set: { optedOutAt: stoppedAt } }),
    entry: {
      type: 'EmailsStopped',
      at: now.toISOString(),
      entryId: 'emails-stopped-by-debtor',
      data: { allCases: true, since: stoppedAt },
    },
    attempts: MARK_ATTEMPTS,
  });

/** The event is wrong and will stay wrong: `reason` names the field, for the dead-letter queue. */
export type Rejected = { outcome: 'rejected'; reason: string };

/**
 * An overdue invoice arrives: it opens the account's case (fixes its timetable, starts its workflow
 * at the friendly reminder, now or from the outbox when it is due, announces it) or joins the open one; a repeat changes nothing.
 * A debtor in a segment or zone nobody knows, or an invoice in another currency than the open
 * case's, is rejected. `clock` is the policy clock's configuration (the identity in AWS).
 */
export async function receiveOverdueInvoice(
  detail: InvoiceOverdueDetail,
  { store, workflow, events, preferences, texts }: InvoicePorts,
  { now, clock }: { now: Date; clock: ClockConfig },
): Promise<OpenOrJoinOutcome | Rejected> {
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
  // The language the debtor picked on the portal wins over billing's locale (their region kept).
  const kept = await preferences?.preferencesOf(detail.debtor.email);
  const language = kept?.language;
  const debtor = withLanguage(
    {
      name: detail.debtor.name,
      email: detail.debtor.email,
      locale: detail.debtor.locale ?? policy.defaultLocale,
      timeZone,
      segment: policy.segment,
      // Billing knows this debtor needs extra care: the hardship checks never let an automatic referral happen.
      ...(detail.debtor.vulnerable === true ? { vulnerable: true } : {}),
      // Texts (issue 16): the number, the consent and the preference as billing knows them.
      ...(detail.debtor.phone ? { phone: detail.debtor.phone } : {}),
      ...(detail.debtor.phone &&
      detail.debtor.smsConsent === true &&
      !(texts && (await texts.phoneStoppedAt(detail.debtor.phone)))
        ? { smsConsent: true }
        : {}),
      ...(detail.debtor.preferredChannel ? { preferredChannel: detail.debtor.preferredChannel } : {}),
    },
    language,
  );
  try {
    // A zone assumed from the policy serves calendar dates; contact hours then fail closed.
    const result = await store.openOrJoinCase(detail, debtor, now, {
      timeZoneKnown: detail.debtor.timeZone !== undefined,
    });
    const { outcome } = result;
    let { record } = result;
    appendCorrelationIds({ caseId: record.caseId });
    // A STOP handled while this case was opening marked the number before it looked for the
    // number's cases, and this case was written before this second look: one of the two sees the
    // other, so a case opened with billing's consent never keeps it past the number's STOP.
    if (outcome === 'opened' && record.debtor.smsConsent === true && record.debtor.phone && texts) {
      const stoppedAt = await texts.phoneStoppedAt(record.debtor.phone);
      if (stoppedAt)
        record = await withdrawTextConsent(store, record, {
          at: stoppedAt,
          entryId: 'texts-stopped-at-opening',
          keyword: 'STOP',
        });
    }
    logger.info('Overdue invoice received', { invoiceId: detail.invoiceId, outcome });
    // A duplicate may be the retry of a delivery that crashed before the start: start if needed.
    if (
      outcome === 'opened' ||
      (outcome === 'duplicate' && !record.executionArn && record.status === 'open')
    ) {
      const stoppedAt = kept?.emailsStoppedAt;
      if (stoppedAt) record = await markEmailsStopped(store, record.caseId, stoppedAt, now);
      // The workflow starts at the friendly reminder, its timetable as its input. A reminder due
      // later starts it then, from the outbox (issue 15: no Wait state billed on every case); the
      // execution's ARN is known already, as it is named after the case.
      const opening = await planOpening(record, { contacts: store, clock }, now);
      let executionArn: string;
      if (Date.parse(opening.friendlyReminderAt) > now.getTime()) {
        await queueFollowUp(store, {
          caseId: record.caseId,
          key: WORKFLOW_START_KEY,
          followUp: { type: 'workflow-start', executionName: record.executionName, opening },
          now,
          dueAt: opening.friendlyReminderAt,
        });
        executionArn = workflow.executionArnOf(record.executionName);
      } else executionArn = await workflow.start(record.executionName, opening);
      // Announced once, with the workflow running; the one update records both (a delivery retried
      // between the two announces again: events are at least once).
      const announce = !record.caseOpenedAnnouncedAt;
      if (announce) await announceOpening(record, events);
      await store.markExecutionStarted(record.caseId, executionArn, announce ? now.toISOString() : undefined);
    }
    // A case placed with an agency (issue 14): the agency hears of the invoice that joined it.
    const forward =
      outcome === 'joined'
        ? forwardFor(record, {
            kind: 'invoice-added',
            balanceAfter: record.balance,
            amount: detail.amountDue,
          })
        : undefined;
    if (forward) await forwardToAgency({ store }, record, forward, `invoice-${detail.invoiceId}`, now);
    // Billing may learn that a debtor needs extra care after their case opened: the open case
    // learns it too, so the checks for signs of hardship see it (issue 11).
    if (outcome === 'joined' && detail.debtor.vulnerable === true && record.debtor.vulnerable !== true)
      return { outcome, record: await markVulnerable(store, record.caseId, now) };
    return { ...result, record };
  } catch (error) {
    if (error instanceof CurrencyMismatchError) {
      return {
        outcome: 'rejected',
        reason: `amountDue.currency: the account's open case is kept in another currency (${error.message})`,
      };
    }
    throw error;
  }
}
