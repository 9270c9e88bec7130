import { describe, expect, it } from 'vitest';
import { CallbackRequestedDetailSchema } from '../../functions/contract/case-events.ts';
import * as z from '../../functions/contract/zod.ts';
import { callbackNotice, disputeNotice } from '../../functions/domain/ar-team.ts';
import type { CaseRecord } from '../../functions/domain/case.ts';
import {
  actionUnavailable,
  CallbackFormSchema,
  requestCallback,
} from '../../functions/domain/debtor-actions.ts';
import { policyFor } from '../../functions/domain/policy.ts';
import { actionDonePage, actionFormPage, actionLinks } from '../../functions/portal/action-pages.ts';
import { viewFor } from '../support/portal-view.ts';

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
const context = {
  now: new Date('2026-11-23T10:00:00Z'),
  daySeconds: 10,
  replyId: 'r1',
  policy: policyFor('consumer'),
};
const form = (fields: Record<string, string>) => CallbackFormSchema.safeParse(fields);
const errorsOf = (fields: Record<string, string>) => {
  const parsed = form(fields);
  return parsed.success ? {} : Object.fromEntries(parsed.error.issues.map((i) => [i.path[0], i.message]));
};

describe('the callback form', () => {
  it('takes a phone number as people write it, a time from the list, and an optional note', () => {
    for (const phone of ['+44 (0)20 7946-0958', '020 7946 0958', '123456', '+1 (555) 010-9999']) {
      expect(form({ phone, preferredTime: 'morning' }).success, phone).toBe(true);
    }
    expect(form({ phone: '  +44  20 7946 0958 ', preferredTime: 'evening', note: ' after 6 ' }).data).toEqual(
      {
        phone: '+44 20 7946 0958',
        preferredTime: 'evening',
        note: 'after 6',
      },
    );
  });

  it('says what is wrong with each field, once', () => {
    expect(errorsOf({ preferredTime: 'morning' })).toEqual({ phone: 'phone-required' });
    expect(errorsOf({ phone: '   ', preferredTime: 'morning' })).toEqual({ phone: 'phone-required' });
    for (const phone of ['12345', '1'.repeat(21), 'call me', '+44 20 7946 0958 ext. 2', '0800<script>']) {
      expect(errorsOf({ phone, preferredTime: 'morning' }), phone).toEqual({ phone: 'phone-format' });
    }
    expect(errorsOf({ phone: '020 7946 0958' })).toEqual({ preferredTime: 'time-required' });
    expect(errorsOf({ phone: '020 7946 0958', preferredTime: 'midnight' })).toEqual({
      preferredTime: 'time-required',
    });
    expect(errorsOf({ phone: '020 7946 0958', preferredTime: 'morning', note: 'x'.repeat(2001) })).toEqual({
      note: 'note-too-long',
    });
  });
});

describe('asking for a person', () => {
  const fields = { phone: '+44 20 7946 0958', preferredTime: 'afternoon' as const, note: 'Please call' };

  it('records the request first and pauses reminders for the policy’s callback days', () => {
    const result = requestCallback(record, fields, context);
    if (!result.ok) throw new Error('expected the request to be taken');
    // Three policy days: the 23rd, 24th and 25th.
    expect(result.change.reply).toEqual({
      id: 'r1',
      outcome: 'paused',
      reason: 'callback',
      until: '2026-11-25',
      pauseSeconds: 30,
    });
    expect(result.change.set).toEqual({
      callback: {
        phone: '+44 20 7946 0958',
        preferredTime: 'afternoon',
        note: 'Please call',
        requestedAt: '2026-11-23T10:00:00.000Z',
      },
      pause: { reason: 'callback', until: '2026-11-25', since: '2026-11-23T10:00:00.000Z' },
    });
    expect(result.change.timeline).toMatchObject({
      type: 'CallbackRequested',
      entryId: 'callback-r1',
      data: { phone: '+44 20 7946 0958', preferredTime: 'afternoon', pausedUntil: '2026-11-25' },
    });
    const detail = { caseId: 'ACC-1-1', accountId: 'ACC-1', at: context.now.toISOString(), ...result.detail };
    expect(z.strictObject(CallbackRequestedDetailSchema.shape).parse(detail)).toEqual(detail);
  });

  it('leaves a pause of another kind as it is: a plan or a promise keeps its own ending', () => {
    for (const pause of [
      { reason: 'plan' as const, until: '2026-11-24', since: '2026-11-01T00:00:00.000Z' },
      {
        reason: 'promise' as const,
        until: '2026-12-10',
        since: '2026-11-20T00:00:00.000Z',
        promisedDate: '2026-12-08',
      },
    ]) {
      const result = requestCallback({ ...record, pause }, fields, context);
      if (!result.ok) throw new Error('expected the request to be taken');
      expect(result.change.reply).toBeUndefined();
      expect(result.change.set).not.toHaveProperty('pause');
      expect(result.detail.pausedUntil).toBe(pause.until);
    }
  });

  it('is unavailable during a dispute, a legal pause, an earlier callback’s pause, or once closed', () => {
    expect(actionUnavailable(record, 'callback')).toBeUndefined();
    expect(
      actionUnavailable(
        { ...record, dispute: { reason: 'other', openedAt: '2026-11-20T00:00:00Z', status: 'open' } },
        'callback',
      ),
    ).toBe('dispute-open');
    expect(
      actionUnavailable({ ...record, legalPause: { reason: 'breathing-space', since: 'x' } }, 'callback'),
    ).toBe('legal-pause');
    expect(
      actionUnavailable(
        { ...record, pause: { reason: 'callback', until: '2026-11-25', since: 'x' } },
        'callback',
      ),
    ).toBe('callback-requested');
    expect(actionUnavailable({ ...record, status: 'paid' }, 'callback')).toBe('case-closed');
  });
});

