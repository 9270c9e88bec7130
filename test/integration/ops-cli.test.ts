import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { StopExecutionCommand } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runOps } from '../../bin/ops/cli.ts';
import { dynamoCases } from '../../functions/adapters/dynamodb/cases.ts';
import { dynamoOutbox } from '../../functions/adapters/dynamodb/outbox.ts';
import { dynamoOutcomeCounters } from '../../functions/adapters/dynamodb/outcomes.ts';
import { keyringFrom, linkExpiry, signLink, UNLABELLED_KEY_ID } from '../../functions/domain/links.ts';
import { deadLetterQueueName, LOCAL_AGENCY_RULE } from '../../local/runtime/names.ts';
import {
  BillingDetailType,
  eventually,
  overdueInvoice,
  rootDir,
  useTestRuntime,
} from '../support/local-runtime.ts';

// Long policy days: every case here waits at its friendly reminder.
const runtime = useTestRuntime(60);

let dir: string;
let endpointsFile: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'collections-ops-'));
  endpointsFile = path.join(dir, 'endpoints.json');
  writeFileSync(endpointsFile, JSON.stringify(runtime().endpoints));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Run = { code: number; stdout: string; stderr: string; json: () => Record<string, unknown> };

/** `npm run ops -- --endpoints <this runtime's> …args`, in this process (the runtime is here too). */
async function ops(...args: string[]): Promise<Run> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const code = await runOps(['--endpoints', endpointsFile, ...args], {
    out: (line) => stdout.push(line),
    err: (line) => stderr.push(line),
  });
  const text = stdout.join('\n');
  return { code, stdout: text, stderr: stderr.join('\n'), json: () => JSON.parse(text) };
}

const local = { region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } };

describe('npm run ops -- case', () => {
  it('finds a case by account, invoice and email: state, balance, timeline, execution', async () => {
    await runtime().caseWithReminder('ACC-OPS-1', 'ops-one@example.com', { amount: 12_345 });
    const text = await ops('case', 'ACC-OPS-1');
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('Case ACC-OPS-1-1 (account ACC-OPS-1; found by account)');
    expect(text.stdout).toMatch(
      /state\s+open, rung friendly; waiting in "Send friendly reminder and wait for reply"/,
    );
    expect(text.stdout).toContain('£123.45 (12345 minor units)');
    expect(text.stdout).toMatch(/CaseOpened {2}invoiceId=ACC-OPS-1-INV amount=12345 GBP/);
    expect(text.stdout).toContain(`execution  ${runtime().executionArn('ACC-OPS-1-case-1')} (RUNNING)`);
    expect(text.stdout).not.toContain('ops-one@example.com');

    const byAccount = (await ops('--json', 'case', 'ACC-OPS-1')).json();
    expect(byAccount).toMatchObject({
      query: 'ACC-OPS-1',
      cases: [
        {
          matchedBy: 'account',
          caseId: 'ACC-OPS-1-1',
          status: 'open',
          rung: 'friendly',
          balance: { amount: 12_345, currency: 'GBP' },
          invoiceIds: ['ACC-OPS-1-INV'],
          execution: { arn: runtime().executionArn('ACC-OPS-1-case-1'), status: 'RUNNING' },
        },
      ],
    });
    const [found] = byAccount.cases as { timeline: { type: string }[] }[];
    expect(found?.timeline.map((entry) => entry.type)).toContain('CaseOpened');
    expect(found?.timeline.map((entry) => entry.type)).toContain('EmailSent');

    const byInvoice = (await ops('case', 'ACC-OPS-1-INV', '--json')).json();
    expect(byInvoice.cases).toMatchObject([{ matchedBy: 'invoice', caseId: 'ACC-OPS-1-1' }]);
    const byEmail = (await ops('--json', 'case', 'OPS-One@Example.com')).json();
    expect(byEmail.cases).toMatchObject([{ matchedBy: 'email', caseId: 'ACC-OPS-1-1' }]);
  });

  it('says plainly when nothing matches (1) and when the input is bad (2)', async () => {
    const none = await ops('case', 'ACC-NO-SUCH');
    expect([none.code, none.stdout, none.stderr]).toEqual([
      1,
      '',
      expect.stringMatching(/^ops: no case found for "ACC-NO-SUCH"/),
    ]);
    expect((await ops('--json', 'case', 'nobody@example.com')).json()).toMatchObject({ exitCode: 1 });
    for (const args of [
      ['case'],
      ['case', ''],
      ['case', 'a', 'b'],
      ['case', 'x'.repeat(300)],
      ['frob'],
      ['--frob', 'case', 'x'],
    ]) {
      const run = await ops(...args);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr.split('\n'), args.join(' ')).toHaveLength(1);
      expect(run.stderr).toMatch(/^ops: /);
    }
    const missing = await runOps(['--endpoints', path.join(dir, 'nope.json'), 'case', 'x'], {
      out: () => undefined,
      err: () => undefined,
    });
    expect(missing).toBe(2);
  });
});

