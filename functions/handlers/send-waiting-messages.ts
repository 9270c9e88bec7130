import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import type { ContactPurpose } from '../domain/contact-rules.ts';
import type { EmailContext, EmailKind } from '../domain/emails.ts';
import { MAILING_HANDLER_CONFIG, sendCaseEmail } from '../shared/case-mail.ts';
import { CaseStore } from '../shared/case-store.ts';
import { loadConfig } from '../shared/config.ts';
import { logger } from '../shared/logger.ts';

const config = loadConfig(MAILING_HANDLER_CONFIG);
const store = new CaseStore(config.TABLE_NAME);
const LEASE = 'send-waiting-messages';
const LEASE_MARGIN_MS = 1_000;

/**
 * Scheduled "send waiting messages": each message the gate deferred (outside the contact window,
 * over the weekly cap) that is now due goes through the same gate again. It may go, wait again, or
 * be withheld (the debtor opted out meanwhile): late, once, never doubled (DESIGN §3). One run at a
 * time: a run that finds another holding the lease leaves the work to it.
 */
export const handler = middy().handler(async (_event: unknown, context: Context) => {
  const now = new Date();
  // The lease lasts as long as this run can (the function's timeout), so a crashed run frees it.
  const until = new Date(now.getTime() + context.getRemainingTimeInMillis() + LEASE_MARGIN_MS);
  if (!(await store.takeLease(LEASE, context.awsRequestId, now, until))) {
    logger.info('Another run is sending the waiting messages');
    return { due: 0, skipped: true };
  }
  try {
    return await sendDue(now);
  } finally {
    await store.releaseLease(LEASE, context.awsRequestId, new Date());
  }
});

async function sendDue(now: Date) {
  const due = await store.dueOutbox(now);
  const outcomes: Record<string, number> = {};
  for (const item of due) {
    const record = await store.getCase(item.caseId);
    if (record) {
      const { outcome } = await sendCaseEmail({
        store,
        config,
        record,
        kind: item.kind as EmailKind,
        messageKey: item.messageKey,
        now,
        purpose: item.purpose as ContactPurpose,
        ...(item.agencyReferralDate ? { agencyReferralDate: item.agencyReferralDate } : {}),
        ...(item.extra ? { extra: item.extra as Partial<EmailContext> } : {}),
      });
      outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
      // Deferred again: the gate put it back with its new due time, which this removal leaves alone.
      if (outcome === 'deferred') continue;
    }
    await store.removeFromOutbox(item, now);
  }
  if (due.length > 0) logger.info('Waiting messages handled', { due: due.length, ...outcomes });
  return { due: due.length, ...outcomes };
}
