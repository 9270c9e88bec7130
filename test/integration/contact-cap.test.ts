import { afterAll, describe, expect, it } from 'vitest';
import { keys } from '../../functions/contract/table.ts';
import { loadFunctionConfig } from '../../functions/shared/config.ts';
import { eventually, submitForm, useTestRuntime } from '../support/local-runtime.ts';
import { timelineReader } from '../support/timeline.ts';

// A policy day lasts 120 s, from 09:00 on a Tuesday in London: the whole file runs in one morning,
// and nothing the weekly cap defers comes due while it runs.
const DAY_SECONDS = 120;
const runtime = useTestRuntime(DAY_SECONDS, { clockStart: '2026-06-02T08:00:00Z' });
let reader: ReturnType<typeof timelineReader> | undefined;
afterAll(() => reader?.close());
const timeline = (caseId: string) => {
  reader ??= timelineReader(runtime().endpoints.dynamodb, runtime().endpoints.tableName);
  return reader.timeline(caseId);
};
const CAP = 3; // the consumer policy's weeklyMessageCap

describe('the weekly message cap, per debtor across all their cases', () => {
  it('holds across two cases of one debtor: the fourth message in a week waits', async () => {
    const email = 'capped@example.com';
    const first = await runtime().caseWithReminder('ACC-CAP-A', email, { invoiceIds: ['CAP-A-1'] });
    // Another account, the same person (the address in another case).
    await runtime().caseWithReminder('ACC-CAP-B', email.toUpperCase().toLowerCase(), {
      invoiceIds: ['CAP-B-1'],
    });
    await eventually('both friendly reminders', async () => (await runtime().emailsTo(email)).length === 2);
    // A promise on the first case: its acknowledgement is the third message this week.
    expect((await submitForm(first, 'promise', { date: new Date().toISOString().slice(0, 10) })).status).toBe(
      303,
    );
    await runtime().emailWith(email, /no reminders until/);
    // A callback request on the second case: its acknowledgement would be the fourth. It waits.
    const second = await linkOf('ACC-CAP-B-1', email);
    expect(
      (await submitForm(second, 'callback', { phone: '+44 20 7946 0000', preferredTime: 'morning' })).status,
    ).toBe(303);
    const deferred = await eventually('the callback acknowledgement deferred', async () =>
      (await timeline('ACC-CAP-B-1')).find((entry) => entry.type === 'EmailDeferred'),
    );
    expect(deferred.data).toMatchObject({ kind: 'callbackAck', purpose: 'acknowledgement' });
    // Until the first reminder is a policy week old.
    const firstSent = (await timeline('ACC-CAP-A-1')).find((entry) => entry.type === 'EmailSent');
    const weekLater =
      runtime()
        .clock.toPolicy(new Date(firstSent?.at ?? ''))
        .getTime() +
      7 * 86_400_000;
    const until = runtime()
      .clock.toPolicy(new Date(String(deferred.data?.until)))
      .getTime();
    expect(until).toBeGreaterThanOrEqual(weekLater);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await runtime().emailsTo(email)).toHaveLength(CAP);
  });

  it('lets only one of several concurrent sends take the week’s last place', async () => {
    const email = 'racing@example.com';
    await runtime().caseWithReminder('ACC-RACE-A', email, { invoiceIds: ['RACE-A-1'] });
    await runtime().caseWithReminder('ACC-RACE-B', email, { invoiceIds: ['RACE-B-1'] });
    // Two sends in the ledger, one place left. The handlers' own gate, in this process (the
    // runtime set the environment they read), fired four times at once for two cases.
    const { sendCaseEmail } = await import('../../functions/shared/case-mail.ts');
    const { dynamoCaseStore } = await import('../../functions/adapters/dynamodb/store.ts');
    const store = dynamoCaseStore(runtime().endpoints.tableName);
    const config = gateConfig();
    // Both friendly reminders recorded (the second case's may still be on its way: the harness waits
    // for the first email to the address, which the first case already sent).
    await eventually(
      'both reminders in the ledger',
      async () => (await store.contactLedger(email)).sends.length === 2,
    );
    const cases = await Promise.all(['ACC-RACE-A-1', 'ACC-RACE-B-1'].map((id) => store.getCase(id)));
    const now = new Date();
    const outcomes = await Promise.all(
      [0, 1, 2, 3].map(async (n) => {
        const record = cases[n % 2];
        if (!record) throw new Error('case missing');
        return sendCaseEmail({ store, config, record, kind: 'thanks', messageKey: `race-${n}`, now });
      }),
    );
    expect(outcomes.filter((result) => result.outcome === 'sent')).toHaveLength(1);
    expect(outcomes.filter((result) => result.outcome === 'deferred')).toHaveLength(3);
    const ledger = await store.contactLedger(email);
    expect(ledger.sends).toHaveLength(CAP);
    expect(ledger.sends.map((send) => send.caseId).sort()).toEqual(
      expect.arrayContaining(['ACC-RACE-A-1', 'ACC-RACE-B-1']),
    );
    // One ledger item for the debtor, keyed by the hashed address (no address in the key).
    expect(keys.contactLedger(email).pk).not.toContain('racing');
    // The gate records the winner's email; deliverEmail sends it from the stream a moment later.
    const thanks = async () =>
      (await runtime().emailsTo(email)).filter((message) => /your account is paid/.test(message.subject));
    await eventually('the one thank-you delivered', async () => (await thanks()).length > 0);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(await thanks()).toHaveLength(1);
  });

  it('sends an acknowledgement SES refused once SES is back, from the outbox, exactly once', async () => {
    // Morning in London all file long: the acknowledgement may go at once, so SES is asked at once.
    const email = 'ack-outage@example.com';
    const link = await runtime().caseWithReminder('ACC-ACK-OUTAGE', email);
    const acks = async () =>
      (await runtime().emailsTo(email)).filter((message) => /call you/i.test(message.subject));
    runtime().mail.outage(true);
    try {
      const done = await submitForm(link, 'callback', {
        phone: '+44 20 7946 0960',
        preferredTime: 'evening',
      });
      expect(done.status).toBe(303);
      await timeline('ACC-ACK-OUTAGE-1');
      const waiting = await reader?.caseItems('ACC-ACK-OUTAGE-1', 'OUTBOX#callbackAck-');
      expect(waiting).toEqual([expect.objectContaining({ kind: 'callbackAck', purpose: 'acknowledgement' })]);
      // Longer than the table stream's retries of the recorded message (a few, 150 ms apart): once
      // they are spent, the delivery sweep sends it (DELIVERY_SWEEP_AFTER_SECONDS, shrunk here as
      // the retries are; at AWS's 30 s this waited past the check below, as it once did by chance in CI).
      await new Promise((resolve) => setTimeout(resolve, 2500));
      expect(await acks()).toEqual([]);
    } finally {
      runtime().mail.outage(false);
    }
    await eventually('the acknowledgement once SES is back', async () => (await acks()).length > 0);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(await acks()).toHaveLength(1);
    expect(
      (await timeline('ACC-ACK-OUTAGE-1')).filter(
        (entry) => entry.type === 'EmailSent' && entry.data?.kind === 'callbackAck',
      ),
    ).toHaveLength(1);
  });

  it('runs “send waiting messages” one at a time: a run that finds the lease taken leaves the work', async () => {
    const { dynamoCaseStore } = await import('../../functions/adapters/dynamodb/store.ts');
    const { handler } = await import('../../functions/handlers/send-waiting-messages.ts');
    const store = dynamoCaseStore(runtime().endpoints.tableName);
    const job = 'send-waiting-messages';
    const run = () => handler({}, lambdaContext()) as Promise<{ skipped?: boolean }>;
    // Another run holds the lease (the runtime's own schedule keeps firing too): this one leaves.
    await eventually('the lease taken by a stand-in run', () =>
      store.takeLease(job, 'stand-in', new Date(), new Date(Date.now() + 60_000)),
    );
    expect(await run()).toEqual({ due: 0, skipped: true });
    // Only the holder gives it back early.
    await store.releaseLease(job, 'someone-else', new Date());
    expect(await run()).toMatchObject({ skipped: true });
    await store.releaseLease(job, 'stand-in', new Date());
    await eventually('a run that takes the lease', async () => (await run()).skipped === undefined);
    // A lease its holder never gave back (a crashed run) frees itself when it runs out.
    await eventually('the lease taken briefly', () =>
      store.takeLease(job, 'crashed', new Date(), new Date(Date.now() + 300)),
    );
    expect(await store.takeLease(job, 'next', new Date(), new Date(Date.now() + 300))).toBe(false);
    await eventually('the lease taken after it ran out', () =>
      store.takeLease(job, 'next', new Date(), new Date(Date.now() + 300)),
    );
  });
});