describe('npm run ops -- dlq', () => {
  it('lists each dead letter with its reason and age, and redrives them through intake, once', async () => {
    const empty = (await ops('--json', 'dlq', 'list')).json() as {
      queues: { queue: string; depth: number }[];
    };
    expect(empty.queues.map((queue) => [queue.queue, queue.depth])).toEqual([
      ['AgencyLocalAgency', 0],
      ['CaseUpdates', 0],
      ['EmailEvents', 0],
      ['InvoiceDueSoon', 0],
      ['InvoiceOverdue', 0],
      ['PaymentReceived', 0],
    ]);
    // An invalid event, parked by its consumer with a reason.
    await runtime().putBillingEvent(BillingDetailType.invoiceOverdue, {
      ...overdueInvoice({ accountId: 'ACC-OPS-BAD', invoiceId: 'INV-OPS-BAD', email: 'bad@example.com' }),
      amountDue: { amount: 12.5, currency: 'GBP' },
    });
    // A valid one that failed (as if a dependency had been down): parked as SQS's redrive parks it.
    const event = {
      version: '0',
      id: 'ops-redrive-event',
      'detail-type': BillingDetailType.invoiceOverdue,
      source: 'billing',
      account: '000000000000',
      time: new Date().toISOString(),
      region: 'us-east-1',
      resources: [],
      detail: overdueInvoice({
        accountId: 'ACC-OPS-2',
        invoiceId: 'INV-OPS-2',
        email: 'ops-two@example.com',
      }),
    };
    runtime().sqs.send(deadLetterQueueName('InvoiceOverdue'), JSON.stringify(event));
    await eventually(
      'two dead letters',
      async () => runtime().sqs.messages(deadLetterQueueName('InvoiceOverdue')).length === 2,
    );

    const listed = await ops('dlq', 'list');
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain('InvoiceOverdue: 2 parked');
    expect(listed.stdout).toMatch(/Invoice Overdue accountId=ACC-OPS-BAD invoiceId=INV-OPS-BAD .*amount/);
    expect(listed.stdout).toContain('accountId=ACC-OPS-2 invoiceId=INV-OPS-2');
    expect(listed.stdout).not.toContain('bad@example.com');
    expect(listed.stdout).toContain(
      'npm run ops -- dlq redrive <AgencyLocalAgency | CaseUpdates | EmailEvents | InvoiceDueSoon | InvoiceOverdue | PaymentReceived>',
    );
    // Reading hid them for a moment (SQS has no peek); they come back, still parked.
    await eventually('the dead letters visible again', async () =>
      runtime()
        .sqs.messages(deadLetterQueueName('InvoiceOverdue'))
        .every((message) => message.state === 'visible'),
    );
    const json = (await ops('--json', 'dlq', 'list')).json() as {
      queues: {
        queue: string;
        depth: number;
        messages: { reason: string; ageSeconds: number; ids: Record<string, string> }[];
      }[];
    };
    const invoiceQueue = json.queues.find((queue) => queue.queue === 'InvoiceOverdue');
    expect(invoiceQueue?.depth).toBe(2);
    expect(invoiceQueue?.messages.find((message) => message.ids.invoiceId === 'INV-OPS-BAD')?.reason).toMatch(
      /amount/,
    );
    expect(
      invoiceQueue?.messages.every((message) => message.ageSeconds >= 0 && message.ageSeconds < 120),
    ).toBe(true);

    await eventually('the dead letters visible again', async () =>
      runtime()
        .sqs.messages(deadLetterQueueName('InvoiceOverdue'))
        .every((message) => message.state === 'visible'),
    );
    const redrive = await ops('--json', 'dlq', 'redrive', 'InvoiceOverdue');
    expect(redrive.code).toBe(0);
    expect(redrive.json()).toMatchObject({
      queue: 'InvoiceOverdue',
      status: 'COMPLETED',
      moved: 2,
      toMove: 2,
    });
    expect(redrive.stderr).toContain('InvoiceOverdue: 2 of 2 moved');
    // The valid event opens its case; the invalid one is rejected again and parked again, with its reason.
    await eventually('the redriven case', async () => (await ops('case', 'ACC-OPS-2')).code === 0);
    await eventually('the invalid event parked again', async () =>
      runtime()
        .sqs.messages(deadLetterQueueName('InvoiceOverdue'))
        .some((message) => message.body.includes('INV-OPS-BAD')),
    );
    expect(runtime().sqs.messages(deadLetterQueueName('InvoiceOverdue'))).toHaveLength(1);
    // Sending the valid event through again changes nothing: the intake applies an invoice once.
    runtime().sqs.send(deadLetterQueueName('InvoiceOverdue'), JSON.stringify(event));
    await eventually('visible', async () =>
      runtime()
        .sqs.messages(deadLetterQueueName('InvoiceOverdue'))
        .every((message) => message.state === 'visible'),
    );
    expect((await ops('dlq', 'redrive', 'invoiceoverdue')).code).toBe(0);
    await eventually(
      'the duplicate taken in',
      async () =>
        runtime().sqs.messages('collections-InvoiceOverdue').length === 0 &&
        runtime().sqs.messages(deadLetterQueueName('InvoiceOverdue')).length === 1,
    );
    expect((await ops('--json', 'case', 'ACC-OPS-2')).json().cases).toHaveLength(1);

    const nothing = await ops('dlq', 'redrive', 'PaymentReceived');
    expect([nothing.code, nothing.stdout]).toEqual([
      0,
      'PaymentReceived: nothing to redrive (the dead-letter queue is empty).',
    ]);
    const unknown = await ops('dlq', 'redrive', 'Nope');
    expect([unknown.code, unknown.stderr]).toEqual([
      2,
      'ops: no dead-letter queue "Nope": one of AgencyLocalAgency, CaseUpdates, EmailEvents, InvoiceDueSoon, InvoiceOverdue, PaymentReceived',
    ]);
    expect((await ops('dlq', 'redrive')).code).toBe(2);
    expect((await ops('dlq', 'frob')).code).toBe(2);
  });

  it("puts an agency's dead letters back on the bus, where its rule delivers each to the agency again (issue 14)", async () => {
    // A forward the agency's endpoint refused for a day, parked as EventBridge parks it: the whole event.
    const forward = {
      version: '0',
      id: 'ops-agency-event',
      'detail-type': 'CaseForwardedToAgency',
      source: 'customer-first-collections',
      account: '000000000000',
      time: new Date().toISOString(),
      region: 'us-east-1',
      resources: [],
      detail: {
        caseId: 'ACC-OPS-AG-1',
        accountId: 'ACC-OPS-AG',
        agencyId: 'local-agency',
        forwardId: 'ACC-OPS-AG-1-agency-payment-1',
        kind: 'payment',
        amount: { amount: 1_000, currency: 'GBP' },
        balance: { amount: 9_000, currency: 'GBP' },
        at: new Date().toISOString(),
      },
    };
    runtime().sqs.send(deadLetterQueueName(LOCAL_AGENCY_RULE), JSON.stringify(forward), {
      reason: {
        DataType: 'String',
        StringValue: "EventBridge could not deliver the event to the agency's endpoint",
      },
    });
    const listed = await ops('dlq', 'list');
    expect(listed.stdout).toContain('AgencyLocalAgency: 1 parked');
    expect(listed.stdout).toMatch(/CaseForwardedToAgency accountId=ACC-OPS-AG caseId=ACC-OPS-AG-1/);
    await eventually('the dead letter visible again', async () =>
      runtime()
        .sqs.messages(deadLetterQueueName(LOCAL_AGENCY_RULE))
        .every((message) => message.state === 'visible'),
    );
    const redrive = await ops('--json', 'dlq', 'redrive', 'AgencyLocalAgency');
    expect(redrive.code).toBe(0);
    expect(redrive.json()).toMatchObject({
      queue: 'AgencyLocalAgency',
      status: 'COMPLETED',
      moved: 1,
      toMove: 1,
    });
    const delivered = await eventually('the forward at the agency', async () =>
      runtime()
        .agency.received()
        .find((item) => item.accountId === 'ACC-OPS-AG'),
    );
    expect(delivered).toMatchObject({ kind: 'payment', caseId: 'ACC-OPS-AG-1', detail: forward.detail });
    expect(runtime().sqs.messages(deadLetterQueueName(LOCAL_AGENCY_RULE))).toHaveLength(0);
    // Nothing parked: nothing to put back.
    expect((await ops('dlq', 'redrive', 'agencylocalagency')).stdout).toBe(
      'AgencyLocalAgency: nothing to redrive (the dead-letter queue is empty).',
    );
  });
});

