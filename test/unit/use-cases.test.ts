import { describe, expect, it } from 'vitest';
import type { InvoiceOverdueDetail, PaymentReceivedDetail } from '../../functions/contract/events.ts';
import { CaseDetailType } from '../../functions/contract/events.ts';
import type { CaseRecord } from '../../functions/domain/case.ts';
import { CaseChangedError, type OutboxEmail, type OutboxFollowUp } from '../../functions/ports/case-store.ts';
import type { CaseMail, Workflow } from '../../functions/ports/effects.ts';
import { checkContactAfter } from '../../functions/use-cases/check-contact.ts';
import { takeDebtorAction } from '../../functions/use-cases/debtor-action.ts';
import { carryOutFollowUps, carryOutWaitingFollowUp } from '../../functions/use-cases/follow-ups.ts';
import { planOpening } from '../../functions/use-cases/open-case.ts';
import {
  receiveOverdueInvoice,
  WORKFLOW_START_KEY,
} from '../../functions/use-cases/receive-overdue-invoice.ts';
import { receivePayment } from '../../functions/use-cases/receive-payment.ts';
import { withdrawTextConsent } from '../../functions/use-cases/receive-text-reply.ts';
import { takeTurn } from '../../functions/use-cases/replies.ts';
import { sendReminder } from '../../functions/use-cases/send-reminder.ts';
import { sendWaitingMessage } from '../../functions/use-cases/send-waiting-messages.ts';
import {
  IDENTITY_CLOCK,
  inMemoryCases,
  inMemoryContactRecords,
  openingEvents,
  recordingFollowUps,
  recordingMail,
  recordingWorkflow,
} from '../support/in-memory-ports.ts';

/**
 * Carries out what waits in the outbox as the two carriers do (the table's stream brings each item
 * at once in AWS and locally): the follow-ups to the bus and the AR team, the emails through the
 * mail gate. What fails stays in the outbox.
 */
async function carryOutOutbox(
  cases: ReturnType<typeof inMemoryCases>,
  ports: { mail: CaseMail; workflow?: Workflow } & ReturnType<typeof recordingFollowUps>,
) {
  const now = new Date();
  await carryOutFollowUps(now, {
    store: cases.store,
    events: ports.events,
    arTeam: ports.arTeam,
    workflow: ports.workflow ?? recordingWorkflow().workflow,
  });
  for (const item of await cases.store.dueOutbox('mail', now)) {
    await sendWaitingMessage(item as OutboxEmail, now, { store: cases.store, mail: ports.mail }).catch(
      () => 'failed',
    );
  }
}

// The use cases run here on in-memory ports: no DynamoDB, no Step Functions, no SES, no runtime.

const gbp = (amount: number) => ({ amount, currency: 'GBP' });
const now = new Date('2026-11-23T10:00:00Z');
const context = { now, clock: IDENTITY_CLOCK };

const invoice = (over: Partial<InvoiceOverdueDetail> = {}): InvoiceOverdueDetail =>
  ({
    accountId: 'ACC-1',
    invoiceId: 'INV-1',
    amountDue: gbp(40_000),
    dueDate: '2026-11-01',
    debtor: { name: 'Ana Ruiz', email: 'ana@example.com', segment: 'consumer' },
    ...over,
  }) as InvoiceOverdueDetail;

const payment = (over: Partial<PaymentReceivedDetail> = {}): PaymentReceivedDetail =>
  ({
    accountId: 'ACC-1',
    paymentId: 'PAY-1',
    amount: gbp(10_000),
    paidAt: '2026-11-23T09:59:00Z',
    ...over,
  }) as PaymentReceivedDetail;

const waitingCase: CaseRecord = {
  caseId: 'ACC-1-1',
  accountId: 'ACC-1',
  caseNumber: 1,
  status: 'open',
  rung: 'friendly',
  balance: gbp(40_000),
  invoices: [{ invoiceId: 'INV-1', amountDue: gbp(40_000), dueDate: '2026-11-01' }],
  debtor: { name: 'Ana Ruiz', email: 'ana@example.com', locale: 'en', timeZone: 'UTC', segment: 'consumer' },
  openedAt: '2026-11-05T10:00:00.000Z',
  executionName: 'ACC-1-case-1',
  executionArn: 'arn:aws:states:eu-west-1:123456789012:execution:collections:ACC-1-case-1',
  taskToken: 'token-friendly',
  version: 3,
};

