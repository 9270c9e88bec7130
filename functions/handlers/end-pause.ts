import { randomUUID } from 'node:crypto';
import middy from '@middy/core';
import * as z from 'zod';
import { CaseDetailType } from '../contract/events.ts';
import type { CaseRecord } from '../domain/case.ts';
import { decideAfterPause, type Reply } from '../domain/journey.ts';
import { afterHardship, type CasePlan, checkPlan } from '../domain/plan-journey.ts';
import { policyFor } from '../domain/policy.ts';
import { accountUrl, MAILING_HANDLER_CONFIG, sendCaseEmail } from '../shared/case-mail.ts';
import { CaseStore } from '../shared/case-store.ts';
import { env, loadConfig } from '../shared/config.ts';
import { publish } from '../shared/publish.ts';
import { lambdaContext } from './middleware/lambda-context.ts';
import { parseEvent } from './middleware/parse-event.ts';

const config = loadConfig({ ...MAILING_HANDLER_CONFIG, DAY_SECONDS: env.daySeconds });
const store = new CaseStore(config.TABLE_NAME);

const EndPauseInput = z.object({ caseId: z.string().min(1), context: z.looseObject({ caseId: z.string() }) });

/**
 * Task "Decide how to go on after the pause": the pause (or a plan's wait for its next checkpoint)
 * ran its full length. Its result becomes `$.Payload`, with the reply "Act on the reply" routes on.
 */
export const handler = middy()
  .use(lambdaContext())
  .use(parseEvent(EndPauseInput))
  .handler(async ({ caseId, context }) => {
    const record = await store.getCase(caseId);
    if (!record) throw new Error(`Case ${caseId} does not exist`);
    const now = new Date();
    // A reply that arrived as the pause ended (a payment, say) wins over the timetable.
    if (record.pendingReply) {
      const { deliveredTo: _to, deliveringSince: _since, ...reply } = record.pendingReply;
      await store.clearPendingReply(caseId, reply.id);
      return { ...context, reply };
    }
    const replyId = randomUUID();
    switch (record.pause?.reason) {
      case 'plan':
        if (record.plan)
          return { ...context, reply: await checkpointPlan({ ...record, plan: record.plan }, replyId, now) };
        break;
      case 'hardship':
        return { ...context, reply: await offerPlanAfterHardship(record, replyId, now) };
    }
    const reply: Reply = { id: replyId, ...decideAfterPause(record) };
    const pause = record.pause;
    await store.recordAction(
      record,
      {
        remove: ['pause'],
        ...(reply.outcome === 'resume' ? { bumpCycle: true } : {}),
        ...(pause?.reason === 'promise' && pause.promisedDate
          ? { set: { brokenPromiseDate: pause.promisedDate } }
          : {}),
      },
      {
        type: 'PauseEnded',
        at: now.toISOString(),
        entryId: `pause-ended-${replyId}`,
        data: { reason: pause?.reason, reply },
      },
    );
    if (pause?.reason === 'promise') {
      await publish(config.EVENT_BUS_NAME, CaseDetailType.promiseBroken, {
        caseId,
        accountId: record.accountId,
        ...(pause.promisedDate ? { promisedDate: pause.promisedDate } : {}),
        balance: record.balance,
        at: now.toISOString(),
      });
    }
    return { ...context, reply };
  });

/** A plan checkpoint: the reminder before an instalment, a nudge when one is missed, or the break. */
async function checkpointPlan(
  record: CaseRecord & { plan: CasePlan },
  replyId: string,
  now: Date,
): Promise<Reply> {
  const check = checkPlan(record, policyFor(record.debtor.segment), {
    now,
    daySeconds: config.DAY_SECONDS,
    replyId,
  });
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
    await publish(config.EVENT_BUS_NAME, event.type, {
      caseId: record.caseId,
      accountId: record.accountId,
      ...event.detail,
      at: now.toISOString(),
    });
  }
  for (const email of check.emails) {
    await sendCaseEmail({
      store,
      config,
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
async function offerPlanAfterHardship(record: CaseRecord, replyId: string, now: Date): Promise<Reply> {
  const policy = policyFor(record.debtor.segment);
  const { reply, offers } = afterHardship(record, policy, { now, daySeconds: config.DAY_SECONDS, replyId });
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
    await sendCaseEmail({
      store,
      config,
      record: updated,
      kind: 'hardshipPlanOffer',
      messageKey: `hardship-plan-offer-${replyId}`,
      now,
      extra: {
        planOptions: offers.map((offer) => ({ instalments: offer.instalments, total: offer.total })),
        actionUrl: `${await accountUrl(updated, config, now)}/plan`,
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
