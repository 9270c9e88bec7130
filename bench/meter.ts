/**
 * What the local runtime's functions use, counted as AWS would bill it, for the bench only:
 *  - Lambda: every invocation through the runtime's LambdaHost, with its measured handler time as
 *    the billed duration (locally there is no init or platform overhead to add; on two shared cores
 *    the time also includes waiting for the CPU, so it overstates AWS's) and its memory (lib/functions.ts).
 *  - DynamoDB: a middleware on the adapters' one client (functions/adapters/dynamodb/client.ts) that
 *    asks each call for ReturnConsumedCapacity (INDEXES) and adds up what it reports: DynamoDB Local
 *    bills an item per KB written and per 4 KB read, indexes included, transactions at twice the rate
 *    (bench/load.ts checks that against bench/cost.ts's writeUnits before it counts). A write whose
 *    condition fails reports nothing; it is counted as one unit, as AWS bills it.
 *  - Log bytes: what the handlers write to stdout/stderr while they run (Powertools' JSON lines and
 *    metrics), swallowed so the bench's output stays readable.
 *  - Secrets Manager and SNS calls: HTTP requests to their endpoints made inside an invocation.
 * Everything is attributed to a label chosen from the invocation's event (a scenario's account, say).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import diagnosticsChannel from 'node:diagnostics_channel';
import { appendFileSync } from 'node:fs';
import type { ClientRequest } from 'node:http';
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { dynamo } from '../functions/adapters/dynamodb/client.ts';
import { TABLE } from '../functions/contract/table.ts';
import { DEFAULT_MEMORY_MB, FUNCTIONS, type FunctionName } from '../lib/functions.ts';
import { type LambdaHost, localFunctionArn } from '../local/runtime/lambda-host.ts';
import {
  type AttributeValue,
  billedLambdaMs,
  itemBytes,
  transactionItemWriteUnits,
  writeUnits,
} from './cost.ts';

export type Tally = {
  lambda: Map<FunctionName, { invocations: number; billedMs: number; memoryMb: number }>;
  writeUnits: number;
  readUnits: number;
  /** Items written (a transaction's Puts, Updates and Deletes each count; condition checks do not). */
  writeItems: number;
  /** DynamoDB calls by command name. */
  calls: Map<string, number>;
  /** DynamoDB request units (writes and reads) by command name: where DynamoDB's money goes. */
  unitsByCommand: Map<string, number>;
  /** SQS requests of the event source mappings: the message's SendMessage, and a Receive and a Delete per batch. */
  sqsRequests: number;
  apiRequests: number;
  logBytes: number;
  secretsManagerCalls: number;
  snsPublishes: number;
};

export const emptyTally = (): Tally => ({
  lambda: new Map(),
  writeUnits: 0,
  readUnits: 0,
  writeItems: 0,
  calls: new Map(),
  unitsByCommand: new Map(),
  sqsRequests: 0,
  apiRequests: 0,
  logBytes: 0,
  secretsManagerCalls: 0,
  snsPublishes: 0,
});

type Context = { label: string; fn: FunctionName; recording?: RecordedCall[] };

/** A DynamoDB call as the adapters make it (for the portal's floor to make the same reads). */
export type RecordedCall = { command: string; input: Record<string, unknown> };
export type RecordedInvocation = { fn: FunctionName; event: unknown; calls: RecordedCall[] };

const WRITES = new Set(['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem', 'TransactWriteItems']);
const READS = new Set(['GetItem', 'Query', 'Scan', 'BatchGetItem', 'TransactGetItems']);

/** Items one write call writes (condition checks in a transaction are reads, not writes). */
function itemsWritten(command: string, input: Record<string, unknown>): number {
  if (command === 'TransactWriteItems')
    return ((input.TransactItems as Record<string, unknown>[] | undefined) ?? []).filter(
      (item) => !('ConditionCheck' in item),
    ).length;
  if (command === 'BatchWriteItem')
    return Object.values((input.RequestItems as Record<string, unknown[]>) ?? {}).reduce(
      (sum, requests) => sum + requests.length,
      0,
    );
  return 1;
}

type Consumed = { CapacityUnits?: number };

export type Meter = {
  /** The usage counted under this label so far (a fresh, empty one if none). */
  tally(label: string): Tally;
  labels(): string[];
  /** Every label's usage added up. */
  total(): Tally;
  /** Forget everything counted so far (between phases). */
  reset(): void;
  /** The next invocation `which` picks (its function, event and DynamoDB calls), once it has ended. */
  recordNext(which: (fn: FunctionName, event: unknown) => boolean): Promise<RecordedInvocation>;
  /** Invocations running now. */
  inFlight(): number;
  stop(): void;
};