describe('npm run ops -- outbox list', () => {
  it('shows what waits, due when and why', async () => {
    // What the cases of the tests above set in motion (events, notices) goes first.
    await runtime().outboxSettled();
    const empty = await ops('outbox', 'list');
    expect([empty.code, empty.stdout]).toEqual([0, 'The outbox is empty.']);
    expect((await ops('--json', 'outbox', 'list')).json()).toEqual({ items: [] });
    const dueAt = new Date(Date.now() + 365 * 86_400_000).toISOString();
    await dynamoOutbox(runtime().endpoints.tableName).putInOutbox({
      caseId: 'ACC-OPS-1-1',
      messageKey: 'firm-1',
      dueAt,
      queuedAt: new Date().toISOString(),
      kind: 'firm',
      purpose: 'collection',
    });
    const listed = await ops('outbox', 'list');
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(
      new RegExp(`${dueAt}\\s+ACC-OPS-1-1\\s+email: firm \\(collection\\)\\s+the contact rules deferred it`),
    );
    expect((await ops('--json', 'outbox', 'list')).json()).toMatchObject({
      items: [
        {
          caseId: 'ACC-OPS-1-1',
          messageKey: 'firm-1',
          dueAt,
          overdueSeconds: 0,
          what: 'email: firm (collection)',
        },
      ],
    });
    expect((await ops('outbox', 'list', '--limit', '0')).code).toBe(2);
  });
});

