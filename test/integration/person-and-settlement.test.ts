import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaseDetailType } from '../../functions/contract/events.ts';
import { addDays, localDate } from '../../functions/domain/dates.ts';
import {
  BillingDetailType,
  eventually,
  linkIn,
  overdueInvoice,
  startTestRuntime,
  stateTransitions,
  type TestRuntime,
} from '../support/local-runtime.ts';

// A policy day lasts 1 s: the friendly reminder waits 7 s for a reply; a callback pauses 3 s (consumer).
// Early settlement at the final notice needs a shorter day: see settle-now.test.ts.
const DAY_SECONDS = 1;
let runtime: TestRuntime;

beforeAll(async () => {
  runtime = await startTestRuntime(DAY_SECONDS);
}, 60_000);
afterAll(() => runtime?.close());

const today = () => localDate(new Date(), 'Europe/London');
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
const arTeamMessages = (caseId: string) =>
  runtime.sns.messages(runtime.endpoints.arTeamTopicArn).filter((m) => m.subject?.endsWith(`: ${caseId}`));

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
async function submit(accountLink: string, action: string, fields: Record<string, string>) {
  const form = await fetch(`${accountLink}/${action}`);
  expect(form.status).toBe(200);
  const token = /name="csrf" value="([^"]+)"/.exec(await form.text())?.[1] ?? '';
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

describe('talk to a person', () => {
  it('pauses reminders, tells billing and the AR team, acknowledges, then resumes at the same rung', async () => {
    const email = 'callback@example.com';
    const link = await caseWithReminder('ACC-CALL', email);
    expect(await (await fetch(link)).text()).toContain('Talk to a person');

    const done = await confirmation(
      await submit(link, 'callback', {
        phone: '+44 20 7946 0958',
        preferredTime: 'morning',
        note: 'Not on Fridays',
      }),
    );
    expect(done).toContain('Someone from our team will call you on +44 20 7946 0958 in the morning');

    await eventually('the pause', async () =>
      (await statesOf('ACC-CALL')).includes('Pause collection and wait'),
    );
    const pausedUntil = addDays(today(), 2);
    expect(eventsOf(CaseDetailType.callbackRequested, 'ACC-CALL-1')).toEqual([
      {
        caseId: 'ACC-CALL-1',
        accountId: 'ACC-CALL',
        phone: '+44 20 7946 0958',
        preferredTime: 'morning',
        pausedUntil,
        at: expect.any(String),
      },
    ]);

    // The AR team hears of it on their topic: the facts, never a link into the portal.
    const [notice, ...more] = arTeamMessages('ACC-CALL-1');
    expect(more).toEqual([]);
    expect(notice?.subject).toBe('Callback requested: ACC-CALL-1');
    expect(notice?.message).toContain('Phone: +44 20 7946 0958');
    expect(notice?.message).toContain('Preferred time: morning');
    expect(notice?.message).toContain('Not on Fridays');
    expect(notice?.message).not.toMatch(/https?:\/\//);
    expect(notice?.messageAttributes.event?.StringValue).toBe('CallbackRequested');

    const ack = await eventually('the acknowledgement', async () => (await runtime.emailsTo(email))[1]);
    expect(ack.subject).toMatch(/^We'll call you: no reminders until /);
    expect(ack.body.text).toContain('on +44 20 7946 0958');
    expect(ack.body.text).toContain('(in the morning)');

    // While the pause runs, the form says the request is in hand.
    expect(await (await fetch(`${link}/callback`)).text()).toContain('We have your request');

    // Three policy days later the friendly reminder comes again: the same rung, a fresh notice.
    const again = await eventually(
      'the reminder after the pause',
      async () => (await runtime.emailsTo(email))[2],
      8000,
    );
    expect(again.subject).toBe('A friendly reminder: £100.00 is now due');
    const transitions = await statesOf('ACC-CALL');
    expect(transitions).toEqual([
      'Open the case',
      'Wait until the friendly reminder is due',
      'Send friendly reminder and wait for reply',
      'Act on the reply',
      'Pause collection and wait',
      'Decide how to go on after the pause',
      'Act on the reply',
      'Send friendly reminder and wait for reply',
    ]);
    // Billed transitions: 3 to the first reminder, 5 for the callback and the reminder after it.
    expect(transitions).toHaveLength(8);
  }, 20_000);

  it('refuses a phone number it could not call, keeps the values, and writes nothing', async () => {
    const link = await caseWithReminder('ACC-CALL-BAD', 'callback-bad@example.com', 'es-ES');
    const response = await submit(link, 'callback', { phone: 'call me', preferredTime: 'evening' });
    expect(response.status).toBe(400);
    const page = await response.text();
    expect(page).toContain('Escriba un número de teléfono de 6 a 20 cifras');
    expect(page).toContain('value="call me"');
    expect(page).toMatch(/id="time-evening" name="preferredTime" value="evening" checked/);
    expect(eventsOf(CaseDetailType.callbackRequested, 'ACC-CALL-BAD-1')).toEqual([]);
    expect(arTeamMessages('ACC-CALL-BAD-1')).toEqual([]);
  });
});

describe('a dispute', () => {
  it('tells the AR team on their topic too', async () => {
    const link = await caseWithReminder('ACC-DSP', 'dispute-ar@example.com');
    await confirmation(await submit(link, 'dispute', { reason: 'not-received', note: 'Never delivered.' }));
    const [opened] = eventsOf(CaseDetailType.disputeOpened, 'ACC-DSP-1');
    const [notice, ...more] = arTeamMessages('ACC-DSP-1');
    expect(more).toEqual([]);
    expect(notice?.subject).toBe('Dispute opened: ACC-DSP-1');
    expect(notice?.message).toContain('Reason: not-received');
    expect(notice?.message).toContain(`Dispute: ${opened?.disputeId}`);
    expect(notice?.message).toContain('Never delivered.');
    expect(notice?.message).toContain(`If none comes by ${addDays(today(), 45)}`);
    expect(notice?.message).not.toMatch(/https?:\/\//);
    expect(notice?.messageAttributes.event?.StringValue).toBe('DisputeOpened');

    // The same list, as a person reads it.
    const listed = (await (await fetch(`${runtime.endpoints.sns}/messages`)).json()) as { subject: string }[];
    expect(listed.map((m) => m.subject)).toContain('Dispute opened: ACC-DSP-1');
  });
});