/**
 * Starts counting. `labelOf` names who an invocation's event is about (undefined: 'shared').
 * `endpoints` are the runtime's Secrets Manager and SNS addresses.
 */
export function startMeter(
  host: LambdaHost,
  endpoints: { secretsmanager: string; sns: string; dynamodb: string },
  labelOf: (fn: FunctionName, event: unknown) => string | undefined,
  options: { billTransactions?: boolean } = {},
): Meter {
  const reader = new DynamoDBClient({
    endpoint: endpoints.dynamodb,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const storage = new AsyncLocalStorage<Context>();
  let tallies = new Map<string, Tally>();
  const tally = (label: string) => {
    let found = tallies.get(label);
    if (!found) {
      found = emptyTally();
      tallies.set(label, found);
    }
    return found;
  };

  // Lambda: every invocation, wherever it comes from (queues, streams, the engine, the API, schedules).
  const original = { invoke: host.invoke, invokeByArn: host.invokeByArn };
  const byArn = new Map(
    (Object.keys(FUNCTIONS) as FunctionName[]).map((name) => [localFunctionArn(name), name]),
  );
  let running = 0;
  const recorders: {
    which: (fn: FunctionName, event: unknown) => boolean;
    done: (recorded: RecordedInvocation) => void;
  }[] = [];
  async function metered(fn: FunctionName, event: unknown): Promise<unknown> {
    const label = labelOf(fn, event) ?? 'shared';
    const recorder = recorders.findIndex((r) => r.which(fn, event));
    const recording = recorder >= 0 ? recorders.splice(recorder, 1)[0] : undefined;
    const calls: RecordedCall[] = [];
    const here = tally(label);
    const records = (event as { Records?: { eventSource?: string }[] })?.Records;
    if (records?.[0]?.eventSource === 'aws:sqs') here.sqsRequests += records.length + 2;
    if ((event as { requestContext?: { http?: unknown } })?.requestContext?.http) here.apiRequests += 1;
    const started = performance.now();
    running += 1;
    try {
      return await storage.run({ label, fn, ...(recording ? { recording: calls } : {}) }, () =>
        original.invoke(fn, event),
      );
    } finally {
      running -= 1;
      recording?.done({ fn, event: structuredClone(event), calls });
      const spec = FUNCTIONS[fn] as { memoryMb?: number };
      const entry = here.lambda.get(fn) ?? {
        invocations: 0,
        billedMs: 0,
        memoryMb: spec.memoryMb ?? DEFAULT_MEMORY_MB,
      };
      entry.invocations += 1;
      entry.billedMs += billedLambdaMs(performance.now() - started);
      here.lambda.set(fn, entry);
    }
  }
  host.invoke = metered;
  host.invokeByArn = (arn, event) => {
    const fn = byArn.get(arn);
    return fn ? metered(fn, event) : original.invokeByArn(arn, event);
  };

  // DynamoDB: the consumed capacity of every call the adapters make.
  const middlewareName = 'benchConsumedCapacity';
  dynamo.middlewareStack.add(
    (next, context) => async (args) => {
      const here = storage.getStore();
      const command = String(context.commandName ?? '').replace(/Command$/, '');
      const input = args.input as Record<string, unknown>;
      if (!here || !(WRITES.has(command) || READS.has(command))) return next(args);
      here.recording?.push({ command, input: structuredClone(input) });
      // A scheduled run's work on one case's item (an email or a follow-up due later, such as the
      // workflow's start) is that case's; only what names no case (the sweep's queries) stays the
      // schedule's fixed cost.
      const label = here.label === 'schedule' ? (labelOf(here.fn, input) ?? here.label) : here.label;
      const counts = tally(label);
      counts.calls.set(command, (counts.calls.get(command) ?? 0) + 1);
      if (WRITES.has(command)) counts.writeItems += itemsWritten(command, input);
      input.ReturnConsumedCapacity = 'INDEXES';
      if (command === 'TransactWriteItems' && options.billTransactions) {
        // DynamoDB Local's figure for a transaction is not AWS's (bench/load.ts shows it): bill it
        // from the items' sizes before and after, as AWS does.
        const items = transactionKeys(input);
        const before = await Promise.all(items.map((item) => readItem(reader, item)));
        try {
          const out = await next(args);
          const after = await Promise.all(items.map((item) => readItem(reader, item)));
          // A condition check is billed as a transactional write of the item, but writes no index.
          const units = items.reduce(
            (sum, item, i) =>
              sum +
              (item.check ? writeUnits([itemBytes(before[i] ?? {})], true) : billed(before[i], after[i])),
            0,
          );
          // BENCH_TX_FILE=path keeps each transaction's items (key, size before and after, units).
          if (process.env.BENCH_TX_FILE)
            appendFileSync(
              process.env.BENCH_TX_FILE,
              `${JSON.stringify(
                items.map((item, i) => ({
                  label,
                  sk: item.Key.sk,
                  before: before[i] ? itemBytes(before[i]) : 0,
                  after: after[i] ? itemBytes(after[i]) : 0,
                  index: Boolean(before[i]?.gsi1pk || after[i]?.gsi1pk),
                  units: billed(before[i], after[i]),
                })),
              )}\n`,
            );
          counts.writeUnits += units;
          counts.unitsByCommand.set(command, (counts.unitsByCommand.get(command) ?? 0) + units);
          return out;
        } catch (error) {
          counts.writeUnits += items.reduce((sum, _item, i) => sum + billed(before[i], before[i]), 0);
          throw error;
        }
      }
      try {
        const out = await next(args);
        const consumed = (out.output as { ConsumedCapacity?: Consumed | Consumed[] }).ConsumedCapacity;
        const units = [consumed ?? []].flat().reduce((sum, c) => sum + (c.CapacityUnits ?? 0), 0);
        if (WRITES.has(command)) counts.writeUnits += units;
        else counts.readUnits += units;
        // BENCH_CALL_FILE=path keeps every other call (its label, command, key and units).
        if (process.env.BENCH_CALL_FILE)
          appendFileSync(
            process.env.BENCH_CALL_FILE,
            `${JSON.stringify({ label, command, key: input.Key ?? (input.Item as { sk?: unknown } | undefined)?.sk ?? input.KeyConditionExpression, update: input.UpdateExpression, units })}\n`,
          );
        counts.unitsByCommand.set(command, (counts.unitsByCommand.get(command) ?? 0) + units);
        return out;
      } catch (error) {
        // A write refused by its condition (or a cancelled transaction) is billed all the same.
        if (WRITES.has(command)) counts.writeUnits += itemsWritten(command, input);
        throw error;
      }
    },
    // After lib-dynamodb has marshalled the input: the low-level call, as it goes on the wire.
    { step: 'serialize', name: middlewareName, priority: 'high' },
  );

  const logFile = process.env.BENCH_LOG_FILE;
  // Log lines: what a handler writes while it runs goes to CloudWatch Logs on AWS.
  const streams = [process.stdout, process.stderr];
  const writes = streams.map((stream) => stream.write);
  for (const [i, stream] of streams.entries()) {
    const write = writes[i] as typeof stream.write;
    stream.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      const here = storage.getStore();
      if (!here) return (write as (...args: unknown[]) => boolean).call(stream, chunk, ...rest);
      tally(here.label).logBytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.byteLength;
      // BENCH_LOG_FILE=path keeps what the handlers logged (to look into a run).
      if (logFile) appendFileSync(logFile, chunk);
      const callback = rest.find((arg) => typeof arg === 'function') as (() => void) | undefined;
      callback?.();
      return true;
    }) as typeof stream.write;
  }

  // Secrets Manager and SNS: requests to their endpoints from inside an invocation.
  const secretsHost = new URL(endpoints.secretsmanager).host;
  const snsHost = new URL(endpoints.sns).host;
  const onRequest = (message: unknown) => {
    const here = storage.getStore();
    if (!here) return;
    const request = (message as { request: ClientRequest }).request;
    const header = String(request.getHeader('host') ?? '');
    if (header === secretsHost) tally(here.label).secretsManagerCalls += 1;
    else if (header === snsHost) tally(here.label).snsPublishes += 1;
  };
  diagnosticsChannel.subscribe('http.client.request.start', onRequest);

  return {
    tally,
    labels: () => [...tallies.keys()],
    total() {
      const sum = emptyTally();
      for (const t of tallies.values()) addTally(sum, t);
      return sum;
    },
    reset() {
      tallies = new Map();
    },
    recordNext(which) {
      return new Promise((done) => recorders.push({ which, done }));
    },
    inFlight: () => running,
    stop() {
      host.invoke = original.invoke;
      host.invokeByArn = original.invokeByArn;
      dynamo.middlewareStack.remove(middlewareName);
      for (const [i, stream] of streams.entries()) stream.write = writes[i] as typeof stream.write;
      diagnosticsChannel.unsubscribe('http.client.request.start', onRequest);
      reader.destroy();
    },
  };
}

