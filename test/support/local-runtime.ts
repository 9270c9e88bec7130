import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { GetExecutionHistoryCommand, type HistoryEvent, SFNClient } from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, expect, inject } from 'vitest';
import {
  BillingDetailType,
  CaseDetailType,
  DEFAULT_BILLING_SOURCE,
} from '../../functions/contract/events.ts';
import {
  LEGACY_OUTBOX_PARTITION,
  OUTBOX_PARTITIONS,
  partitionsOf,
  TABLE,
} from '../../functions/contract/table.ts';
import { verifyLink } from '../../functions/domain/links.ts';
import { type LocalRuntime, startLocalRuntime } from '../../local/runtime/index.ts';
import type { StoredEmail } from '../../local/ses/index.ts';

export const rootDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const local = { region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } };

export type TestRuntime = LocalRuntime & {
  putBillingEvent(detailType: string, detail: unknown): Promise<void>;
  emailsTo(address: string): Promise<StoredEmail[]>;
  history(executionArn: string): Promise<HistoryEvent[]>;
  sfn: SFNClient;
  /** The runtime's link-signing key, to forge links the way only the server could. */
  linkSecret: string;
  /** The ARN of the workflow execution with this name (an account's first case: `${accountId}-case-1`). */
  executionArn(executionName: string): string;
  /** Waits for the execution with this name to end, and returns how it ended. */
  waitForExecution(executionName: string, timeoutMs?: number): Promise<string>;
  /**
   * Waits until the execution with this name waits for a person (issue 12): handed over, in "Wait
   * for a person to act", running, with the case held and the token kept on it. Returns its states.
   */
  waitForPerson(executionName: string, timeoutMs?: number): Promise<string[]>;
  /** The states that execution has entered so far, in order (its billed state transitions). */
  transitions(executionName: string): Promise<string[]>;
  /** Those states without the contact checks before each rung (see journeyOf). */
  journey(executionName: string): Promise<string[]>;
  /**
   * The policy clock the contact rules run on (toPolicy/toReal); timeline `at` values are real
   * instants. The tests start it at TEST_CLOCK_START unless told otherwise.
   */
  clock: LocalRuntime['clock'];
  /** The details of the events of this detail type put on the bus so far, of one case if given. */
  eventsOf(detailType: string, caseId?: string): Record<string, unknown>[];
  /** How a case was resolved (CaseResolved's resolution), once per CaseResolved event. */
  resolutions(caseId: string): unknown[];
  /** Billing reports a payment on the account (Payment Received). */
  pay(accountId: string, paymentId: string, amount: number): Promise<void>;
  /**
   * Waits until the outbox holds nothing due any more: every email and follow-up (events, AR-team
   * notices) that an action, a payment, a document or a reminder queued has been carried out by its
   * carrier (the table's stream brings each a moment after it is queued). Items deferred to later
   * are not waited for.
   */
  outboxSettled(timeoutMs?: number): Promise<void>;
  /** Waits for an email to this address whose subject matches. */
  emailWith(address: string, subject: RegExp, timeoutMs?: number): Promise<StoredEmail>;
  /**
   * Opens a case (an overdue invoice of £100.00, or the given amount, for each invoice id), waits
   * for the friendly reminder and for the workflow to wait on a reply, and returns the reminder's
   * account link.
   */
  caseWithReminder(
    accountId: string,
    email: string,
    options?: { amount?: number; locale?: string; invoiceIds?: string[] },
  ): Promise<string>;
  close(): Promise<void>;
};

/**
 * Where the tests' policy clock starts: a Tuesday, 09:00 in London (BST), inside every policy's
 * contact window, so a scenario that starts at once is not first held for the morning.
 */
/** The state a case handed to a person waits in (issue 12). */
export const PERSON_STATE = 'Wait for a person to act';

export const TEST_CLOCK_START = '2026-06-02T08:00:00Z';

