import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseRecord } from '../../functions/domain/case.ts';
import { queueEntry } from '../../functions/domain/queues.ts';
import type { Cases, TimelineEntry } from '../../functions/ports/case-store.ts';
import type { LocalDynamo } from '../../local/dynamodb/index.ts';
import { inMemoryCases } from '../support/in-memory-ports.ts';
import { startLocalTable } from '../support/local-table.ts';

/**
 * A hand-over must not wipe the reply waiting on the case (a write-off, a payment, a credit recorded
 * a moment before the workflow decided to hand the case over): "Wait for a person to act" takes a
 * closing reply at once, so the case still closes. The adapter (DynamoDB Local) and the in-memory
 * port the unit tests use must agree on it. And a case that closes or is placed leaves the work
 * queues it is in (and only those), read and deleted around the same transactions.
 */
const TABLE_NAME = 'hold-for-person-test';
let dynamo: LocalDynamo;
let adapter: Cases;
let putItem: (record: CaseRecord) => Promise<void>;
let client: typeof import('../../functions/adapters/dynamodb/client.ts').dynamo;
/** What each transaction of the adapter writes (its items' keys and kinds), in order. */
const transactions: { kind: string; sk: string }[][] = [];
/** Runs once before the next transaction goes out (to write something "meanwhile"). */
let beforeNextTransaction: (() => Promise<void>) | undefined;

beforeAll(async () => {
  dynamo = await startLocalTable(TABLE_NAME);
  const { dynamoCases } = await import('../../functions/adapters/dynamodb/cases.ts');
  const { caseItem } = await import('../../functions/adapters/dynamodb/case-item.ts');
  client = (await import('../../functions/adapters/dynamodb/client.ts')).dynamo;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === 'TransactWriteItemsCommand') {
        const items = (
          args.input as {
            TransactItems: Record<string, { Key?: { sk: unknown }; Item?: { sk: unknown } }>[];
          }
        ).TransactItems;
        transactions.push(
          items.map((item) => {
            const [kind, write] = Object.entries(item)[0] ?? ['', {}];
            const sk = write.Key?.sk ?? write.Item?.sk;
            // Marshalled ({ S: ... }) or not, depending on where lib-dynamodb's step runs.
            return { kind, sk: typeof sk === 'string' ? sk : String((sk as { S?: string } | undefined)?.S) };
          }),
        );
        const meanwhile = beforeNextTransaction;
        beforeNextTransaction = undefined;
        await meanwhile?.();
      }
      return next(args);
    },
    { step: 'initialize', name: 'recordTransactions' },
  );
  adapter = dynamoCases(TABLE_NAME);
  putItem = async (record) => {
    await client.send(new PutCommand({ TableName: TABLE_NAME, Item: caseItem(record) }));
  };
}, 60_000);

afterAll(async () => {
  await dynamo?.close();
});

const writtenOff = (caseId: string): CaseRecord => ({
  caseId,
  accountId: `ACC-${caseId}`,
  caseNumber: 1,
  status: 'open',
  rung: 'firm',
  balance: { amount: 12_000, currency: 'GBP' },
  invoices: [
    { invoiceId: `INV-${caseId}`, amountDue: { amount: 12_000, currency: 'GBP' }, dueDate: '2026-11-01' },
  ],
  debtor: { name: 'Ana Ruiz', email: 'ana@example.com', locale: 'en', timeZone: 'UTC', segment: 'consumer' },
  openedAt: '2026-11-05T10:00:00.000Z',
  writtenOff: { at: '2026-11-20T10:00:00.000Z', by: 'supervisor@example.com' },
  // The write-off's reply, recorded while the workflow was between two states (no token to give it to).
  pendingReply: { id: 'staff-write-off-1', outcome: 'credited', reason: 'written-off' },
  taskToken: 'token-of-the-rung',
  waitingState: 'Wait for a reply',
  executionName: `${caseId}-exec`,
  version: 7,
});

const handedOver = (): TimelineEntry => ({
  type: 'HandedToPerson',
  at: '2026-11-20T10:00:01.000Z',
  entryId: 'handed-contact-failed',
  data: { reason: 'contact-failed' },
});

describe('holdForPerson keeps the reply waiting on the case', () => {
  it('in DynamoDB (the adapter): held for a person, the token gone, the write-off reply still there', async () => {
    const record = writtenOff('HFP-1');
    await putItem(record);
    await adapter.holdForPerson(
      record,
      handedOver(),
      queueEntry(record, 'handed-to-person', '2026-11-20T10:00:01.000Z', { reason: 'contact-failed' }),
    );
    const held = await adapter.getCase(record.caseId);
    expect(held?.status).toBe('held-for-person');
    expect(held?.taskToken).toBeUndefined();
    expect(held?.waitingState).toBeUndefined();
    expect(held?.pendingReply).toEqual(record.pendingReply);
    expect(held?.writtenOff).toEqual(record.writtenOff);
    const timeline = await adapter.timeline(record.caseId);
    expect(timeline.map((entry) => entry.type)).toContain('HandedToPerson');
  });

  it('in DynamoDB: a case no longer open is not handed over (and keeps its reply)', async () => {
    const record = { ...writtenOff('HFP-2'), status: 'written-off' as const };
    await putItem(record);
    await adapter
      .holdForPerson(
        record,
        handedOver(),
        queueEntry(record, 'handed-to-person', '2026-11-20T10:00:01.000Z', { reason: 'contact-failed' }),
      )
      .catch(() => undefined);
    const after = await adapter.getCase(record.caseId);
    expect(after?.status).toBe('written-off');
    expect(after?.pendingReply).toEqual(record.pendingReply);
  });

  it('in the in-memory port the unit tests use: the same', async () => {
    const record = writtenOff('HFP-3');
    const memory = inMemoryCases();
    memory.put(record);
    await memory.store.holdForPerson(
      record,
      handedOver(),
      queueEntry(record, 'handed-to-person', '2026-11-20T10:00:01.000Z', { reason: 'contact-failed' }),
    );
    const held = await memory.store.getCase(record.caseId);
    expect(held?.status).toBe('held-for-person');
    expect(held?.taskToken).toBeUndefined();
    expect(held?.pendingReply).toEqual(record.pendingReply);
  });
});

