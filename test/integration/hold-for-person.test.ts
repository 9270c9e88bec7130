import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseRecord } from '../../functions/domain/case.ts';
import { queueEntry } from '../../functions/domain/queues.ts';
import type { Cases, TimelineEntry } from '../../functions/ports/case-store.ts';
import {
  createCollectionsTable,
  LOCAL_CREDENTIALS,
  type LocalDynamo,
  startDynamoDbLocal,
} from '../../local/dynamodb/index.ts';
import { LOCAL_REGION } from '../../local/http-server.ts';
import { inMemoryCases } from '../support/in-memory-ports.ts';

/**
 * A hand-over must not wipe the reply waiting on the case (a write-off, a payment, a credit recorded
 * a moment before the workflow decided to hand the case over): "Wait for a person to act" takes a
 * closing reply at once, so the case still closes. The adapter (DynamoDB Local) and the in-memory
 * port the unit tests use must agree on it.
 */
const TABLE_NAME = 'hold-for-person-test';
let dynamo: LocalDynamo;
let adapter: Cases;
let putItem: (record: CaseRecord) => Promise<void>;

beforeAll(async () => {
  dynamo = await startDynamoDbLocal();
  await createCollectionsTable(dynamo.url, TABLE_NAME);
  // The adapters' one client reads its endpoint from the SDK's standard variables, as on Lambda.
  process.env.AWS_ENDPOINT_URL_DYNAMODB = dynamo.url;
  process.env.AWS_REGION = LOCAL_REGION;
  process.env.AWS_ACCESS_KEY_ID = LOCAL_CREDENTIALS.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = LOCAL_CREDENTIALS.secretAccessKey;
  const { dynamoCases } = await import('../../functions/adapters/dynamodb/cases.ts');
  const { caseItem } = await import('../../functions/adapters/dynamodb/case-item.ts');
  const { dynamo: client } = await import('../../functions/adapters/dynamodb/client.ts');
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