export type TestRuntimeOptions = {
  /** What the policy clock reads at start (default TEST_CLOCK_START). */
  clockStart?: string;
  /** A shared DynamoDB Local (see LocalRuntimeOptions); the runtime starts its own when absent. */
  sharedDynamoDbUrl?: string;
};

/** The real local runtime, in a throwaway state directory, with retries and timeouts shrunk. */
export async function startTestRuntime(
  daySeconds: number,
  { clockStart = TEST_CLOCK_START, sharedDynamoDbUrl }: TestRuntimeOptions = {},
): Promise<TestRuntime> {
  const stateDir = mkdtempSync(path.join(tmpdir(), 'collections-test-'));
  const runtime = await startLocalRuntime({
    rootDir,
    daySeconds,
    stateDir,
    retryScale: 0.01,
    clockStart,
    ...(sharedDynamoDbUrl ? { sharedDynamoDbUrl } : {}),
  });
  const events = new EventBridgeClient({ endpoint: runtime.endpoints.eventbridge, ...local });
  const sfn = new SFNClient({ endpoint: runtime.endpoints.stepfunctions, ...local });
  const dynamo = DynamoDBDocumentClient.from(
    new DynamoDBClient({ endpoint: runtime.endpoints.dynamodb, ...local }),
  );
  async function dueInOutbox(): Promise<number> {
    let due = 0;
    for (const partition of [
      ...Object.values(OUTBOX_PARTITIONS).flatMap(partitionsOf),
      LEGACY_OUTBOX_PARTITION,
    ]) {
      const out = await dynamo.send(
        new QueryCommand({
          TableName: runtime.endpoints.tableName,
          IndexName: TABLE.byAccountIndex.name,
          KeyConditionExpression: 'gsi1pk = :outbox AND gsi1sk <= :now',
          ExpressionAttributeValues: { ':outbox': partition, ':now': `${new Date().toISOString()}#~` },
          Select: 'COUNT',
        }),
      );
      due += out.Count ?? 0;
    }
    return due;
  }

  async function putBillingEvent(detailType: string, detail: unknown) {
    const out = await events.send(
      new PutEventsCommand({
        Entries: [
          {
            EventBusName: runtime.endpoints.eventBusName,
            Source: DEFAULT_BILLING_SOURCE,
            DetailType: detailType,
            Detail: JSON.stringify(detail),
          },
        ],
      }),
    );
    if (out.FailedEntryCount) throw new Error(`PutEvents failed: ${JSON.stringify(out.Entries)}`);
  }
  async function emailsTo(address: string) {
    return runtime.mail.emailsTo(address);
  }
  async function history(executionArn: string) {
    const events: HistoryEvent[] = [];
    let nextToken: string | undefined;
    do {
      const page = await sfn.send(
        new GetExecutionHistoryCommand({ executionArn, nextToken, maxResults: 100 }),
      );
      events.push(...(page.events ?? []));
      nextToken = page.nextToken;
    } while (nextToken);
    return events;
  }
  const secret = readFileSync(path.join(stateDir, 'link-secret'), 'utf8').trim();
  const executionArn = (executionName: string) =>
    `${runtime.endpoints.stateMachineArn.replace(':stateMachine:', ':execution:')}:${executionName}`;
  const transitions = async (executionName: string) =>
    stateTransitions(await history(executionArn(executionName)));
  const eventsOf = (detailType: string, caseId?: string) =>
    runtime.eventBridge
      .events()
      .filter(
        (event) =>
          event['detail-type'] === detailType &&
          (caseId === undefined || (event.detail as { caseId: string }).caseId === caseId),
      )
      .map((event) => event.detail as Record<string, unknown>);

  return {
    ...runtime,
    sfn,
    linkSecret: secret,
    putBillingEvent,
    emailsTo,
    history,
    executionArn,
    waitForExecution: (executionName, timeoutMs) =>
      runtime.stepFunctions.waitForExecution(executionArn(executionName), timeoutMs),
    transitions,
    async waitForPerson(executionName, timeoutMs = 8000) {
      const { dynamoCases } = await import('../../functions/adapters/dynamodb/cases.ts');
      const cases = dynamoCases(runtime.endpoints.tableName);
      const caseId = executionName.replace(/-case-(\d+)$/, '-$1');
      return eventually(
        `${executionName} to wait for a person`,
        async () => {
          const states = await transitions(executionName);
          if (states.at(-1) !== PERSON_STATE) return undefined;
          const record = await cases.getCase(caseId);
          return record?.status === 'held-for-person' &&
            record.waitingState?.startsWith(PERSON_STATE) &&
            record.taskToken
            ? states
            : undefined;
        },
        timeoutMs,
      );
    },
    journey: async (executionName) => journeyOf(await transitions(executionName)),
    eventsOf,
    resolutions: (caseId) => eventsOf(CaseDetailType.caseResolved, caseId).map((detail) => detail.resolution),
    pay: (accountId, paymentId, amount) =>
      putBillingEvent(BillingDetailType.paymentReceived, {
        accountId,
        paymentId,
        amount: { amount, currency: 'GBP' },
        paidAt: new Date().toISOString(),
      }),
    async outboxSettled(timeoutMs = 8000) {
      await eventually('the outbox to be carried out', async () => (await dueInOutbox()) === 0, timeoutMs);
    },
    async emailWith(address, subject, timeoutMs = 8000) {
      try {
        return await eventually(
          `an email to ${address} matching ${subject}`,
          async () => (await emailsTo(address)).find((email) => subject.test(email.subject)),
          timeoutMs,
        );
      } catch (error) {
        // Say what did come, so a failure on a loaded machine tells a late email from a wrong one.
        const seen = (await emailsTo(address)).map((email) => email.subject);
        throw new Error(`${(error as Error).message}; emails to that address: ${JSON.stringify(seen)}`);
      }
    },
    async caseWithReminder(
      accountId,
      email,
      { amount = 10_000, locale, invoiceIds = [`${accountId}-INV`] } = {},
    ) {
      for (const invoiceId of invoiceIds) {
        await putBillingEvent(
          BillingDetailType.invoiceOverdue,
          overdueInvoice({ accountId, invoiceId, email, amount, locale }),
        );
      }
      // This account's reminder: another case may already have written to the same address.
      const reminder = await eventually(
        'the friendly reminder',
        async () =>
          (await emailsTo(email)).find((message) => {
            const token = decodeURIComponent(linkIn(message).split('/case/')[1] ?? '');
            const caseId = verifyLink(token, secret, new Date())?.caseId ?? '';
            return caseId.slice(0, caseId.lastIndexOf('-')) === accountId;
          }),
        // The first case of a fresh runtime is the slowest (first calls into DynamoDB Local's JVM).
        15_000,
      );
      await eventually('the workflow waiting for a reply', async () =>
        (await transitions(`${accountId}-case-1`)).includes('Send friendly reminder and wait for reply'),
      );
      return linkIn(reminder);
    },
    async close() {
      events.destroy();
      sfn.destroy();
      dynamo.destroy();
      await runtime.stop();
      rmSync(stateDir, { recursive: true, force: true });
    },
  };
}