describe('npm run ops -- outcomes rebuild', () => {
  it('rebuilds the counters the stream keeps, from the timelines: the same figures, and lost ones back', async () => {
    await runtime().caseWithReminder('ACC-OPS-OUT', 'ops-outcomes@example.com', { amount: 4_200 });
    const counters = dynamoOutcomeCounters(runtime().endpoints.tableName);
    const today = new Date().toISOString().slice(0, 10);
    // The stream's counters for today (consumer cases opened here, at least this one), once settled.
    const kept = await eventually(
      'today’s counters, settled',
      async () => {
        const before = await counters.period('consumer', today, today);
        await new Promise((resolve) => setTimeout(resolve, 1_000));
        const after = await counters.period('consumer', today, today);
        return (
          (after[0]?.counts.opened ?? 0) >= 1 && JSON.stringify(before) === JSON.stringify(after) && after
        );
      },
      15_000,
    );

    // Lost (a bad deploy, a restore): the day's counters are gone; the rebuild brings them back.
    await counters.replaceDay('consumer', today, {});
    expect(await counters.period('consumer', today, today)).toEqual([]);
    const run = await ops('--json', 'outcomes', 'rebuild', '--from', today, '--to', today);
    expect(run.code).toBe(0);
    expect(run.json()).toMatchObject({ from: today, to: today, daysWithCounts: { consumer: 1 } });
    expect(await counters.period('consumer', today, today)).toEqual(kept);

    // Bad periods are refused, naming the option, and change nothing.
    const backwards = await ops('outcomes', 'rebuild', '--from', today, '--to', '2020-01-01');
    expect(backwards.code).toBe(2);
    expect(backwards.stderr).toContain('--from must not be after --to');
    expect((await ops('outcomes', 'rebuild', '--to', 'yesterday')).stderr).toContain('--to must be a day');
    expect(await counters.period('consumer', today, today)).toEqual(kept);
  });
});

