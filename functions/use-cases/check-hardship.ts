import { CaseDetailType } from '../contract/events.ts';
import {
  checkForHardship,
  type HardshipCheck,
  type HardshipCheckpoint,
  hardshipCheckReply,
  referralApprovalReply,
} from '../domain/hardship-check.ts';
import { policyFor } from '../domain/policy.ts';
import { CaseChangedError, type Cases } from '../ports/case-store.ts';
import type { CaseEvents } from '../ports/effects.ts';
import { mustGetCase } from './case-lookup.ts';

export type HardshipCheckPorts = {
  store: Pick<Cases, 'getCase' | 'timeline' | 'casesOfAccount' | 'recordAction'>;
  events: CaseEvents;
};

const CHECKPOINT_NAME = { final: 'final-notice', agency: 'agency-referral' } as const;
const MAX_ATTEMPTS = 3;

/** The signs of hardship on the case now: its own record and timeline, and the account's other cases. */
export async function hardshipSignsOf(
  caseId: string,
  store: Pick<Cases, 'getCase' | 'timeline' | 'casesOfAccount'>,
  now: Date,
) {
  const record = await mustGetCase(store, caseId);
  const [timeline, cases] = await Promise.all([
    store.timeline(caseId),
    store.casesOfAccount(record.accountId),
  ]);
  const check = checkForHardship({
    record,
    timeline,
    otherCases: cases.filter((other) => other.caseId !== caseId),
    policy: policyFor(record.debtor.segment),
    now,
  });
  return { record, timeline, check };
}

/**
 * Tasks "Check for signs of hardship" (before the final notice) and "… before referral": decides
 * the signs (domain/hardship-check.ts), records the decision and its reasons on the timeline,
 * announces HardshipCheckCompleted, and tells the state machine where to go: on up the ladder, or
 * to a person with a supportive message. A retried task records and announces it once per
 * checkpoint and cycle.
 */
export async function checkHardship(
  caseId: string,
  before: HardshipCheckpoint,
  ports: HardshipCheckPorts,
): Promise<{
  check: HardshipCheck;
  reply: ReturnType<typeof hardshipCheckReply> | ReturnType<typeof referralApprovalReply>;
}> {
  const now = new Date();
  for (let attempt = 1; ; attempt++) {
    const { record, timeline, check } = await hardshipSignsOf(caseId, ports.store, now);
    const entryId = `hardship-check-${before}-${record.cycle ?? 0}`;
    const recorded = timeline.some((entry) => entry.entryId === entryId);
    // A case that left the ladder meanwhile (paid, placed, held) is not written to; the reply still goes.
    if (!recorded && record.status === 'open') {
      try {
        await ports.store.recordAction(
          record,
          {},
          {
            type: 'HardshipCheckCompleted',
            at: now.toISOString(),
            entryId,
            data: {
              checkpoint: CHECKPOINT_NAME[before],
              outcome: check.outcome,
              signs: check.signs,
              stopping: check.stopping,
            },
          },
        );
      } catch (error) {
        if (error instanceof CaseChangedError && attempt < MAX_ATTEMPTS) continue;
        throw error;
      }
      await ports.events.publish(CaseDetailType.hardshipCheckCompleted, {
        caseId,
        accountId: record.accountId,
        at: now.toISOString(),
        checkpoint: CHECKPOINT_NAME[before],
        outcome: check.outcome,
        signs: check.signs,
      });
    }
    // A referral the policy asks a supervisor to approve waits for one (issue 12); signs of hardship
    // still come first (the supportive message and a person).
    const policy = policyFor(record.debtor.segment);
    if (
      before === 'agency' &&
      check.outcome !== 'review' &&
      policy.agencyReferralNeedsApproval &&
      !record.referralApprovedBy
    )
      return { check, reply: referralApprovalReply() };
    return { check, reply: hardshipCheckReply(before, check) };
  }
}