/**
 * One runtime for the test file: started before its first test (beforeAll) and closed after its
 * last (afterAll). Call it at the top level of the file, so that the hooks belong to the file's
 * root suite; the getter it returns gives the runtime inside hooks and tests.
 */
export function useTestRuntime(daySeconds: number, options: TestRuntimeOptions = {}): () => TestRuntime {
  let runtime: TestRuntime | undefined;
  beforeAll(async () => {
    // The project's shared DynamoDB Local (test/support/shared-dynamodb.ts), where it has one.
    const sharedDynamoDbUrl = options.sharedDynamoDbUrl ?? inject('sharedDynamoDbUrl');
    runtime = await startTestRuntime(daySeconds, {
      ...options,
      ...(sharedDynamoDbUrl ? { sharedDynamoDbUrl } : {}),
    });
  }, 60_000);
  afterAll(() => runtime?.close());
  return () => {
    if (!runtime) throw new Error('The test runtime is not running: use it inside a hook or a test');
    return runtime;
  };
}

/** Polls until `probe` returns a value (not undefined/false), or fails with what it was waiting for. */
export async function eventually<T>(
  what: string,
  probe: () => Promise<T | undefined | false>,
  timeoutMs = 8000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    let failure: unknown;
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      // Not there yet (an execution not started, say): keep polling, and report it on timeout.
      failure = error;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `Timed out after ${timeoutMs} ms waiting for ${what}${failure ? ` (last error: ${failure})` : ''}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The portal link in an email's plain-text part. */
export function linkIn(email: StoredEmail): string {
  const match = /https?:\/\/\S+\/case\/[A-Za-z0-9_.%-]+/.exec(email.body.text ?? '');
  if (!match) throw new Error(`No account link in "${email.subject}"`);
  return match[0];
}

/**
 * Opens the action's form like a browser, then submits it with the given fields and the form's
 * CSRF token (or the one given), without following the redirect. Returns the response, with the
 * form's HTML as `form`.
 */
export async function submitForm(
  accountLink: string,
  action: string,
  fields: Record<string, string>,
  csrf?: string,
): Promise<Response & { form: string }> {
  const page = await fetch(`${accountLink}/${action}`);
  expect(page.status).toBe(200);
  const form = await page.text();
  const token = csrf ?? /name="csrf" value="([^"]+)"/.exec(form)?.[1] ?? '';
  const response = await fetch(`${accountLink}/${action}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ csrf: token, ...fields }).toString(),
    redirect: 'manual',
  });
  return Object.assign(response, { form });
}

