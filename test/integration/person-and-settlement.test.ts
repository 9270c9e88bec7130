import { describe, expect, it } from 'vitest';
import { CaseDetailType } from '../../functions/contract/events.ts';
import { addDays, localDate } from '../../functions/domain/dates.ts';
import { confirmation, eventually, submitForm, useTestRuntime } from '../support/local-runtime.ts';

// A policy day lasts 1 s: the friendly reminder waits 7 s for a reply; a callback pauses 3 s (consumer).
// Early settlement at the final notice needs a shorter day: see settle-now.test.ts.
const DAY_SECONDS = 1;
const runtime = useTestRuntime(DAY_SECONDS);

const today = () => localDate(new Date(), 'Europe/London');
const arTeamMessages = (caseId: string) =>
  runtime()
    .sns.messages(runtime().endpoints.arTeamTopicArn)
    .filter((m) => m.subject?.endsWith(`: ${caseId}`));

describe('talk to a person', () => {
  it('pauses reminders, tells billing and the AR team, acknowledges, then resumes at the same rung', async () => {
    const email = 'callback@example.com';
    const link = await runtime().caseWithReminder('ACC-CALL', email);
    expect(await (await fetch(link)).text()).toContain('Talk to a person');

    const done = await confirmation(
      await submitForm(link, 'callback', {
        phone: '+44 20 7946 0958',
        preferredTime: 'morning',
        note: 'Not on Fridays',
      }),
    );
    expect(done).toContain('Someone from our team will call you on +44 20 7946 0958 in the morning');

    await eventually('the pause', async () =>
      (await runtime().transitions('ACC-CALL-case-1')).includes('Pause collection and wait'),
    );
    const pausedUntil = addDays(today(), 2);
    // The event and the AR team's notice follow through the outbox, a moment after the request.
    await runtime().outboxSettled();
    expect(runtime().eventsOf(CaseDetailType.callbackRequested, 'ACC-CALL-1')).toEqual([
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

    const ack = await eventually('the acknowledgement', async () => (await runtime().emailsTo(email))[1]);
    expect(ack.subject).toMatch(/^We'll call you: no reminders until /);
    expect(ack.body.text).toContain('on +44 20 7946 0958');
    expect(ack.body.text).toContain('(in the morning)');

    // While the pause runs, the form says the request is in hand.
    expect(await (await fetch(`${link}/callback`)).text()).toContain('We have your request');

    // Three policy days later the friendly reminder comes again: the same rung, a fresh notice.
    const again = await eventually(
      'the reminder after the pause',
      async () => (await runtime().emailsTo(email))[2],
      8000,
    );
    expect(again.subject).toBe('A friendly reminder: £100.00 is now due');
    const transitions = await runtime().journey('ACC-CALL-case-1');
    expect(transitions).toEqual([
      'Send friendly reminder and wait for reply',
      'Act on the reply',
      'Pause collection and wait',
      'Decide how to go on after the pause',
      'Act on the reply',
      'Send friendly reminder and wait for reply',
    ]);
    // The journey's states: 1 to the first reminder (the intake opened the case and started the
    // workflow there), 5 for the callback and the reminder after it (billed, each rung after the
    // first adds its contact check: bench/scenarios.ts counts them all).
    expect(transitions).toHaveLength(6);
  }, 20_000);

  it('refuses a phone number it could not call, keeps the values, and writes nothing', async () => {
    const link = await runtime().caseWithReminder('ACC-CALL-BAD', 'callback-bad@example.com', {
      locale: 'es-ES',
    });
    const response = await submitForm(link, 'callback', { phone: 'call me', preferredTime: 'evening' });
    expect(response.status).toBe(400);
    const page = await response.text();
    expect(page).toContain('Escriba un número de teléfono de 6 a 20 cifras');
    expect(page).toContain('value="call me"');
    expect(page).toMatch(/id="time-evening" name="preferredTime" value="evening" checked/);
    await runtime().outboxSettled();
    expect(runtime().eventsOf(CaseDetailType.callbackRequested, 'ACC-CALL-BAD-1')).toEqual([]);
    expect(arTeamMessages('ACC-CALL-BAD-1')).toEqual([]);
  });

  it('tells the AR team once SNS is back when an outage meets the request; the debtor sees no error', async () => {
    const link = await runtime().caseWithReminder('ACC-CALL-OUTAGE', 'callback-outage@example.com');
    const notices = () => arTeamMessages('ACC-CALL-OUTAGE-1');
    runtime().sns.outage(true);
    try {
      const done = await confirmation(
        await submitForm(link, 'callback', { phone: '+44 20 7946 0959', preferredTime: 'afternoon' }),
      );
      expect(done).toContain('Someone from our team will call you on +44 20 7946 0959');
      // The event goes through the outbox as usual (the bus is up).
      await eventually(
        'the event on the bus',
        async () => runtime().eventsOf(CaseDetailType.callbackRequested, 'ACC-CALL-OUTAGE-1').length === 1,
      );
      // The follow-up carrier meets the outage (from the stream, then its schedule), and leaves the
      // notice in the outbox for its next run.
      await new Promise((resolve) => setTimeout(resolve, 1000));
      expect(notices()).toEqual([]);
    } finally {
      runtime().sns.outage(false);
    }
    const [notice] = await eventually(
      'the notice once SNS is back',
      async () => notices().length > 0 && notices(),
    );
    expect(notice?.message).toContain('+44 20 7946 0959');
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(notices()).toHaveLength(1);
  });
});

describe('a dispute', () => {
  it('tells the AR team on their topic too', async () => {
    const link = await runtime().caseWithReminder('ACC-DSP', 'dispute-ar@example.com');
    await confirmation(
      await submitForm(link, 'dispute', { reason: 'not-received', note: 'Never delivered.' }),
    );
    await runtime().outboxSettled();
    const [opened] = runtime().eventsOf(CaseDetailType.disputeOpened, 'ACC-DSP-1');
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
    const listed = (await (await fetch(`${runtime().endpoints.sns}/messages`)).json()) as {
      subject: string;
    }[];
    expect(listed.map((m) => m.subject)).toContain('Dispute opened: ACC-DSP-1');
  });
});