/** What the intake takes beside the invoice: the cases, the workflow, and where CaseOpened goes. */
const intakePorts = (cases: ReturnType<typeof inMemoryCases>, workflow: Workflow) => ({
  store: cases.store,
  workflow,
  events: openingEvents(),
});

describe('an overdue invoice arrives', () => {
  it('opens the case as its workflow starts (issue 15): the timetable is the execution’s input, CaseOpened goes once', async () => {
    const cases = inMemoryCases();
    const { workflow, openings } = recordingWorkflow();
    const { events, published } = recordingFollowUps();
    const ports = { store: cases.store, workflow, events };
    const debtor = {
      name: 'Ana Ruiz',
      email: 'ana@example.com',
      segment: 'consumer',
      timeZone: 'Europe/London',
    };
    // Due three weeks ago, at 10:00 in London: the friendly reminder is due now, in the debtor's hours.
    await receiveOverdueInvoice(invoice({ debtor }), ports, context);
    expect(openings).toEqual([
      {
        caseId: 'ACC-1-1',
        friendlyReminderAt: now.toISOString(),
        replyWindowSeconds: expect.objectContaining({
          friendly: expect.any(Number),
          final: expect.any(Number),
        }),
        // The consumer ladder, for the workflow's "Move up from …" choices.
        nextRung: { friendly: 'firm', firm: 'planOffer', planOffer: 'final' },
        reply: { decision: 'send', until: now.toISOString(), step: 'friendly', reason: 'none' },
      },
    ]);
    expect(published).toEqual([
      {
        detailType: CaseDetailType.caseOpened,
        detail: expect.objectContaining({ caseId: 'ACC-1-1', accountId: 'ACC-1', invoiceIds: ['INV-1'] }),
      },
    ]);
    expect((await cases.store.getCase('ACC-1-1'))?.caseOpenedAnnouncedAt).toBe(now.toISOString());
    // The same event again starts nothing and announces nothing.
    await receiveOverdueInvoice(invoice({ debtor }), ports, context);
    expect(openings).toHaveLength(1);
    expect(published).toHaveLength(1);

    // An invoice that fell due yesterday: the friendly reminder waits the policy's days, and the
    // workflow starts then, from the outbox (no Wait state billed on every case). The case is
    // announced now, with its execution's ARN known already.
    const fresh = inMemoryCases();
    const later = recordingWorkflow();
    const laterEvents = recordingFollowUps();
    await receiveOverdueInvoice(
      invoice({ accountId: 'ACC-2', invoiceId: 'INV-2', dueDate: '2026-11-22', debtor }),
      { store: fresh.store, workflow: later.workflow, events: laterEvents.events },
      context,
    );
    expect(later.openings).toEqual([]);
    expect(laterEvents.published.map((event) => event.detailType)).toEqual([CaseDetailType.caseOpened]);
    const opened = await fresh.store.getCase('ACC-2-1');
    expect(opened?.executionArn).toBe(later.workflow.executionArnOf('ACC-2-case-1'));
    const queued = await fresh.store.dueOutbox('followUp', new Date(now.getTime() + 30 * 86_400_000));
    expect(queued).toHaveLength(1);
    const start = queued[0] as OutboxFollowUp;
    expect(start.messageKey).toBe(WORKFLOW_START_KEY);
    expect(Date.parse(start.dueAt)).toBeGreaterThan(now.getTime() + 86_400_000);
    expect(start.followUp).toMatchObject({ type: 'workflow-start', executionName: 'ACC-2-case-1' });
    // Not before it is due; when due, the carrier starts it with the opening the intake planned.
    const carrier = { store: fresh.store, ...laterEvents, workflow: later.workflow };
    expect((await carryOutFollowUps(now, carrier)).due).toBe(0);
    expect(later.openings).toEqual([]);
    await carryOutFollowUps(new Date(start.dueAt), carrier);
    expect(later.started).toEqual([{ executionName: 'ACC-2-case-1', caseId: 'ACC-2-1' }]);
    expect(later.openings[0]?.friendlyReminderAt).toBe(start.dueAt);
    expect(later.openings[0]).toEqual((start.followUp as { opening: unknown }).opening);
    // Carried once: nothing is left to start again.
    expect(await fresh.store.dueOutbox('followUp', new Date(now.getTime() + 30 * 86_400_000))).toEqual([]);
    // A redelivery of the invoice queues and starts nothing more.
    await receiveOverdueInvoice(
      invoice({ accountId: 'ACC-2', invoiceId: 'INV-2', dueDate: '2026-11-22', debtor }),
      { store: fresh.store, workflow: later.workflow, events: laterEvents.events },
      context,
    );
    expect(await fresh.store.dueOutbox('followUp', new Date(now.getTime() + 30 * 86_400_000))).toEqual([]);
    expect(later.started).toHaveLength(1);
    expect(laterEvents.published).toHaveLength(1);
  });

  it('starts a queued workflow without claiming it: two carriers holding it start it by the same name, and the item is done', async () => {
    const fresh = inMemoryCases();
    const { workflow, started, openings } = recordingWorkflow();
    const events = recordingFollowUps();
    await receiveOverdueInvoice(
      invoice({
        accountId: 'ACC-3',
        invoiceId: 'INV-3',
        dueDate: '2026-11-22',
        debtor: { ...invoice().debtor },
      }),
      { store: fresh.store, workflow, events: events.events },
      context,
    );
    const [start] = (await fresh.store.dueOutbox('followUp', new Date(now.getTime() + 30 * 86_400_000))) as [
      OutboxFollowUp,
    ];
    let claims = 0;
    const store = {
      ...fresh.store,
      claimOutboxItem: (...args: Parameters<typeof fresh.store.claimOutboxItem>) => {
        claims += 1;
        return fresh.store.claimOutboxItem(...args);
      },
    };
    const carrier = { store, ...events, workflow };
    // The stream's batch and the scheduled run both hold it: StartExecution is idempotent by name
    // (the local runtime pins it in local-stepfunctions.test.ts), so neither writes a claim first.
    const at = new Date(start.dueAt);
    await Promise.all([
      carryOutWaitingFollowUp(start, at, carrier),
      carryOutWaitingFollowUp(start, at, carrier),
    ]);
    expect(claims).toBe(0);
    expect(started).toEqual([
      { executionName: 'ACC-3-case-1', caseId: 'ACC-3-1' },
      { executionName: 'ACC-3-case-1', caseId: 'ACC-3-1' },
    ]);
    expect(openings[0]).toEqual(openings[1]);
    expect(await fresh.store.dueOutbox('followUp', new Date(now.getTime() + 30 * 86_400_000))).toEqual([]);
    // Any other follow-up is still claimed first (an event published twice would be announced twice).
    await fresh.store.putInOutbox({
      caseId: 'ACC-3-1',
      messageKey: 'event-1',
      dueAt: at.toISOString(),
      queuedAt: at.toISOString(),
      followUp: { type: 'ar-team', notice: { kind: 'test' } as never },
    });
    const [other] = (await fresh.store.dueOutbox('followUp', at)) as [OutboxFollowUp];
    await carryOutWaitingFollowUp(other, at, carrier).catch(() => undefined);
    expect(claims).toBe(1);
  });

  it('opens the account’s case, starts its workflow once and records the execution', async () => {
    const cases = inMemoryCases();
    const { workflow, started } = recordingWorkflow();
    const result = await receiveOverdueInvoice(invoice(), intakePorts(cases, workflow), context);
    expect(result).toMatchObject({ outcome: 'opened', record: { caseId: 'ACC-1-1', balance: gbp(40_000) } });
    expect(started).toEqual([{ executionName: 'ACC-1-case-1', caseId: 'ACC-1-1' }]);
    expect((await cases.store.getCase('ACC-1-1'))?.executionArn).toContain('ACC-1-case-1');

    // The same event again changes nothing and starts nothing; a second invoice joins the case.
    expect(await receiveOverdueInvoice(invoice(), intakePorts(cases, workflow), context)).toMatchObject({
      outcome: 'duplicate',
    });
    const joined = await receiveOverdueInvoice(
      invoice({ invoiceId: 'INV-2', amountDue: gbp(5_000) }),
      intakePorts(cases, workflow),
      context,
    );
    expect(joined).toMatchObject({ outcome: 'joined', record: { balance: gbp(45_000) } });
    expect(started).toHaveLength(1);
  });

  it('never keeps billing’s consent to texts past a STOP handled while the case was opening', async () => {
    const withConsentToTexts = invoice({
      debtor: {
        name: 'Ana Ruiz',
        email: 'ana@example.com',
        segment: 'consumer',
        phone: '+15550100200',
        smsConsent: true,
      },
    } as Partial<InvoiceOverdueDetail>);
    // The STOP marks the number, then looks for its cases: this case is not written yet. The intake
    // had looked for the mark before it was there. Its second look, after writing, sees it.
    const cases = inMemoryCases();
    const { workflow, started } = recordingWorkflow();
    const looks: string[] = [];
    let stoppedAt: string | undefined;
    const texts = {
      async phoneStoppedAt() {
        looks.push(stoppedAt ?? 'none');
        const seen = stoppedAt;
        stoppedAt = '2026-11-23T09:59:30.000Z';
        return seen;
      },
    };
    const result = await receiveOverdueInvoice(
      withConsentToTexts,
      { ...intakePorts(cases, workflow), texts },
      context,
    );
    expect(looks).toEqual(['none', '2026-11-23T09:59:30.000Z']);
    expect(result).toMatchObject({
      outcome: 'opened',
      record: { smsOptedOutAt: '2026-11-23T09:59:30.000Z' },
    });
    const record = await cases.store.getCase('ACC-1-1');
    expect(record?.debtor.smsConsent).toBe(false);
    expect(record?.smsOptedOutAt).toBe('2026-11-23T09:59:30.000Z');
    expect((await cases.store.timeline('ACC-1-1')).map((entry) => entry.type)).toContain('TextsStopped');
    expect(started).toHaveLength(1);

    // Without a STOP, billing's consent stands and nothing more is read.
    const other = inMemoryCases();
    const quiet = await receiveOverdueInvoice(
      withConsentToTexts,
      {
        store: other.store,
        workflow,
        events: openingEvents(),
        texts: { phoneStoppedAt: async () => undefined },
      },
      context,
    );
    expect(quiet).toMatchObject({ record: { debtor: { smsConsent: true } } });
    expect(quiet).not.toHaveProperty('record.smsOptedOutAt');
  });

  it('starts the workflow on a repeat when the first delivery crashed before starting it', async () => {
    const cases = inMemoryCases();
    cases.put({ ...waitingCase, executionArn: undefined } as CaseRecord);
    const { workflow, started } = recordingWorkflow();
    expect(await receiveOverdueInvoice(invoice(), intakePorts(cases, workflow), context)).toMatchObject({
      outcome: 'duplicate',
    });
    expect(started).toEqual([{ executionName: 'ACC-1-case-1', caseId: 'ACC-1-1' }]);
  });

  it('rejects a debtor in an unknown segment or zone, and an invoice in another currency, naming the field', async () => {
    const cases = inMemoryCases();
    const { workflow, started } = recordingWorkflow();
    const ports = intakePorts(cases, workflow);
    const segment = await receiveOverdueInvoice(
      invoice({ debtor: { name: 'A', email: 'a@example.com', segment: 'galactic' } }),
      ports,
      context,
    );
    expect(segment).toMatchObject({
      outcome: 'rejected',
      reason: expect.stringMatching(/^debtor\.segment: /),
    });
    const zone = await receiveOverdueInvoice(
      invoice({
        debtor: { name: 'A', email: 'a@example.com', segment: 'consumer', timeZone: 'Mars/Olympus' },
      }),
      ports,
      context,
    );
    expect(zone).toEqual({ outcome: 'rejected', reason: 'debtor.timeZone: Mars/Olympus is not known' });
    await receiveOverdueInvoice(invoice(), ports, context);
    const euros = await receiveOverdueInvoice(
      invoice({ invoiceId: 'INV-EUR', amountDue: { amount: 100, currency: 'EUR' } }),
      ports,
      context,
    );
    expect(euros).toMatchObject({
      outcome: 'rejected',
      reason: expect.stringMatching(/^amountDue\.currency: /),
    });
    expect(started).toHaveLength(1);
  });
});

