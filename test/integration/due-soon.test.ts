import { afterAll, describe, expect, it } from 'vitest';
import { CaseDetailType } from '../../functions/contract/events.ts';
import { addDays } from '../../functions/domain/dates.ts';
import { BillingDetailType, eventually, overdueInvoice, useTestRuntime } from '../support/local-runtime.ts';
import { timelineReader } from '../support/timeline.ts';

/**
 * Issue 16, a note before the due date, on the real local runtime: billing's Invoice Due Soon keeps
 * a friendly note that goes the policy's number of days (consumer: 3) before the due date, within
 * the debtor's contact window, once per invoice, and opens no case. A policy day lasts half a second.
 */
const DAY_SECONDS = 0.5;
const runtime = useTestRuntime(DAY_SECONDS);

/** Today on the policy clock. */
const policyToday = () => runtime().clock.toPolicy(new Date()).toISOString().slice(0, 10);

const dueSoon = (accountId: string, invoiceId: string, email: string, dueDate: string, locale = 'en-GB') => ({
  accountId,
  invoiceId,
  amountDue: { amount: 8_400, currency: 'GBP' },
  dueDate,
  debtor: { name: 'Alex Morgan', email, locale, timeZone: 'Europe/London', segment: 'consumer' },
});

let reader: ReturnType<typeof timelineReader> | undefined;
afterAll(() => reader?.close());
const timeline = (caseId: string) => {
  reader ??= timelineReader(runtime().endpoints.dynamodb, runtime().endpoints.tableName);
  return reader.timeline(caseId);
};

/** RFC 8058's POST, as a mail client sends it: no cookie, no CSRF token, nothing but the one field. */
const oneClick = (url: string) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'List-Unsubscribe=One-Click',
    redirect: 'manual',
  });

const notes = async (email: string, subject: RegExp) =>
  (await runtime().emailsTo(email)).filter((message) => subject.test(message.subject));

