/**
 * Intake, portal and a burst, each against its floor, in one run of the local system as `npm start`
 * runs it (bench/load-child.ts starts this file in a process of its own; `npm run bench` reads what
 * it writes to LOAD_RESULTS_FILE).
 *
 * Sizes (environment; 0 skips the part):
 *   INTAKE_CASES=500         invoices put for the intake measurement (each opens a case)
 *   RAW_SECONDS=5            how long DynamoDB Local's raw write ceiling is measured
 *   RAW_CONCURRENCY=50       PutItem calls in flight while measuring the ceiling
 *   PORTAL_SECONDS=10        how long each of the portal and its floor is loaded
 *   PORTAL_CLIENTS=100       concurrent clients on the account page (and on the floor)
 *   BURST_INVOICES=10000     invoices of the burst
 *   PUT_CONCURRENCY=10       PutEvents calls (10 entries each) in flight while putting invoices
 *   LOAD_TIMEOUT_SECONDS=1800  how long the intake or the burst may take to open every case
 *   BURST_DEBUG=1            every 15 s of the burst: workflows started, functions running, and each
 *                            intake queue's messages and dead letters (to see where a slow burst is)
 *
 * The policy clock runs in real time from a Tuesday 09:00 in London. Intake is measured twice: with
 * invoices that fell overdue yesterday (a nightly billing run: the friendly reminders wait days, so
 * the measurement is intake's: `intake`), and with invoices ten days overdue, whose first reminders go
 * at once while the intake runs (a backlog: `intakeDetail.withRemindersAtOnce`). The warm-up case and
 * the burst are ten days overdue too.
 */