/**
 * Issue 15: a case that closes (or is placed with the agency) leaves the work queues it is in, not
 * all eight: a delete in a transaction costs two write units whether the item is there or not.
 */
describe('a case that closes leaves the work queues it is in, and only those', () => {
  const queueItems = async (caseId: string) => {
    const out = await client.send(
      new QueryCommand({
        TableName: TABLE_NAME,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :queue)',
        ExpressionAttributeValues: { ':pk': `CASE#${caseId}`, ':queue': 'QUEUE#' },
        ConsistentRead: true,
      }),
    );
    return (out.Items ?? []).map((item) => item.sk);
  };
  /** A case's queue item as a change that puts it in the queue writes it (queues.ts queueWrites). */
  const putQueueItem = (caseId: string, queue: string) =>
    client.send(
      new PutCommand({
        TableName: TABLE_NAME,
        Item: { pk: `CASE#${caseId}`, sk: `QUEUE#${queue}`, gsi2pk: `QUEUE#${queue}`, gsi2sk: `x#${caseId}` },
      }),
    );
  const paid = (caseId: string): TimelineEntry => ({
    type: 'CaseClosed',
    at: '2026-11-21T10:00:00.000Z',
    entryId: `closed-${caseId}`,
    data: { status: 'paid' },
  });
  /** An open case, and its account's item naming it as the account's open case (the close clears it). */
  const open = (caseId: string): CaseRecord => {
    const { writtenOff: _w, pendingReply: _p, ...record } = writtenOff(caseId);
    return record;
  };
  const putOpen = async (record: CaseRecord) => {
    await putItem(record);
    await client.send(
      new PutCommand({
        TableName: TABLE_NAME,
        Item: { pk: `ACCOUNT#${record.accountId}`, sk: 'ACCOUNT', openCaseId: record.caseId },
      }),
    );
  };

  it('a case in no queue closes without a delete for any queue', async () => {
    const record = open('QC-1');
    await putOpen(record);
    transactions.length = 0;
    expect(await adapter.closeCase(record, 'paid', paid(record.caseId))).toBe(true);
    expect(transactions).toHaveLength(1);
    expect(transactions[0]?.map((item) => item.sk.split('#')[0])).toEqual(['CASE', 'ACCOUNT', 'TIMELINE']);
    expect((await adapter.getCase(record.caseId))?.status).toBe('paid');
  });

  it('a case held for a person closes out of its queue, and deletes nothing else', async () => {
    const record = open('QC-2');
    await putOpen(record);
    await adapter.holdForPerson(
      record,
      handedOver(),
      queueEntry(record, 'handed-to-person', '2026-11-20T10:00:01.000Z', { reason: 'contact-failed' }),
    );
    expect(await queueItems(record.caseId)).toEqual(['QUEUE#handed-to-person']);
    const held = await adapter.getCase(record.caseId);
    if (!held) throw new Error('the case is gone');
    transactions.length = 0;
    expect(await adapter.closeCase(held, 'paid', paid(record.caseId))).toBe(true);
    expect(transactions[0]?.filter((item) => item.sk.startsWith('QUEUE#'))).toEqual([
      { kind: 'Delete', sk: 'QUEUE#handed-to-person' },
    ]);
    expect(await queueItems(record.caseId)).toEqual([]);
  });

  it('a queue entered between the read and the close is left too (the close is not on a version)', async () => {
    const record = open('QC-3');
    await putOpen(record);
    // A dispute recorded just before the close's transaction goes out: the case is still open.
    beforeNextTransaction = async () => {
      await putQueueItem(record.caseId, 'disputes');
    };
    expect(await adapter.closeCase(record, 'paid', paid(record.caseId))).toBe(true);
    expect(await queueItems(record.caseId)).toEqual([]);
  });

  it('a placement with the agency leaves the queues the case is in', async () => {
    const record = open('QC-4');
    await putItem(record);
    await putQueueItem(record.caseId, 'callbacks');
    transactions.length = 0;
    const placed = await adapter.placeWithAgency(
      record,
      { agencyId: 'acme', placedAt: '2026-11-21T10:00:00.000Z', termDays: 90 },
      { type: 'PlacedWithAgency', at: '2026-11-21T10:00:00.000Z', entryId: 'placed-QC-4' },
    );
    expect(placed).toBe(true);
    expect(transactions[0]?.filter((item) => item.sk.startsWith('QUEUE#'))).toEqual([
      { kind: 'Delete', sk: 'QUEUE#callbacks' },
    ]);
    expect(await queueItems(record.caseId)).toEqual([]);
  });
});
