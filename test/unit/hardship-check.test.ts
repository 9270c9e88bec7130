import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CaseRecord } from '../../functions/domain/case.ts';
import {
  checkForHardship,
  HARDSHIP_SIGNS,
  type HardshipCheckInput,
  type HardshipSign,
  hardshipCheckReply,
  lookBackFrom,
  type TimelineFact,
} from '../../functions/domain/hardship-check.ts';
import { ladderPlanOffers } from '../../functions/domain/plan-journey.ts';
import { POLICIES, policyFor } from '../../functions/domain/policy.ts';
import { checkHardship } from '../../functions/use-cases/check-hardship.ts';
import { handOverForHardship } from '../../functions/use-cases/hand-over-for-hardship.ts';
import { receiveOverdueInvoice } from '../../functions/use-cases/receive-overdue-invoice.ts';
import { referToAgency } from '../../functions/use-cases/refer-to-agency.ts';
import { sendReminder } from '../../functions/use-cases/send-reminder.ts';
import {
  IDENTITY_CLOCK,
  inMemoryCases,
  openingEvents,
  recordingFollowUps,
  recordingMail,
  recordingWorkflow,
} from '../support/in-memory-ports.ts';

const gbp = (amount: number) => ({ amount, currency: 'GBP' });
const now = new Date('2026-11-23T10:00:00Z');
const policy = policyFor('consumer');

const debtor = {
  name: 'Ana Ruiz',
  email: 'ana@example.com',
  locale: 'en-GB',
  timeZone: 'UTC',
  segment: 'consumer',
};
const sent: TimelineFact = { type: 'EmailSent', at: '2026-11-01T09:00:00Z', data: { kind: 'friendly' } };

const input = (over: Partial<HardshipCheckInput> = {}): HardshipCheckInput => ({
  record: { caseId: 'ACC-1-2', debtor },
  timeline: [sent],
  otherCases: [],
  policy,
  now,
  ...over,
});