describe('a payment arrives', () => {
  it('thanks the debtor for a partial payment with the new balance, and leaves the workflow waiting', async () => {
    const cases = inMemoryCases();
    cases.put(waitingCase);
    const { workflow, answers } = recordingWorkflow();
    const { mail, sent } = recordingMail();
    const result = await receivePayment(payment(), { store: cases.store, workflow }, context);
    expect(result).toMatchObject({ outcome: 'applied', record: { balance: gbp(30_000) } });
    expect(answers).toEqual([]);
    // The thanks waits in the outbox, due now, for the mail carrier.
    expect(cases.outbox).toMatchObject([
      {
        caseId: 'ACC-1-1',
        messageKey: 'payment-PAY-1',
        kind: 'partialPaymentThanks',
        // The kind's own purpose, as the gate gave it when the payment sent the thanks itself.
        purpose: 'collection',
        extra: { partialPayment: { amount: gbp(10_000) } },
      },
    ]);
    expect(sent).toEqual([]);
    await carryOutOutbox(cases, { mail, ...recordingFollowUps() });
    expect(cases.outbox).toEqual([]);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({
      kind: 'partialPaymentThanks',
      messageKey: 'payment-PAY-1',
      record: { balance: gbp(30_000) },
      extra: { partialPayment: { amount: gbp(10_000) } },
    });
  });

  it('tells the waiting state the case is paid once nothing is owed, once, and sends no thanks itself', async () => {
    const cases = inMemoryCases();
    cases.put(waitingCase);
    const { workflow, answers } = recordingWorkflow();
    const ports = { store: cases.store, workflow };
    await receivePayment(payment({ amount: gbp(40_000) }), ports, context);
    expect(answers).toEqual([
      { taskToken: 'token-friendly', reply: { id: 'payment-PAY-1', outcome: 'paid', paymentId: 'PAY-1' } },
    ]);
    expect((await cases.store.getCase('ACC-1-1'))?.pendingReply).toBeUndefined();
    expect(cases.outbox).toEqual([]);
    // Delivered again (SQS at least once): nothing is applied or told twice.
    expect(await receivePayment(payment({ amount: gbp(40_000) }), ports, context)).toMatchObject({
      outcome: 'duplicate',
    });
    expect(answers).toHaveLength(1);
  });

  it('keeps the paid reply on the case when the waiting state has moved on (the next one takes it)', async () => {
    const cases = inMemoryCases();
    cases.put(waitingCase);
    const { workflow, answers } = recordingWorkflow(['token-friendly']);
    await receivePayment(payment({ amount: gbp(40_000) }), { store: cases.store, workflow }, context);
    expect(answers).toEqual([]);
    expect((await cases.store.getCase('ACC-1-1'))?.pendingReply).toEqual({
      id: 'payment-PAY-1',
      outcome: 'paid',
      paymentId: 'PAY-1',
    });
  });

  it('rejects a payment in another currency than the case, and records one for no open case as nothing', async () => {
    const cases = inMemoryCases();
    cases.put(waitingCase);
    const { workflow } = recordingWorkflow();
    const ports = { store: cases.store, workflow };
    expect(
      await receivePayment(payment({ amount: { amount: 5, currency: 'EUR' } }), ports, context),
    ).toMatchObject({
      outcome: 'rejected',
      reason: expect.stringMatching(/^amount\.currency: /),
    });
    expect(
      await receivePayment(payment({ accountId: 'ACC-NONE', paymentId: 'PAY-9' }), ports, context),
    ).toEqual({
      outcome: 'no-open-case',
    });
    expect(cases.outbox).toEqual([]);
  });
});

