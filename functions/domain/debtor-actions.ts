import * as z from '../contract/zod.ts';
import { type CaseRecord, isClosing } from './case.ts';
import type { CaseChange } from './case-updates.ts';
import { addDays, localDate } from './dates.ts';
import { checkPromiseDate, checkSnoozeDate, pauseUntil } from './journey.ts';
import { gentleReplyWindows, type Policy } from './policy.ts';
import { queueEntry } from './queues.ts';

/**
 * What the debtor can do from the portal (DESIGN §2), pure: each form's schema, and what a valid
 * submission changes on the case and tells the workflow. Each is written to the timeline first.
 */
export const DEBTOR_ACTIONS = [
  'promise',
  'plan',
  'hardship',
  'dispute',
  'callback',
  'stop-emails',
  /** Issue 16: "remind me on" a date of the debtor's own (snooze to payday). */
  'snooze',
  /** Issue 16: the policy's gentlest cadence (longer reply windows). */
  'fewer-reminders',
] as const;
export type DebtorAction = (typeof DEBTOR_ACTIONS)[number];

export const DISPUTE_REASONS = ['wrong-amount', 'not-received', 'already-paid', 'not-mine', 'other'] as const;

export const PromiseFormSchema = z.object({
  date: z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/, 'date-format')),
});
export const DisputeFormSchema = z.object({
  reason: z.enum(DISPUTE_REASONS, { error: 'reason-required' }),
  note: z._default(z.optional(z.string().check(z.trim()).check(z.maxLength(2000, 'note-too-long'))), ''),
});
/** When the debtor would like to be called, in their own time zone. */
export const CALLBACK_TIMES = ['morning', 'afternoon', 'evening'] as const;
export type CallbackTime = (typeof CALLBACK_TIMES)[number];

/** A phone number as people write it: 6 to 20 digits, with spaces, +, - and parentheses allowed. */
const phoneNumber = z.pipe(
  z
    .string({ error: 'phone-required' })
    .check(z.trim())
    .check(z.minLength(1, { error: 'phone-required', abort: true }))
    .check(z.maxLength(40, { error: 'phone-format', abort: true }))
    .check(z.regex(/^[0-9 +()-]+$/, { error: 'phone-format', abort: true }))
    .check(
      z.refine((phone) => {
        const digits = phone.replace(/\D/g, '').length;
        return digits >= 6 && digits <= 20;
      }, 'phone-format'),
    ),
  z.transform((phone) => phone.replace(/\s+/g, ' ')),
);

export const CallbackFormSchema = z.object({
  phone: phoneNumber,
  preferredTime: z.enum(CALLBACK_TIMES, { error: 'time-required' }),
  note: z._default(z.optional(z.string().check(z.trim()).check(z.maxLength(2000, 'note-too-long'))), ''),
});
export const StopEmailsFormSchema = z.object({ confirm: z.literal('yes', { error: 'confirm-required' }) });
/** "Remind me on": the date the debtor wants the next reminder (snooze to payday). */
export const SnoozeFormSchema = z.object({
  date: z.string({ error: 'date-format' }).check(z.regex(/^\d{4}-\d{2}-\d{2}$/, 'date-format')),
});
export const FewerRemindersFormSchema = z.object({
  confirm: z.literal('yes', { error: 'confirm-required' }),
});

export type ActionContext = { now: Date; daySeconds: number; replyId: string; policy: Policy };
export type ActionResult =
  | { ok: true; change: CaseChange; detail: Record<string, unknown> }
  | { ok: false; errors: Record<string, string> };

/** Why the debtor cannot use an action on this case now, or undefined when they can. */
export function actionUnavailable(record: CaseRecord, action: DebtorAction): string | undefined {
  if (action === 'stop-emails' && record.optedOutAt) return 'already-stopped';
  // With an agency (issue 14) the debtor may still dispute and stop emails: both are forwarded.
  const placedMay = record.status === 'placed' && (action === 'dispute' || action === 'stop-emails');
  if ((record.status !== 'open' && !placedMay) || isClosing(record)) return 'case-closed';
  if (action === 'stop-emails') return undefined;
  if (record.dispute?.status === 'open') return 'dispute-open';
  if (record.legalPause) return 'legal-pause';
  if (action === 'plan' && record.plan) return 'plan-active';
  if (action === 'hardship' && record.hardship && record.pause?.reason === 'hardship')
    return 'hardship-declared';
  if (action === 'callback' && record.pause?.reason === 'callback') return 'callback-requested';
  if (action === 'snooze') {
    if (record.snooze) return 'snooze-used';
    if (record.plan) return 'plan-active';
    // A pause already runs (a promise, hardship, a callback…): a snooze must not replace it (a
    // promise's would lose its weight), nor add to it.
    if (record.pause) return 'already-paused';
  }
  if (action === 'fewer-reminders' && record.cadence === 'gentle') return 'already-gentle';
  return undefined;
}

