import { afterAll, describe, expect, it } from 'vitest';
import { BillingDetailType, CaseDetailType } from '../../functions/contract/events.ts';
import { casePagePath } from '../../functions/contract/routes.ts';
import { linkExpiry, signLink } from '../../functions/domain/links.ts';
import { wallTime } from '../../functions/domain/zones.ts';
import { WORKFLOW_START_KEY } from '../../functions/use-cases/receive-overdue-invoice.ts';
import { eventually, overdueInvoice, submitForm, useTestRuntime } from '../support/local-runtime.ts';
import { timelineReader } from '../support/timeline.ts';

// A policy day lasts 14 s and the policy clock starts at 21:30 in London (20:30Z), just after the
// window closed: London's 08:00 (07:00Z) is about 6 s away, Tokyo's (23:00Z) under 1.5 s. The night
// has to outlast opening five cases, a dispute and a payment whose thanks is deferred through the
// outbox, on a busy two-core machine.
const DAY_SECONDS = 14;
const CLOCK_START = '2026-06-02T20:30:00Z';
const LONDON_OPENS = Date.parse('2026-06-03T07:00:00Z');
const runtime = useTestRuntime(DAY_SECONDS, { clockStart: CLOCK_START });
let reader: ReturnType<typeof timelineReader> | undefined;
afterAll(() => reader?.close());
const timeline = (caseId: string) => {
  reader ??= timelineReader(runtime().endpoints.dynamodb, runtime().endpoints.tableName);
  return reader.timeline(caseId);
};
const policyTime = (at: string) => runtime().clock.toPolicy(new Date(at));
const inWindow = (at: Date, zone: string) => {
  const { minuteOfDay } = wallTime(at, zone);
  return minuteOfDay >= 8 * 60 && minuteOfDay < 21 * 60;
};
// Opening the case (the intake) asked the contact rules for the friendly reminder's moment and moved it to the
// debtor's morning: the case's workflow starts then, from the outbox, where its start waits until then.
const waitingForWindow = async (caseId: string) => {
  reader ??= timelineReader(runtime().endpoints.dynamodb, runtime().endpoints.tableName);
  const [start] = await reader.caseItems(caseId, `OUTBOX#${WORKFLOW_START_KEY}`);
  return start !== undefined && policyTime(String(start.dueAt)).getTime() >= LONDON_OPENS;
};
/** The account page link the server would put in an email, signed with the runtime's key. */
const accountLink = (caseId: string) =>
  `${runtime().endpoints.portal}${casePagePath(
    signLink({ caseId, action: 'view', expiresAt: linkExpiry(new Date(), 30) }, runtime().linkSecret),
  )}`;
const withoutZone = (accountId: string, email: string, locale: string) => {
  const { timeZone: _zone, ...debtor } = overdueInvoice({
    accountId,
    invoiceId: `${accountId}-INV`,
    email,
  }).debtor;
  return {
    ...overdueInvoice({ accountId, invoiceId: `${accountId}-INV`, email }),
    debtor: { ...debtor, locale },
  };
};