describe('a send decided by a run that started a while ago', () => {
  it('is judged and recorded at the moment it goes, so sends a later writer trimmed still count', async () => {
    // Found by the 10,000 lives: four messages in a week. Three sends a little over a week before
    // "now" fill the cap; a fresh send trims them from the ledger; a run whose clock reading is a
    // little older (it started earlier) then judged its own week from the past, without them.
    await runtime().caseWithReminder('ACC-STALE', 'stale-case@example.com');
    const { sendCaseEmail } = await import('../../functions/shared/case-mail.ts');
    const { dynamoCaseStore } = await import('../../functions/adapters/dynamodb/store.ts');
    const { DynamoDBClient } = await import('@aws-sdk/client-dynamodb');
    const { DynamoDBDocumentClient, PutCommand } = await import('@aws-sdk/lib-dynamodb');
    const { contactRuleBreaches } = await import('../properties/contact-rules.ts');
    const store = dynamoCaseStore(runtime().endpoints.tableName);
    const email = 'stale-ledger@example.com';
    const record = await caseWrittenTo(store, 'ACC-STALE-1', email);
    const config = gateConfig();
    const clock = runtime().clock;
    const day = 86_400_000;
    const policyNow = clock.toPolicy(new Date()).getTime();
    const seeded = [7.015, 7.01, 7.005].map((daysAgo) => ({
      at: clock.toReal(new Date(policyNow - daysAgo * day)).toISOString(),
      caseId: 'ACC-STALE-1',
      messageKey: `seeded-${daysAgo}`,
    }));
    const table = DynamoDBDocumentClient.from(
      new DynamoDBClient({
        endpoint: runtime().endpoints.dynamodb,
        region: 'us-east-1',
        credentials: { accessKeyId: 'l', secretAccessKey: 'l' },
      }),
    );
    await table.send(
      new PutCommand({
        TableName: runtime().endpoints.tableName,
        Item: { ...keys.contactLedger(email), itemType: 'contact-ledger', sends: seeded, version: 1 },
      }),
    );
    table.destroy();
    const send = (messageKey: string, now: Date) =>
      sendCaseEmail({ store, config, record, kind: 'thanks', messageKey, now });
    // A fresh send: the seeded three are a week old for it, and it trims them.
    expect((await send('stale-fresh', new Date())).outcome).toBe('sent');
    // A run that read the clock 0.02 policy days ago (2.4 s here) decides only now.
    const staleNow = clock.toReal(new Date(policyNow - 0.02 * day));
    await send('stale-late', staleNow);
    const sent = (await timeline('ACC-STALE-1'))
      .filter((entry) => entry.type === 'EmailSent' && entry.data?.kind === 'thanks')
      .map((entry) => ({ at: entry.at, kind: 'thanks', caseId: 'ACC-STALE-1' }));
    expect(sent).toHaveLength(2);
    const breaches = contactRuleBreaches(
      [...seeded.map((send) => ({ at: send.at, kind: 'seeded', caseId: send.caseId })), ...sent],
      {
        timeZones: [],
        window: { start: '00:00', end: '00:00' },
        weeklyCap: CAP,
        policyTimeOf: (real) => clock.toPolicy(real),
      },
    );
    expect(breaches).toEqual([]);
  });
});