describe('npm run ops -- executions', () => {
  it('lists the executions that ended badly, and redrives one from the state it stopped in', async () => {
    expect((await ops('--json', 'executions', 'failed')).json()).toEqual({ executions: [] });
    await runtime().caseWithReminder('ACC-OPS-3', 'ops-three@example.com');
    const arn = runtime().executionArn('ACC-OPS-3-case-1');
    const tokenBefore = (await dynamoCases(runtime().endpoints.tableName).getCase('ACC-OPS-3-1'))?.taskToken;
    expect(tokenBefore).toBeDefined();
    await runtime().sfn.send(
      new StopExecutionCommand({ executionArn: arn, error: 'Ops.Test', cause: 'stopped by the ops test' }),
    );
    const listed = await ops('executions', 'failed');
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(/ABORTED\s+ACC-OPS-3-case-1\s+Ops\.Test/);
    expect((await ops('--json', 'executions', 'failed')).json()).toMatchObject({
      executions: [
        {
          executionArn: arn,
          name: 'ACC-OPS-3-case-1',
          status: 'ABORTED',
          error: 'Ops.Test',
          cause: 'stopped by the ops test',
        },
      ],
    });

    const redrive = await ops('--json', 'executions', 'redrive', arn);
    expect(redrive.code).toBe(0);
    expect(redrive.json()).toMatchObject({ executionArn: arn, redriveDate: expect.any(String) });
    // It waits again for the debtor's reply, in the state it was stopped in; one reminder still.
    await eventually('the execution waiting again', async () => {
      const history = await runtime().history(arn);
      const types = history.map((event) => event.type);
      const last = history.at(-1);
      return (
        types.includes('ExecutionRedriven') &&
        last?.type === 'TaskStateEntered' &&
        last.stateEnteredEventDetails?.name === 'Send friendly reminder and wait for reply'
      );
    });
    // The Task ran again and took its turn with a new token; the reminder was not sent twice.
    await eventually('the new token kept on the case', async () => {
      const token = (await dynamoCases(runtime().endpoints.tableName).getCase('ACC-OPS-3-1'))?.taskToken;
      return token !== undefined && token !== tokenBefore;
    });
    expect(await runtime().emailsTo('ops-three@example.com')).toHaveLength(1);
    expect((await ops('--json', 'executions', 'failed')).json()).toEqual({ executions: [] });
    expect((await ops('--json', 'case', 'ACC-OPS-3')).json()).toMatchObject({
      cases: [{ caseId: 'ACC-OPS-3-1', execution: { status: 'RUNNING' } }],
    });

    const again = await ops('executions', 'redrive', arn);
    expect([again.code, again.stderr]).toEqual([
      2,
      expect.stringMatching(/is RUNNING: only a failed, timed-out or aborted execution/),
    ]);
    expect((await ops('executions', 'redrive', 'not-an-arn')).code).toBe(2);
    expect((await ops('executions', 'redrive', runtime().executionArn('NOBODY-case-1'))).code).toBe(2);
    expect((await ops('executions', 'redrive', arn.replace('CollectionsCase', 'Other'))).code).toBe(2);
  });
});

