import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NextBillingDetailType } from '../../functions/contract/billing-events-next.ts';
import { CaseDetailType } from '../../functions/contract/events.ts';
import { addDays } from '../../functions/domain/dates.ts';
import {
  BillingDetailType,
  eventually,
  linkIn,
  overdueInvoice,
  startTestRuntime,
  stateTransitions,
  type TestRuntime,
} from '../support/local-runtime.ts';

// A policy day lasts 1 s: the friendly reminder waits 7 s for a reply; a promise for today pauses 3 s.
const DAY_SECONDS = 1;
let runtime: TestRuntime;

beforeAll(async () => {
  runtime = await startTestRuntime(DAY_SECONDS);
}, 60_000);
afterAll(() => runtime?.close());

const today = () => new Date().toISOString().slice(0, 10);
const executionArn = (accountId: string) =>
  `${runtime.endpoints.stateMachineArn.replace(':stateMachine:', ':execution:')}:${accountId}-case-1`;
const statesOf = async (accountId: string) =>
  stateTransitions(await runtime.history(executionArn(accountId)));
const eventsOf = (detailType: string, caseId: string) =>
  runtime.eventBridge
    .events()
    .filter(
      (event) =>
        event['detail-type'] === detailType && (event.detail as { caseId: string }).caseId === caseId,
    )
    .map((event) => event.detail as Record<string, unknown>);
const subjects = async (email: string) => (await runtime.emailsTo(email)).map((message) => message.subject);

/** Opens a case, waits for the friendly reminder, and returns its account link. */
async function caseWithReminder(accountId: string, email: string, locale = 'en-GB'): Promise<string> {
  await runtime.putBillingEvent(
    BillingDetailType.invoiceOverdue,
    overdueInvoice({ accountId, invoiceId: `${accountId}-INV`, email, amount: 10_000, locale }),
  );
  const reminder = await eventually('the friendly reminder', async () => (await runtime.emailsTo(email))[0]);
  return linkIn(reminder);
}

