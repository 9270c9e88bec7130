import { describe, expect, it } from 'vitest';
import { NextBillingDetailType } from '../../functions/contract/billing-events-next.ts';
import { CaseDetailType } from '../../functions/contract/events.ts';
import { addDays } from '../../functions/domain/dates.ts';
import {
  confirmation,
  eventually,
  PERSON_STATE,
  submitForm,
  useTestRuntime,
} from '../support/local-runtime.ts';

// A policy day lasts 1 s: the friendly reminder waits 7 s for a reply; a promise for today pauses 3 s.
const DAY_SECONDS = 1;
const runtime = useTestRuntime(DAY_SECONDS);

const today = () => new Date().toISOString().slice(0, 10);
const subjects = async (email: string) => (await runtime().emailsTo(email)).map((message) => message.subject);

describe('promise to pay', () => {
  it('pauses reminders until the date; a payment by then closes the case', async () => {
    const email = 'promise-kept@example.com';
    const link = await runtime().caseWithReminder('ACC-PROMISE', email);
    expect(await (await fetch(link)).text()).toContain('Promise a date to pay');

    const date = addDays(today(), 5);
    const done = await confirmation(await submitForm(link, 'promise', { date }));
    expect(done).toMatch(/We have paused reminders: please pay by/);

    await eventually('the pause', async () =>
      (await runtime().transitions('ACC-PROMISE-case-1')).includes('Pause collection and wait'),
    );
    // The event follows through the outbox, a moment after the action.
    await runtime().outboxSettled();
    expect(runtime().eventsOf(CaseDetailType.promiseMade, 'ACC-PROMISE-1')).toEqual([
      expect.objectContaining({ promisedDate: date }),
    ]);
    // The acknowledgement may wait for the debtor's morning at this clock (a policy day a second).
    await eventually('the acknowledgement', async () => (await subjects(email)).length === 2);
    expect(await subjects(email)).toHaveLength(2);

    await runtime().pay('ACC-PROMISE', 'PAY-PROMISE', 10_000);
    expect(await runtime().waitForExecution('ACC-PROMISE-case-1', 5000)).toBe('SUCCEEDED');
    const transitions = await runtime().journey('ACC-PROMISE-case-1');
    expect(transitions).toEqual([
      'Send friendly reminder and wait for reply',
      'Act on the reply',
      'Pause collection and wait',
      'Act on the reply',
      'Thank the customer and close the case as paid',
    ]);
    expect(transitions.length).toBeLessThanOrEqual(8);
    await runtime().emailWith(email, /your account is paid/);
    expect((await subjects(email)).at(-1)).toBe('Thank you: your account is paid');
  }, 20_000);

  it('a broken promise resumes one rung up, with a kind note that says so', async () => {
    const email = 'promise-broken@example.com';
    const link = await runtime().caseWithReminder('ACC-BROKEN', email);
    await confirmation(await submitForm(link, 'promise', { date: today() }));
    // Today plus two days' grace: three policy days.
    const firm = await runtime().emailWith(email, /still unpaid/);
    expect(firm.body.text).toMatch(/you told us/i);
    expect(runtime().eventsOf(CaseDetailType.promiseBroken, 'ACC-BROKEN-1')).toHaveLength(1);
    expect(await runtime().transitions('ACC-BROKEN-case-1')).toContain('Decide how to go on after the pause');
  }, 20_000);

  it('refuses a date beyond the policy’s limit, keeps the value, and writes nothing', async () => {
    const email = 'promise-far@example.com';
    const link = await runtime().caseWithReminder('ACC-FAR', email);
    const far = addDays(today(), 400);
    const response = await submitForm(link, 'promise', { date: far });
    expect(response.status).toBe(400);
    const page = await response.text();
    expect(page).toContain('id="date-error"');
    expect(page).toContain('aria-describedby="date-hint date-error"');
    expect(page).toContain(`value="${far}"`);
    await runtime().outboxSettled();
    expect(runtime().eventsOf(CaseDetailType.promiseMade, 'ACC-FAR-1')).toEqual([]);
  });

  it('refuses a form without its CSRF token', async () => {
    const link = await runtime().caseWithReminder('ACC-CSRF', 'csrf@example.com');
    const response = await submitForm(link, 'promise', { date: today() }, 'forged');
    expect(response.status).toBe(403);
    await runtime().outboxSettled();
    expect(runtime().eventsOf(CaseDetailType.promiseMade, 'ACC-CSRF-1')).toEqual([]);
  });
});