describe('the signs of hardship', () => {
  it('finds none on a case whose reminders reached a debtor who neither paid nor said anything', () => {
    expect(checkForHardship(input())).toEqual({ signs: [], stopping: [], outcome: 'go-on' });
  });

  it('finds a debtor billing marked as needing extra care', () => {
    const check = checkForHardship(
      input({ record: { caseId: 'ACC-1-2', debtor: { ...debtor, vulnerable: true } } }),
    );
    expect(check).toEqual({ signs: ['vulnerable'], stopping: ['vulnerable'], outcome: 'review' });
  });

  it('finds hardship declared on this case, or on another of the account’s cases within the look-back only', () => {
    const declaredAt = (iso: string) => ({
      reason: 'job-loss',
      affordablePerMonthMinor: 2_500,
      declaredAt: iso,
    });
    const here = checkForHardship(
      input({ record: { caseId: 'ACC-1-2', debtor, hardship: declaredAt('2026-11-20T10:00:00Z') } }),
    );
    expect(here.signs).toEqual(['hardship-declared']);
    const onTimeline = checkForHardship(
      input({ timeline: [sent, { type: 'HardshipDeclared', at: '2026-10-01T10:00:00Z' }] }),
    );
    expect(onTimeline.signs).toEqual(['hardship-declared']);
    // Twelve months back by default: last spring still counts, the spring before does not.
    const lastSpring = checkForHardship(
      input({ otherCases: [{ caseId: 'ACC-1-1', hardship: declaredAt('2026-04-02T10:00:00Z') }] }),
    );
    expect(lastSpring.signs).toEqual(['hardship-declared']);
    const longAgo = checkForHardship(
      input({ otherCases: [{ caseId: 'ACC-1-1', hardship: declaredAt('2025-11-22T10:00:00Z') }] }),
    );
    expect(longAgo.signs).toEqual([]);
    const shorter = checkForHardship(
      input({
        otherCases: [{ caseId: 'ACC-1-1', hardship: declaredAt('2026-04-02T10:00:00Z') }],
        policy: { hardshipCheck: { lookBackMonths: 6, stopsReferral: [...HARDSHIP_SIGNS] } },
      }),
    );
    expect(shorter.signs).toEqual([]);
  });

  it('counts calendar months back, to the last day of a shorter month', () => {
    expect(lookBackFrom(new Date('2026-11-23T10:00:00Z'), 12).toISOString()).toBe('2025-11-23T10:00:00.000Z');
    expect(lookBackFrom(new Date('2026-03-31T10:00:00Z'), 1).toISOString()).toBe('2026-02-28T10:00:00.000Z');
  });

  it('finds a plan broken after hardship: a hardship plan, or any plan after a declaration', () => {
    const hardshipPlan = { type: 'PlanBroken', at: '2026-11-10T10:00:00Z', data: { hardship: true } };
    expect(checkForHardship(input({ timeline: [sent, hardshipPlan] })).signs).toContain(
      'plan-broken-after-hardship',
    );
    const plain = { type: 'PlanBroken', at: '2026-11-10T10:00:00Z', data: {} };
    expect(checkForHardship(input({ timeline: [sent, plain] })).signs).toEqual([]);
    const declared = { type: 'HardshipDeclared', at: '2026-09-01T10:00:00Z' };
    expect(checkForHardship(input({ timeline: [sent, declared, plain] })).signs).toEqual([
      'hardship-declared',
      'plan-broken-after-hardship',
    ]);
  });

  it('finds partial payments: a payment that left something owing, not one that settled the case', () => {
    const partial = { type: 'PaymentReceived', at: '2026-11-10T10:00:00Z', data: { balance: gbp(2_950) } };
    const settling = { type: 'PaymentReceived', at: '2026-11-10T10:00:00Z', data: { balance: gbp(0) } };
    expect(checkForHardship(input({ timeline: [sent, partial] })).signs).toEqual(['partial-payments']);
    expect(checkForHardship(input({ timeline: [sent, settling] })).signs).toEqual([]);
  });

  it('finds that nothing reached the debtor: no email, every one withheld, or every one undelivered', () => {
    expect(checkForHardship(input({ timeline: [] })).signs).toEqual(['never-reached']);
    const withheld = { type: 'EmailWithheld', at: '2026-11-01T09:00:00Z', data: { kind: 'friendly' } };
    expect(checkForHardship(input({ timeline: [withheld] })).signs).toEqual(['never-reached']);
    const bounced = { ...sent, data: { kind: 'friendly', undelivered: true } };
    expect(checkForHardship(input({ timeline: [bounced] })).signs).toEqual(['never-reached']);
    expect(checkForHardship(input({ timeline: [bounced, sent] })).signs).toEqual([]);
    // SES reported the only message sent as bounced (receive-email-event.ts): it never reached them.
    const sentWithKey = { ...sent, entryId: 'email-friendly-0' };
    const bounce = { type: 'EmailBounced', at: '2026-11-01T09:01:00Z', data: { messageKey: 'friendly-0' } };
    expect(checkForHardship(input({ timeline: [sentWithKey, bounce] })).signs).toEqual(['never-reached']);
    const later = { ...sent, entryId: 'email-firm-0', data: { kind: 'firm' } };
    expect(checkForHardship(input({ timeline: [sentWithKey, bounce, later] })).signs).toEqual([]);
  });

  it('counts a text as reaching the debtor: one reached by text alone was reached (issue 16)', () => {
    const text = {
      type: 'TextSent',
      at: '2026-11-01T09:00:00Z',
      entryId: 'text-friendly-0',
      data: { kind: 'friendly', purpose: 'collection', segments: 2 },
    };
    expect(checkForHardship(input({ timeline: [text] })).signs).toEqual([]);
    // Every email withheld or bounced, a text sent: reached.
    const withheld = { type: 'EmailWithheld', at: '2026-11-01T09:00:00Z', data: { kind: 'friendly' } };
    const sentWithKey = { ...sent, entryId: 'email-firm-0', data: { kind: 'firm' } };
    const bounce = { type: 'EmailBounced', at: '2026-11-02T09:01:00Z', data: { messageKey: 'firm-0' } };
    expect(checkForHardship(input({ timeline: [withheld, sentWithKey, bounce, text] })).signs).toEqual([]);
    // A text answering the debtor's own (HELP, STOP's confirmation) went to their phone too.
    const answer = { ...text, entryId: 'text-reply-m1', data: { kind: 'help', purpose: 'answer' } };
    expect(checkForHardship(input({ timeline: [withheld, answer] })).signs).toEqual([]);
    // A text reported undelivered did not reach them; an inbound text alone is not ours reaching them.
    const lost = { ...text, data: { ...text.data, undelivered: true } };
    const received = { type: 'TextReceived', at: '2026-11-03T09:00:00Z', data: { body: 'hi' } };
    expect(checkForHardship(input({ timeline: [withheld, lost, received] })).signs).toEqual([
      'never-reached',
    ]);
  });

  it('lets the policy decide which signs stop a referral', () => {
    const partial = { type: 'PaymentReceived', at: '2026-11-10T10:00:00Z', data: { balance: gbp(2_950) } };
    const check = checkForHardship(
      input({
        timeline: [sent, partial],
        policy: { hardshipCheck: { lookBackMonths: 12, stopsReferral: ['vulnerable'] } },
      }),
    );
    expect(check).toEqual({ signs: ['partial-payments'], stopping: [], outcome: 'go-on' });
  });

  it('stops a referral whenever a sign the policy counts holds, whatever else is on the case', () => {
    const sign = fc.constantFrom<HardshipSign>(...HARDSHIP_SIGNS);
    fc.assert(
      fc.property(fc.uniqueArray(sign), fc.uniqueArray(sign), fc.boolean(), (present, stops, paidSome) => {
        const timeline: TimelineFact[] = [
          ...(present.includes('never-reached') ? [] : [sent]),
          ...(present.includes('partial-payments')
            ? [{ type: 'PaymentReceived', at: '2026-11-10T10:00:00Z', data: { balance: gbp(100) } }]
            : paidSome
              ? [{ type: 'PaymentReceived', at: '2026-11-10T10:00:00Z', data: { balance: gbp(0) } }]
              : []),
          ...(present.includes('plan-broken-after-hardship')
            ? [{ type: 'PlanBroken', at: '2026-11-12T10:00:00Z', data: { hardship: true } }]
            : []),
        ];
        const check = checkForHardship({
          record: { caseId: 'ACC-1-2', debtor: { ...debtor, vulnerable: present.includes('vulnerable') } },
          timeline,
          otherCases: present.includes('hardship-declared')
            ? [
                {
                  caseId: 'ACC-1-1',
                  hardship: {
                    reason: 'illness',
                    affordablePerMonthMinor: 0,
                    declaredAt: '2026-06-01T00:00:00Z',
                  },
                },
              ]
            : [],
          policy: { hardshipCheck: { lookBackMonths: 12, stopsReferral: stops } },
          now,
        });
        expect([...check.signs].sort()).toEqual([...present].sort());
        const stopping = present.filter((s) => stops.includes(s));
        expect(check.outcome).toBe(stopping.length > 0 ? 'review' : 'go-on');
        const reply = hardshipCheckReply('agency', check);
        // Never on to the agency while a sign the policy counts holds.
        expect(reply.step === 'agency').toBe(stopping.length === 0);
      }),
    );
  });

  it('tells the state machine the next step: the final notice or the review; the agency or the review', () => {
    const none = { signs: [], stopping: [], outcome: 'go-on' as const };
    const some = {
      signs: ['vulnerable' as const],
      stopping: ['vulnerable' as const],
      outcome: 'review' as const,
    };
    expect(hardshipCheckReply('final', none)).toEqual({ step: 'final', reason: 'none' });
    expect(hardshipCheckReply('final', some)).toEqual({ step: 'review', reason: 'hardship-signs' });
    expect(hardshipCheckReply('agency', none)).toEqual({
      outcome: 'resume',
      step: 'agency',
      because: 'hardship-checked',
      reason: 'none',
    });
    expect(hardshipCheckReply('agency', some)).toMatchObject({ outcome: 'resume', step: 'review' });
  });
});