type Item = Record<string, AttributeValue>;
// Keys arrive as the document client's plain strings; items read back are low-level.
type KeyOf = { TableName: string; Key: Item; check?: boolean };

/** The table and key of each item of a TransactWriteItems. */
function transactionKeys(input: Record<string, unknown>): KeyOf[] {
  return ((input.TransactItems as Record<string, Record<string, unknown>>[] | undefined) ?? []).flatMap(
    (entry) => {
      const [operation] = Object.values(entry);
      if (!operation) return [];
      const TableName = String(operation.TableName);
      const item = operation.Item as Item | undefined;
      const Key = (operation.Key as Item | undefined) ?? { pk: item?.pk ?? {}, sk: item?.sk ?? {} };
      return [{ TableName, Key, ...('ConditionCheck' in entry ? { check: true } : {}) }];
    },
  );
}

async function readItem(reader: DynamoDBClient, { TableName, Key }: KeyOf): Promise<Item | undefined> {
  try {
    // The adapters' input is the document client's (plain values; it marshals after this middleware).
    const key = Object.fromEntries(
      Object.entries(Key).map(([name, value]) => [name, typeof value === 'string' ? { S: value } : value]),
    );
    const out = await reader.send(new GetItemCommand({ TableName, Key: key as never, ConsistentRead: true }));
    return out.Item as Item | undefined;
  } catch {
    // Not to be read (it never is, but a meter must not break the system it measures): unsized.
    return undefined;
  }
}

