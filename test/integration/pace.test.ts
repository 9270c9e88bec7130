import { describe, expect, it } from 'vitest';
import { addDays } from '../../functions/domain/dates.ts';
import {
  BillingDetailType,
  confirmation,
  eventually,
  overdueInvoice,
  submitForm,
  useTestRuntime,
} from '../support/local-runtime.ts';

/**
 * Issue 16, the debtor sets the pace, on the real state machine: snooze to payday, fewer
 * reminders, and the language they pick kept. A policy day lasts half a second.
 */
const DAY_SECONDS = 0.5;
const runtime = useTestRuntime(DAY_SECONDS);

const today = () => new Date().toISOString().slice(0, 10);
const subjects = async (email: string) => (await runtime().emailsTo(email)).map((message) => message.subject);

/** The workflow's `$.Payload` the last time the execution left the state. */
async function lastOutputOf(
  executionName: string,
  state: string,
): Promise<Record<string, unknown> | undefined> {
  const history = await runtime().history(runtime().executionArn(executionName));
  const exited = history.filter((event) => event.stateExitedEventDetails?.name === state);
  const output = exited.at(-1)?.stateExitedEventDetails?.output;
  return output ? (JSON.parse(output) as { Payload?: Record<string, unknown> }).Payload : undefined;
}

describe('snooze to payday', () => {
  it('pauses reminders until the debtor’s date, then sends the same rung again: never a firmer one', async () => {
    const email = 'snooze@example.com';
    const link = await runtime().caseWithReminder('ACC-SNOOZE', email);
    const [friendly] = await subjects(email);
    expect(friendly).toMatch(/A friendly reminder/);
    const form = await (await fetch(`${link}/snooze`)).text();
    expect(form).toContain('name="date"');
    expect(form).toContain(`max="${addDays(today(), 14)}"`);

    const remindOn = addDays(today(), 4);
    const done = await confirmation(await submitForm(link, 'snooze', { date: remindOn }));
    expect(done).toContain('We will not send you reminders before');

    // Four policy days (two seconds), then the ladder resumes at the rung it interrupted.
    await eventually(
      'the end of the snooze',
      async () =>
        (await runtime().transitions('ACC-SNOOZE-case-1')).includes('Decide how to go on after the pause'),
      10_000,
    );
    await eventually('the friendly reminder again', async () => (await subjects(email)).length >= 2, 10_000);
    const after = await subjects(email);
    expect(after[1]).toBe(friendly);
    expect(after.some((subject) => /still unpaid/.test(subject))).toBe(false);
    const journey = await runtime().journey('ACC-SNOOZE-case-1');
    const pause = journey.indexOf('Pause collection and wait');
    expect(journey.slice(pause)).toEqual(
      expect.arrayContaining([
        'Decide how to go on after the pause',
        'Send friendly reminder and wait for reply',
      ]),
    );
    const resumed = await lastOutputOf('ACC-SNOOZE-case-1', 'Decide how to go on after the pause');
    expect(resumed?.reply).toMatchObject({ outcome: 'resume', step: 'friendly', because: 'pause-ended' });

    // On the History page, and once per case: the form is not offered again.
    const history = await (await fetch(`${link}/history`)).text();
    expect(history).toContain('You asked us to remind you on');
    const again = await fetch(`${link}/snooze`);
    expect(await again.text()).toContain('You have already asked us to remind you later');
    const account = await (await fetch(link)).text();
    expect(account).not.toContain('/snooze?');
  }, 30_000);

  it('refuses a date beyond the limit with the error beside the field, and writes nothing', async () => {
    const email = 'snooze-far@example.com';
    const link = await runtime().caseWithReminder('ACC-SNOOZE-FAR', email);
    const far = addDays(today(), 15);
    const response = await submitForm(link, 'snooze', { date: far });
    expect(response.status).toBe(400);
    const page = await response.text();
    expect(page).toContain('id="date-error"');
    expect(page).toContain('we can wait a limited time only');
    expect(page).toContain(`value="${far}"`);
    const refusedToday = await submitForm(link, 'snooze', { date: today() });
    expect(refusedToday.status).toBe(400);
    expect(await refusedToday.text()).toContain('Choose tomorrow or a later date.');
    expect(await runtime().transitions('ACC-SNOOZE-FAR-case-1')).not.toContain('Pause collection and wait');
    // A bad CSRF token is refused like every other form.
    const forged = await submitForm(link, 'snooze', { date: addDays(today(), 3) }, 'forged');
    expect(forged.status).toBe(403);
  }, 20_000);
});