describe('the ladder’s plan offer', () => {
  const record = (amount: number) =>
    ({
      caseId: 'ACC-1-1',
      accountId: 'ACC-1',
      caseNumber: 1,
      status: 'open',
      balance: gbp(amount),
      invoices: [],
      debtor,
      openedAt: '2026-11-01T10:00:00Z',
      executionName: 'ACC-1-case-1',
      version: 1,
    }) as CaseRecord;

  it('proposes the policy’s schedules, each adding up exactly to the balance', () => {
    const offers = ladderPlanOffers(record(12_950), policy, now);
    expect(offers.map((offer) => offer.id)).toEqual(['2x30d', '3x30d', '6x30d']);
    for (const offer of offers) {
      expect(offer.instalments.reduce((sum, i) => sum + i.amount.amount, 0)).toBe(12_950);
    }
  });

  it('falls back to the shortest plans the balance allows, and to none below two minimum instalments', () => {
    // £25.00 allows only the two-instalment plan (a minimum of £10.00 each): the policy lists it.
    expect(ladderPlanOffers(record(2_500), policy, now).map((offer) => offer.id)).toEqual(['2x30d']);
    expect(ladderPlanOffers(record(1_500), policy, now)).toEqual([]);
    const onlyLong = { ...policy, planOffer: { ...policy.planOffer, instalments: [60] } };
    expect(ladderPlanOffers(record(12_950), onlyLong, now).map((offer) => offer.id)).toEqual([
      '2x30d',
      '3x30d',
      '4x30d',
    ]);
  });

  it('is configured in every segment’s policy with two or three schedules', () => {
    for (const segment of Object.values(POLICIES)) {
      expect(segment.planOffer.instalments.length).toBeGreaterThanOrEqual(2);
      expect(segment.planOffer.instalments.length).toBeLessThanOrEqual(3);
      expect(segment.replyWindowDays.planOffer).toBeGreaterThan(0);
    }
  });
});

