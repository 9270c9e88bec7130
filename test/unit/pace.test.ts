import { describe, expect, it } from 'vitest';
import type { CaseRecord } from '../../functions/domain/case.ts';
import { addDays } from '../../functions/domain/dates.ts';
import {
  actionUnavailable,
  chooseFewerReminders,
  FewerRemindersFormSchema,
  SnoozeFormSchema,
  snoozeReminders,
} from '../../functions/domain/debtor-actions.ts';
import {
  checkSnoozeDate,
  decideAfterPause,
  latestSnoozeDate,
  nextOnLadder,
  ReplySchema,
} from '../../functions/domain/journey.ts';
import {
  gentleReplyWindows,
  LADDER_RUNGS,
  ladderOf,
  nextRung,
  POLICIES,
  policyFor,
  type Rung,
  replyWindowsFor,
} from '../../functions/domain/policy.ts';
import { keepLanguage, withLanguage } from '../../functions/domain/preferences.ts';
import { agencyReferralDate, planReminders, replyWindowSeconds } from '../../functions/domain/schedule.ts';
import { caseStatusSentence } from '../../functions/portal/case-status.ts';
import { historyText } from '../../functions/portal/history.ts';

/** Issue 16: the debtor sets the pace (snooze to payday, fewer reminders). */
const consumer = policyFor('consumer');
const record: CaseRecord = {
  caseId: 'ACC-1-1',
  accountId: 'ACC-1',
  caseNumber: 1,
  status: 'open',
  rung: 'firm',
  balance: { amount: 12_950, currency: 'GBP' },
  invoices: [{ invoiceId: 'INV-1', amountDue: { amount: 12_950, currency: 'GBP' }, dueDate: '2026-11-01' }],
  debtor: {
    name: 'Alex Morgan',
    email: 'alex@example.com',
    locale: 'en-GB',
    timeZone: 'Europe/London',
    segment: 'consumer',
  },
  openedAt: '2026-11-05T10:00:00.000Z',
  executionName: 'ACC-1-case-1',
  version: 4,
};
const context = { now: new Date('2026-11-23T10:00:00Z'), daySeconds: 10, replyId: 'r1', policy: consumer };
const today = '2026-11-23';

