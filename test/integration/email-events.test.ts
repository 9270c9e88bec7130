import { afterAll, describe, expect, it } from 'vitest';
import { CaseDetailType } from '../../functions/contract/events.ts';
import { loadFunctionConfig } from '../../functions/shared/config.ts';
import { EMAIL_EVENTS_INTAKE, LOCAL_SES_CONFIGURATION_SET } from '../../local/runtime/names.ts';
import { eventually, PERSON_STATE, useTestRuntime } from '../support/local-runtime.ts';
import { timelineReader } from '../support/timeline.ts';

// The SES mailbox simulator through the local runtime: a case's friendly reminder goes to a simulator
// address; SES's event comes back on the default bus, through EmailEventsIntake's rule and queue, to
// ReceiveEmailEvents, as in AWS. A policy day lasts 120 s, from 09:00 on a Tuesday in London: the
// friendly reminder waits for its reply all file long.
const DAY_SECONDS = 120;
const runtime = useTestRuntime(DAY_SECONDS, { clockStart: '2026-06-02T08:00:00Z' });
let reader: ReturnType<typeof timelineReader> | undefined;
afterAll(() => reader?.close());
const timeline = (caseId: string) => {
  reader ??= timelineReader(runtime().endpoints.dynamodb, runtime().endpoints.tableName);
  return reader.timeline(caseId);
};
const entry = (caseId: string, type: string) =>
  eventually(`${type} on ${caseId}'s timeline`, async () =>
    (await timeline(caseId)).find((row) => row.type === type),
  );

async function store() {
  const { dynamoCaseStore } = await import('../../functions/adapters/dynamodb/store.ts');
  return dynamoCaseStore(runtime().endpoints.tableName);
}

/** The case's next email, through the handlers' own send gate (in this process, as the runtime set it up). */
async function nextEmail(caseId: string, messageKey: string) {
  const { sendCaseEmail } = await import('../../functions/shared/case-mail.ts');
  const cases = await store();
  const record = await cases.getCase(caseId);
  if (!record) throw new Error(`case ${caseId} missing`);
  return sendCaseEmail({
    store: cases,
    config: loadFunctionConfig('sendReminder'),
    record,
    kind: 'promiseAck',
    messageKey,
    now: new Date(),
    extra: { promiseDate: '2026-06-20' },
  });
}

/** The case was handed to a person for this reason: the workflow's last step, and its event. */
async function handedToPerson(accountId: string, reason: string) {
  const caseId = `${accountId}-1`;
  // Handed to a person, the case waits for them (issue 12): the execution runs on in that one state.
  expect((await runtime().waitForPerson(`${accountId}-case-1`, 10_000)).slice(-2)).toEqual([
    'Hand the case to a person for manual follow-up',
    PERSON_STATE,
  ]);
  expect(runtime().eventsOf(CaseDetailType.manualFollowUpNeeded, caseId)).toEqual([
    expect.objectContaining({ reason }),
  ]);
  expect((await (await store()).getCase(caseId))?.status).toBe('held-for-person');
}