export function promiseToPay(
  record: CaseRecord,
  form: z.infer<typeof PromiseFormSchema>,
  context: ActionContext,
): ActionResult {
  const today = localDate(context.now, record.debtor.timeZone);
  const check = checkPromiseDate(form.date, context.policy, today);
  if (!check.ok) return { ok: false, errors: { date: check.problem } };
  const reply = pauseUntil({
    reason: 'promise',
    lastDay: check.lastDay,
    now: context.now,
    timeZone: record.debtor.timeZone,
    daySeconds: context.daySeconds,
    id: context.replyId,
  });
  return {
    ok: true,
    change: {
      set: {
        pause: {
          reason: 'promise',
          until: check.lastDay,
          since: context.now.toISOString(),
          promisedDate: form.date,
        },
      },
      remove: ['brokenPromiseDate'],
      reply,
      // A new promise answers a broken one: the case leaves that staff queue.
      queues: { leave: ['broken-promises'] },
      timeline: {
        type: 'PromiseMade',
        entryId: `promise-${context.replyId}`,
        data: { promisedDate: form.date, pausedUntil: check.lastDay },
      },
    },
    detail: { promisedDate: form.date, pausedUntil: check.lastDay, balance: record.balance },
  };
}

export function openDispute(
  record: CaseRecord,
  form: z.infer<typeof DisputeFormSchema>,
  context: ActionContext,
): ActionResult {
  const openedAt = context.now.toISOString();
  const lastDay = addDays(localDate(context.now, record.debtor.timeZone), context.policy.disputeReviewDays);
  const reply = pauseUntil({
    reason: 'dispute',
    lastDay,
    now: context.now,
    timeZone: record.debtor.timeZone,
    daySeconds: context.daySeconds,
    id: context.replyId,
  });
  return {
    ok: true,
    change: {
      set: {
        dispute: {
          disputeId: context.replyId,
          reason: form.reason,
          ...(form.note ? { note: form.note } : {}),
          openedAt,
          status: 'open',
        },
        pause: { reason: 'dispute', until: lastDay, since: openedAt },
      },
      reply,
      queues: { enter: [queueEntry(record, 'disputes', openedAt, { reason: form.reason })] },
      timeline: {
        type: 'DisputeOpened',
        entryId: `dispute-${context.replyId}`,
        data: { reason: form.reason, note: form.note || undefined },
      },
    },
    detail: {
      disputeId: context.replyId,
      reason: form.reason,
      ...(form.note ? { note: form.note } : {}),
      balance: record.balance,
    },
  };
}

/**
 * Talk to a person: the AR team calls back, and reminders pause for the policy's short window. If
 * the case is already paused for another reason (a promise, hardship, a plan between instalments),
 * that pause stands as it is: a callback never cuts it short, never turns a promise's or a plan's
 * own ending into a plain resume, and the acknowledgement names the pause that really runs.
 */
export function requestCallback(
  record: CaseRecord,
  form: z.infer<typeof CallbackFormSchema>,
  context: ActionContext,
): ActionResult {
  const requestedAt = context.now.toISOString();
  const today = localDate(context.now, record.debtor.timeZone);
  const lastDay = addDays(today, context.policy.callbackPauseDays - 1);
  const standing = record.pause && record.pause.reason !== 'callback' ? record.pause : undefined;
  const pausedUntil = standing?.until ?? lastDay;
  const callback = {
    phone: form.phone,
    preferredTime: form.preferredTime,
    ...(form.note ? { note: form.note } : {}),
    requestedAt,
  };
  return {
    ok: true,
    change: {
      set: {
        callback,
        ...(standing ? {} : { pause: { reason: 'callback', until: lastDay, since: requestedAt } }),
      },
      ...(standing
        ? {}
        : {
            reply: pauseUntil({
              reason: 'callback',
              lastDay,
              now: context.now,
              timeZone: record.debtor.timeZone,
              daySeconds: context.daySeconds,
              id: context.replyId,
            }),
          }),
      queues: {
        enter: [
          queueEntry(record, 'callbacks', requestedAt, {
            phone: form.phone,
            preferredTime: form.preferredTime,
            timeZone: record.debtor.timeZone,
          }),
        ],
      },
      timeline: {
        type: 'CallbackRequested',
        entryId: `callback-${context.replyId}`,
        data: {
          phone: form.phone,
          preferredTime: form.preferredTime,
          note: form.note || undefined,
          pausedUntil,
        },
      },
    },
    detail: { phone: form.phone, preferredTime: form.preferredTime, pausedUntil },
  };
}