describe('several attempts at one message at once', () => {
  it('deliver it once: only the attempt that records it sends (deliverEmail, once), the others find it sent', async () => {
    // Found by the lives: a resumed workflow's new reminder task and the task it replaced both sent
    // the same reminder (the second found it recorded, not yet sent, and sent it too).
    await runtime().caseWithReminder('ACC-ONCE', 'once-case@example.com');
    const { sendCaseEmail } = await import('../../functions/shared/case-mail.ts');
    const { dynamoCaseStore } = await import('../../functions/adapters/dynamodb/store.ts');
    const store = dynamoCaseStore(runtime().endpoints.tableName);
    const email = 'once-ledger@example.com';
    const record = await caseWrittenTo(store, 'ACC-ONCE-1', email);
    const config = gateConfig();
    for (const round of [1, 2, 3]) {
      const attempts = await Promise.all(
        Array.from({ length: 6 }, () =>
          sendCaseEmail({
            store,
            config,
            record,
            kind: 'thanks',
            messageKey: `once-${round}`,
            now: new Date(),
          }),
        ),
      );
      expect(attempts.map((attempt) => attempt.outcome).sort()).toEqual([
        ...Array(5).fill('already-sent'),
        'sent',
      ]);
    }
    // deliverEmail sends each recorded message a moment later, once.
    await eventually('the three emails', async () => (await runtime().emailsTo(email)).length >= 3);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await runtime().emailsTo(email)).toHaveLength(3);
  });
});

/** The gate's configuration, as the runtime set it in this process's environment for the handlers. */
const gateConfig = () => loadFunctionConfig('sendReminder');

/** A stored case as if its debtor's address were `email`: a ledger of its own (it is per address). */
async function caseWrittenTo(
  store: import('../../functions/ports/case-store.ts').CaseStore,
  caseId: string,
  email: string,
) {
  const stored = await store.getCase(caseId);
  if (!stored) throw new Error(`case ${caseId} missing`);
  return { ...stored, debtor: { ...stored.debtor, email } };
}

function lambdaContext(): import('aws-lambda').Context {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: 'send-waiting-messages',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:eu-west-2:000000000000:function:send-waiting-messages',
    memoryLimitInMB: '256',
    awsRequestId: crypto.randomUUID(),
    logGroupName: 'local',
    logStreamName: 'local',
    getRemainingTimeInMillis: () => 30_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

async function linkOf(caseId: string, email: string): Promise<string> {
  const emails = await runtime().emailsTo(email);
  const { linkIn } = await import('../support/local-runtime.ts');
  const { verifyLink } = await import('../../functions/domain/links.ts');
  for (const message of emails) {
    const link = linkIn(message);
    const token = decodeURIComponent(link.split('/case/')[1] ?? '');
    if (verifyLink(token, runtime().linkSecret, new Date())?.caseId === caseId) return link;
  }
  throw new Error(`No email links to ${caseId}`);
}