import diagnosticsChannel from 'node:diagnostics_channel';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { type ClientRequest, createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as ddb from '@aws-sdk/client-dynamodb';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { ListExecutionsCommand, SFNClient } from '@aws-sdk/client-sfn';
import * as doc from '@aws-sdk/lib-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { CaseDetailType, DEFAULT_BILLING_SOURCE } from '../functions/contract/events.ts';
import { BILLING_RULES } from '../functions/contract/rules.ts';
import { keys } from '../functions/contract/table.ts';
import { startLocalRuntime } from '../local/runtime/index.ts';
import { deadLetterQueueName, EMAIL_EVENTS_INTAKE, queueName } from '../local/runtime/names.ts';
import {
  BillingDetailType,
  eventually,
  linkIn,
  overdueInvoice,
  rootDir,
  TEST_CLOCK_START,
} from '../test/support/local-runtime.ts';
import { writeUnits } from './cost.ts';
import type { LoadResults } from './load-child.ts';
import { sampleMemory } from './memory.ts';
import { type RecordedCall, startMeter } from './meter.ts';

const size = (name: string, fallback: number) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a number >= 0`);
  return value;
};
const sizes = {
  INTAKE_CASES: size('INTAKE_CASES', 500),
  RAW_SECONDS: size('RAW_SECONDS', 5),
  RAW_CONCURRENCY: size('RAW_CONCURRENCY', 50),
  PORTAL_SECONDS: size('PORTAL_SECONDS', 10),
  PORTAL_CLIENTS: size('PORTAL_CLIENTS', 100),
  BURST_INVOICES: size('BURST_INVOICES', 10_000),
  PUT_CONCURRENCY: size('PUT_CONCURRENCY', 10),
  LOAD_TIMEOUT_SECONDS: size('LOAD_TIMEOUT_SECONDS', 1800),
};
/** The document client's command for each low-level call the adapters make. */
// biome-ignore lint/suspicious/noExplicitAny: each command takes its own input; the floor replays recorded ones.
const DOCUMENT_COMMANDS: Record<string, new (input: any) => doc.GetCommand> = {
  GetItem: doc.GetCommand,
  Query: doc.QueryCommand,
  Scan: doc.ScanCommand,
  BatchGetItem: doc.BatchGetCommand,
  TransactGetItems: doc.TransactGetCommand,
  PutItem: doc.PutCommand,
  UpdateItem: doc.UpdateCommand,
  DeleteItem: doc.DeleteCommand,
  BatchWriteItem: doc.BatchWriteCommand,
  TransactWriteItems: doc.TransactWriteCommand,
} as never;

const resultsFile = process.env.LOAD_RESULTS_FILE;

const local = { region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } };
const INTAKE =
  BILLING_RULES.find((rule) => rule.id === 'InvoiceOverdue')?.consumer ?? 'receiveOverdueInvoice';
const results: LoadResults = { sizes, errors: [] };
const log = (line: string) => console.log(`[load] ${line}`);
const seconds = (fromMs: number, toMs = performance.now()) => (toMs - fromMs) / 1000;
const round = (n: number, digits = 2) => Number(n.toFixed(digits));
const percentile = (sorted: number[], p: number) =>
  sorted.length ? (sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0) : 0;

/** Each workflow started (StartExecution answered 200), when: the end of the intake path. */
const started: number[] = [];
diagnosticsChannel.subscribe('http.client.response.finish', (message) => {
  const { request, response } = message as { request: ClientRequest; response: IncomingMessage };
  if (request.getHeader('x-amz-target') === 'AWSStepFunctions.StartExecution' && response.statusCode === 200)
    started.push(performance.now());
});

const stateDir = mkdtempSync(path.join(tmpdir(), 'collections-load-'));
const runtime = await startLocalRuntime({
  rootDir,
  daySeconds: 86_400,
  stateDir,
  clockStart: TEST_CLOCK_START,
});
const { endpoints } = runtime;
const meter = startMeter(runtime.lambdas, endpoints, (fn) => fn);
const events = new EventBridgeClient({ endpoint: endpoints.eventbridge, ...local });
const sfn = new SFNClient({ endpoint: endpoints.stepfunctions, ...local });
const raw = new ddb.DynamoDBClient({ endpoint: endpoints.dynamodb, ...local });
const timeoutMs = sizes.LOAD_TIMEOUT_SECONDS * 1000;

/**
 * Puts an Invoice Overdue for each account, ten to a PutEvents call, PUT_CONCURRENCY calls at once,
 * each invoice `overdueDays` overdue on the policy clock: 10 (the default) and every case's friendly
 * reminder is due at once; 1 (fell overdue yesterday, as a nightly billing run sends them) and the
 * reminders wait for the policy's days after the due date.
 */
async function putInvoices(accounts: string[], overdueDays = 10): Promise<number> {
  const from = performance.now();
  const batches: string[][] = [];
  for (let i = 0; i < accounts.length; i += 10) batches.push(accounts.slice(i, i + 10));
  let next = 0;
  const worker = async () => {
    while (next < batches.length) {
      const batch = batches[next++] ?? [];
      const out = await events.send(
        new PutEventsCommand({
          Entries: batch.map((accountId) => ({
            EventBusName: endpoints.eventBusName,
            Source: DEFAULT_BILLING_SOURCE,
            DetailType: BillingDetailType.invoiceOverdue,
            Detail: JSON.stringify({
              ...overdueInvoice({
                accountId,
                invoiceId: `INV-${accountId}`,
                email: `${accountId.toLowerCase()}@example.com`,
              }),
              // On the clock the intake schedules the friendly reminder by: the wall clock's date
              // (the policy clock here runs in real time, but from an earlier day).
              dueDate: new Date(Date.now() - overdueDays * 86_400_000).toISOString().slice(0, 10),
            }),
          })),
        }),
      );
      if (out.FailedEntryCount) throw new Error(`PutEvents refused ${out.FailedEntryCount} entries`);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, sizes.PUT_CONCURRENCY) }, worker));
  return seconds(from);
}

/**
 * Waits until each account has its case opened (CaseOpened on the bus: the intake publishes it once
 * the case is written and its workflow started, or queued in the outbox to start when the friendly
 * reminder is due); resolves when the last was. The end of the intake path since issue 15, when a
 * workflow no longer starts at the intake for an invoice whose reminder waits the policy's days.
 */
async function openedAll(accounts: readonly string[]): Promise<number> {
  const waiting = new Set(accounts);
  let seen = 0;
  let last = performance.now();
  await eventually(
    `${accounts.length} cases to open`,
    async () => {
      const all = runtime.eventBridge.events();
      for (; seen < all.length; seen++) {
        const event = all[seen];
        if (event?.['detail-type'] !== CaseDetailType.caseOpened) continue;
        const account = (event.detail as { accountId?: string } | undefined)?.accountId;
        if (account && waiting.delete(account)) last = performance.now();
      }
      return waiting.size === 0;
    },
    timeoutMs,
  );
  return last;
}

/** Waits until `count` more workflows have started than `before`; resolves when the last did. */
async function startedAfter(before: number, count: number): Promise<number> {
  await eventually(`${count} workflows to start`, async () => started.length - before >= count, timeoutMs);
  return started[before + count - 1] ?? performance.now();
}

/** Waits until no function has run for `quietMs` and the queues are empty. */
async function quiet(quietMs = 1000): Promise<void> {
  await runtime.sqs.drained();
  let since = performance.now();
  await eventually(
    'the system to go quiet',
    async () => {
      if (meter.inFlight() > 0) since = performance.now();
      return performance.now() - since >= quietMs;
    },
    timeoutMs,
  );
}

/** The case id of an account's first case, from its Case Opened event. */
function caseIdOf(accountId: string): string {
  const opened = runtime.eventBridge
    .events()
    .find(
      (event) =>
        (event.detail as { accountId?: string }).accountId === accountId &&
        'caseId' in (event.detail as object),
    );
  const caseId = (opened?.detail as { caseId?: string } | undefined)?.caseId;
  if (!caseId) throw new Error(`no case opened for ${accountId}`);
  return caseId;
}

/** Runs `clients` loops of GET `url` for `forSeconds` (after a second's warm-up); latencies in ms. */
function loadOf(url: string, clients: number, forSeconds: number) {
  return loadOfCalls(
    async () => {
      const response = await fetch(url);
      await response.arrayBuffer();
      if (response.status !== 200) throw new Error(String(response.status));
    },
    clients,
    forSeconds,
  );
}

/** Runs `clients` loops of `call` for `forSeconds` (after a second's warm-up); latencies in ms. */
async function loadOfCalls(call: () => Promise<unknown>, clients: number, forSeconds: number) {
  const warmUntil = performance.now() + 1000;
  const until = warmUntil + forSeconds * 1000;
  const latencies: number[] = [];
  let errors = 0;
  const client = async () => {
    while (performance.now() < until) {
      const from = performance.now();
      try {
        await call();
        if (from >= warmUntil && performance.now() <= until) latencies.push(performance.now() - from);
      } catch {
        if (from >= warmUntil) errors += 1;
      }
    }
  };
  await Promise.all(Array.from({ length: clients }, client));
  latencies.sort((a, b) => a - b);
  return {
    throughput: latencies.length / forSeconds,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    requests: latencies.length,
    errors,
  };
}

/**
 * The portal's floor: a bare Node server that makes the same DynamoDB calls as one account page (the
 * low-level client, one after another, as recorded) and answers with the same bytes and headers.
 */
async function floorServer(calls: RecordedCall[], body: Buffer, headers: Record<string, string>) {
  // The adapters' calls as recorded are the document client's (plain values): replayed through one.
  const client = DynamoDBDocumentClient.from(
    new ddb.DynamoDBClient({ endpoint: endpoints.dynamodb, ...local }),
    {
      marshallOptions: { removeUndefinedValues: true },
    },
  );
  const commands = calls.map((call) => {
    const Command = DOCUMENT_COMMANDS[call.command];
    if (!Command) throw new Error(`the floor cannot make a ${call.command} call`);
    return { Command, input: call.input };
  });
  // Each call once, in order, before the load: a floor whose reads fail would be no floor.
  for (const { Command, input } of commands) {
    await client.send(new Command(structuredClone(input))).catch((error: Error) => {
      if (error.name !== 'ConditionalCheckFailedException') throw error;
    });
  }
  const server = createServer(async (_request, response) => {
    for (const { Command, input } of commands) {
      // A write whose condition fails costs the round trip all the same.
      await client.send(new Command(structuredClone(input))).catch(() => undefined);
    }
    response.writeHead(200, headers);
    response.end(body);
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function calibrate() {
  // Two items of 1,500 bytes of value (2 KB each as AWS rounds): a transaction bills 2 × (2 + 2).
  const item = (pk: string) => ({ pk: { S: pk }, sk: { S: 'CALIBRATION' }, v: { S: 'x'.repeat(1500) } });
  const out = await raw.send(
    new ddb.TransactWriteItemsCommand({
      TransactItems: [
        { Put: { TableName: endpoints.tableName, Item: item('CALIBRATION#1') } },
        { Put: { TableName: endpoints.tableName, Item: item('CALIBRATION#2') } },
      ],
      ReturnConsumedCapacity: 'INDEXES',
    }),
  );
  const reported = (out.ConsumedCapacity ?? []).reduce((sum, c) => sum + (c.CapacityUnits ?? 0), 0);
  results.calibration = { reported, expected: writeUnits([1530, 1530], true) };
  // DynamoDB Local does not bill transactions as AWS does (it reports 4 here, AWS bills 8): the
  // journeys' meter bills them from the items' sizes instead (bench/meter.ts, billTransactions).
}

/** DynamoDB Local's ceiling: PutItem of copies of a real case item, RAW_CONCURRENCY at once. */
async function rawCeiling(caseItem: Record<string, ddb.AttributeValue>) {
  const first = await raw.send(
    new ddb.PutItemCommand({
      TableName: endpoints.tableName,
      Item: { ...caseItem, pk: { S: 'RAW#0' } },
      ReturnConsumedCapacity: 'TOTAL',
    }),
  );
  let n = 0;
  let writes = 0;
  const until = performance.now() + sizes.RAW_SECONDS * 1000;
  const from = performance.now();
  const worker = async () => {
    while (performance.now() < until) {
      n += 1;
      await raw.send(
        new ddb.PutItemCommand({
          TableName: endpoints.tableName,
          Item: { ...caseItem, pk: { S: `RAW#${n}` } },
        }),
      );
      writes += 1;
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, sizes.RAW_CONCURRENCY) }, worker));
  return {
    writes,
    perSecond: writes / seconds(from),
    caseItemWriteUnits: first.ConsumedCapacity?.CapacityUnits ?? 0,
  };
}