describe('the hardship check and the hand-over, on in-memory ports', () => {
  const open = (over: Partial<CaseRecord> = {}): CaseRecord => ({
    caseId: 'ACC-1-2',
    accountId: 'ACC-1',
    caseNumber: 2,
    status: 'open',
    rung: 'planOffer',
    balance: gbp(12_950),
    invoices: [{ invoiceId: 'INV-2', amountDue: gbp(12_950), dueDate: '2026-11-01' }],
    debtor,
    openedAt: '2026-11-05T10:00:00.000Z',
    executionName: 'ACC-1-case-2',
    version: 3,
    ...over,
  });
  const withReminder = async (cases: ReturnType<typeof inMemoryCases>, record: CaseRecord) => {
    cases.put(record);
    await cases.store.recordAction(
      record,
      {},
      {
        type: 'EmailSent',
        at: '2026-11-08T10:00:00Z',
        entryId: 'email-friendly-0',
        data: { kind: 'friendly' },
      },
    );
  };

  it('records the decision once, announces it, and goes on when there is no sign', async () => {
    const cases = inMemoryCases();
    await withReminder(cases, open());
    const { events, published } = recordingFollowUps();
    const first = await checkHardship('ACC-1-2', 'final', { store: cases.store, events });
    expect(first.reply).toEqual({ step: 'final', reason: 'none' });
    // A retried task records and announces nothing more.
    await checkHardship('ACC-1-2', 'final', { store: cases.store, events });
    expect(cases.timeline.filter((entry) => entry.type === 'HardshipCheckCompleted')).toEqual([
      expect.objectContaining({
        data: { checkpoint: 'final-notice', outcome: 'go-on', signs: [], stopping: [] },
      }),
    ]);
    expect(published).toEqual([
      {
        detailType: 'HardshipCheckCompleted',
        detail: expect.objectContaining({ checkpoint: 'final-notice', outcome: 'go-on', signs: [] }),
      },
    ]);
  });

  it('finds a hardship declared on an earlier, closed case of the account and sends the case to review', async () => {
    const cases = inMemoryCases();
    cases.put(
      open({
        caseId: 'ACC-1-1',
        caseNumber: 1,
        status: 'paid',
        hardship: { reason: 'illness', affordablePerMonthMinor: 2_000, declaredAt: '2026-05-01T10:00:00Z' },
      }),
    );
    await withReminder(cases, open());
    const { events, published } = recordingFollowUps();
    const { reply } = await checkHardship('ACC-1-2', 'agency', { store: cases.store, events });
    expect(reply).toEqual({
      outcome: 'resume',
      step: 'review',
      because: 'hardship-checked',
      reason: 'hardship-signs',
    });
    expect(published[0]?.detail).toMatchObject({
      checkpoint: 'agency-referral',
      outcome: 'review',
      signs: ['hardship-declared'],
    });
  });

  it('sends a supportive message without a payment demand, holds the case for a person and tells the AR team', async () => {
    const cases = inMemoryCases();
    await withReminder(cases, open({ debtor: { ...debtor, vulnerable: true } }));
    const { mail, sent: emails } = recordingMail();
    const { events, published } = recordingFollowUps();
    const result = await handOverForHardship('ACC-1-2', { store: cases.store, mail, events });
    expect(result).toMatchObject({ status: 'held-for-person', signs: ['vulnerable'], email: 'sent' });
    expect(emails).toEqual([
      expect.objectContaining({
        kind: 'hardshipReview',
        extra: { actionUrl: 'https://portal.example/case/ACC-1-2/hardship' },
      }),
    ]);
    expect((await cases.store.getCase('ACC-1-2'))?.status).toBe('held-for-person');
    expect(published).toEqual([
      {
        detailType: 'ManualFollowUpNeeded',
        detail: expect.objectContaining({
          reason: 'hardship-signs',
          detail: 'signs of hardship: vulnerable',
        }),
      },
    ]);
  });

  it('never refers automatically while a sign holds: the referral itself holds the case for a person', async () => {
    const cases = inMemoryCases();
    await withReminder(cases, open({ debtor: { ...debtor, vulnerable: true } }));
    const { mail, sent: emails } = recordingMail();
    const { events, published } = recordingFollowUps();
    const outcome = await referToAgency(
      'ACC-1-2',
      { store: cases.store, mail, events },
      { agencies: [TEST_AGENCY], daySeconds: 1 },
    );
    expect(outcome).toEqual({
      caseId: 'ACC-1-2',
      status: 'held-for-person',
      blockers: ['signs of hardship: vulnerable'],
    });
    expect(emails).toEqual([]);
    expect(published).toEqual([]);
  });
});