describe('fewer reminders', () => {
  it('waits the gentle window from now, then goes on one rung with gentle windows from then on', async () => {
    const email = 'fewer@example.com';
    const link = await runtime().caseWithReminder('ACC-FEWER', email);
    const done = await confirmation(await submitForm(link, 'fewer-reminders', { confirm: 'yes' }));
    expect(done).toContain('We will write less often');
    await eventually('the gentle wait', async () =>
      (await runtime().transitions('ACC-FEWER-case-1')).includes('Pause collection and wait'),
    );
    const paused = await lastOutputOf('ACC-FEWER-case-1', 'Act on the reply');
    // The friendly rung's gentle window: fourteen policy days, twice the usual seven.
    expect(paused?.reply).toMatchObject({
      outcome: 'paused',
      reason: 'cadence',
      pauseSeconds: 14 * DAY_SECONDS,
    });
    await eventually(
      'the firm reminder',
      async () => (await subjects(email)).some((s) => /still unpaid/.test(s)),
      15_000,
    );
    const after = await lastOutputOf('ACC-FEWER-case-1', 'Decide how to go on after the pause');
    expect(after?.reply).toMatchObject({ outcome: 'resume', step: 'firm', because: 'pause-ended' });
    // Every later rung waits its gentle window, never a shorter one.
    expect(after?.replyWindowSeconds).toEqual({
      friendly: 14 * DAY_SECONDS,
      firm: 14 * DAY_SECONDS,
      planOffer: 14 * DAY_SECONDS,
      final: 28 * DAY_SECONDS,
    });
    expect(await (await fetch(`${link}/history`)).text()).toContain('You asked for fewer reminders');
    expect(await (await fetch(`${link}/fewer-reminders`)).text()).toContain(
      'You already get fewer reminders',
    );
  }, 30_000);
});

describe('language kept', () => {
  it('keeps the language picked on the portal for every later email and page, and for the debtor’s next case', async () => {
    const email = 'idioma@example.com';
    const link = await runtime().caseWithReminder('ACC-IDIOMA', email);
    // The account page in Spanish offers to keep it; in English (the case's language) it does not.
    expect(await (await fetch(link)).text()).not.toContain('name="language"');
    const spanish = await (await fetch(`${link}?lang=es`)).text();
    expect(spanish).toContain('Sí, escríbanme en español');
    const csrf = /name="csrf" value="([^"]+)"/.exec(spanish)?.[1] ?? '';
    const kept = await fetch(`${link}/language?lang=es`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ csrf, language: 'es' }).toString(),
      redirect: 'manual',
    });
    expect(kept.status).toBe(303);
    // Every later page speaks it without asking.
    const page = await (await fetch(link)).text();
    expect(page).toContain('<html lang="es"');
    expect(page).not.toContain('name="language"');
    expect(await (await fetch(`${link}/history`)).text()).toContain('<html lang="es"');

    // And every later email: the promise's acknowledgement comes in Spanish.
    await confirmation(await submitForm(link, 'promise', { date: addDays(today(), 3) }));
    const ack = await runtime().emailWith(email, /^Gracias: no le enviaremos recordatorios/, 20_000);
    expect(ack.body.text).toMatch(/recordatorio|Gracias/);

    // A bad form is refused.
    const bad = await fetch(`${link}/language`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ csrf, language: 'fr' }).toString(),
      redirect: 'manual',
    });
    expect(bad.status).toBe(400);

    // The debtor's next case (another account, the same address) opens in Spanish.
    await runtime().putBillingEvent(
      BillingDetailType.invoiceOverdue,
      overdueInvoice({ accountId: 'ACC-IDIOMA-2', invoiceId: 'INV-IDIOMA-2', email }),
    );
    const reminder = await runtime().emailWith(email, /^Un recordatorio amable/, 10_000);
    expect(reminder.subject).not.toMatch(/A friendly reminder/);
  }, 60_000);
});

describe('statement of account', () => {
  it('lists every invoice, payment and credit with the balance, as a page and a PDF, in both languages', async () => {
    const email = 'statement@example.com';
    const link = await runtime().caseWithReminder('ACC-STATEMENT', email, {
      amount: 10_000,
      invoiceIds: ['INV-ST-1', 'INV-ST-2'],
    });
    await runtime().pay('ACC-STATEMENT', 'PAY-ST-1', 2_550);
    await eventually('the payment on the page', async () =>
      (await (await fetch(link)).text()).includes('£174.50'),
    );

    const account = await (await fetch(link)).text();
    expect(account).toContain('/statement?lang=en');
    const page = await (await fetch(`${link}/statement`)).text();
    expect(page).toContain('<h1>Statement of account</h1>');
    for (const text of [
      'Invoice INV-ST-1',
      'Invoice INV-ST-2',
      'Payment received (PAY-ST-1)',
      '-£25.50',
      '£174.50',
    ])
      expect(page).toContain(text);
    const spanish = await (await fetch(`${link}/statement?lang=es`)).text();
    expect(spanish).toContain('<h1>Extracto de cuenta</h1>');
    expect(spanish).toContain('Pago recibido (PAY-ST-1)');
    expect(spanish).toContain('174,50\u00a0GBP');

    for (const [language, name] of [
      ['en', 'statement'],
      ['es', 'extracto'],
    ] as const) {
      const response = await fetch(`${link}/statement.pdf?lang=${language}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('application/pdf');
      expect(response.headers.get('content-disposition')).toBe(
        `attachment; filename="${name}-ACC-STATEMENT.pdf"`,
      );
      const pdf = Buffer.from(await response.arrayBuffer());
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    }
    // A tampered link opens no statement.
    expect((await fetch(`${link}x/statement.pdf`)).status).toBe(404);
  }, 20_000);
});