/** The confirmation page a submitted form redirects to (303), as HTML. */
export async function confirmation(response: Response): Promise<string> {
  expect(response.status).toBe(303);
  const page = await fetch(new URL(response.headers.get('location') ?? '', response.url));
  expect(page.status).toBe(200);
  return page.text();
}

/** The states that ask the contact rules before a rung (see "Check the contact rules" in the ASL). */
export const CONTACT_CHECK_STATES: readonly string[] = [
  'Check the contact rules',
  'See whether we may write now',
  'Wait until we may write',
];

/**
 * The journey without its contact checks: the states entered, less the checks before each rung and
 * the returns of a rung whose send was deferred (the rung, "Act on the reply", the same rung again).
 * At a scaled clock a scenario may meet the debtor's night; this is what the scenario tests compare.
 */
export function journeyOf(transitions: readonly string[]): string[] {
  const states = transitions.filter((state) => !CONTACT_CHECK_STATES.includes(state));
  for (let i = 0; i + 2 < states.length; ) {
    if (states[i]?.startsWith('Send ') && states[i + 1] === 'Act on the reply' && states[i + 2] === states[i])
      states.splice(i + 1, 2);
    else i++;
  }
  return states;
}

/** State transitions as billed: every state entered, counted from the execution history. */
export function stateTransitions(history: HistoryEvent[]): string[] {
  return history
    .filter((event) => event.type?.endsWith('StateEntered'))
    .map((event) => event.stateEnteredEventDetails?.name ?? '');
}

export const overdueInvoice = (overrides: {
  accountId: string;
  invoiceId: string;
  email: string;
  amount?: number;
  locale?: string;
  /** Ten days ago unless told (the friendly reminder is due at once). */
  dueDate?: string;
}) => ({
  accountId: overrides.accountId,
  invoiceId: overrides.invoiceId,
  amountDue: { amount: overrides.amount ?? 12_950, currency: 'GBP' },
  dueDate: overrides.dueDate ?? new Date(Date.now() - 10 * 86_400_000).toISOString().slice(0, 10),
  debtor: {
    name: 'Alex Morgan',
    email: overrides.email,
    locale: overrides.locale ?? 'en-GB',
    timeZone: 'Europe/London',
    segment: 'consumer',
  },
  paymentUrl: `https://billing.example.com/pay/${overrides.invoiceId}`,
});

export { BillingDetailType };