describe('snooze to payday', () => {
  it('takes a date from tomorrow up to the policy’s limit (14 days by default), pausing through the day before', () => {
    expect(consumer.snooze.maxDaysAhead).toBe(14);
    expect(checkSnoozeDate('2026-11-24', consumer, today)).toEqual({ ok: true, lastDay: '2026-11-23' });
    expect(checkSnoozeDate(latestSnoozeDate(consumer, today), consumer, today)).toEqual({
      ok: true,
      lastDay: addDays(today, 13),
    });
    expect(checkSnoozeDate(today, consumer, today)).toEqual({ ok: false, problem: 'not-after-today' });
    expect(checkSnoozeDate('2026-11-01', consumer, today)).toEqual({ ok: false, problem: 'not-after-today' });
    expect(checkSnoozeDate(addDays(today, 15), consumer, today)).toEqual({
      ok: false,
      problem: 'too-far-snooze',
    });
  });

  it('pauses reminders with a snooze of its own, on the timeline, and remembers it was used', () => {
    const result = snoozeReminders(record, { date: '2026-11-30' }, context);
    if (!result.ok) throw new Error('refused');
    expect(result.change.set?.pause).toEqual({
      reason: 'snooze',
      until: '2026-11-29',
      since: context.now.toISOString(),
    });
    expect(result.change.set?.snooze).toEqual({
      remindOn: '2026-11-30',
      requestedAt: context.now.toISOString(),
    });
    expect(ReplySchema.parse(result.change.reply)).toMatchObject({
      outcome: 'paused',
      reason: 'snooze',
      until: '2026-11-29',
      // Today to the 29th inclusive: seven policy days of 10 s.
      pauseSeconds: 70,
    });
    expect(result.change.timeline).toMatchObject({
      type: 'RemindersSnoozed',
      data: { remindOn: '2026-11-30', pausedUntil: '2026-11-29' },
    });
    // Not a promise: nothing about a broken promise is set or cleared.
    expect(result.change.remove).toBeUndefined();
    expect(snoozeReminders(record, { date: '2026-12-25' }, context)).toEqual({
      ok: false,
      errors: { date: 'too-far-snooze' },
    });
  });

  it('checks the form’s date', () => {
    expect(SnoozeFormSchema.safeParse({ date: '2026-11-30' }).success).toBe(true);
    for (const date of ['', '30/11/2026', '2026-11-30T00:00']) {
      const parsed = SnoozeFormSchema.safeParse({ date });
      expect(parsed.success, date).toBe(false);
      expect(parsed.error?.issues[0]?.message).toBe('date-format');
    }
    expect(SnoozeFormSchema.safeParse({}).error?.issues[0]?.message).toBe('date-format');
  });

  it('is once per case, never over another pause (a promise keeps its weight), never with a plan', () => {
    expect(actionUnavailable(record, 'snooze')).toBeUndefined();
    expect(
      actionUnavailable({ ...record, snooze: { remindOn: '2026-11-20', requestedAt: 'x' } }, 'snooze'),
    ).toBe('snooze-used');
    expect(
      actionUnavailable(
        {
          ...record,
          pause: { reason: 'promise', until: '2026-11-30', since: 'x', promisedDate: '2026-11-28' },
        },
        'snooze',
      ),
    ).toBe('already-paused');
    expect(actionUnavailable({ ...record, status: 'paid' }, 'snooze')).toBe('case-closed');
    expect(
      actionUnavailable({ ...record, legalPause: { reason: 'breathing-space', since: 'x' } }, 'snooze'),
    ).toBe('legal-pause');
  });

  it('never makes the ladder climb: its end resumes at the rung it interrupted', () => {
    for (const rung of LADDER_RUNGS) {
      expect(decideAfterPause({ rung, pause: { reason: 'snooze' } }, consumer)).toEqual({
        outcome: 'resume',
        step: rung,
        because: 'pause-ended',
      });
    }
    expect(decideAfterPause({ pause: { reason: 'snooze' } }, consumer)).toMatchObject({ step: 'friendly' });
    // A promise's end, by contrast, goes one rung up.
    expect(decideAfterPause({ rung: 'friendly', pause: { reason: 'promise' } }, consumer)).toMatchObject({
      step: 'firm',
    });
  });

  it('is told on the account page and in History, in both languages', () => {
    const snoozed: CaseRecord = {
      ...record,
      snooze: { remindOn: '2026-11-30', requestedAt: 'x' },
      pause: { reason: 'snooze', until: '2026-11-29', since: 'x' },
    };
    expect(caseStatusSentence(snoozed, 'en-GB', today)).toContain('remind you on 30 November 2026');
    expect(
      caseStatusSentence({ ...snoozed, debtor: { ...snoozed.debtor, locale: 'es-ES' } }, 'es-ES', today),
    ).toContain('el 30 de noviembre de 2026');
    const entry = { type: 'RemindersSnoozed', at: 'x', data: { remindOn: '2026-11-30' } };
    expect(historyText(entry, 'en-GB')).toBe(
      'You asked us to remind you on 30 November 2026; reminders paused until then.',
    );
    expect(historyText(entry, 'es-ES')).toContain('el 30 de noviembre de 2026');
    expect(historyText({ type: 'FewerRemindersChosen', at: 'x' }, 'en-GB')).toContain('fewer reminders');
    expect(historyText({ type: 'FewerRemindersChosen', at: 'x' }, 'es-ES')).toContain('menos recordatorios');
    const chosen = { type: 'LanguageChosen', at: 'x', data: { language: 'es' } };
    expect(historyText(chosen, 'es-ES')).toBe('Nos pidió que le escribamos en español a partir de ahora.');
    expect(historyText(chosen, 'en-GB')).toBe('You asked us to write to you in Spanish from now on.');
  });
});

