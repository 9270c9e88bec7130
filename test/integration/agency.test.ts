import { describe, expect, it } from 'vitest';
import { AGENCY_SIGNATURE_HEADER, AGENCY_TIMESTAMP_HEADER } from '../../functions/contract/agency.ts';
import { NextBillingDetailType } from '../../functions/contract/billing-events-next.ts';
import { agencySignature } from '../../functions/domain/agency.ts';
import type { CaseRecord } from '../../functions/domain/case.ts';
import {
  BillingDetailType,
  confirmation,
  eventually,
  overdueInvoice,
  PERSON_STATE,
  submitForm,
  useTestRuntime,
} from '../support/local-runtime.ts';

// A policy day lasts 0.1 s: the local agency's 90-day term is 9 s, so the term can run out in a test.
const DAY_SECONDS = 0.1;
const runtime = useTestRuntime(DAY_SECONDS);
const AGENCY_STATE = 'Wait while the agency works the case';
const SUPERVISOR = {
  subject: 'agency-test',
  email: 'supervisor@collections.example',
  role: 'supervisor' as const,
};

async function store() {
  const [{ dynamoCases }, { dynamoReplies }, { dynamoOutbox }, { dynamoContactRecords }, { sfnWorkflow }] =
    await Promise.all([
      import('../../functions/adapters/dynamodb/cases.ts'),
      import('../../functions/adapters/dynamodb/replies.ts'),
      import('../../functions/adapters/dynamodb/outbox.ts'),
      import('../../functions/adapters/dynamodb/contact-records.ts'),
      import('../../functions/adapters/sfn/workflow.ts'),
    ]);
  const table = runtime().endpoints.tableName;
  return {
    store: { ...dynamoCases(table), ...dynamoReplies(table), ...dynamoOutbox(table) },
    workflow: sfnWorkflow(),
    contacts: dynamoContactRecords(table),
    daySeconds: DAY_SECONDS,
  };
}

const caseOf = async (caseId: string): Promise<CaseRecord> =>
  (await (await store()).store.getCase(caseId)) as CaseRecord;

/** What the local agency received for the account, by kind. */
const receivedBy = (accountId: string) =>
  runtime()
    .agency.received()
    .filter((item) => item.accountId === accountId);

/** The case's timeline as stored. */
const timelineOf = async (caseId: string) => (await store()).store.timeline(caseId);

/** Opens a case of a debtor in this segment (£100.00 overdue) and waits for its friendly reminder's wait. */
async function caseInSegment(accountId: string, email: string, segment: string): Promise<string> {
  const invoice = overdueInvoice({ accountId, invoiceId: `${accountId}-INV`, email, amount: 10_000 });
  await runtime().putBillingEvent(BillingDetailType.invoiceOverdue, {
    ...invoice,
    debtor: { ...invoice.debtor, segment },
  });
  await eventually(
    'the workflow waiting for a reply',
    async () =>
      (await runtime().transitions(`${accountId}-case-1`)).includes(
        'Send friendly reminder and wait for reply',
      ),
    15_000,
  );
  // The reminder reached the debtor (a referral with nothing ever reached would go to a person).
  await runtime().emailWith(email, /friendly reminder/i, 15_000);
  return '';
}

/**
 * Opens a case (a consumer's, unless another segment is given), has a supervisor refer it (as the
 * console's "Refer now" does), and waits for the agency. The link is the reminder's (consumers only).
 */
async function placedCase(
  accountId: string,
  email: string,
  segment?: string,
): Promise<{ caseId: string; link: string }> {
  const link = segment
    ? await caseInSegment(accountId, email, segment)
    : await runtime().caseWithReminder(accountId, email);
  const caseId = `${accountId}-1`;
  const { takeStaffAction } = await import('../../functions/use-cases/staff-action.ts');
  expect((await takeStaffAction(caseId, { action: 'refer' }, SUPERVISOR, await store())).outcome).toBe(
    'done',
  );
  await eventually(
    'the case placed and its workflow waiting for the agency',
    async () =>
      (await runtime().transitions(`${accountId}-case-1`)).at(-1) === AGENCY_STATE &&
      (await caseOf(caseId)).taskToken &&
      receivedBy(accountId).some((item) => item.kind === 'placement'),
    8000,
  );
  return { caseId, link };
}