describe('a debtor acts on their case', () => {
  const today = new Date();
  const inThreeDays = new Date(today.getTime() + 3 * 86_400_000).toISOString().slice(0, 10);
  const settings = { daySeconds: 86_400, ackDetails: () => ({ promiseDate: inThreeDays }) };

  it('is judged afresh on the case as it is now when the case moved on since the page was read', async () => {
    const cases = inMemoryCases();
    cases.put(waitingCase);
    const { workflow, answers } = recordingWorkflow();
    const { mail, sent } = recordingMail();
    const followUps = recordingFollowUps();
    const stale = { ...waitingCase, version: waitingCase.version - 1 };
    const result = await takeDebtorAction(
      stale,
      'promise',
      { date: inThreeDays },
      today,
      { store: cases.store, workflow },
      settings,
    );
    expect(result).toMatchObject({ ok: true });
    expect(cases.timeline.map((entry) => entry.type)).toEqual(['PromiseMade']);
    // The workflow hears at once; the event and the acknowledgement wait in the outbox, due now.
    expect(answers).toEqual([
      { taskToken: 'token-friendly', reply: expect.objectContaining({ outcome: 'paused' }) },
    ]);
    expect(cases.outbox).toHaveLength(2);
    expect(followUps.published).toEqual([]);
    expect(sent).toEqual([]);
    await carryOutOutbox(cases, { mail, ...followUps });
    expect(followUps.published).toEqual([
      {
        detailType: 'PromiseMade',
        detail: expect.objectContaining({ caseId: 'ACC-1-1', promisedDate: inThreeDays }),
      },
    ]);
    expect(sent).toMatchObject([{ kind: 'promiseAck', extra: { promiseDate: inThreeDays } }]);
    expect(cases.outbox).toEqual([]);
  });

  it('outlasts a burst of changes: judged afresh after each, up to eight times, then the error stands', async () => {
    for (const [conflicts, outcome] of [
      [7, 'recorded'],
      [8, 'refused'],
    ] as const) {
      const cases = inMemoryCases();
      cases.put(waitingCase);
      const { workflow } = recordingWorkflow();
      let left: number = conflicts;
      // Something else writes the case each time just before the action's own write lands.
      const store = {
        ...cases.store,
        recordAction: async (...args: Parameters<typeof cases.store.recordAction>) => {
          if (left-- > 0) throw new CaseChangedError('changed meanwhile');
          return cases.store.recordAction(...args);
        },
      };
      const attempt = takeDebtorAction(
        waitingCase,
        'promise',
        { date: inThreeDays },
        today,
        { store, workflow },
        settings,
      );
      if (outcome === 'recorded') {
        expect(await attempt).toMatchObject({ ok: true });
        expect(cases.timeline.map((entry) => entry.type)).toEqual(['PromiseMade']);
      } else {
        await expect(attempt).rejects.toThrow(CaseChangedError);
        expect(cases.timeline).toEqual([]);
      }
    }
  });

  it('answers a form with its problems and records nothing', async () => {
    const cases = inMemoryCases();
    cases.put(waitingCase);
    const { workflow } = recordingWorkflow();
    const { mail, sent } = recordingMail();
    const result = await takeDebtorAction(
      waitingCase,
      'promise',
      { date: 'not a date' },
      today,
      { store: cases.store, workflow },
      settings,
    );
    expect(result).toMatchObject({ ok: false, errors: { date: expect.any(String) } });
    expect(cases.timeline).toEqual([]);
    expect(cases.outbox).toEqual([]);
    await carryOutOutbox(cases, { mail, ...recordingFollowUps() });
    expect(sent).toEqual([]);
  });

  it('keeps what an outage stopped in the outbox: the event and the acknowledgement go later, the action stands', async () => {
    const cases = inMemoryCases();
    cases.put(waitingCase);
    const { workflow } = recordingWorkflow();
    const { mail } = recordingMail({ down: true });
    const result = await takeDebtorAction(
      waitingCase,
      'promise',
      { date: inThreeDays },
      today,
      { store: cases.store, workflow },
      settings,
    );
    expect(result).toMatchObject({ ok: true });
    // The bus, SNS and SES are down when the carriers try: each item stays for the next attempt.
    await carryOutOutbox(cases, { mail, ...recordingFollowUps({ down: true }) });
    expect(cases.timeline.map((entry) => entry.type)).toEqual(['PromiseMade']);
    expect(cases.outbox).toEqual([
      expect.objectContaining({
        caseId: 'ACC-1-1',
        messageKey: expect.stringMatching(/^event-/),
        followUp: expect.objectContaining({ type: 'event', detailType: 'PromiseMade' }),
      }),
      expect.objectContaining({
        caseId: 'ACC-1-1',
        messageKey: expect.stringMatching(/^promiseAck-/),
        kind: 'promiseAck',
        purpose: 'acknowledgement',
        extra: { promiseDate: inThreeDays },
      }),
    ]);
    // Back up: the next attempt (the claims were given back) carries both out, once.
    const { mail: upAgain, sent } = recordingMail();
    const followUps = recordingFollowUps();
    await carryOutOutbox(cases, { mail: upAgain, ...followUps });
    await carryOutOutbox(cases, { mail: upAgain, ...followUps });
    expect(cases.outbox).toEqual([]);
    expect(followUps.published).toMatchObject([{ detailType: 'PromiseMade' }]);
    expect(sent).toMatchObject([{ kind: 'promiseAck' }]);
  });

  it('is refused once the case is no longer open to it', async () => {
    const cases = inMemoryCases();
    cases.put({ ...waitingCase, status: 'paid' });
    const { workflow } = recordingWorkflow();
    const result = await takeDebtorAction(
      { ...waitingCase, status: 'paid' },
      'promise',
      { date: inThreeDays },
      today,
      { store: cases.store, workflow },
      settings,
    );
    expect(result).toBe('unavailable');
    expect(cases.timeline).toEqual([]);
    expect(cases.outbox).toEqual([]);
  });
});