try {
  await calibrate();

  // One case to read from: its item (the ceiling's shape) and its account page (the portal's).
  const warm = 'LOAD-WARM';
  const before = started.length;
  await putInvoices([warm]);
  await startedAfter(before, 1);
  const reminder = await eventually(
    'the first reminder',
    async () => (await runtime.mail.emailsTo(`${warm.toLowerCase()}@example.com`))[0],
    60_000,
  );
  const caseItem = (
    await raw.send(
      new ddb.GetItemCommand({ TableName: endpoints.tableName, Key: ddbKey(keys.case(caseIdOf(warm))) }),
    )
  ).Item;
  if (!caseItem) throw new Error('the warm-up case has no item');
  await quiet();

  if (sizes.INTAKE_CASES > 0 && sizes.RAW_SECONDS > 0) {
    log(`raw write ceiling: ${sizes.RAW_CONCURRENCY} PutItem in flight for ${sizes.RAW_SECONDS} s`);
    const ceiling = await rawCeiling(caseItem);
    /**
     * The intake path (PutEvents to a case opened: written, its workflow started or queued to start
     * when the friendly reminder is due, CaseOpened announced) for INTAKE_CASES invoices,
     * `overdueDays` overdue. Counted in item writes: the intake function's own, per case, against
     * the ceiling.
     */
    const measureIntake = async (prefix: string, overdueDays: number) => {
      meter.reset();
      const accounts = Array.from({ length: sizes.INTAKE_CASES }, (_, i) => `${prefix}-${i + 1}`);
      const from = performance.now();
      const putSeconds = await putInvoices(accounts, overdueDays);
      const last = await openedAll(accounts);
      const intakeSeconds = seconds(from, last);
      await quiet();
      const intake = meter.tally(INTAKE);
      const all = meter.total();
      const casesPerSecond = accounts.length / intakeSeconds;
      const writesPerCase = intake.writeItems / accounts.length;
      return {
        summary: {
          casesPerSecond: round(casesPerSecond),
          writesPerCase: round(writesPerCase),
          rawWritesPerSecond: round(ceiling.perSecond),
          ratio: round((casesPerSecond * writesPerCase) / ceiling.perSecond, 3),
        },
        cases: accounts.length,
        seconds: round(intakeSeconds),
        allWritesPerCase: round(all.writeItems / accounts.length),
        // Who wrote them: the intake, and whatever the started workflows ran meanwhile.
        writesPerCaseByFunction: Object.fromEntries(
          meter
            .labels()
            .map((label) => [label, round(meter.tally(label).writeItems / accounts.length)] as const)
            .filter(([, n]) => n > 0),
        ),
        intakeCallsPerCase: Object.fromEntries(
          [...intake.calls].map(([c, n]) => [c, round(n / accounts.length)]),
        ),
        putEventsPerSecond: round(accounts.length / putSeconds),
      };
    };
    // What intake sees each day: invoices that fell overdue yesterday. Their reminders wait the
    // policy's days, so the table takes the intake's writes and the workflows' first state only.
    log(`intake: ${sizes.INTAKE_CASES} invoices overdue since yesterday`);
    const daily = await measureIntake('LOAD-I', 1);
    // A backlog (the first import, say): every case's friendly reminder is due at once, and its
    // sends write to the same table while the intake runs.
    log(`intake: ${sizes.INTAKE_CASES} invoices ten days overdue (every reminder at once)`);
    // Its own accounts: the burst's are LOAD-B-1…; sharing them, the burst's first invoices joined
    // these cases and started nothing, and the burst waited for starts that never came.
    const backlog = await measureIntake('LOAD-L', 10);
    results.intake = daily.summary;
    results.intakeDetail = {
      cases: daily.cases,
      seconds: daily.seconds,
      allWritesPerCase: daily.allWritesPerCase,
      writesPerCaseByFunction: daily.writesPerCaseByFunction,
      intakeCallsPerCase: daily.intakeCallsPerCase,
      caseItemWriteUnits: ceiling.caseItemWriteUnits,
      rawConcurrency: sizes.RAW_CONCURRENCY,
      rawSeconds: sizes.RAW_SECONDS,
      rawWrites: ceiling.writes,
      putEventsPerSecond: daily.putEventsPerSecond,
      overdueDays: 1,
      withRemindersAtOnce: {
        ...backlog.summary,
        seconds: backlog.seconds,
        allWritesPerCase: backlog.allWritesPerCase,
        writesPerCaseByFunction: backlog.writesPerCaseByFunction,
        overdueDays: 10,
      },
    };
    log(JSON.stringify(results.intake));
    log(JSON.stringify(results.intakeDetail.withRemindersAtOnce));
  }

  if (sizes.PORTAL_SECONDS > 0 && sizes.PORTAL_CLIENTS > 0) {
    const link = linkIn(reminder);
    const recorded = meter.recordNext((_fn, event) =>
      Boolean((event as { requestContext?: { http?: unknown } })?.requestContext?.http),
    );
    const page = await fetch(link);
    const body = Buffer.from(await page.arrayBuffer());
    if (page.status !== 200) throw new Error(`the account page answered ${page.status}`);
    const { calls, fn: pageFunction, event: pageEvent } = await recorded;
    const headers: Record<string, string> = {};
    page.headers.forEach((value, name) => {
      if (!['date', 'connection', 'keep-alive', 'content-length', 'transfer-encoding'].includes(name))
        headers[name] = value;
    });
    log(
      `portal: ${sizes.PORTAL_CLIENTS} clients for ${sizes.PORTAL_SECONDS} s (${calls.length} DynamoDB calls a page)`,
    );
    const portal = await loadOf(link, sizes.PORTAL_CLIENTS, sizes.PORTAL_SECONDS);
    await quiet();
    // The handler alone, called in this process as the emulator calls it: what the API Gateway
    // emulator's HTTP server adds is the difference.
    const handlerOnly = await loadOfCalls(
      () => runtime.lambdas.invoke(pageFunction, pageEvent),
      sizes.PORTAL_CLIENTS,
      sizes.PORTAL_SECONDS,
    );
    await quiet();
    const floor = await floorServer(calls, body, headers);
    let bare: Awaited<ReturnType<typeof loadOf>>;
    try {
      bare = await loadOf(floor.url, sizes.PORTAL_CLIENTS, sizes.PORTAL_SECONDS);
    } finally {
      await floor.close();
    }
    results.portal = {
      throughput: round(portal.throughput, 1),
      p99Ms: round(portal.p99Ms, 1),
      floorThroughput: round(bare.throughput, 1),
      floorP99Ms: round(bare.p99Ms, 1),
    };
    results.portalDetail = {
      clients: sizes.PORTAL_CLIENTS,
      seconds: sizes.PORTAL_SECONDS,
      requests: portal.requests,
      errors: portal.errors,
      p50Ms: round(portal.p50Ms, 1),
      floorRequests: bare.requests,
      floorErrors: bare.errors,
      floorP50Ms: round(bare.p50Ms, 1),
      pageBytes: body.length,
      handlerOnlyThroughput: round(handlerOnly.throughput, 1),
      handlerOnlyP99Ms: round(handlerOnly.p99Ms, 1),
      reads: calls.map((call) => call.command),
    };
    log(JSON.stringify(results.portal));
  }

  if (sizes.BURST_INVOICES > 0) {
    log(`burst: ${sizes.BURST_INVOICES} invoices`);
    const accounts = Array.from({ length: sizes.BURST_INVOICES }, (_, i) => `LOAD-B-${i + 1}`);
    const memory = sampleMemory();
    const before = started.length;
    const from = performance.now();
    const putSeconds = await putInvoices(accounts);
    const debug = process.env.BURST_DEBUG
      ? setInterval(() => {
          const queues = [...BILLING_RULES.map((rule) => rule.id), EMAIL_EVENTS_INTAKE].map((id) => [
            id,
            runtime.sqs.messages(queueName(id)).length,
            runtime.sqs.messages(deadLetterQueueName(id)).length,
          ]);
          log(
            `debug: started ${started.length - before} inFlight ${meter.inFlight()} ${JSON.stringify(queues)}`,
          );
        }, 15_000)
      : undefined;
    let last = performance.now();
    try {
      last = await startedAfter(before, accounts.length);
    } catch (error) {
      results.errors.push(`burst: ${(error as Error).message} (${started.length - before} started)`);
    }
    const burstSeconds = seconds(from, last);
    await quiet(2000).catch((error) => results.errors.push(`burst: ${(error as Error).message}`));
    if (debug) clearInterval(debug);
    const peak = memory.stop();

    const deadLetters = [...BILLING_RULES.map((rule) => rule.id), EMAIL_EVENTS_INTAKE].reduce(
      (sum, id) => sum + runtime.sqs.messages(deadLetterQueueName(id)).length,
      0,
    );
    // Every execution, by account: exactly one case for each of the burst's accounts.
    const perAccount = new Map<string, number>();
    let failedExecutions = 0;
    let executions = 0;
    let nextToken: string | undefined;
    do {
      const out = await sfn.send(
        new ListExecutionsCommand({
          stateMachineArn: endpoints.stateMachineArn,
          maxResults: 1000,
          nextToken,
        }),
      );
      for (const execution of out.executions ?? []) {
        const account = /^(LOAD-B-\d+)-case-\d+$/.exec(execution.name ?? '')?.[1];
        if (!account) continue;
        executions += 1;
        perAccount.set(account, (perAccount.get(account) ?? 0) + 1);
        if (execution.status !== 'RUNNING' && execution.status !== 'SUCCEEDED') failedExecutions += 1;
      }
      nextToken = out.nextToken;
    } while (nextToken);
    // And in the table: one case item per account (a case doubled in the table but started once shows here).
    const caseItems = new Map<string, number>();
    let startKey: Record<string, ddb.AttributeValue> | undefined;
    do {
      const out = await raw.send(
        new ddb.ScanCommand({
          TableName: endpoints.tableName,
          FilterExpression: 'sk = :case AND begins_with(pk, :burst)',
          ExpressionAttributeValues: { ':case': { S: 'CASE' }, ':burst': { S: 'CASE#LOAD-B-' } },
          ProjectionExpression: 'pk, accountId',
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of out.Items ?? []) {
        const account = item.accountId?.S ?? '';
        caseItems.set(account, (caseItems.get(account) ?? 0) + 1);
      }
      startKey = out.LastEvaluatedKey;
    } while (startKey);
    const lost = accounts.filter((a) => !perAccount.get(a) || !caseItems.get(a)).length;
    const doubled = accounts.filter(
      (a) => (perAccount.get(a) ?? 0) > 1 || (caseItems.get(a) ?? 0) > 1,
    ).length;
    const cases = accounts.filter((a) => perAccount.get(a) === 1 && caseItems.get(a) === 1).length;
    results.burst = { invoices: accounts.length, cases, deadLetters, seconds: round(burstSeconds, 1) };
    results.burstDetail = {
      executions,
      lost,
      doubled,
      failedExecutions,
      putSeconds: round(putSeconds, 1),
      memory: peak,
    };
    log(JSON.stringify(results.burst));
  }
} catch (error) {
  results.errors.push((error as Error).stack ?? String(error));
} finally {
  meter.stop();
  await runtime.stop();
  rmSync(stateDir, { recursive: true, force: true });
  if (resultsFile) writeFileSync(resultsFile, JSON.stringify(results, null, 2));
  else console.log(JSON.stringify(results, null, 2));
}
process.exit(results.errors.length ? 1 : 0);

/** A key of the table in the low-level client's shape. */
function ddbKey(key: { pk: string; sk: string }): Record<string, ddb.AttributeValue> {
  return { pk: { S: key.pk }, sk: { S: key.sk } };
}