/** Opens the action's form like a browser, then submits it with the given fields. */
async function submit(accountLink: string, action: string, fields: Record<string, string>, csrf?: string) {
  const form = await fetch(`${accountLink}/${action}`);
  expect(form.status).toBe(200);
  const token = csrf ?? /name="csrf" value="([^"]+)"/.exec(await form.text())?.[1] ?? '';
  return fetch(`${accountLink}/${action}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ csrf: token, ...fields }).toString(),
    redirect: 'manual',
  });
}

async function confirmation(response: Response): Promise<string> {
  expect(response.status).toBe(303);
  const page = await fetch(new URL(response.headers.get('location') ?? '', response.url));
  expect(page.status).toBe(200);
  return page.text();
}

describe('promise to pay', () => {
  it('pauses reminders until the date; a payment by then closes the case', async () => {
    const email = 'promise-kept@example.com';
    const link = await caseWithReminder('ACC-PROMISE', email);
    expect(await (await fetch(link)).text()).toContain('Promise a date to pay');

    const date = addDays(today(), 5);
    const done = await confirmation(await submit(link, 'promise', { date }));
    expect(done).toMatch(/We have paused reminders: please pay by/);

    await eventually('the pause', async () =>
      (await statesOf('ACC-PROMISE')).includes('Pause collection and wait'),
    );
    expect(eventsOf(CaseDetailType.promiseMade, 'ACC-PROMISE-1')).toEqual([
      expect.objectContaining({ promisedDate: date }),
    ]);
    expect(await subjects(email)).toHaveLength(2);

    await runtime.putBillingEvent(BillingDetailType.paymentReceived, {
      accountId: 'ACC-PROMISE',
      paymentId: 'PAY-PROMISE',
      amount: { amount: 10_000, currency: 'GBP' },
      paidAt: new Date().toISOString(),
    });
    expect(await runtime.stepFunctions.waitForExecution(executionArn('ACC-PROMISE'), 5000)).toBe('SUCCEEDED');
    const transitions = await statesOf('ACC-PROMISE');
    expect(transitions.slice(3)).toEqual([
      'Act on the reply',
      'Pause collection and wait',
      'Act on the reply',
      'Thank the customer and close the case as paid',
    ]);
    expect(transitions.length).toBeLessThanOrEqual(8);
    expect((await subjects(email)).at(-1)).toBe('Thank you: your account is paid');
  }, 20_000);

  it('a broken promise resumes one rung up, with a kind note that says so', async () => {
    const email = 'promise-broken@example.com';
    const link = await caseWithReminder('ACC-BROKEN', email);
    await confirmation(await submit(link, 'promise', { date: today() }));
    // Today plus two days' grace: three policy days.
    const firm = await eventually(
      'the firm reminder',
      async () => (await runtime.emailsTo(email)).find((m) => /still unpaid/.test(m.subject)),
      8000,
    );
    expect(firm.body.text).toMatch(/you told us/i);
    expect(eventsOf(CaseDetailType.promiseBroken, 'ACC-BROKEN-1')).toHaveLength(1);
    expect(await statesOf('ACC-BROKEN')).toContain('Decide how to go on after the pause');
  }, 20_000);

  it('refuses a date beyond the policy’s limit, keeps the value, and writes nothing', async () => {
    const email = 'promise-far@example.com';
    const link = await caseWithReminder('ACC-FAR', email);
    const far = addDays(today(), 400);
    const response = await submit(link, 'promise', { date: far });
    expect(response.status).toBe(400);
    const page = await response.text();
    expect(page).toContain('id="date-error"');
    expect(page).toContain('aria-describedby="date-hint date-error"');
    expect(page).toContain(`value="${far}"`);
    expect(eventsOf(CaseDetailType.promiseMade, 'ACC-FAR-1')).toEqual([]);
  });

  it('refuses a form without its CSRF token', async () => {
    const link = await caseWithReminder('ACC-CSRF', 'csrf@example.com');
    const response = await submit(link, 'promise', { date: today() }, 'forged');
    expect(response.status).toBe(403);
    expect(eventsOf(CaseDetailType.promiseMade, 'ACC-CSRF-1')).toEqual([]);
  });
});

describe('dispute', () => {
  it('stops collection at once, tells the AR team, and an upheld dispute closes the case as credited', async () => {
    const email = 'dispute-upheld@example.com';
    const link = await caseWithReminder('ACC-DISPUTE', email);
    const done = await confirmation(
      await submit(link, 'dispute', { reason: 'wrong-amount', note: 'I was charged twice.' }),
    );
    expect(done).toContain('We have stopped collecting');
    expect(eventsOf(CaseDetailType.disputeOpened, 'ACC-DISPUTE-1')).toEqual([
      expect.objectContaining({ reason: 'wrong-amount', note: 'I was charged twice.' }),
    ]);
    const ack = await eventually('the acknowledgement', async () => (await runtime.emailsTo(email))[1]);
    expect(ack.body.html).not.toMatch(/Pay now|See your account and pay/);

    await eventually('the pause', async () =>
      (await statesOf('ACC-DISPUTE')).includes('Pause collection and wait'),
    );
    await runtime.putBillingEvent(NextBillingDetailType.disputeResolved, {
      accountId: 'ACC-DISPUTE',
      outcome: 'upheld',
      note: 'Refunded the duplicate.',
    });
    expect(await runtime.stepFunctions.waitForExecution(executionArn('ACC-DISPUTE'), 5000)).toBe('SUCCEEDED');
    expect((await statesOf('ACC-DISPUTE')).at(-1)).toBe('Close the case as credited');
    expect(eventsOf(CaseDetailType.caseResolved, 'ACC-DISPUTE-1')).toEqual([
      expect.objectContaining({ resolution: 'credited' }),
    ]);
    expect(await subjects(email)).toHaveLength(3);
  }, 20_000);

  it('a rejected dispute resumes where it was, with a fresh notice that explains the outcome', async () => {
    const email = 'dispute-rejected@example.com';
    const link = await caseWithReminder('ACC-REJECT', email);
    await confirmation(await submit(link, 'dispute', { reason: 'already-paid' }));
    await eventually('the pause', async () =>
      (await statesOf('ACC-REJECT')).includes('Pause collection and wait'),
    );
    await runtime.putBillingEvent(NextBillingDetailType.disputeResolved, {
      accountId: 'ACC-REJECT',
      outcome: 'rejected',
      note: 'We could not find a payment from you.',
    });
    const notice = await eventually('the fresh notice', async () => (await runtime.emailsTo(email))[2]);
    expect(notice.body.text).toContain('We could not find a payment from you.');
    expect((await statesOf('ACC-REJECT')).at(-1)).toBe('Send friendly reminder and wait for reply');
  }, 20_000);
});

describe('stop emails', () => {
  it('is honoured at once and for good; the case goes to a person, never automatically to an agency', async () => {
    const email = 'stop@example.com';
    const link = await caseWithReminder('ACC-STOP', email, 'es-ES');
    const done = await confirmation(await submit(link, 'stop-emails', { confirm: 'yes' }));
    expect(done).toContain('No volveremos a escribirle');
    expect(await runtime.stepFunctions.waitForExecution(executionArn('ACC-STOP'), 5000)).toBe('SUCCEEDED');
    expect((await statesOf('ACC-STOP')).at(-1)).toBe('Hand the case to a person for manual follow-up');
    expect(eventsOf(CaseDetailType.manualFollowUpNeeded, 'ACC-STOP-1')).toEqual([
      expect.objectContaining({ reason: 'opted-out' }),
    ]);

    // A partial payment afterwards would normally be thanked by email: not now.
    await runtime.putBillingEvent(BillingDetailType.paymentReceived, {
      accountId: 'ACC-STOP',
      paymentId: 'PAY-STOP',
      amount: { amount: 1_000, currency: 'GBP' },
      paidAt: new Date().toISOString(),
    });
    await runtime.sqs.drained();
    expect(await runtime.emailsTo(email)).toHaveLength(1);
    expect(await (await fetch(`${link}/stop-emails`)).text()).toContain(
      'Ya ha dejado de recibir estos correos',
    );
  }, 20_000);
});