describe('the note before the due date', () => {
  it('due-soon note once: goes on its day before the due date, once per invoice, opening no case', async () => {
    const email = 'due-soon@example.com';
    const detail = {
      ...dueSoon('ACC-SOON', 'INV-SOON-1', email, addDays(policyToday(), 8)),
      paymentUrl: 'https://billing.example.com/pay/INV-SOON-1',
    };
    const noteDay = addDays(detail.dueDate, -3);
    // Billing sends it twice (a retry): one note all the same.
    await runtime().putBillingEvent(BillingDetailType.invoiceDueSoon, detail);
    await runtime().putBillingEvent(BillingDetailType.invoiceDueSoon, detail);

    // Not before its day (three policy days before the due date: two and a half seconds away).
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(await notes(email, /before the due date/)).toEqual([]);
    expect(policyToday() < noteDay).toBe(true);

    const note = await runtime().emailWith(email, /before the due date/, 15_000);
    expect(policyToday() >= noteDay).toBe(true);
    expect(note.body.text ?? '').toContain('INV-SOON-1');
    expect(note.body.text ?? '').toContain('£84.00');
    expect(note.body.text ?? '').toMatch(
      /Pay early or choose a plan: https:\/\/billing\.example\.com\/pay\/INV-SOON-1\n/,
    );
    expect(note.body.text ?? '').not.toMatch(/now due|overdue|agency/i);

    // Three policy days later there is still one note, and no case was opened for it.
    await new Promise((resolve) => setTimeout(resolve, 3 * DAY_SECONDS * 1000));
    expect(await notes(email, /before the due date/)).toHaveLength(1);
    expect(
      runtime()
        .eventsOf(CaseDetailType.caseOpened)
        .filter((event) => event.accountId === 'ACC-SOON'),
    ).toEqual([]);
  });

  it('carries the debtor’s one-click opt-out: it drops the next note and stops the emails of a case opened later', async () => {
    const email = 'soon-stop@example.com';
    await runtime().putBillingEvent(
      BillingDetailType.invoiceDueSoon,
      dueSoon('ACC-SOON-STOP', 'INV-SOON-STOP-1', email, addDays(policyToday(), 4)),
    );
    const note = await runtime().emailWith(email, /before the due date/, 15_000);
    const headers = note.headers ?? [];
    expect(headers).toContainEqual({ name: 'List-Unsubscribe-Post', value: 'List-Unsubscribe=One-Click' });
    const url = /^<(https?:\/\/[^>]+)>$/.exec(
      headers.find((header) => header.name === 'List-Unsubscribe')?.value ?? '',
    )?.[1];
    expect(url).toMatch(new RegExp(`^${runtime().endpoints.portal}/emails/[^/]+/stop$`));
    // The same link in the footer; no address in it (the debtor's key is signed, not their email).
    expect(note.body.text ?? '').toContain(`: ${url}`);
    expect(note.body.text ?? '').not.toMatch(/reply .?stop/i);
    expect(decodeURIComponent(url ?? '')).not.toContain(email);
    const page = await fetch(url as string);
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/<form method="post">[\s\S]*name="csrf"/);
    // A forged link opens nothing.
    expect((await fetch(`${url?.slice(0, -10)}AAAA/stop`)).status).toBe(404);

    const stopped = await oneClick(url as string);
    expect(stopped.status).toBe(200);
    expect(await stopped.text()).toBe('');
    expect((await oneClick(url as string)).status).toBe(200);

    // The debtor's next note is dropped on its day.
    await runtime().putBillingEvent(
      BillingDetailType.invoiceDueSoon,
      dueSoon('ACC-SOON-STOP', 'INV-SOON-STOP-2', email, addDays(policyToday(), 4)),
    );
    await new Promise((resolve) => setTimeout(resolve, 6 * DAY_SECONDS * 1000));
    expect(await notes(email, /before the due date/)).toHaveLength(1);

    // A case opened for the debtor later starts with its emails stopped: its reminder is withheld.
    await runtime().putBillingEvent(
      BillingDetailType.invoiceOverdue,
      overdueInvoice({ accountId: 'ACC-SOON-STOP', invoiceId: 'INV-SOON-STOP-9', email }),
    );
    const withheld = await eventually(
      'the reminder withheld',
      async () =>
        (await timeline('ACC-SOON-STOP-1')).find(
          (entry) => entry.type === 'EmailWithheld' && /opted out/.test(String(entry.data?.reason)),
        ),
      15_000,
    );
    expect(withheld).toBeDefined();
    expect(
      (await timeline('ACC-SOON-STOP-1')).find((entry) => entry.type === 'EmailsStopped')?.data,
    ).toMatchObject({ allCases: true });
    expect((await runtime().emailsTo(email)).filter((message) => /reminder/i.test(message.subject))).toEqual(
      [],
    );
  });

  it('a complaint about a note stops the debtor’s notes', async () => {
    const email = 'complaint+soon@simulator.amazonses.com';
    await runtime().putBillingEvent(
      BillingDetailType.invoiceDueSoon,
      dueSoon('ACC-SOON-COMPLAINT', 'INV-SOON-C-1', email, addDays(policyToday(), 4)),
    );
    await runtime().emailWith(email, /before the due date/, 15_000);
    // SES's complaint comes back through the events intake: the debtor is opted out.
    await eventually(
      'the complaint recorded',
      async () => (await timeline('DUE-SOON.INV-SOON-C-1')).some((entry) => entry.type === 'EmailComplaint'),
      15_000,
    );
    await runtime().putBillingEvent(
      BillingDetailType.invoiceDueSoon,
      dueSoon('ACC-SOON-COMPLAINT', 'INV-SOON-C-2', email, addDays(policyToday(), 4)),
    );
    await new Promise((resolve) => setTimeout(resolve, 6 * DAY_SECONDS * 1000));
    expect(await notes(email, /before the due date/)).toHaveLength(1);
  });

  it('speaks the debtor’s language', async () => {
    const email = 'pronto@example.com';
    await runtime().putBillingEvent(
      BillingDetailType.invoiceDueSoon,
      dueSoon('ACC-PRONTO', 'INV-PRONTO-1', email, addDays(policyToday(), 4), 'es-ES'),
    );
    const note = await runtime().emailWith(email, /antes del vencimiento/, 15_000);
    expect(note.body.text ?? '').toContain('INV-PRONTO-1');
    expect(note.body.text ?? '').toMatch(/Hoy no tiene que hacer nada/);
    // Without billing's page to pay it on, the link is the portal's.
    expect(note.body.text ?? '').toContain(
      `Pagar por adelantado o elegir un plan: ${runtime().endpoints.portal}`,
    );
  });

  it('counts in the debtor’s weekly cap as every message does: a fourth note that week waits', async () => {
    const email = 'many-invoices@example.com';
    const dueDate = addDays(policyToday(), 6);
    for (const n of [1, 2, 3, 4])
      await runtime().putBillingEvent(
        BillingDetailType.invoiceDueSoon,
        dueSoon('ACC-MANY', `INV-MANY-${n}`, email, dueDate),
      );
    // The consumer policy's cap is three a week: three notes go on their day…
    await eventually(
      'three notes',
      async () => (await notes(email, /before the due date/)).length >= 3,
      15_000,
    );
    // A policy day later (the week of the first three has six more to run), still three.
    await new Promise((resolve) => setTimeout(resolve, DAY_SECONDS * 1000));
    expect(await notes(email, /before the due date/)).toHaveLength(3);
    // …and the fourth once the first of them is a week old.
    await eventually(
      'the fourth note',
      async () => (await notes(email, /before the due date/)).length === 4,
      15_000,
    );
  });

  it('is dropped when the invoice is in a case before the note goes', async () => {
    const email = 'overdue-first@example.com';
    const detail = dueSoon('ACC-LATE', 'INV-LATE-1', email, addDays(policyToday(), 8));
    await runtime().putBillingEvent(BillingDetailType.invoiceDueSoon, detail);
    // The same invoice becomes overdue (billing's view) before the note's day: a case opens.
    await runtime().putBillingEvent(
      BillingDetailType.invoiceOverdue,
      overdueInvoice({ accountId: 'ACC-LATE', invoiceId: 'INV-LATE-1', email }),
    );
    await runtime().emailWith(email, /A friendly reminder/, 15_000);
    // Past the note's day (five policy days before the due date, plus the night): no note.
    await eventually(
      'the note’s day to pass',
      async () =>
        runtime().clock.toPolicy(new Date()).toISOString().slice(0, 10) > addDays(detail.dueDate, -2),
      15_000,
    );
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(await notes(email, /before the due date/)).toEqual([]);
  });

  it.each([
    [
      'a float amount',
      { amountDue: { amount: 84.5, currency: 'GBP' } },
      /amountDue\.amount: must be an integer/,
    ],
    [
      'an unknown segment',
      { debtor: { name: 'A', email: 'a@example.com', segment: 'vip' } },
      /debtor\.segment: segment "vip" has no policy/,
    ],
  ])(
    '%s goes to its own dead-letter queue with the reason, and keeps no note',
    async (_name, change, reason) => {
      const invoiceId = `INV-SOON-BAD-${Math.random().toString(36).slice(2, 8)}`;
      await runtime().putBillingEvent(BillingDetailType.invoiceDueSoon, {
        ...dueSoon('ACC-SOON-BAD', invoiceId, 'a@example.com', addDays(policyToday(), 5)),
        ...change,
      });
      const parked = await eventually('the dead letter', async () =>
        runtime()
          .sqs.messages('collections-InvoiceDueSoon-dead-letters')
          .map((message) => ({
            body: JSON.parse(message.body),
            reason: message.messageAttributes.reason?.stringValue ?? '',
          }))
          .find((message) => message.body.detail.invoiceId === invoiceId),
      );
      expect(parked.reason).toMatch(reason);
    },
  );
});