describe('the SES mailbox simulator, end to end', () => {
  it('bounce@: the address undeliverable, the send uncounted and undelivered, the case with a person, the next send refused', async () => {
    const email = 'bounce+acc1@simulator.amazonses.com';
    await runtime().caseWithReminder('ACC-BOUNCE', email);
    const bounced = await entry('ACC-BOUNCE-1', 'EmailBounced');
    expect(bounced.data).toMatchObject({ messageKey: 'friendly-0', reason: 'permanent-bounce' });
    const sent = (await timeline('ACC-BOUNCE-1')).find((row) => row.type === 'EmailSent');
    expect(sent?.data?.undeliveredAt).toEqual(expect.any(String));
    expect(sent?.data?.deliveredAt).toBeUndefined();

    // The reminder never reached the debtor: it does not count toward the weekly cap.
    const ledger = await (await store()).contactLedger(email);
    expect(ledger.sends).toEqual([]);
    expect(ledger.undeliverable).toMatchObject({ reason: 'permanent-bounce' });
    await handedToPerson('ACC-BOUNCE', 'undeliverable');

    // The one gate refuses the address from now on, recorded like every refusal.
    expect(await nextEmail('ACC-BOUNCE-1', 'after-bounce')).toEqual({
      outcome: 'withheld',
      person: 'undeliverable',
    });
    const withheld = await entry('ACC-BOUNCE-1', 'EmailWithheld');
    expect(withheld.data).toMatchObject({ kind: 'promiseAck', person: true });
    expect(String(withheld.data?.reason)).toMatch(/^undeliverable/);
    expect(await runtime().emailsTo(email)).toHaveLength(1);

    // SES's event again (SQS delivers at least once): nothing more changes.
    const before = await timeline('ACC-BOUNCE-1');
    const ledgerBefore = await (await store()).contactLedger(email);
    const bounce = runtime()
      .eventBridge.events()
      .find(
        (event) => event['detail-type'] === 'Email Bounced' && JSON.stringify(event.detail).includes(email),
      );
    if (!bounce) throw new Error('the bounce is not on the bus');
    runtime().eventBridge.fromService({
      source: bounce.source,
      detailType: bounce['detail-type'],
      detail: bounce.detail,
      resources: bounce.resources,
    });
    await runtime().eventBridge.settled();
    await runtime().sqs.drained();
    expect(await timeline('ACC-BOUNCE-1')).toEqual(before);
    expect(await (await store()).contactLedger(email)).toEqual(ledgerBefore);
    expect(runtime().eventsOf(CaseDetailType.manualFollowUpNeeded, 'ACC-BOUNCE-1')).toHaveLength(1);
  }, 30_000);

  it('suppressionlist@: a bounce from the suppression list, the same way', async () => {
    const email = 'suppressionlist@simulator.amazonses.com';
    await runtime().caseWithReminder('ACC-SUPPRESSED', email);
    expect((await entry('ACC-SUPPRESSED-1', 'EmailBounced')).data).toMatchObject({
      reason: 'suppression-list',
    });
    expect((await (await store()).contactLedger(email)).undeliverable).toMatchObject({
      reason: 'suppression-list',
    });
    await handedToPerson('ACC-SUPPRESSED', 'undeliverable');
  }, 30_000);

  it('complaint@: delivered, then an opt-out with the case to a person; nothing more is sent', async () => {
    const email = 'complaint+acc2@simulator.amazonses.com';
    await runtime().caseWithReminder('ACC-COMPLAINT', email);
    await entry('ACC-COMPLAINT-1', 'EmailComplaint');
    const record = await (await store()).getCase('ACC-COMPLAINT-1');
    expect(record?.optedOutAt).toEqual(expect.any(String));
    await handedToPerson('ACC-COMPLAINT', 'complaint');
    // SES delivered it before the debtor complained: it counts as the contact it was.
    await eventually('the delivery', async () =>
      (await timeline('ACC-COMPLAINT-1')).some((row) => row.type === 'EmailSent' && row.data?.deliveredAt),
    );
    expect((await (await store()).contactLedger(email)).sends).toHaveLength(1);
    expect(await nextEmail('ACC-COMPLAINT-1', 'after-complaint')).toEqual({ outcome: 'withheld' });
    expect(await runtime().emailsTo(email)).toHaveLength(1);
  }, 30_000);

  it('success@ (and any other address): delivered, and the History says so', async () => {
    for (const [accountId, email] of [
      ['ACC-SUCCESS', 'success+acc3@simulator.amazonses.com'],
      ['ACC-DELIVERED', 'delivered@example.com'],
    ] as const) {
      const link = await runtime().caseWithReminder(accountId, email);
      await eventually('the delivery', async () =>
        (await timeline(`${accountId}-1`)).some((row) => row.type === 'EmailSent' && row.data?.deliveredAt),
      );
      const history = await (await fetch(`${link}/history`)).text();
      expect(history).toContain('delivered to your mailbox');
      expect(await (await fetch(`${link}/history?lang=es`)).text()).toContain('entregado en su buzón');
      // Nothing else changed: the reminder still waits for the debtor's reply.
      expect((await (await store()).getCase(`${accountId}-1`))?.status).toBe('open');
      expect(runtime().eventsOf(CaseDetailType.manualFollowUpNeeded, `${accountId}-1`)).toEqual([]);
    }
  }, 30_000);

  it('parks an SES event it cannot read in the intake’s dead-letter queue, with the reason', async () => {
    runtime().eventBridge.fromService({
      source: 'aws.ses',
      detailType: 'Email Bounced',
      detail: {
        eventType: 'Bounce',
        mail: {
          messageId: 'ses-unreadable',
          timestamp: new Date().toISOString(),
          destination: ['someone@example.org'],
          tags: { 'ses:configuration-set': [LOCAL_SES_CONFIGURATION_SET] },
        },
        bounce: { bounceType: 'Permanent' },
      },
    });
    const parked = await eventually('the parked event', async () =>
      runtime()
        .sqs.messages(`collections-${EMAIL_EVENTS_INTAKE}-dead-letters`)
        .find((message) => message.body.includes('ses-unreadable')),
    );
    expect(parked.messageAttributes.reason?.stringValue).toMatch(/detail\.bounce\.bounceSubType/);
    expect(parked.messageAttributes.rejectedBy?.stringValue).toBe('receive-email-events');
    // An event of another configuration set never reaches the queue (the rule matches this one only).
    runtime().eventBridge.fromService({
      source: 'aws.ses',
      detailType: 'Email Delivered',
      detail: { eventType: 'Delivery', mail: { tags: { 'ses:configuration-set': ['another-app'] } } },
    });
    await runtime().eventBridge.settled();
    await runtime().sqs.drained();
    expect(runtime().sqs.messages(`collections-${EMAIL_EVENTS_INTAKE}-dead-letters`)).toHaveLength(1);
  });
});