describe('a reply waiting on the case when a state takes its turn', () => {
  it('stays on the case when that state’s token had already timed out, and the next waiting state gets it', async () => {
    const cases = inMemoryCases();
    const { workflow } = recordingWorkflow();
    await receiveOverdueInvoice(invoice(), intakePorts(cases, workflow), context);
    // Paid in full while no state waits (between states): the reply waits on the case.
    await receivePayment(payment({ amount: gbp(40_000) }), { store: cases.store, workflow }, context);
    expect((await cases.store.getCase('ACC-1-1'))?.pendingReply).toMatchObject({ outcome: 'paid' });

    // The friendly reminder's task timed out before its function took its turn (a slow start on a
    // loaded machine, a reply window of seconds on the scaled clock): its answer goes nowhere.
    const stale = recordingWorkflow(['token-friendly']);
    const turn = { caseId: 'ACC-1-1', waitingState: 'Send friendly reminder and wait for reply' };
    expect(
      await takeTurn(
        { store: cases.store, workflow: stale.workflow },
        { ...turn, taskToken: 'token-friendly' },
      ),
    ).toBe(false);
    expect(stale.answers).toEqual([]);
    expect((await cases.store.getCase('ACC-1-1'))?.pendingReply).toMatchObject({ outcome: 'paid' });

    // The next waiting state takes it at once, and only then is it cleared.
    const next = recordingWorkflow();
    expect(
      await takeTurn(
        { store: cases.store, workflow: next.workflow },
        { caseId: 'ACC-1-1', waitingState: 'Send firm reminder and wait for reply', taskToken: 'token-firm' },
      ),
    ).toBe(false);
    expect(next.answers).toEqual([
      { taskToken: 'token-firm', reply: expect.objectContaining({ outcome: 'paid' }) },
    ]);
    expect((await cases.store.getCase('ACC-1-1'))?.pendingReply).toBeUndefined();
  });
});

