import { CaseDetailType } from '../contract/events.ts';
import { queueEntry } from '../domain/queues.ts';
import type { Cases } from '../ports/case-store.ts';
import type { CaseEvents, CaseMail, SendOutcome } from '../ports/effects.ts';
import { hardshipSignsOf } from './check-hardship.ts';

export type HardshipHandOverPorts = {
  store: Pick<Cases, 'getCase' | 'timeline' | 'casesOfAccount' | 'holdForPerson'>;
  mail: Pick<CaseMail, 'send' | 'accountUrl'>;
  events: CaseEvents;
};

/**
 * Task "Send a supportive message and hand the case to a person": a check found signs of hardship,
 * so the case is never referred automatically. The debtor gets a supportive message through the
 * send gate (no payment asked for; the hardship path and a person to talk to), and the case is held
 * for a person with the signs listed; ManualFollowUpNeeded tells the AR team (reason hardship-signs).
 */
export async function handOverForHardship(
  caseId: string,
  ports: HardshipHandOverPorts,
): Promise<{ status: 'held-for-person' | 'not-open'; signs: string[]; email?: SendOutcome['outcome'] }> {
  const now = new Date();
  const { record, check } = await hardshipSignsOf(caseId, ports.store, now);
  if (record.status !== 'open') return { status: 'not-open', signs: check.signs };
  const account = await ports.mail.accountUrl(record, now);
  const email = await ports.mail.send({
    record,
    kind: 'hardshipReview',
    messageKey: `hardship-review-${record.cycle ?? 0}`,
    now,
    // Its own link: the hardship form, the first thing the message offers.
    extra: { actionUrl: `${account}/hardship` },
  });
  await ports.store.holdForPerson(
    record,
    {
      type: 'HandedToPerson',
      at: now.toISOString(),
      // Once per hand-over: a case a person resumed (a new cycle) may be handed over again (issue 12).
      entryId: `handed-hardship-signs${record.cycle ? `-${record.cycle}` : ''}`,
      data: { reason: 'hardship-signs', signs: check.signs },
    },
    // The staff's queue of cases held before escalation for signs of hardship (issue 12).
    queueEntry(record, 'hardship', now.toISOString(), { reason: check.signs.join(', ') || 'hardship-signs' }),
  );
  await ports.events.publish(CaseDetailType.manualFollowUpNeeded, {
    caseId,
    accountId: record.accountId,
    reason: 'hardship-signs',
    balance: record.balance,
    at: now.toISOString(),
    detail: `signs of hardship: ${check.signs.join(', ') || 'none left at hand-over'}`,
  });
  return { status: 'held-for-person', signs: check.signs, email: email.outcome };
}