describe('the CLI as npm runs it', () => {
  it('answers with its exit code and one JSON document', async () => {
    const run = (...args: string[]) =>
      promisify(execFile)(
        process.execPath,
        ['--import', 'tsx', path.join(rootDir, 'bin/ops.ts'), '--endpoints', endpointsFile, ...args],
        {
          cwd: rootDir,
        },
      ).then(
        ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
        (error: { code: number; stdout: string; stderr: string }) => error,
      );
    const found = await run('--json', 'case', 'ACC-OPS-1-INV');
    expect(found.code).toBe(0);
    expect(JSON.parse(found.stdout).cases[0].caseId).toBe('ACC-OPS-1-1');
    const refused = await run('executions', 'redrive', runtime().executionArn('ACC-OPS-3-case-1'));
    expect([refused.code, refused.stdout, refused.stderr.trim().split('\n')]).toEqual([
      2,
      '',
      [expect.stringMatching(/^ops: ACC-OPS-3-case-1 is RUNNING/)],
    ]);
  }, 30_000);
});

describe('npm run ops -- link-key, and the portal during a rotation', () => {
  it('keeps old links working through the window, signs new ones with the new key, and refuses retired ones', async () => {
    const oldLink = await runtime().caseWithReminder('ACC-OPS-4', 'ops-four@example.com');
    expect(decodeURIComponent(oldLink.split('/case/')[1] ?? '').split('.')).toHaveLength(2);
    const status = await ops('--json', 'link-key', 'status');
    expect(status.json()).toEqual({ current: { id: UNLABELLED_KEY_ID } });

    const rotate = await ops('--json', 'link-key', 'rotate', '--activate-after', '0', '--key-id', 'kops1');
    expect(rotate.code).toBe(0);
    expect(rotate.json()).toMatchObject({
      rotated: true,
      current: { id: 'kops1' },
      previous: { id: UNLABELLED_KEY_ID, retired: false },
    });
    // The secret now holds the keyring (the old key as the previous one); no key material in the output.
    const secrets = new SecretsManagerClient({ endpoint: runtime().endpoints.secretsmanager, ...local });
    const stored =
      (await secrets.send(new GetSecretValueCommand({ SecretId: runtime().endpoints.linkSecretArn })))
        .SecretString ?? '';
    secrets.destroy();
    const keyring = keyringFrom(stored);
    expect(rotate.stdout).not.toContain(keyring.current.key);
    expect(keyring.previous?.key).toBe(runtime().linkSecret);

    // A new link carries the new key's id; the portal opens it once its keyring cache has caught up.
    const caseId = 'ACC-OPS-4-1';
    const newToken = signLink({ caseId, action: 'view', expiresAt: linkExpiry(new Date(), 30) }, keyring);
    expect(newToken.startsWith('kops1.')).toBe(true);
    const newLink = `${runtime().endpoints.portal}/case/${encodeURIComponent(newToken)}`;
    await eventually('the new key accepted', async () => (await fetch(newLink)).status === 200, 10_000);
    expect((await fetch(oldLink)).status).toBe(200);

    const again = await ops('link-key', 'rotate');
    expect([again.code, again.stderr]).toEqual([2, expect.stringMatching(/still in its window.*--force/)]);

    const retire = await ops('link-key', 'retire');
    expect(retire.code).toBe(0);
    await eventually('the old link refused', async () => (await fetch(oldLink)).status === 404, 10_000);
    expect((await fetch(newLink)).status).toBe(200);
    expect((await ops('--json', 'link-key', 'status')).json()).toEqual({ current: { id: 'kops1' } });
    expect((await ops('link-key', 'retire')).code).toBe(2);
  });
});
