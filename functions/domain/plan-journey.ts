import * as z from '../contract/zod.ts';
import type { CasePlan, CaseRecord } from './case.ts';
import type { CaseChange } from './case-updates.ts';
import { addDays, daysBetween, localDate } from './dates.ts';
import type { ActionContext, ActionResult } from './debtor-actions.ts';
import { pauseUntil, type Reply, type ReplyDraft } from './journey.ts';
import { money, subtract } from './money.ts';
import { offerPlans, type PlanOffer, planStatus } from './plans.ts';
import type { Policy } from './policy.ts';
import { queueEntry } from './queues.ts';

/**
 * Payment plans and hardship on a case (DESIGN §2), pure. A plan in good standing holds the
 * workflow in "Pause collection and wait" between checkpoints (the next reminder day, the day after
 * an instalment is due); at each checkpoint the plan is checked again.
 */
export type { CasePlan };

export const HARDSHIP_REASONS = ['job-loss', 'illness', 'bereavement', 'other'] as const;

/** An amount typed by a person ("45", "45.50", "45,50") in exact minor units, without a float. */
export function parseAmount(text: string, currencyDigits: number): number | undefined {
  const match = /^\s*(\d{1,9})(?:[.,](\d{1,3}))?\s*$/.exec(text);
  if (!match) return undefined;
  const [, units = '0', fraction = ''] = match;
  if (fraction.length > currencyDigits) return undefined;
  return Number(units) * 10 ** currencyDigits + Number(fraction.padEnd(currencyDigits, '0') || '0');
}

export const PlanFormSchema = z.object({ planId: z.string().check(z.regex(/^\d+x\d+d$/, 'plan-required')) });
export const HardshipFormSchema = z.object({
  reason: z.enum(HARDSHIP_REASONS, { error: 'reason-required' }),
  affordable: z.string().check(z.minLength(1, 'amount-required')),
  note: z._default(z.optional(z.string().check(z.trim()).check(z.maxLength(2000, 'note-too-long'))), ''),
});

/** The plans the portal offers now: sized to a hardship declaration if there is one. */
export function plansOnOffer(
  record: CaseRecord & { hardship?: { affordablePerMonthMinor: number } },
  policy: Policy,
  now: Date,
) {
  return offerPlans({
    balance: record.balance,
    policy,
    today: localDate(now, record.debtor.timeZone),
    ...(record.hardship
      ? { hardship: { affordablePerMonthMinor: record.hardship.affordablePerMonthMinor } }
      : {}),
  });
}

/**
 * The schedules the ladder's plan offer proposes: of the plans on offer now (so each can be
 * accepted as it stands), those with the policy's numbers of instalments; if the balance allows
 * none of them, the shortest plans it does allow. At most three; none when the balance is too small
 * for any plan.
 */
export function ladderPlanOffers(
  record: CaseRecord & { hardship?: { affordablePerMonthMinor: number } },
  policy: Policy,
  now: Date,
): PlanOffer[] {
  const offers = plansOnOffer(record, policy, now);
  const chosen = offers.filter((offer) => policy.planOffer.instalments.includes(offer.instalments.length));
  return (chosen.length > 0 ? chosen : offers).slice(0, 3);
}

/** The plan's calendar today: policy days since acceptance (a policy day is `daySeconds` long). */
export function planToday(
  plan: Pick<CasePlan, 'acceptedAt' | 'acceptedOn'>,
  now: Date,
  daySeconds: number,
): string {
  const elapsed = Math.max(
    0,
    Math.floor((now.getTime() - Date.parse(plan.acceptedAt)) / (daySeconds * 1000)),
  );
  return addDays(plan.acceptedOn, elapsed);
}

/** A pause until the day before `checkpoint` (at least through today), so the check runs on it. */
function pauseUntilCheckpoint(
  checkpoint: string,
  today: string,
  context: { now: Date; daySeconds: number; replyId: string },
  timeZone: string,
) {
  const lastDay = daysBetween(today, checkpoint) > 0 ? addDays(checkpoint, -1) : today;
  // The plan's calendar runs from acceptance; measure the wait in days from the plan's today.
  const days = daysBetween(today, lastDay) + 1;
  return {
    ...pauseUntil({
      reason: 'plan',
      lastDay,
      now: context.now,
      timeZone,
      daySeconds: context.daySeconds,
      id: context.replyId,
    }),
    pauseSeconds: Math.max(1, Math.round(days * context.daySeconds)),
  };
}

