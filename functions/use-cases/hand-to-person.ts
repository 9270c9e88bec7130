import type { ManualFollowUpReasonSchema } from '../contract/case-events.ts';
import { CaseDetailType } from '../contract/events.ts';
import type * as z from '../contract/zod.ts';
import { endedPlacement, isWithAgency } from '../domain/agency.ts';
import { queueEntry } from '../domain/queues.ts';
import type { Cases } from '../ports/case-store.ts';
import type { CaseEvents } from '../ports/effects.ts';
import { mustGetCase } from './case-lookup.ts';

/** Why a case is handed over; `agency-referral-held` is a referral waiting for a supervisor's approval. */
export type ManualFollowUpReason = z.infer<typeof ManualFollowUpReasonSchema>;

/**
 * Task "Hand the case to a person for manual follow-up": no automatic step is left; the AR team is
 * told with ManualFollowUpNeeded.
 */
export async function handToPerson(
  caseId: string,
  reason: ManualFollowUpReason,
  { store, events }: { store: Pick<Cases, 'getCase' | 'holdForPerson'>; events: CaseEvents },
): Promise<void> {
  const record = await mustGetCase(store, caseId);
  const now = new Date();
  // A placed case comes back from the agency (issue 14): its report, its term, or a supervisor's
  // recall. The term's end ends the placement here; a supervisor's recall ended it already. Either
  // way the agency is told to stop, from here (the staff console carries no outbox for it).
  const termEnded = reason === 'agency-term-ended' && isWithAgency(record);
  const placement =
    record.agency && termEnded ? endedPlacement(record.agency, 'term-ended', now.toISOString()) : undefined;
  const recall =
    placement?.endReason === 'term-ended' ||
    (reason === 'agency-recalled' && record.agency?.endReason === 'recalled-by-staff')
      ? (placement ?? record.agency)
      : undefined;
  if (record.status === 'open' || record.status === 'placed') {
    await store.holdForPerson(
      record,
      {
        type: 'HandedToPerson',
        at: now.toISOString(),
        // Once per hand-over: a case a person resumed (a new cycle) may be handed over again (issue 12).
        entryId: `handed-${reason}${record.cycle ? `-${record.cycle}` : ''}`,
        data: { reason },
      },
      // A referral waiting for a supervisor's approval (issue 12) is in the referrals queue.
      queueEntry(
        record,
        reason === 'agency-referral-held' ? 'referrals' : 'handed-to-person',
        now.toISOString(),
        {
          reason,
        },
      ),
      placement,
    );
    if (recall?.endReason) {
      // The agency must stop: told at once, through its destination (the rule on CaseForwardedToAgency).
      await events.publish(CaseDetailType.caseForwardedToAgency, {
        caseId,
        accountId: record.accountId,
        agencyId: recall.agencyId,
        forwardId: `${caseId}-recall-${recall.endReason}-${recall.endedAt}`,
        kind: 'recall',
        reason: recall.endReason,
        balance: record.balance,
        at: now.toISOString(),
      });
    }
    await events.publish(CaseDetailType.manualFollowUpNeeded, {
      caseId,
      accountId: record.accountId,
      reason,
      balance: record.balance,
      at: now.toISOString(),
    });
  }
}