/** Posts a report to the webhook, signed with the given secret and timestamp (the agency's by default). */
async function postReport(
  body: Record<string, unknown>,
  options: { secret?: string; timestamp?: number } = {},
) {
  const { GetSecretValueCommand, SecretsManagerClient } = await import('@aws-sdk/client-secrets-manager');
  const { LOCAL_AGENCY } = await import('../../local/runtime/names.ts');
  const secrets = new SecretsManagerClient({
    endpoint: runtime().endpoints.secretsmanager,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const secret =
    options.secret ??
    (await secrets.send(new GetSecretValueCommand({ SecretId: LOCAL_AGENCY.reportSecretArn })))
      .SecretString ??
    '';
  const text = JSON.stringify(body);
  const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
  return fetch(`${runtime().endpoints.portal}/agency/${LOCAL_AGENCY.agencyId}/reports`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      [AGENCY_TIMESTAMP_HEADER]: timestamp,
      [AGENCY_SIGNATURE_HEADER]: agencySignature(secret, timestamp, text),
    },
    body: text,
  });
}

describe('a case placed with the agency', () => {
  it('is delivered once, with the minimum the agency needs, and the workflow waits for its report', async () => {
    const { caseId } = await placedCase('ACC-AG-FILE', 'agency-file@example.com');
    const placements = receivedBy('ACC-AG-FILE').filter((item) => item.kind === 'placement');
    expect(placements).toHaveLength(1);
    expect(Object.keys(placements[0]?.detail ?? {}).sort()).toEqual(
      [
        'accountId',
        'agencyId',
        'balance',
        'caseId',
        'contactPreferences',
        'debtor',
        'dispute',
        'invoices',
        'placedAt',
        'timeline',
      ].sort(),
    );
    expect(placements[0]?.detail).toMatchObject({
      caseId,
      agencyId: 'local-agency',
      balance: { amount: 10_000, currency: 'GBP' },
      debtor: { name: expect.any(String), email: 'agency-file@example.com' },
      contactPreferences: {
        emailOptOut: false,
        contactWindow: { start: expect.any(String), end: expect.any(String) },
      },
    });
    const record = await caseOf(caseId);
    expect(record.status).toBe('placed');
    expect(record.agency).toMatchObject({ agencyId: 'local-agency', termDays: 90 });
    // The portal names the agency and how to reach it.
  }, 30_000);

  it('forwards a payment (the balance down on both sides); a payment in full recalls the case and closes it', async () => {
    const { caseId } = await placedCase('ACC-AG-PAY', 'agency-pay@example.com');
    await runtime().pay('ACC-AG-PAY', 'PAY-AG-1', 3_000);
    const payment = await eventually('the payment at the agency', async () =>
      receivedBy('ACC-AG-PAY').find((item) => item.kind === 'payment'),
    );
    expect(payment.detail).toMatchObject({
      amount: { amount: 3_000 },
      balance: { amount: 7_000, currency: 'GBP' },
    });
    expect((await caseOf(caseId)).balance.amount).toBe(7_000);
    expect((await runtime().transitions('ACC-AG-PAY-case-1')).at(-1)).toBe(AGENCY_STATE);

    await runtime().pay('ACC-AG-PAY', 'PAY-AG-2', 7_000);
    expect(await runtime().waitForExecution('ACC-AG-PAY-case-1', 8000)).toBe('SUCCEEDED');
    const recall = await eventually('the recall at the agency', async () =>
      receivedBy('ACC-AG-PAY').find((item) => item.kind === 'recall'),
    );
    expect(recall.detail).toMatchObject({ reason: 'paid-in-full', balance: { amount: 0 } });
    expect((await caseOf(caseId)).status).toBe('paid');
    // Nothing after the recall.
    await runtime().outboxSettled();
    expect(receivedBy('ACC-AG-PAY').map((item) => item.kind)).toEqual(['placement', 'payment', 'recall']);
  }, 30_000);

  it('recalls the case when the debtor disputes on the portal: collection stops, the dispute path takes it', async () => {
    const { caseId, link } = await placedCase('ACC-AG-DISPUTE', 'agency-dispute@example.com');
    const page = await (await fetch(link)).text();
    expect(page).toContain('Local Recoveries Ltd');
    expect(page).toContain('+44 20 7946 0999');
    await confirmation(await submitForm(link, 'dispute', { reason: 'not-mine', note: '' }));
    const recall = await eventually('the recall at the agency', async () =>
      receivedBy('ACC-AG-DISPUTE').find((item) => item.kind === 'recall'),
    );
    expect(recall.detail).toMatchObject({ reason: 'dispute' });
    await eventually('the dispute path', async () =>
      (await runtime().transitions('ACC-AG-DISPUTE-case-1')).includes('Pause collection and wait'),
    );
    const record = await caseOf(caseId);
    expect(record).toMatchObject({
      status: 'open',
      dispute: { status: 'open' },
      agency: { endReason: 'dispute' },
    });
  }, 30_000);

  it('closes the case as paid when the agency reports it collected everything, with a short note that it is settled', async () => {
    const { caseId, link } = await placedCase('ACC-AG-COLLECTED', 'agency-collected@example.com');
    const sent = await runtime().agency.report({ accountId: 'ACC-AG-COLLECTED', kind: 'collected' });
    expect(sent.status).toBe(200);
    expect(await runtime().waitForExecution('ACC-AG-COLLECTED-case-1', 8000)).toBe('SUCCEEDED');
    expect(await caseOf(caseId)).toMatchObject({ status: 'paid', balance: { amount: 0 } });
    const note = await runtime().emailWith('agency-collected@example.com', /^Your account is settled$/);
    expect(note.body.text).toContain('The collection agency that was handling your account has told us');
    // The settled note instead of the generic thanks, not beside it.
    await runtime().outboxSettled();
    const subjects = (await runtime().emailsTo('agency-collected@example.com')).map((email) => email.subject);
    expect(subjects).not.toContain('Thank you: your account is paid');
    // The History names the agency and how to reach it, and says the account is settled.
    const history = await (await fetch(`${link}/history`)).text();
    expect(history).toContain(
      'Your account was referred to a collection agency, Local Recoveries Ltd, which now handles it for us. You can reach them by phone on +44 20 7946 0999',
    );
    expect(history).toContain('The collection agency told us your account is paid in full: it is settled.');
    // Never the internal details: the agency's id, the report's id.
    expect(history).not.toContain('local-agency');
    expect(history).not.toMatch(/report-[0-9a-f]{8}/);
  }, 30_000);

  it('hands the case to a person when the agency returns it', async () => {
    const { caseId } = await placedCase('ACC-AG-RETURNED', 'agency-returned@example.com');
    expect((await runtime().agency.report({ accountId: 'ACC-AG-RETURNED', kind: 'returned' })).status).toBe(
      200,
    );
    const states = await runtime().waitForPerson('ACC-AG-RETURNED-case-1');
    expect(states.slice(states.indexOf(AGENCY_STATE))).toEqual([
      AGENCY_STATE,
      'Act on the agency report',
      'Hand the case to a person for manual follow-up',
      PERSON_STATE,
    ]);
    expect((await caseOf(caseId)).agency).toMatchObject({ endReason: 'returned' });
  }, 30_000);

  it('a supervisor places a case the agency returned again: the same blockers, a second file, the workflow waits again', async () => {
    const { caseId } = await placedCase('ACC-AG-AGAIN', 'agency-again@example.com');
    expect((await runtime().agency.report({ accountId: 'ACC-AG-AGAIN', kind: 'returned' })).status).toBe(200);
    await runtime().waitForPerson('ACC-AG-AGAIN-case-1');
    const { takeStaffAction } = await import('../../functions/use-cases/staff-action.ts');
    expect((await takeStaffAction(caseId, { action: 'refer' }, SUPERVISOR, await store())).outcome).toBe(
      'done',
    );
    await eventually(
      'the case placed again and its workflow waiting for the agency',
      async () =>
        (await runtime().transitions('ACC-AG-AGAIN-case-1')).at(-1) === AGENCY_STATE &&
        (await caseOf(caseId)).agency?.round === 2 &&
        receivedBy('ACC-AG-AGAIN').filter((item) => item.kind === 'placement').length === 2,
      8000,
    );
    const record = await caseOf(caseId);
    expect(record).toMatchObject({ status: 'placed', agency: { agencyId: 'local-agency', round: 2 } });
    expect(record.agency?.endedAt).toBeUndefined();
    const placements = (await timelineOf(caseId)).filter((entry) => entry.type === 'CasePlacedWithAgency');
    expect(placements.map((entry) => entry.entryId)).toEqual(['placed', 'placed-2']);
    // The second placement is worked like the first: a report ends it.
    expect((await runtime().agency.report({ accountId: 'ACC-AG-AGAIN', kind: 'collected' })).status).toBe(
      200,
    );
    expect(await runtime().waitForExecution('ACC-AG-AGAIN-case-1', 8000)).toBe('SUCCEEDED');
    expect((await caseOf(caseId)).status).toBe('paid');
  }, 40_000);

  it("writes the case off when the agency returns it and the segment's policy says so (small-business)", async () => {
    const email = 'agency-write-off@example.com';
    const { caseId } = await placedCase('ACC-AG-WRITEOFF', email, 'small-business');
    expect((await runtime().agency.report({ accountId: 'ACC-AG-WRITEOFF', kind: 'returned' })).status).toBe(
      200,
    );
    expect(await runtime().waitForExecution('ACC-AG-WRITEOFF-case-1', 8000)).toBe('SUCCEEDED');
    const states = await runtime().transitions('ACC-AG-WRITEOFF-case-1');
    expect(states.slice(states.indexOf(AGENCY_STATE))).toEqual([
      AGENCY_STATE,
      'Act on the agency report',
      'Close the case as credited',
    ]);
    expect(await caseOf(caseId)).toMatchObject({
      status: 'written-off',
      agency: { endReason: 'returned' },
      writtenOff: { by: 'agency:local-agency' },
    });
    const timeline = await timelineOf(caseId);
    expect(timeline.find((entry) => entry.type === 'AgencyReported')?.data).toMatchObject({
      kind: 'returned',
      writtenOff: true,
      balance: { amount: 10_000, currency: 'GBP' },
    });
    expect(timeline.filter((entry) => entry.type === 'CaseResolved').map((entry) => entry.data)).toEqual([
      { resolution: 'written-off' },
    ]);
    // The debtor is told, as for a supervisor's write-off, through the send gate (in their hours: at
    // 0.1 s a policy day it may wait for the next morning), that nothing is owed (not "part of your
    // balance": a written-off case owes nothing); the agency hears nothing more.
    const closing = await runtime().emailWith(email, /^(Nothing to pay|We have credited)/, 15_000);
    expect(closing.subject).toMatch(/^Nothing to pay: we have credited/);
    expect(closing.body.text).not.toContain('£100.00; you');
    await runtime().outboxSettled();
    expect(receivedBy('ACC-AG-WRITEOFF').map((item) => item.kind)).toEqual(['placement']);
  }, 30_000);

  it('forwards a legal pause and its end (Collection Resumed) to the agency, each on the timeline; the agency keeps the case', async () => {
    const { caseId } = await placedCase('ACC-AG-LEGAL', 'agency-legal@example.com');
    await runtime().putBillingEvent(NextBillingDetailType.collectionPaused, {
      accountId: 'ACC-AG-LEGAL',
      reason: 'breathing-space',
    });
    await eventually('the legal pause at the agency', async () =>
      receivedBy('ACC-AG-LEGAL').some((item) => item.kind === 'legal-pause'),
    );
    await runtime().putBillingEvent(NextBillingDetailType.collectionResumed, { accountId: 'ACC-AG-LEGAL' });
    const ended = await eventually('the end of the legal pause at the agency', async () =>
      receivedBy('ACC-AG-LEGAL').find((item) => item.kind === 'legal-pause-ended'),
    );
    expect(ended.detail).toMatchObject({ caseId, balance: { amount: 10_000, currency: 'GBP' } });
    expect(receivedBy('ACC-AG-LEGAL').map((item) => item.kind)).toEqual([
      'placement',
      'legal-pause',
      'legal-pause-ended',
    ]);
    const record = await caseOf(caseId);
    expect(record).toMatchObject({ status: 'placed', agency: { agencyId: 'local-agency' } });
    expect(record.agency?.endedAt).toBeUndefined();
    expect(record.legalPause).toBeUndefined();
    expect((await runtime().transitions('ACC-AG-LEGAL-case-1')).at(-1)).toBe(AGENCY_STATE);
    const forwarded = (await timelineOf(caseId)).flatMap((entry) =>
      entry.data?.forwardedToAgency ? [[entry.type, entry.data.forwardedToAgency]] : [],
    );
    expect(forwarded).toEqual([
      ['CollectionPaused', 'legal-pause'],
      ['CollectionResumed', 'legal-pause-ended'],
    ]);
  }, 30_000);

  it('refuses a forged, a stale and takes a replayed report once; none changes the case', async () => {
    const { caseId } = await placedCase('ACC-AG-FORGED', 'agency-forged@example.com');
    // The placement's own writes (its email, its forward) finish first: then nothing else changes it.
    const before = await eventually('the placed case at rest', async () => {
      const first = await caseOf(caseId);
      await new Promise((resolve) => setTimeout(resolve, 500));
      const second = await caseOf(caseId);
      return first.version === second.version && second;
    });
    const report = {
      reportId: 'report-forged-1',
      caseId,
      accountId: 'ACC-AG-FORGED',
      kind: 'collected',
      amount: { amount: 1_000, currency: 'GBP' },
      reportedAt: new Date().toISOString(),
    };
    const forged = await postReport(report, { secret: 'not-the-agency-secret-not-the-agency-secret' });
    expect(forged.status).toBe(401);
    const stale = await postReport(report, { timestamp: Math.floor(Date.now() / 1000) - 301 });
    expect(stale.status).toBe(401);
    expect((await caseOf(caseId)).version).toBe(before.version);

    expect((await postReport(report)).status).toBe(200);
    const replayed = await postReport(report);
    expect(replayed.status).toBe(200);
    expect(await replayed.json()).toMatchObject({ status: 'duplicate' });
    const after = await caseOf(caseId);
    expect(after.balance.amount).toBe(before.balance.amount - 1_000);
    expect(after.agency?.reportIds).toEqual(['report-forged-1']);
  }, 30_000);

  it('a supervisor recalls it: the agency is told to stop and a person has the case; nothing goes after', async () => {
    const { caseId } = await placedCase('ACC-AG-RECALL', 'agency-recall@example.com');
    const { takeStaffAction } = await import('../../functions/use-cases/staff-action.ts');
    const agent = { ...SUPERVISOR, role: 'agent' as const };
    expect((await takeStaffAction(caseId, { action: 'recall' }, agent, await store())).outcome).toBe(
      'forbidden',
    );
    expect((await takeStaffAction(caseId, { action: 'recall' }, SUPERVISOR, await store())).outcome).toBe(
      'done',
    );
    await runtime().waitForPerson('ACC-AG-RECALL-case-1');
    const recall = await eventually('the recall at the agency', async () =>
      receivedBy('ACC-AG-RECALL').find((item) => item.kind === 'recall'),
    );
    expect(recall.detail).toMatchObject({ reason: 'recalled-by-staff' });
    // A payment now lowers the balance but goes to nobody; a report from the agency is refused.
    await runtime().pay('ACC-AG-RECALL', 'PAY-AG-RECALL', 1_000);
    await eventually('the payment recorded', async () => (await caseOf(caseId)).balance.amount === 9_000);
    expect((await runtime().agency.report({ accountId: 'ACC-AG-RECALL', kind: 'collected' })).status).toBe(
      409,
    );
    await runtime().outboxSettled();
    expect(receivedBy('ACC-AG-RECALL').map((item) => item.kind)).toEqual(['placement', 'recall']);
  }, 30_000);

  it('comes back to a person when the term runs out, and the agency is told to stop', async () => {
    const { caseId } = await placedCase('ACC-AG-TERM', 'agency-term@example.com');
    await runtime().waitForPerson('ACC-AG-TERM-case-1', 20_000);
    const recall = await eventually('the recall at the agency', async () =>
      receivedBy('ACC-AG-TERM').find((item) => item.kind === 'recall'),
    );
    expect(recall.detail).toMatchObject({ reason: 'term-ended' });
    expect((await caseOf(caseId)).agency).toMatchObject({ endReason: 'term-ended' });
    expect(await runtime().transitions('ACC-AG-TERM-case-1')).toContain(
      'Take the case back when the agency term ends',
    );
  }, 40_000);
});