export function acceptPlan(
  record: CaseRecord,
  form: z.infer<typeof PlanFormSchema>,
  context: ActionContext,
): ActionResult {
  const offer = plansOnOffer(record, context.policy, context.now).find(
    (candidate) => candidate.id === form.planId,
  );
  if (!offer) return { ok: false, errors: { planId: 'plan-unknown' } };
  const today = localDate(context.now, record.debtor.timeZone);
  const plan: CasePlan = {
    offer,
    acceptedAt: context.now.toISOString(),
    acceptedOn: today,
    balanceAtStart: record.balance,
    remindedFor: 0,
    missesNotified: 0,
  };
  const first = offer.instalments[0];
  const reminderDay = first ? addDays(first.dueDate, -context.policy.plan.reminderDaysBefore) : today;
  const reply = pauseUntilCheckpoint(
    daysBetween(today, reminderDay) > 0 ? reminderDay : today,
    today,
    context,
    record.debtor.timeZone,
  );
  return {
    ok: true,
    change: {
      set: { plan, pause: { reason: 'plan', until: reply.until, since: plan.acceptedAt } },
      remove: ['brokenPromiseDate'],
      reply,
      // A plan agreed answers a broken promise or plan: the case leaves that staff queue.
      queues: { leave: ['broken-promises'] },
      timeline: {
        type: 'PlanAgreed',
        entryId: `plan-${context.replyId}`,
        data: { planId: offer.id, total: offer.total, instalments: offer.instalments.length },
      },
    },
    detail: { planId: offer.id, total: offer.total, instalments: offer.instalments },
  };
}

export function declareHardship(
  record: CaseRecord,
  form: z.infer<typeof HardshipFormSchema>,
  context: ActionContext & { currencyDigits: number },
): ActionResult {
  const affordable = parseAmount(form.affordable, context.currencyDigits);
  if (affordable === undefined) return { ok: false, errors: { affordable: 'amount-format' } };
  const today = localDate(context.now, record.debtor.timeZone);
  const lastDay = addDays(today, context.policy.hardshipPauseDays - 1);
  const reply = pauseUntil({
    reason: 'hardship',
    lastDay,
    now: context.now,
    timeZone: record.debtor.timeZone,
    daySeconds: context.daySeconds,
    id: context.replyId,
  });
  const hardship = {
    reason: form.reason,
    affordablePerMonthMinor: affordable,
    ...(form.note ? { note: form.note } : {}),
    declaredAt: context.now.toISOString(),
  };
  return {
    ok: true,
    change: {
      set: { hardship, pause: { reason: 'hardship', until: lastDay, since: hardship.declaredAt } },
      reply,
      timeline: {
        type: 'HardshipDeclared',
        entryId: `hardship-${context.replyId}`,
        data: { reason: form.reason, affordablePerMonth: money(affordable, record.balance.currency) },
      },
    },
    detail: {
      reason: form.reason,
      affordablePerMonth: money(affordable, record.balance.currency),
      pausedUntil: lastDay,
    },
  };
}

export type PlanCheck = {
  reply: ReplyDraft;
  change: Omit<CaseChange, 'reply' | 'timeline'> & { timeline?: CaseChange['timeline'] };
  emails: {
    kind: 'instalmentReminder' | 'instalmentMissed' | 'planBroken';
    key: string;
    instalment?: PlanOffer['instalments'][number];
  }[];
  events: { type: 'InstalmentMissed' | 'PlanBroken'; detail: Record<string, unknown> }[];
};

