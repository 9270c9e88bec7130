import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keys } from '../../functions/contract/table.ts';
import type { OutcomeFacts } from '../../functions/domain/outcomes.ts';
import type { OutcomeCounters } from '../../functions/ports/outcomes.ts';
import type { StreamedOutcomeEntry } from '../../functions/use-cases/record-outcomes.ts';
import type { LocalDynamo } from '../../local/dynamodb/index.ts';
import { startLocalTable } from '../support/local-table.ts';

/**
 * The Outcomes page's counters (issue 15) on DynamoDB Local: a stream batch's entries are counted in
 * one transaction (each entry's mark, one addition per day and segment), read back by `period` as
 * the sums; a batch retried after part of it was counted adds nothing twice; a batch too big for
 * one transaction is split; and a rebuilt day still replaces every shard.
 */
const TABLE_NAME = 'outcome-counters-test';
let dynamo: LocalDynamo;
let counters: OutcomeCounters;
let client: typeof import('../../functions/adapters/dynamodb/client.ts').dynamo;
let recordOutcomes: typeof import('../../functions/use-cases/record-outcomes.ts').recordOutcomes;
/** Each transaction the adapter sent: how many items, and whether it was written or cancelled. */
const transactions: { items: number; written: boolean }[] = [];

beforeAll(async () => {
  dynamo = await startLocalTable(TABLE_NAME);
  const { dynamoOutcomeCounters } = await import('../../functions/adapters/dynamodb/outcomes.ts');
  ({ recordOutcomes } = await import('../../functions/use-cases/record-outcomes.ts'));
  client = (await import('../../functions/adapters/dynamodb/client.ts')).dynamo;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName !== 'TransactWriteItemsCommand') return next(args);
      const items = (args.input as { TransactItems: unknown[] }).TransactItems.length;
      try {
        const out = await next(args);
        transactions.push({ items, written: true });
        return out;
      } catch (error) {
        transactions.push({ items, written: false });
        throw error;
      }
    },
    { step: 'initialize', name: 'recordTransactions' },
  );
  counters = dynamoOutcomeCounters(TABLE_NAME);
}, 60_000);

afterAll(async () => {
  await dynamo?.close();
});

const caseFacts: Record<string, OutcomeFacts> = {
  'C-1': { segment: 'consumer', openedAt: '2026-10-01T09:00:00.000Z' },
  'C-2': { segment: 'consumer', openedAt: '2026-10-02T09:00:00.000Z' },
  'C-3': { segment: 'enterprise', openedAt: '2026-10-02T09:00:00.000Z' },
};
const facts = async (caseId: string) => caseFacts[caseId];

/** Entries of three cases over two days of `month` (two segments): ten records of a stream batch. */
const batchOf = (month: string): StreamedOutcomeEntry[] => [
  { caseId: 'C-1', messageKey: 'opened', type: 'CaseOpened', at: `${month}-01T09:00:00.000Z` },
  { caseId: 'C-1', messageKey: 'sent-1', type: 'EmailSent', at: `${month}-01T10:00:00.000Z` },
  { caseId: 'C-2', messageKey: 'sent-2', type: 'EmailSent', at: `${month}-01T11:00:00.000Z` },
  { caseId: 'C-3', messageKey: 'sent-3', type: 'EmailSent', at: `${month}-01T11:00:00.000Z` },
  {
    caseId: 'C-2',
    messageKey: 'paid',
    type: 'PaymentReceived',
    at: `${month}-02T08:00:00.000Z`,
    data: { amount: { amount: 1_500, currency: 'GBP' } },
  },
  {
    caseId: 'C-1',
    messageKey: 'paid',
    type: 'PaymentReceived',
    at: `${month}-02T09:00:00.000Z`,
    data: { amount: { amount: 2_500, currency: 'GBP' } },
  },
  { caseId: 'C-1', messageKey: 'sent-4', type: 'EmailSent', at: `${month}-02T10:00:00.000Z` },
  { caseId: 'C-3', messageKey: 'promise', type: 'PromiseMade', at: `${month}-02T10:00:00.000Z` },
  // A case gone: left out.
  { caseId: 'C-9', messageKey: 'sent-9', type: 'EmailSent', at: `${month}-02T10:00:00.000Z` },
  { caseId: 'C-2', messageKey: 'sent-5', type: 'EmailSent', at: `${month}-02T12:00:00.000Z` },
];

/** What batchOf(month) adds up to, per segment and day. */
const sumsOf = (month: string) => ({
  consumer: [
    { day: `${month}-01`, counts: { opened: 1, contacts: 2 } },
    { day: `${month}-02`, counts: { collected_GBP: 4_000, contacts: 2 } },
  ],
  enterprise: [
    { day: `${month}-01`, counts: { contacts: 1 } },
    { day: `${month}-02`, counts: { promisesMade: 1 } },
  ],
});