describe('the contact window (the policy clock starts at night in London)', () => {
  it('holds night-time messages until the debtor’s morning; a dispute opened meanwhile wins', async () => {
    const waits = 'night-reminder@example.com';
    const disputes = 'night-dispute@example.com';
    const pays = 'night-partial@example.com';
    const tokyo = 'night-tokyo@example.com';
    const noRegion = 'night-no-region@example.com';
    for (const [accountId, email] of [
      ['ACC-NIGHT', waits],
      ['ACC-NIGHT-DISPUTE', disputes],
      ['ACC-NIGHT-PARTIAL', pays],
    ] as const) {
      await runtime().putBillingEvent(
        BillingDetailType.invoiceOverdue,
        overdueInvoice({ accountId, invoiceId: `${accountId}-INV`, email }),
      );
    }
    // No zone given: a Japanese locale means Asia/Tokyo only; a bare "en" means nothing.
    await runtime().putBillingEvent(
      BillingDetailType.invoiceOverdue,
      withoutZone('ACC-TOKYO', tokyo, 'ja-JP'),
    );
    await runtime().putBillingEvent(
      BillingDetailType.invoiceOverdue,
      withoutZone('ACC-NOREGION', noRegion, 'en'),
    );

    await eventually('the London reminders waiting for the morning', async () =>
      (
        await Promise.all(['ACC-NIGHT-1', 'ACC-NIGHT-DISPUTE-1', 'ACC-NIGHT-PARTIAL-1'].map(waitingForWindow))
      ).every(Boolean),
    );
    // While the machine waits: a dispute on one case, a partial payment on another.
    expect(
      (await submitForm(accountLink('ACC-NIGHT-DISPUTE-1'), 'dispute', { reason: 'wrong-amount' })).status,
    ).toBe(303);
    await runtime().pay('ACC-NIGHT-PARTIAL', 'PAY-NIGHT-PARTIAL', 2_000);
    await eventually('the partial-payment thanks deferred to the outbox', async () =>
      (await timeline('ACC-NIGHT-PARTIAL-1')).find((entry) => entry.type === 'EmailDeferred'),
    );
    expect(policyTime(new Date().toISOString()).getTime()).toBeLessThan(LONDON_OPENS);
    expect(await runtime().emailsTo(pays)).toEqual([]);
    expect(await runtime().emailsTo(disputes)).toEqual([]);

    // Without a region there is no safe hour: a person takes the case.
    await eventually('the case without a region held for a person', async () =>
      runtime()
        .eventsOf(CaseDetailType.manualFollowUpNeeded, 'ACC-NOREGION-1')
        .find((detail) => detail.reason === 'no-contact-hours'),
    );
    expect(await runtime().emailsTo(noRegion)).toEqual([]);

    // Tokyo's morning comes first: written to inside Tokyo's window, while London still sleeps.
    await runtime().emailWith(tokyo, /friendly reminder/, 10_000);
    const tokyoSent = (await timeline('ACC-TOKYO-1')).find((entry) => entry.type === 'EmailSent');
    expect(tokyoSent).toBeDefined();
    expect(inWindow(policyTime(tokyoSent?.at ?? ''), 'Asia/Tokyo')).toBe(true);
    expect(inWindow(policyTime(tokyoSent?.at ?? ''), 'Europe/London')).toBe(false);

    // London's morning: the reminder goes at the opening, on the timeline at a policy time inside the window.
    await runtime().emailWith(waits, /friendly reminder/, 15_000);
    const sent = (await timeline('ACC-NIGHT-1')).find((entry) => entry.type === 'EmailSent');
    const sentAt = policyTime(sent?.at ?? '');
    expect(sentAt.getTime()).toBeGreaterThanOrEqual(LONDON_OPENS);
    expect(sentAt.getTime()).toBeLessThan(LONDON_OPENS + 3 * 3_600_000);
    expect(inWindow(sentAt, 'Europe/London')).toBe(true);
    // The workflow started in London's morning, at the reminder: the contact rules moved it there
    // when the case opened, at night.
    const history = await runtime().history(runtime().executionArn('ACC-NIGHT-case-1'));
    const started = history.find((event) => event.type === 'ExecutionStarted');
    expect(started?.timestamp).toBeInstanceOf(Date);
    expect(
      policyTime(String((started?.timestamp as Date | undefined)?.toISOString())).getTime(),
    ).toBeGreaterThanOrEqual(LONDON_OPENS);
    expect(history.find((event) => event.type === 'TaskStateEntered')?.stateEnteredEventDetails?.name).toBe(
      'Send friendly reminder and wait for reply',
    );

    // The partial-payment thanks goes from the outbox in the morning, once.
    const thanks = await runtime().emailWith(pays, /thank you for your payment/i, 10_000);
    const thanksSent = (await timeline('ACC-NIGHT-PARTIAL-1')).find(
      (entry) => entry.type === 'EmailSent' && entry.data?.kind === 'partialPaymentThanks',
    );
    expect(policyTime(thanksSent?.at ?? '').getTime()).toBeGreaterThanOrEqual(LONDON_OPENS);
    expect(thanks).toBeDefined();

    // The dispute won: its acknowledgement, and never the reminder.
    await runtime().emailWith(disputes, /look into your query/, 10_000);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const disputeSubjects = (await runtime().emailsTo(disputes)).map((message) => message.subject);
    expect(disputeSubjects.some((subject) => /friendly reminder/.test(subject))).toBe(false);
    expect(await runtime().transitions('ACC-NIGHT-DISPUTE-case-1')).toContain('Pause collection and wait');
    const partialThanks = (await runtime().emailsTo(pays)).filter((message) =>
      /thank you for your payment/i.test(message.subject),
    );
    expect(partialThanks).toHaveLength(1);
    // Out of the outbox's index, kept a month for whoever looks into it, then expired by TTL.
    // (The case's outbox also holds its reminder's follow-ups, ReminderSent among them: this is the thanks.)
    const outboxItem = ((await reader?.caseItems('ACC-NIGHT-PARTIAL-1', 'OUTBOX#')) ?? []).find(
      (item) => item.messageKey === 'payment-PAY-NIGHT-PARTIAL',
    );
    expect(outboxItem).toMatchObject({ status: 'done', kind: 'partialPaymentThanks' });
    expect(outboxItem?.gsi1pk).toBeUndefined();
    expect(Number(outboxItem?.expiresAt) - Date.now() / 1000).toBeGreaterThan(29 * 86_400);
    expect(
      (await timeline('ACC-NIGHT-PARTIAL-1')).filter((entry) => entry.type === 'EmailDeferred'),
    ).toHaveLength(1);
  }, 40_000);
});