describe('a STOP text withdraws consent to texts, once', () => {
  // Found by the property lives: a STOP in the same instant as a payment, a dispute, an agency
  // report and a cancelled invoice lost five immediate attempts in a row. Jittered waits now
  // separate the attempts, and a text outlasts a burst as a debtor's action does.
  const stop = { at: '2026-11-23T10:00:00.000Z', entryId: 'texts-stopped-M1', keyword: 'BAJA' };

  it('outlasts a burst of changes: read afresh after each, up to eight times, then the error stands', async () => {
    for (const [conflicts, outcome] of [
      [7, 'recorded'],
      [8, 'refused'],
    ] as const) {
      const cases = inMemoryCases();
      cases.put(waitingCase);
      let left: number = conflicts;
      let reads = 0;
      const store = {
        getCase: (caseId: string) => {
          reads++;
          return cases.store.getCase(caseId);
        },
        recordAction: async (...args: Parameters<typeof cases.store.recordAction>) => {
          if (left-- > 0) throw new CaseChangedError('changed meanwhile');
          return cases.store.recordAction(...args);
        },
      };
      const attempt = withdrawTextConsent(store, waitingCase, stop);
      if (outcome === 'recorded') {
        expect((await attempt).smsOptedOutAt).toBe(stop.at);
        expect(cases.timeline.map((entry) => entry.type)).toEqual(['TextsStopped']);
        expect(reads).toBe(8);
      } else {
        await expect(attempt).rejects.toThrow(CaseChangedError);
        expect(cases.timeline).toEqual([]);
        expect(reads).toBe(8);
      }
    }
  });

  it('records nothing twice: a second STOP finds consent withdrawn and writes nothing', async () => {
    const cases = inMemoryCases();
    cases.put(waitingCase);
    await withdrawTextConsent(cases.store, waitingCase, stop);
    await withdrawTextConsent(cases.store, waitingCase, { ...stop, entryId: 'texts-stopped-M2' });
    expect(cases.timeline.map((entry) => entry.entryId)).toEqual(['texts-stopped-M1']);
  });
});

