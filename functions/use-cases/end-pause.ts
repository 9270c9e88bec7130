import { randomUUID } from 'node:crypto';
import type { CaseEventDetail } from '../contract/case-events.ts';
import { CaseDetailType } from '../contract/events.ts';
import type { CasePlan, CaseRecord } from '../domain/case.ts';
import { decideAfterPause, type Reply } from '../domain/journey.ts';
import { bareReply } from '../domain/pending-reply.ts';
import { afterHardship, checkPlan } from '../domain/plan-journey.ts';
import { policyFor } from '../domain/policy.ts';
import { queueEntry } from '../domain/queues.ts';
import { replyWindowSeconds } from '../domain/schedule.ts';
import type { Cases, Replies } from '../ports/case-store.ts';
import type { CaseEvents, CaseMail } from '../ports/effects.ts';
import { mustGetCase } from './case-lookup.ts';

export type EndPausePorts = {
  store: Pick<Cases, 'getCase' | 'recordAction'> & Pick<Replies, 'clearPendingReply'>;
  mail: CaseMail;
  events: CaseEvents;
};

type Settings = { daySeconds: number };

/**
 * A pause ends (or a plan's wait reaches its next checkpoint): the reply the workflow goes on with.
 * A reply that arrived as the pause ended (a payment, say) wins over the timetable.
 */
export async function endPause(caseId: string, ports: EndPausePorts, settings: Settings): Promise<Reply> {
  const { store, events } = ports;
  const record = await mustGetCase(store, caseId);
  const now = new Date();
  if (record.pendingReply) {
    const reply = bareReply(record.pendingReply);
    await store.clearPendingReply(caseId, reply.id);
    return reply;
  }
  const replyId = randomUUID();
  switch (record.pause?.reason) {
    case 'plan':
      if (record.plan) return checkpointPlan({ ...record, plan: record.plan }, replyId, now, ports, settings);
      break;
    case 'hardship':
      return offerPlanAfterHardship(record, replyId, now, ports, settings);
  }
  const reply: Reply = { id: replyId, ...decideAfterPause(record, policyFor(record.debtor.segment)) };
  const pause = record.pause;
  await store.recordAction(
    record,
    {
      remove: ['pause'],
      ...(reply.outcome === 'resume' ? { bumpCycle: true } : {}),
      ...(pause?.reason === 'promise' && pause.promisedDate
        ? {
            set: { brokenPromiseDate: pause.promisedDate },
            // The staff's queue of promises and plans broken (issue 12).
            queues: {
              enter: [
                queueEntry(record, 'broken-promises', now.toISOString(), {
                  reason: `promise-broken: ${pause.promisedDate}`,
                }),
              ],
            },
          }
        : {}),
    },
    {
      type: 'PauseEnded',
      at: now.toISOString(),
      entryId: `pause-ended-${replyId}`,
      // The rung the pause interrupted: what a snooze's end must resume at (the lives check it).
      data: { reason: pause?.reason, reply, ...(record.rung ? { rung: record.rung } : {}) },
    },
  );
  if (pause?.reason === 'promise') {
    // The schema requires the promised date; a promise's pause always has one (promiseToPay sets
    // it), which the case's type does not say yet. The check as it goes is unchanged.
    await events.publish(CaseDetailType.promiseBroken, {
      caseId,
      accountId: record.accountId,
      ...(pause.promisedDate ? { promisedDate: pause.promisedDate } : {}),
      balance: record.balance,
      at: now.toISOString(),
    } as CaseEventDetail<typeof CaseDetailType.promiseBroken>);
  }
  return reply;
}

/**
 * Task "Decide how to go on after the pause" as the workflow sees it: its context with the reply,
 * and, once the debtor chose fewer reminders (issue 16), the gentle reply windows every later rung
 * waits (the workflow keeps them in `$.Payload.replyWindowSeconds`).
 */
export async function endPauseStep<C extends { caseId: string }>(
  caseId: string,
  context: C,
  ports: EndPausePorts,
  settings: Settings,
): Promise<C & { reply: Reply; replyWindowSeconds?: Record<string, number> }> {
  const reply = await endPause(caseId, ports, settings);
  const record = await ports.store.getCase(caseId);
  if (record?.cadence !== 'gentle') return { ...context, reply };
  const windows = replyWindowSeconds(policyFor(record.debtor.segment), 'gentle', settings.daySeconds);
  return { ...context, reply, replyWindowSeconds: windows };
}

/** A plan checkpoint: the reminder before an instalment, a nudge when one is missed, or the break. */
async function checkpointPlan(
  record: CaseRecord & { plan: CasePlan },
  replyId: string,
  now: Date,
  { store, events, mail }: EndPausePorts,
  { daySeconds }: Settings,
): Promise<Reply> {
  const check = checkPlan(record, policyFor(record.debtor.segment), { now, daySeconds, replyId });
  const reply = { id: replyId, ...check.reply } as Reply;
  const updated = await store.recordAction(
    record,
    { ...check.change },
    check.change.timeline
      ? { ...check.change.timeline, at: now.toISOString() }
      : {
          type: 'PlanChecked',
          at: now.toISOString(),
          entryId: `plan-check-${replyId}`,
          data: { reply: reply.outcome },
        },
  );
  for (const event of check.events) {
    await events.publish(event.type, {
      caseId: record.caseId,
      accountId: record.accountId,
      ...event.detail,
      at: now.toISOString(),
    } as CaseEventDetail<typeof event.type>);
  }
  for (const email of check.emails) {
    await mail.send({
      record: updated,
      kind: email.kind,
      messageKey: email.key,
      now,
      extra: {
        plan: { instalments: record.plan.offer.instalments, total: record.plan.offer.total },
        ...(email.instalment ? { instalment: email.instalment } : {}),
      },
    });
  }
  return reply;
}

/** The hardship pause is over: offer a plan sized to what they said they can afford. */
async function offerPlanAfterHardship(
  record: CaseRecord,
  replyId: string,
  now: Date,
  { store, mail }: EndPausePorts,
  { daySeconds }: Settings,
): Promise<Reply> {
  const policy = policyFor(record.debtor.segment);
  const { reply, offers } = afterHardship(record, policy, { now, daySeconds, replyId });
  const updated = await store.recordAction(
    record,
    {
      set: {
        pause: {
          reason: 'plan-offer',
          until: reply.outcome === 'paused' ? reply.until : '',
          since: now.toISOString(),
        },
      },
    },
    {
      type: 'PlanOffered',
      at: now.toISOString(),
      entryId: `plan-offered-${replyId}`,
      data: { plans: offers.map((offer) => offer.id) },
    },
  );
  if (offers.length > 0) {
    await mail.send({
      record: updated,
      kind: 'hardshipPlanOffer',
      messageKey: `hardship-plan-offer-${replyId}`,
      now,
      extra: {
        planOptions: offers.map((offer) => ({ instalments: offer.instalments, total: offer.total })),
        actionUrl: `${await mail.accountUrl(updated, now)}/plan`,
        ...(record.hardship
          ? {
              affordablePerMonth: {
                amount: record.hardship.affordablePerMonthMinor,
                currency: record.balance.currency,
              },
            }
          : {}),
      },
    });
  }
  return reply;
}