const read = async (month: string) => ({
  consumer: await counters.period('consumer', `${month}-01`, `${month}-28`),
  enterprise: await counters.period('enterprise', `${month}-01`, `${month}-28`),
});

describe('a stream batch counted together', () => {
  it('is one transaction of every entry’s mark and one addition per day and segment, read back as the sums', async () => {
    transactions.length = 0;
    const outcomes = await recordOutcomes(batchOf('2026-11'), facts, { counters });
    expect(outcomes.filter(Boolean)).toStrictEqual([]);
    // Nine marks, four counter items (two days of two segments): 26 write units, not 36.
    expect(transactions).toStrictEqual([{ items: 9 + 4, written: true }]);
    expect(await read('2026-11')).toStrictEqual(sumsOf('2026-11'));
  });

  it('retried after part of it was counted, adds only the rest; retried again, adds nothing', async () => {
    const batch = batchOf('2026-12');
    // A first try that got as far as these (a bisected batch, or a batch retried from its middle).
    await recordOutcomes([batch[1], batch[4], batch[7]] as StreamedOutcomeEntry[], facts, { counters });
    transactions.length = 0;
    const outcomes = await recordOutcomes(batch, facts, { counters });
    const already = 'counted already';
    expect(outcomes).toStrictEqual([
      undefined,
      already,
      undefined,
      undefined,
      already,
      undefined,
      undefined,
      already,
      undefined,
      undefined,
    ]);
    // Cancelled on the marks counted already, then written without them.
    expect(transactions).toStrictEqual([
      { items: 9 + 4, written: false },
      { items: 6 + 3, written: true },
    ]);
    expect(await read('2026-12')).toStrictEqual(sumsOf('2026-12'));

    transactions.length = 0;
    expect((await recordOutcomes(batch, facts, { counters })).filter(Boolean)).toHaveLength(9);
    expect(transactions).toStrictEqual([{ items: 9 + 4, written: false }]);
    expect(await read('2026-12')).toStrictEqual(sumsOf('2026-12'));
  });

  it('spreads batches over a day’s shards, and a rebuilt day replaces them all', async () => {
    const entries = Array.from({ length: 40 }, (_, i) => ({
      caseId: 'C-2',
      messageKey: `sent-${i}`,
      type: 'EmailSent',
      at: `2027-01-05T10:${String(i).padStart(2, '0')}:00.000Z`,
    }));
    // Ten batches of four (each its own shard, by its first entry).
    for (let i = 0; i < entries.length; i += 4)
      await recordOutcomes(entries.slice(i, i + 4), facts, { counters });
    const day = keys.outcomeDay('consumer', '2027-01-05');
    const items = await client.send(
      new QueryCommand({
        TableName: TABLE_NAME,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :day)',
        ExpressionAttributeValues: { ':pk': day.pk, ':day': day.sk },
      }),
    );
    expect(items.Items?.length).toBeGreaterThan(1);
    expect(await counters.period('consumer', '2027-01-05', '2027-01-05')).toStrictEqual([
      { day: '2027-01-05', counts: { contacts: 40 } },
    ]);
    await counters.replaceDay('consumer', '2027-01-05', { contacts: 7 });
    expect(await counters.period('consumer', '2027-01-05', '2027-01-05')).toStrictEqual([
      { day: '2027-01-05', counts: { contacts: 7 } },
    ]);
  });

  it('too big for one transaction, is split, each entry counted exactly once', async () => {
    const entries = Array.from({ length: 150 }, (_, i) => ({
      segment: 'enterprise' as const,
      day: `2027-02-${String(1 + (i % 20)).padStart(2, '0')}`,
      increments: { contacts: 1, collected_EUR: i },
      counted: { caseId: `C-${i % 7}`, entryKey: `2027-02#${i}` },
    }));
    transactions.length = 0;
    expect(await counters.addBatch(entries, 'big-batch')).toStrictEqual({ added: 150, duplicates: [] });
    expect(transactions.length).toBeGreaterThan(1);
    expect(transactions.every(({ items, written }) => written && items <= 90)).toBe(true);
    const days = await counters.period('enterprise', '2027-02-01', '2027-02-28');
    expect(days).toHaveLength(20);
    expect(days.reduce((sum, { counts }) => sum + (counts.contacts ?? 0), 0)).toBe(150);
    expect(days.reduce((sum, { counts }) => sum + (counts.collected_EUR ?? 0), 0)).toBe((149 * 150) / 2);
    // Retried whole: every entry counted already, nothing added.
    expect((await counters.addBatch(entries, 'another-shard')).duplicates).toHaveLength(150);
    expect(await counters.period('enterprise', '2027-02-01', '2027-02-28')).toStrictEqual(days);
  });
});