describe('the callback pages', () => {
  const input = {
    record,
    action: 'callback' as const,
    view: viewFor(record),
    csrf: 'token',
    latestPromiseDate: '2026-12-23',
  };

  it('offer "Talk to a person" from the account page, in the debtor’s language', () => {
    expect(actionLinks(viewFor(record), () => true)).toContain(
      '<a href="/case/abc/callback?lang=en">Talk to a person</a>',
    );
    const spanish = { ...record, debtor: { ...record.debtor, locale: 'es-ES' } };
    expect(actionLinks(viewFor(spanish), () => true)).toContain('Hablar con una persona');
  });

  it('ask for a phone number and a time, and keep the values with each error beside its field', () => {
    const html = actionFormPage(input);
    expect(html).toContain('<input type="tel" id="phone" name="phone" autocomplete="tel"');
    for (const time of ['morning', 'afternoon', 'evening'])
      expect(html).toContain(`name="preferredTime" value="${time}"`);
    expect(html).toContain('name="csrf" value="token"');

    const invalid = actionFormPage({
      ...input,
      state: {
        values: { phone: '12<3', note: 'hi' },
        errors: { phone: 'phone-format', preferredTime: 'time-required' },
      },
    });
    expect(invalid).toContain('value="12&lt;3"');
    expect(invalid).toContain('id="phone-error"');
    expect(invalid).toContain('aria-describedby="phone-hint phone-error"');
    expect(invalid).toContain('Choose when we should call.');
    expect(invalid).toContain('>hi</textarea>');
  });

  it('confirm in one sentence what happens next, in English and Spanish', () => {
    const done = actionDonePage({
      ...input,
      pausedUntil: '2026-11-25',
      callback: { phone: '+44 20 7946 0958', preferredTime: 'morning' },
    });
    expect(done).toContain(
      'Thank you. Someone from our team will call you on +44 20 7946 0958 in the morning, and we will not send you reminders until 25 November 2026.',
    );
    const es = actionDonePage({
      ...input,
      record: { ...record, debtor: { ...record.debtor, locale: 'es-ES' } },
      view: viewFor({ debtor: { ...record.debtor, locale: 'es-ES' } }),
      pausedUntil: '2026-11-25',
      callback: { phone: '600 123 456', preferredTime: 'evening' },
    });
    expect(es).toContain('Alguien de nuestro equipo le llamará al 600 123 456 por la noche');
    expect(actionFormPage({ ...input, unavailable: 'callback-requested' })).toContain('We have your request');
  });

  it('say plainly that things moved on when the pause an action set is over or replaced', () => {
    for (const action of ['promise', 'hardship', 'callback'] as const) {
      expect(actionDonePage({ ...input, action })).toContain('Things have moved on since');
    }
    const es = actionDonePage({
      ...input,
      action: 'promise',
      view: viewFor({ debtor: { ...record.debtor, locale: 'es-ES' } }),
      pausedUntil: '2026-11-25',
    });
    expect(es).toContain('la situación ha cambiado');
  });
});

describe('what the AR team is told', () => {
  it('a callback: who to call, when, and why, with no way into the portal', () => {
    const notice = callbackNotice(record, {
      phone: '+44 20 7946 0958',
      preferredTime: 'afternoon',
      note: 'Please call after 3',
      pausedUntil: '2026-11-25',
      at: '2026-11-23T10:00:00.000Z',
    });
    expect(notice.subject).toBe('Callback requested: ACC-1-1');
    expect(notice.event).toBe('CallbackRequested');
    for (const fact of [
      'Phone: +44 20 7946 0958',
      "Preferred time: afternoon (the debtor's time zone)",
      'Case: ACC-1-1',
      'Account: ACC-1',
      'Time zone: Europe/London',
      'Balance: GBP 129.50',
      'INV-1 (GBP 129.50, due 2026-11-01)',
      'Reminders paused until: 2026-11-25',
      'Please call after 3',
    ])
      expect(notice.message).toContain(fact);
    expect(notice.message).not.toMatch(/https?:|\/case\/|token/i);
  });

  it('a dispute: the reason, the note, and how to answer', () => {
    const notice = disputeNotice(record, {
      disputeId: 'd-1',
      reason: 'wrong-amount',
      note: 'Charged twice',
      reviewBy: '2027-01-06',
      at: '2026-11-23T10:00:00.000Z',
    });
    expect(notice.subject).toBe('Dispute opened: ACC-1-1');
    expect(notice.message).toContain('Reason: wrong-amount');
    expect(notice.message).toContain('Dispute: d-1');
    expect(notice.message).toContain('Charged twice');
    expect(notice.message).toContain('Dispute Resolved event for account ACC-1');
    expect(notice.message).not.toMatch(/https?:|\/case\//);
  });

  it('keeps the subject within what SNS accepts', () => {
    const long = { ...record, caseId: `${'A'.repeat(78)}-1` };
    const { subject } = callbackNotice(long, {
      phone: '123456',
      preferredTime: 'morning',
      pausedUntil: '2026-11-25',
      at: 'x',
    });
    expect(subject.length).toBeLessThanOrEqual(100);
    expect(subject).toMatch(/^[\x20-\x7e]+$/);
  });
});