describe('the ladder’s next step (issue 11: the plan offer placed by the policy)', () => {
  const clock = {
    DAY_SECONDS: 86_400,
    CLOCK_ORIGIN: now.toISOString(),
    CLOCK_ORIGIN_POLICY: now.toISOString(),
  };
  async function openedCase(segment: string, timeZone = 'UTC') {
    const cases = inMemoryCases();
    const { workflow } = recordingWorkflow();
    await receiveOverdueInvoice(
      invoice({ debtor: { name: 'Ana Ruiz', email: 'ana@example.com', segment, timeZone } }),
      intakePorts(cases, workflow),
      context,
    );
    const { records } = inMemoryContactRecords(cases);
    return { store: { ...cases.store, ...records } };
  }

  it('names the next rung of the segment’s ladder after a timeout, and the check for signs of hardship before the final notice', async () => {
    const consumer = await openedCase('consumer');
    const nextAfter = (
      rung: 'friendly' | 'firm' | 'planOffer',
      cases: Awaited<ReturnType<typeof openedCase>>,
    ) => checkContactAfter('ACC-1-1', rung, { store: cases.store }, clock);
    expect(await nextAfter('friendly', consumer)).toMatchObject({ step: 'firm' });
    expect(await nextAfter('firm', consumer)).toMatchObject({ step: 'planOffer' });
    expect(await nextAfter('planOffer', consumer)).toMatchObject({ decision: 'hardship', step: 'final' });
    // small-business offers the plan straight after the friendly reminder.
    const business = await openedCase('small-business');
    expect(await nextAfter('friendly', business)).toMatchObject({ step: 'planOffer' });
    expect(await nextAfter('planOffer', business)).toMatchObject({ step: 'firm' });
    expect(await nextAfter('firm', business)).toMatchObject({ decision: 'hardship', step: 'final' });
  });

  it('opens a case whose friendly reminder falls in the debtor’s night with the reminder moved to their morning', async () => {
    // A zone where it is 02:00 now: the reminder, due now, moves to 08:00 there.
    const hour = new Date().getUTCHours();
    const offset = ((2 - hour + 36) % 24) - 12;
    const zone = offset >= 0 ? `Etc/GMT-${offset}` : `Etc/GMT+${-offset}`;
    const cases = await openedCase('consumer', zone);
    const record = (await cases.store.getCase('ACC-1-1')) as CaseRecord;
    const opened = await planOpening(record, { contacts: cases.store, clock }, new Date());
    const at = new Date(opened.friendlyReminderAt);
    expect(at.getTime()).toBeGreaterThan(Date.now() + 5 * 3_600_000);
    expect(at.getTime()).toBeLessThan(Date.now() + 7 * 3_600_000);
    expect(
      new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit' }).format(at),
    ).toBe('08:00');
    expect(opened.reply).toEqual({
      decision: 'send',
      until: opened.friendlyReminderAt,
      step: 'friendly',
      reason: 'none',
    });
    // In the debtor's day it stays where the policy put it: a zone where it is 12:00 now.
    const noon = ((12 - hour + 36) % 24) - 12;
    const dayZone = noon >= 0 ? `Etc/GMT-${noon}` : `Etc/GMT+${-noon}`;
    const day = await openedCase('consumer', dayZone);
    const dayRecord = (await day.store.getCase('ACC-1-1')) as CaseRecord;
    const dayOpened = await planOpening(dayRecord, { contacts: day.store, clock }, new Date());
    expect(Math.abs(Date.parse(dayOpened.friendlyReminderAt) - Date.now())).toBeLessThan(60_000);
    expect(dayOpened.reply).toMatchObject({ decision: 'send', step: 'friendly' });
  });

  it('hands the case on when the reminder’s send finds only a person can go on, instead of waiting out the rung', async () => {
    const cases = inMemoryCases();
    cases.put({ ...waitingCase, rung: 'firm', taskToken: undefined } as CaseRecord);
    const { workflow, answers } = recordingWorkflow();
    const mail: CaseMail = {
      send: async () => ({ outcome: 'withheld', person: 'undeliverable' }),
      accountUrl: async (record) => `https://portal.example/case/${record.caseId}`,
    } as CaseMail;
    const result = await sendReminder(
      {
        caseId: 'ACC-1-1',
        rung: 'firm',
        taskToken: 'token-firm',
        waitingState: 'Send firm reminder and wait for reply',
      },
      { store: cases.store, workflow, mail },
    );
    expect(result).toEqual({ sent: false });
    expect(answers).toEqual([
      {
        taskToken: 'token-firm',
        reply: { id: expect.any(String), outcome: 'stopped', reason: 'undeliverable' },
      },
    ]);
  });
});