describe('fewer reminders', () => {
  it('gives every policy a gentle cadence whose windows are never shorter than the usual ones', () => {
    for (const policy of Object.values(POLICIES)) {
      const gentle = gentleReplyWindows(policy);
      for (const rung of LADDER_RUNGS) {
        expect(gentle[rung], `${policy.segment} ${rung}`).toBeGreaterThanOrEqual(
          policy.replyWindowDays[rung],
        );
      }
      const sum = (windows: Record<Rung, number>) =>
        LADDER_RUNGS.reduce((total, rung) => total + windows[rung], 0);
      expect(sum(gentle)).toBeGreaterThan(sum(policy.replyWindowDays));
    }
    // A gentle window a policy sets shorter than its usual one is taken as the usual one.
    const odd = { ...consumer, gentleReplyWindowDays: { friendly: 1, firm: 30, planOffer: 7, final: 14 } };
    expect(gentleReplyWindows(odd)).toEqual({ friendly: 7, firm: 30, planOffer: 7, final: 14 });
    expect(replyWindowsFor(consumer, undefined)).toBe(consumer.replyWindowDays);
  });

  it('times the ladder by the case’s cadence', () => {
    const usual = replyWindowSeconds(consumer, undefined, 10);
    const gentle = replyWindowSeconds(consumer, 'gentle', 10);
    expect(usual).toEqual({ friendly: 70, firm: 70, planOffer: 70, final: 140 });
    expect(gentle).toEqual({ friendly: 140, firm: 140, planOffer: 140, final: 280 });
    const schedule = planReminders({
      policy: consumer,
      dueDate: '2026-11-01',
      timeZone: 'Europe/London',
      now: context.now,
      daySeconds: 10,
      cadence: 'gentle',
    });
    expect(schedule.replyWindowSeconds).toEqual(gentle);
    // The final notice names the referral date the gentle window leads to, never an earlier one.
    expect(agencyReferralDate(consumer, context.now, 'Europe/London')).toBe('2026-12-07');
    expect(agencyReferralDate(consumer, context.now, 'Europe/London', 'gentle')).toBe('2026-12-21');
  });

  it('makes the reminder waiting now wait the gentle window from now, then goes on one rung', () => {
    const result = chooseFewerReminders(record, { confirm: 'yes' }, context);
    if (!result.ok) throw new Error('refused');
    expect(result.change.set).toMatchObject({
      cadence: 'gentle',
      pause: { reason: 'cadence', until: addDays(today, 13) },
    });
    const reply = ReplySchema.parse(result.change.reply);
    // Fourteen policy days (the firm rung's gentle window) from today: never sooner than the usual seven.
    expect(reply).toMatchObject({ outcome: 'paused', reason: 'cadence', pauseSeconds: 140 });
    expect(result.change.timeline.type).toBe('FewerRemindersChosen');
    for (const segment of Object.values(POLICIES))
      for (const rung of LADDER_RUNGS) {
        const after = decideAfterPause({ rung, pause: { reason: 'cadence' } }, segment);
        expect(after).toEqual({
          outcome: 'resume',
          step: nextOnLadder(rung, segment),
          because: 'pause-ended',
        });
        // Exactly one rung on in the segment's ladder, as the window's own end would go: never two.
        const ladder = [...ladderOf(segment), 'agency'];
        expect(ladder.indexOf(nextOnLadder(rung, segment))).toBe(ladder.indexOf(rung) + 1);
      }
  });

  it('leaves a pause that runs as it is, and is chosen once', () => {
    const paused: CaseRecord = {
      ...record,
      pause: { reason: 'promise', until: '2026-11-30', since: 'x', promisedDate: '2026-11-28' },
    };
    const result = chooseFewerReminders(paused, { confirm: 'yes' }, context);
    if (!result.ok) throw new Error('refused');
    expect(result.change.set).toEqual({ cadence: 'gentle' });
    expect(result.change.reply).toBeUndefined();
    expect(actionUnavailable({ ...record, cadence: 'gentle' }, 'fewer-reminders')).toBe('already-gentle');
    expect(actionUnavailable(record, 'fewer-reminders')).toBeUndefined();
    expect(FewerRemindersFormSchema.safeParse({}).error?.issues[0]?.message).toBe('confirm-required');
  });
});

describe('language kept', () => {
  it('makes the picked language the case’s, in the debtor’s region, and records it once', () => {
    const change = keepLanguage(record, 'es', '2026-11-23T10:00:00.000Z');
    expect(change?.set?.debtor).toEqual({ ...record.debtor, locale: 'es-GB' });
    expect(change?.timeline).toMatchObject({ type: 'LanguageChosen', data: { language: 'es' } });
    expect(keepLanguage(record, 'en', '2026-11-23T10:00:00.000Z')).toBeUndefined();
    const mexican = { ...record.debtor, locale: 'es-MX' };
    expect(withLanguage(mexican, 'en').locale).toBe('en-MX');
    expect(withLanguage(mexican, 'es')).toBe(mexican);
    expect(withLanguage(mexican, undefined)).toBe(mexican);
    expect(withLanguage({ ...mexican, locale: 'xx' }, 'es').locale).toBe('es');
  });
});

describe('the rung after a timeout', () => {
  it('is the next in the segment’s ladder; the final notice has none', () => {
    expect(nextRung('friendly', consumer)).toBe('firm');
    expect(nextRung('firm', consumer)).toBe('planOffer');
    expect(nextRung('planOffer', consumer)).toBe('final');
    expect(() => nextRung('final', consumer)).toThrow(/the ladder's last/);
    // The plan offer placed by the policy straight after the friendly reminder.
    const early = { planOffer: { ...consumer.planOffer, after: 'friendly' as const } };
    expect(nextRung('friendly', early)).toBe('planOffer');
    expect(nextRung('planOffer', early)).toBe('firm');
    expect(nextRung('firm', early)).toBe('final');
  });

  it('keeps every segment’s ladder whole: friendly first, final last, each rung once', () => {
    for (const segment of Object.values(POLICIES)) {
      const ladder = ladderOf(segment);
      expect([...ladder].sort()).toEqual([...LADDER_RUNGS].sort());
      expect(ladder[0]).toBe('friendly');
      expect(ladder.at(-1)).toBe('final');
    }
  });
});