const TEST_AGENCY = {
  agencyId: 'test-agency',
  name: 'Test Agency',
  segments: ['consumer', 'small-business', 'enterprise'],
  currencies: ['GBP', 'EUR'],
  termDays: 30,
  contact: { phone: '+44 20 7946 0000' },
  reportSecretArn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:agency',
};

describe('the property lives’ referral invariant (test/properties/invariants.ts)', () => {
  const entry = (type: string, at: string, data?: Record<string, unknown>) => ({
    sk: `TIMELINE#${at}`,
    type,
    at,
    entryId: `${type}-${at}`,
    ...(data ? { data } : {}),
  });
  const view = (vulnerable: boolean, extra: ReturnType<typeof entry>[]) => ({
    record: {
      caseId: 'ACC-1-1',
      accountId: 'ACC-1',
      caseNumber: 1,
      status: 'placed' as const,
      balance: gbp(12_950),
      invoices: [],
      debtor: { ...debtor, vulnerable },
      openedAt: '2026-11-01T10:00:00Z',
      executionName: 'ACC-1-case-1',
      version: 9,
    },
    timeline: [
      entry('CaseOpened', '2026-11-01T10:00:00Z', { amountDue: gbp(12_950) }),
      entry('EmailSent', '2026-11-04T10:00:00Z', { kind: 'friendly' }),
      ...extra,
      entry('CasePlacedWithAgency', '2026-12-10T10:00:00Z'),
    ],
  });

  it('holds for a referral without signs, and breaks for each sign at the referral', async () => {
    const { referralBreaches } = await import('../properties/invariants.ts');
    expect(referralBreaches(view(false, []))).toEqual([]);
    expect(referralBreaches(view(true, []))).toEqual([
      expect.stringContaining('the debtor needs extra care (vulnerable)'),
    ]);
    const partial = entry('PaymentReceived', '2026-11-20T10:00:00Z', {
      amount: gbp(2_000),
      balance: gbp(10_950),
    });
    expect(referralBreaches(view(false, [partial]))).toEqual([
      expect.stringContaining('the debtor paid part of it'),
    ]);
  });
});

