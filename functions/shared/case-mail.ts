import * as z from 'zod';
import { casePagePath } from '../contract/routes.ts';
import { type CaseRecord, contactBlocked } from '../domain/case.ts';
import { type EmailContext, type EmailKind, renderEmail } from '../domain/emails.ts';
import { linkExpiry, signLink } from '../domain/links.ts';
import { policyFor } from '../domain/policy.ts';
import type { CaseStore } from './case-store.ts';
import { env } from './config.ts';
import { linkSecret } from './link-secret.ts';
import { logger } from './logger.ts';
import { sendEmail } from './mailer.ts';

/** The configuration of every handler that writes to the debtor (and announces what it did). */
export const MAILING_HANDLER_CONFIG = {
  TABLE_NAME: env.tableName,
  EVENT_BUS_NAME: z.string().min(1),
  SENDER_ADDRESS: env.email,
  PORTAL_BASE_URL: env.url,
  LINK_SECRET_ARN: env.arn,
};

export type MailConfig = { SENDER_ADDRESS: string; PORTAL_BASE_URL: string; LINK_SECRET_ARN: string };

/** The debtor's account page behind a signed, expiring link to this case only. */
export async function accountUrl(record: CaseRecord, config: MailConfig, now: Date): Promise<string> {
  const policy = policyFor(record.debtor.segment);
  const link = signLink(
    { caseId: record.caseId, action: 'view', expiresAt: linkExpiry(now, policy.linkValidityDays) },
    await linkSecret(config.LINK_SECRET_ARN),
  );
  return `${config.PORTAL_BASE_URL.replace(/\/$/, '')}${casePagePath(link)}`;
}

/** The ladder's reminders: demands the workflow sends on its own timetable. */
const LADDER_KINDS: readonly EmailKind[] = ['friendly', 'firm', 'final', 'disputeRejected'];

/**
 * Sends one of the case's emails exactly once: the timeline and contact ledger record it first,
 * and a retried task finds it already sent.
 */
export async function sendCaseEmail(options: {
  store: CaseStore;
  config: MailConfig;
  record: CaseRecord;
  kind: EmailKind;
  /** Unique per message within the case, e.g. the rung. */
  messageKey: string;
  now: Date;
  agencyReferralDate?: string;
  /** What this kind of email needs besides the case (see REQUIRED_FIELDS in domain/emails.ts). */
  extra?: Partial<EmailContext>;
}): Promise<{ sent: boolean }> {
  const { store, config, kind, messageKey, now } = options;
  let record = options.record;
  let blocked = contactBlocked(record);
  if (!blocked) {
    const email = await renderEmailFor(options, record);
    const state = await store.recordMessage(
      record,
      messageKey,
      {
        type: 'EmailSent',
        at: now.toISOString(),
        entryId: `email-${messageKey}`,
        data: {
          kind,
          subject: email.subject,
          balance: record.balance,
          ...(options.agencyReferralDate ? { agencyReferralDate: options.agencyReferralDate } : {}),
          // An offer the email makes is on the record before it goes.
          ...(options.extra?.settlement ? { settlement: options.extra.settlement } : {}),
        },
      },
      // Decided on the case as it is when recorded: an opt-out written a moment ago wins.
      { unlessContactBlocked: true, unlessPaused: LADDER_KINDS.includes(kind) },
    );
    if (state === 'sent') {
      logger.info('Email already sent by an earlier attempt', { caseId: record.caseId, messageKey });
      return { sent: false };
    }
    if (state === 'to-send') {
      const providerMessageId = await sendEmail(config.SENDER_ADDRESS, record.debtor.email, email);
      await store.markMessageSent(record.caseId, messageKey, providerMessageId);
      logger.info('Email sent', { caseId: record.caseId, messageKey, kind });
      return { sent: true };
    }
    record = (await store.getCase(record.caseId)) ?? record;
    blocked =
      contactBlocked(record) ??
      (record.pause || record.dispute?.status === 'open'
        ? 'collection paused as the reminder was recorded'
        : 'contact was blocked as the email was recorded');
  }
  // The one gate every email passes: after an opt-out or during a legal pause nothing goes.
  await store.recordMessage(record, messageKey, {
    type: 'EmailWithheld',
    at: now.toISOString(),
    entryId: `withheld-${messageKey}`,
    data: { kind, reason: blocked },
  });
  logger.info('Email withheld', { caseId: record.caseId, messageKey, reason: blocked });
  return { sent: false };
}

/** The email as the case stands: who writes, the amount, the options, the links. */
async function renderEmailFor(options: Parameters<typeof sendCaseEmail>[0], record: CaseRecord) {
  const { config, kind, now } = options;
  const policy = policyFor(record.debtor.segment);
  const account = await accountUrl(record, config, now);
  return renderEmail({
    ...options.extra,
    kind,
    debtorName: record.debtor.name,
    creditorName: policy.creditorName,
    locale: record.debtor.locale,
    balance: record.balance,
    invoices: record.invoices,
    accountUrl: account,
    // Every email carries a one-click way to stop them (DESIGN §3).
    optOutUrl: `${account}/stop-emails`,
    ...(options.agencyReferralDate ? { agencyReferralDate: options.agencyReferralDate } : {}),
  });
}