describe('dispute', () => {
  it('stops collection at once, tells the AR team, and an upheld dispute closes the case as credited', async () => {
    const email = 'dispute-upheld@example.com';
    const link = await runtime().caseWithReminder('ACC-DISPUTE', email);
    const done = await confirmation(
      await submitForm(link, 'dispute', { reason: 'wrong-amount', note: 'I was charged twice.' }),
    );
    expect(done).toContain('We have stopped collecting');
    await runtime().outboxSettled();
    expect(runtime().eventsOf(CaseDetailType.disputeOpened, 'ACC-DISPUTE-1')).toEqual([
      expect.objectContaining({ reason: 'wrong-amount', note: 'I was charged twice.' }),
    ]);
    const ack = await eventually('the acknowledgement', async () => (await runtime().emailsTo(email))[1]);
    expect(ack.body.html).not.toMatch(/Pay now|See your account and pay/);

    await eventually('the pause', async () =>
      (await runtime().transitions('ACC-DISPUTE-case-1')).includes('Pause collection and wait'),
    );
    await runtime().putBillingEvent(NextBillingDetailType.disputeResolved, {
      accountId: 'ACC-DISPUTE',
      outcome: 'upheld',
      note: 'Refunded the duplicate.',
    });
    expect(await runtime().waitForExecution('ACC-DISPUTE-case-1', 5000)).toBe('SUCCEEDED');
    expect((await runtime().transitions('ACC-DISPUTE-case-1')).at(-1)).toBe('Close the case as credited');
    expect(runtime().eventsOf(CaseDetailType.caseResolved, 'ACC-DISPUTE-1')).toEqual([
      expect.objectContaining({ resolution: 'credited' }),
    ]);
    // The credit's news may wait for the debtor's morning at this clock.
    await eventually('the credit explained', async () => (await subjects(email)).length === 3);
    expect(await subjects(email)).toHaveLength(3);
  }, 20_000);

  it('a rejected dispute resumes where it was, with a fresh notice that explains the outcome', async () => {
    const email = 'dispute-rejected@example.com';
    const link = await runtime().caseWithReminder('ACC-REJECT', email);
    await confirmation(await submitForm(link, 'dispute', { reason: 'already-paid' }));
    await eventually('the pause', async () =>
      (await runtime().transitions('ACC-REJECT-case-1')).includes('Pause collection and wait'),
    );
    await runtime().putBillingEvent(NextBillingDetailType.disputeResolved, {
      accountId: 'ACC-REJECT',
      outcome: 'rejected',
      note: 'We could not find a payment from you.',
    });
    // By subject: the dispute's acknowledgement may have met the debtor's night and come later.
    const notice = await runtime().emailWith(email, /outcome of your query/);
    expect(notice.body.text).toContain('We could not find a payment from you.');
    expect((await runtime().transitions('ACC-REJECT-case-1')).at(-1)).toBe(
      'Send friendly reminder and wait for reply',
    );
  }, 20_000);
});

describe('stop emails', () => {
  it('is honoured at once and for good; the case goes to a person, never automatically to an agency', async () => {
    const email = 'stop@example.com';
    const link = await runtime().caseWithReminder('ACC-STOP', email, { locale: 'es-ES' });
    const done = await confirmation(await submitForm(link, 'stop-emails', { confirm: 'yes' }));
    expect(done).toContain('No volveremos a escribirle');
    // Handed to a person, the case waits for them (issue 12): the execution runs on in that one state.
    expect((await runtime().waitForPerson('ACC-STOP-case-1', 5000)).slice(-2)).toEqual([
      'Hand the case to a person for manual follow-up',
      PERSON_STATE,
    ]);
    expect(runtime().eventsOf(CaseDetailType.manualFollowUpNeeded, 'ACC-STOP-1')).toEqual([
      expect.objectContaining({ reason: 'opted-out' }),
    ]);

    // A partial payment afterwards would normally be thanked by email: not now.
    await runtime().pay('ACC-STOP', 'PAY-STOP', 1_000);
    await runtime().sqs.drained();
    expect(await runtime().emailsTo(email)).toHaveLength(1);
    expect(await (await fetch(`${link}/stop-emails`)).text()).toContain(
      'Ya ha dejado de recibir estos correos',
    );
  }, 20_000);
});