describe('billing marks a debtor as needing extra care', () => {
  const overdue = (invoiceId: string, vulnerable?: boolean) => ({
    accountId: 'ACC-1',
    invoiceId,
    amountDue: gbp(5_000),
    dueDate: '2026-11-01',
    debtor: {
      name: 'Ana Ruiz',
      email: 'ana@example.com',
      segment: 'consumer',
      ...(vulnerable === undefined ? {} : { vulnerable }),
    },
  });

  it('on the invoice that opens the case, or on a later one that joins it (once, on the timeline)', async () => {
    const cases = inMemoryCases();
    const { workflow } = recordingWorkflow();
    const ports = { store: cases.store, workflow, events: openingEvents() };
    const opened = await receiveOverdueInvoice(overdue('INV-1'), ports, { now, clock: IDENTITY_CLOCK });
    expect(opened).toMatchObject({ outcome: 'opened', record: { debtor: { segment: 'consumer' } } });
    expect((await cases.store.getCase('ACC-1-1'))?.debtor.vulnerable).toBeUndefined();
    const joined = await receiveOverdueInvoice(overdue('INV-2', true), ports, { now, clock: IDENTITY_CLOCK });
    expect(joined).toMatchObject({ outcome: 'joined', record: { debtor: { vulnerable: true } } });
    await receiveOverdueInvoice(overdue('INV-3', true), ports, { now, clock: IDENTITY_CLOCK });
    expect(cases.timeline.filter((entry) => entry.type === 'DebtorNeedsExtraCare')).toHaveLength(1);

    const other = inMemoryCases();
    await receiveOverdueInvoice(
      overdue('INV-9', true),
      { store: other.store, workflow, events: openingEvents() },
      { now, clock: IDENTITY_CLOCK },
    );
    expect((await other.store.getCase('ACC-1-1'))?.debtor.vulnerable).toBe(true);
  });
});

describe('the plan offer rung (send-reminder with rung planOffer), on in-memory ports', () => {
  const waiting = (amount: number): CaseRecord => ({
    caseId: 'ACC-1-1',
    accountId: 'ACC-1',
    caseNumber: 1,
    status: 'open',
    rung: 'firm',
    balance: gbp(amount),
    invoices: [{ invoiceId: 'INV-1', amountDue: gbp(amount), dueDate: '2026-11-01' }],
    debtor,
    openedAt: '2026-11-05T10:00:00.000Z',
    executionName: 'ACC-1-case-1',
    version: 3,
  });
  const turn = {
    caseId: 'ACC-1-1',
    rung: 'planOffer' as const,
    taskToken: 'token-plan-offer',
    waitingState: 'Offer a payment plan and wait for reply',
  };

  it('emails the policy’s schedules, each a link to the plan page with it chosen, and announces PlanOffered (not ReminderSent)', async () => {
    const cases = inMemoryCases();
    cases.put(waiting(12_950));
    const { workflow } = recordingWorkflow();
    const { mail, sent: emails } = recordingMail();
    expect(await sendReminder(turn, { store: cases.store, workflow, mail })).toEqual({ sent: true });
    expect(emails).toHaveLength(1);
    const [email] = emails;
    expect(email).toMatchObject({ kind: 'planOffer', messageKey: 'planOffer-0', purpose: 'collection' });
    expect(email?.extra?.actionUrl).toBe('https://portal.example/case/ACC-1-1/plan');
    expect(email?.extra?.planOptions?.map((option) => option.url)).toEqual([
      'https://portal.example/case/ACC-1-1/plan?plan=2x30d',
      'https://portal.example/case/ACC-1-1/plan?plan=3x30d',
      'https://portal.example/case/ACC-1-1/plan?plan=6x30d',
    ]);
    // PlanOffered (not ReminderSent) follows through the outbox, due now, for carryOutFollowUps.
    const published = cases.outbox.flatMap((item) =>
      'followUp' in item && item.followUp.type === 'event' ? [item.followUp] : [],
    );
    expect(published.map((event) => event.detailType)).toEqual(['PlanOffered']);
    expect(published[0]?.detail).toMatchObject({
      caseId: 'ACC-1-1',
      plans: [{ planId: '2x30d' }, { planId: '3x30d' }, { planId: '6x30d' }],
    });
  });

  it('sends nothing on a balance too small for any plan, and waits out the rung', async () => {
    const cases = inMemoryCases();
    cases.put(waiting(1_500));
    const { workflow, answers } = recordingWorkflow();
    const { mail, sent: emails } = recordingMail();
    expect(await sendReminder(turn, { store: cases.store, workflow, mail })).toEqual({ sent: false });
    expect(emails).toEqual([]);
    expect(cases.outbox).toEqual([]);
    expect(answers).toEqual([]);
  });
});