export function stopEmails(
  _record: CaseRecord,
  _form: z.infer<typeof StopEmailsFormSchema>,
  context: ActionContext,
): ActionResult {
  return {
    ok: true,
    change: {
      set: { optedOutAt: context.now.toISOString() },
      reply: { id: context.replyId, outcome: 'stopped', reason: 'opted-out' },
      timeline: { type: 'EmailsStopped', entryId: `stopped-${context.replyId}`, data: {} },
    },
    detail: { reason: 'opted-out' },
  };
}

/**
 * Snooze to payday (issue 16): "remind me on" a date within the policy's limit, once per case.
 * Reminders pause until then without a promise's weight: when the pause ends the ladder resumes at
 * the rung it interrupted (journey.ts decideAfterPause), never a firmer one.
 */
export function snoozeReminders(
  record: CaseRecord,
  form: z.infer<typeof SnoozeFormSchema>,
  context: ActionContext,
): ActionResult {
  const today = localDate(context.now, record.debtor.timeZone);
  const check = checkSnoozeDate(form.date, context.policy, today);
  if (!check.ok) return { ok: false, errors: { date: check.problem } };
  const requestedAt = context.now.toISOString();
  return {
    ok: true,
    change: {
      set: {
        snooze: { remindOn: form.date, requestedAt },
        pause: { reason: 'snooze', until: check.lastDay, since: requestedAt },
      },
      reply: pauseUntil({
        reason: 'snooze',
        lastDay: check.lastDay,
        now: context.now,
        timeZone: record.debtor.timeZone,
        daySeconds: context.daySeconds,
        id: context.replyId,
      }),
      timeline: {
        type: 'RemindersSnoozed',
        entryId: `snooze-${context.replyId}`,
        data: { remindOn: form.date, pausedUntil: check.lastDay },
      },
    },
    detail: { remindOn: form.date, pausedUntil: check.lastDay },
  };
}

/**
 * Fewer reminders (issue 16): the case takes the policy's gentlest cadence (policy.ts
 * gentleReplyWindows), never a sooner end. A reminder already waiting for its reply waits the
 * gentle window from now (a pause of its own, after which the ladder goes on one rung, as the
 * window's end would have); later windows are the gentle ones (end-pause.ts returns them). A
 * pause already running stands as it is.
 */
export function chooseFewerReminders(
  record: CaseRecord,
  _form: z.infer<typeof FewerRemindersFormSchema>,
  context: ActionContext,
): ActionResult {
  const chosenAt = context.now.toISOString();
  const waiting = record.rung && !record.pause ? record.rung : undefined;
  const lastDay = waiting
    ? addDays(localDate(context.now, record.debtor.timeZone), gentleReplyWindows(context.policy)[waiting] - 1)
    : undefined;
  return {
    ok: true,
    change: {
      set: {
        cadence: 'gentle',
        ...(lastDay ? { pause: { reason: 'cadence', until: lastDay, since: chosenAt } } : {}),
      },
      ...(lastDay
        ? {
            reply: pauseUntil({
              reason: 'cadence',
              lastDay,
              now: context.now,
              timeZone: record.debtor.timeZone,
              daySeconds: context.daySeconds,
              id: context.replyId,
            }),
          }
        : {}),
      timeline: {
        type: 'FewerRemindersChosen',
        entryId: `cadence-${context.replyId}`,
        data: { cadence: 'gentle', ...(lastDay ? { pausedUntil: lastDay } : {}) },
      },
    },
    detail: { cadence: 'gentle', ...(lastDay ? { pausedUntil: lastDay } : {}) },
  };
}