/** A checkpoint of a running plan: remind, nudge, break, or wait for the next checkpoint. */
export function checkPlan(
  record: CaseRecord & { plan: CasePlan },
  policy: Policy,
  context: { now: Date; daySeconds: number; replyId: string },
): PlanCheck {
  const { plan } = record;
  const today = planToday(plan, context.now, context.daySeconds);
  const paid = subtract(plan.balanceAtStart, record.balance);
  const status = planStatus({
    plan: plan.offer,
    payments: paid.amount > 0 ? [{ amount: paid, paidAt: today }] : [],
    today,
    policy,
  });
  const emails: PlanCheck['emails'] = [];
  const events: PlanCheck['events'] = [];
  if (status.completed) return { reply: { outcome: 'paid' }, change: {}, emails, events };

  const missedInstalment = plan.offer.instalments[Math.max(0, status.missed - 1)];
  const newMiss = status.missed > plan.missesNotified;
  // The plan ran out without being paid off, or missed too often: it is broken.
  if (status.broken || (!status.nextDue && status.missed > 0)) {
    emails.push({ kind: 'planBroken', key: `plan-broken-${plan.acceptedAt}` });
    events.push({
      type: 'PlanBroken',
      detail: { planId: plan.offer.id, misses: Math.max(1, status.missed), balance: record.balance },
    });
    return {
      reply: { outcome: 'resume', step: 'final', because: 'plan-broken' },
      change: {
        remove: ['plan', 'pause'],
        bumpCycle: true,
        // The staff's queue of promises and plans broken (issue 12).
        queues: {
          enter: [
            queueEntry(record, 'broken-promises', context.now.toISOString(), { reason: 'plan-broken' }),
          ],
        },
        timeline: {
          type: 'PlanBroken',
          entryId: `plan-broken-${plan.acceptedAt}`,
          // A broken hardship plan is a sign of hardship (hardship-check.ts).
          data: {
            planId: plan.offer.id,
            misses: status.missed,
            ...(plan.offer.hardship ? { hardship: true } : {}),
          },
        },
      },
      emails,
      events,
    };
  }
  const set: Record<string, unknown> = {};
  if (newMiss && missedInstalment) {
    emails.push({
      kind: 'instalmentMissed',
      key: `missed-${plan.acceptedAt}-${status.missed}`,
      instalment: missedInstalment,
    });
    events.push({
      type: 'InstalmentMissed',
      detail: {
        planId: plan.offer.id,
        instalment: missedInstalment,
        misses: status.missed,
        balance: record.balance,
      },
    });
    set.plan = { ...plan, missesNotified: status.missed };
  }
  const next = status.nextDue ? plan.offer.instalments[status.nextDue.number - 1] : undefined;
  if (
    next &&
    status.reminderDueOn &&
    daysBetween(status.reminderDueOn, today) >= 0 &&
    plan.remindedFor < next.number
  ) {
    emails.push({
      kind: 'instalmentReminder',
      key: `reminder-${plan.acceptedAt}-${next.number}`,
      instalment: next,
    });
    set.plan = { ...((set.plan as CasePlan | undefined) ?? plan), remindedFor: next.number };
  }
  const reminderAhead =
    status.reminderDueOn && daysBetween(today, status.reminderDueOn) > 0 ? status.reminderDueOn : undefined;
  const checkpoint =
    reminderAhead ?? (status.nextDue ? addDays(status.nextDue.dueDate, 1) : addDays(today, 1));
  const reply = pauseUntilCheckpoint(checkpoint, today, context, record.debtor.timeZone);
  return {
    reply: {
      outcome: reply.outcome,
      reason: reply.reason,
      until: reply.until,
      pauseSeconds: reply.pauseSeconds,
    },
    change: {
      set: { ...set, pause: { reason: 'plan', until: reply.until, since: context.now.toISOString() } },
    },
    emails,
    events,
  };
}

/** After a hardship pause: offer a plan sized to what they said, and wait a while for an answer. */
export function afterHardship(
  record: CaseRecord,
  policy: Policy,
  context: { now: Date; daySeconds: number; replyId: string },
): { reply: Reply; offers: PlanOffer[] } {
  const offers = plansOnOffer(record, policy, context.now);
  const today = localDate(context.now, record.debtor.timeZone);
  const reply = pauseUntil({
    reason: 'plan-offer',
    lastDay: addDays(today, policy.promise.maxDaysAhead - 1),
    now: context.now,
    timeZone: record.debtor.timeZone,
    daySeconds: context.daySeconds,
    id: context.replyId,
  });
  return { reply, offers };
}