/** What one transaction item costs on AWS, from the item before and after (with its index writes). */
function billed(before: Item | undefined, after: Item | undefined): number {
  const size = (item: Item | undefined) => (item ? itemBytes(item) : 0);
  const projected = (item: Item | undefined) => {
    if (!item) return 0;
    const { pk, sk, gsi2pk, gsi2sk } = item;
    const kept = Object.fromEntries(
      TABLE.byQueueIndex.projected.flatMap((name) => (item[name] ? [[name, item[name]]] : [])),
    );
    return itemBytes({
      ...(pk && { pk }),
      ...(sk && { sk }),
      ...(gsi2pk && { gsi2pk }),
      ...(gsi2sk && { gsi2sk }),
      ...kept,
    });
  };
  const indexes: number[] = [];
  if (before?.gsi1pk || after?.gsi1pk)
    indexes.push(Math.max(before?.gsi1pk ? size(before) : 0, after?.gsi1pk ? size(after) : 0));
  if (before?.gsi2pk || after?.gsi2pk) indexes.push(Math.max(projected(before), projected(after)));
  return transactionItemWriteUnits(size(before), size(after), indexes);
}

/** Adds `b` into `a`. */
export function addTally(a: Tally, b: Tally): Tally {
  for (const [fn, entry] of b.lambda) {
    const into = a.lambda.get(fn) ?? { invocations: 0, billedMs: 0, memoryMb: entry.memoryMb };
    into.invocations += entry.invocations;
    into.billedMs += entry.billedMs;
    a.lambda.set(fn, into);
  }
  for (const [command, n] of b.calls) a.calls.set(command, (a.calls.get(command) ?? 0) + n);
  for (const [command, n] of b.unitsByCommand)
    a.unitsByCommand.set(command, (a.unitsByCommand.get(command) ?? 0) + n);
  a.writeUnits += b.writeUnits;
  a.readUnits += b.readUnits;
  a.writeItems += b.writeItems;
  a.sqsRequests += b.sqsRequests;
  a.apiRequests += b.apiRequests;
  a.logBytes += b.logBytes;
  a.secretsManagerCalls += b.secretsManagerCalls;
  a.snsPublishes += b.snsPublishes;
  return a;
}

/** A tally scaled by `factor` (a share of what several cases used together). */
export function scaleTally(t: Tally, factor: number): Tally {
  const scaled = emptyTally();
  for (const [fn, entry] of t.lambda)
    scaled.lambda.set(fn, {
      invocations: entry.invocations * factor,
      billedMs: entry.billedMs * factor,
      memoryMb: entry.memoryMb,
    });
  for (const [command, n] of t.calls) scaled.calls.set(command, n * factor);
  for (const [command, n] of t.unitsByCommand) scaled.unitsByCommand.set(command, n * factor);
  scaled.writeUnits = t.writeUnits * factor;
  scaled.readUnits = t.readUnits * factor;
  scaled.writeItems = t.writeItems * factor;
  scaled.sqsRequests = t.sqsRequests * factor;
  scaled.apiRequests = t.apiRequests * factor;
  scaled.logBytes = t.logBytes * factor;
  scaled.secretsManagerCalls = t.secretsManagerCalls * factor;
  scaled.snsPublishes = t.snsPublishes * factor;
  return scaled;
}
