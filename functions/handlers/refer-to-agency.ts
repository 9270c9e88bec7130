import middy from '@middy/core';
import * as z from 'zod';
import { CaseDetailType } from '../contract/events.ts';
import { agencyReferralBlockers } from '../domain/agency.ts';
import { isSettled } from '../domain/money.ts';
import { policyFor } from '../domain/policy.ts';
import { announceResolution, closeAsPaid } from '../shared/case-closing.ts';
import { MAILING_HANDLER_CONFIG, sendCaseEmail } from '../shared/case-mail.ts';
import { CaseStore } from '../shared/case-store.ts';
import { loadConfig } from '../shared/config.ts';
import { logger } from '../shared/logger.ts';
import { publish } from '../shared/publish.ts';
import { lambdaContext } from './middleware/lambda-context.ts';
import { parseEvent } from './middleware/parse-event.ts';

const config = loadConfig(MAILING_HANDLER_CONFIG);
const store = new CaseStore(config.TABLE_NAME);

const ReferInput = z.object({ caseId: z.string().min(1) });

/**
 * Task "Refer to collection agency": the last resort. Every precondition is checked again now;
 * a case that fails one is held for a person instead, with the reason on its timeline.
 */
export const handler = middy()
  .use(lambdaContext())
  .use(parseEvent(ReferInput))
  .handler(async ({ caseId }) => {
    const record = await store.getCase(caseId);
    if (!record) throw new Error(`Case ${caseId} does not exist`);
    const now = new Date();
    if (record.status === 'open' && isSettled(record.balance)) {
      // Paid in the moment the final notice's window closed: thank, don't refer.
      await closeAsPaid({ store, config, record, now });
      return { caseId, status: 'paid' };
    }
    if (record.status !== 'placed') {
      const blockers = agencyReferralBlockers(record, policyFor(record.debtor.segment));
      if (blockers.length > 0) {
        if (record.status === 'open') {
          await store.holdForPerson(record, {
            type: 'HeldForPerson',
            at: now.toISOString(),
            entryId: 'held-referral',
            data: { blockers },
          });
        }
        logger.info('Agency referral held for a person', { caseId, blockers });
        return { caseId, status: 'held-for-person', blockers };
      }
      await store.closeCase(record, 'placed', {
        type: 'CasePlacedWithAgency',
        at: now.toISOString(),
        entryId: 'placed',
      });
    }
    // From here the case is placed; each step below is skipped if an earlier attempt did it.
    const placed = { ...record, status: 'placed' as const };
    if (!placed.casePlacedAnnouncedAt) {
      const timeline = await store.timeline(caseId);
      // The minimum the agency needs (GDPR data minimisation).
      await publish(config.EVENT_BUS_NAME, CaseDetailType.casePlacedWithAgency, {
        caseId,
        accountId: record.accountId,
        balance: record.balance,
        invoices: record.invoices.map(({ invoiceId, amountDue, dueDate }) => ({
          invoiceId,
          amountDue,
          dueDate,
        })),
        debtor: { name: record.debtor.name, email: record.debtor.email },
        contactPreferences: {
          locale: record.debtor.locale,
          timeZone: record.debtor.timeZone,
          emailOptOut: Boolean(record.optedOutAt),
        },
        timeline: timeline.map(({ type, at, data }) => ({
          type,
          at,
          ...(data?.kind ? { kind: data.kind } : {}),
        })),
        dispute: record.dispute
          ? {
              disputeId: record.dispute.disputeId ?? `${caseId}-dispute`,
              reason: record.dispute.reason,
              status: record.dispute.status,
              openedAt: record.dispute.openedAt,
            }
          : null,
        placedAt: now.toISOString(),
      });
      await store.markAnnounced(caseId, 'casePlacedAnnouncedAt', now.toISOString());
    }
    await sendCaseEmail({ store, config, record: placed, kind: 'placed', messageKey: 'placed', now });
    await announceResolution(config.EVENT_BUS_NAME, store, placed, 'placed', now);
    return { caseId, status: 'placed' };
  });
