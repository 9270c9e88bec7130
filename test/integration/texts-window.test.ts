import { afterAll, describe, expect, it } from 'vitest';
import { BillingDetailType } from '../../functions/contract/events.ts';
import { wallTime } from '../../functions/domain/zones.ts';
import { eventually, overdueInvoice, useTestRuntime } from '../support/local-runtime.ts';
import { timelineReader } from '../support/timeline.ts';

// A policy day lasts 14 s and the policy clock starts at 21:30 in London (20:30Z), just after the
// window closed: London's 08:00 (07:00Z) is about 6 s away.
const DAY_SECONDS = 14;
const runtime = useTestRuntime(DAY_SECONDS, { clockStart: '2026-06-02T20:30:00Z' });
let reader: ReturnType<typeof timelineReader> | undefined;
afterAll(() => reader?.close());
const timeline = (caseId: string) => {
  reader ??= timelineReader(runtime().endpoints.dynamodb, runtime().endpoints.tableName);
  return reader.timeline(caseId);
};
type Text = { to: string; body: string; at: string };
const textsTo = async (phone: string) =>
  ((await (await fetch(`${runtime().endpoints.phone}/messages`)).json()) as Text[]).filter(
    (text) => text.to === phone,
  );

describe('texts and the contact window (issue 16)', () => {
  it('a text, like an email, waits for the debtor’s morning: none at night, both at once inside the window', async () => {
    const phone = '+447700900301';
    const email = 'texts-night@example.com';
    const invoice = overdueInvoice({ accountId: 'ACC-TXT-NIGHT', invoiceId: 'ACC-TXT-NIGHT-INV', email });
    await runtime().putBillingEvent(BillingDetailType.invoiceOverdue, {
      ...invoice,
      debtor: { ...invoice.debtor, phone, smsConsent: true, preferredChannel: 'both' },
    });
    // At night nothing goes, by either channel.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(await textsTo(phone)).toEqual([]);
    expect(await runtime().emailsTo(email)).toEqual([]);
    const texts = await eventually(
      'the reminder by text in the morning',
      async () => {
        const sent = await textsTo(phone);
        return sent.length >= 2 && sent;
      },
      30_000,
    );
    expect(texts[1]?.body).toMatch(/Reply STOP to opt out\.$/);
    const entries = await timeline('ACC-TXT-NIGHT-1');
    const text = entries.find((entry) => entry.type === 'TextSent');
    const mail = entries.find((entry) => entry.type === 'EmailSent');
    // Recorded together, inside 08:00–21:00 in London on the policy clock.
    expect(text?.at).toBe(mail?.at);
    const { minuteOfDay } = wallTime(runtime().clock.toPolicy(new Date(String(text?.at))), 'Europe/London');
    expect(minuteOfDay).toBeGreaterThanOrEqual(8 * 60);
    expect(minuteOfDay).toBeLessThan(21 * 60);
  });
});
