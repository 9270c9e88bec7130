import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import type { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { dynamo } from '../../functions/adapters/dynamodb/client.ts';
import { dynamoOutcomeCounters, MAX_COUNTING_ITEMS } from '../../functions/adapters/dynamodb/outcomes.ts';
import { keys, OUTCOME_SHARDS, shardOf } from '../../functions/contract/table.ts';
import type { Increments, OutcomeFacts } from '../../functions/domain/outcomes.ts';
import { processTableStreamTogether } from '../../functions/handlers/middleware/table-stream.ts';
import type { Counted, CountedEntry, OutcomeCounters } from '../../functions/ports/outcomes.ts';
import { logger } from '../../functions/shared/logger.ts';
import { outcomeFactsReader, recordOutcomes } from '../../functions/use-cases/record-outcomes.ts';

/**
 * A stream batch's outcome entries are counted together (issue 15): one call of the counters per
 * batch, one transaction holding every entry's mark and one addition per day and segment, each
 * entry counted once however often its record comes, and a batch that fails retried as a whole.
 */
const markOf = (counted: Counted) => `${counted.caseId}#${counted.entryKey}`;

/** Counters in memory that count as the table does: per day and segment, each entry's mark once. */
function countersInMemory(failWith?: Error) {
  const calls: { entries: CountedEntry[]; shardKey: string }[] = [];
  const marks = new Set<string>();
  const days = new Map<string, Increments>();
  const counters: OutcomeCounters = {
    async addBatch(entries, shardKey) {
      calls.push({ entries: [...entries], shardKey });
      if (failWith) throw failWith;
      const duplicates = entries.filter((entry) => marks.has(markOf(entry.counted)));
      for (const entry of entries) {
        if (marks.has(markOf(entry.counted))) continue;
        marks.add(markOf(entry.counted));
        const day = days.get(`${entry.segment} ${entry.day}`) ?? {};
        for (const [name, value] of Object.entries(entry.increments)) day[name] = (day[name] ?? 0) + value;
        days.set(`${entry.segment} ${entry.day}`, day);
      }
      return {
        added: entries.length - duplicates.length,
        duplicates: duplicates.map((entry) => entry.counted),
      };
    },
    period: async () => [],
    replaceDay: async () => undefined,
  };
  return { counters, calls, days: () => Object.fromEntries(days) };
}

const caseFacts: Record<string, OutcomeFacts | undefined> = {
  'C-1': { segment: 'consumer', openedAt: '2026-11-01T09:00:00.000Z' },
  'C-2': { segment: 'enterprise', openedAt: '2026-11-02T09:00:00.000Z', commitment: 'plan' },
};

const batch = [
  { caseId: 'C-1', messageKey: 'opened', type: 'CaseOpened', at: '2026-11-01T09:00:00.000Z' },
  { caseId: 'C-1', messageKey: 'sent-1', type: 'EmailSent', at: '2026-11-01T10:00:00.000Z' },
  { caseId: 'C-2', messageKey: 'sent-2', type: 'EmailSent', at: '2026-11-02T10:00:00.000Z' },
  { caseId: 'C-1', messageKey: 'sent-3', type: 'EmailSent', at: '2026-11-02T11:00:00.000Z' },
  // A case gone, and an entry with no time: left out, never guessed.
  { caseId: 'C-9', messageKey: 'sent-9', type: 'EmailSent', at: '2026-11-02T11:00:00.000Z' },
  { caseId: 'C-1', messageKey: 'untimed', type: 'EmailSent' },
  {
    caseId: 'C-2',
    messageKey: 'paid',
    type: 'PaymentReceived',
    at: '2026-11-02T12:00:00.000Z',
    data: { amount: { amount: 2_500, currency: 'GBP' } },
  },
  {
    caseId: 'C-2',
    messageKey: 'resolved',
    type: 'CaseResolved',
    at: '2026-11-02T12:00:00.000Z',
    data: { resolution: 'paid' },
  },
  { caseId: 'C-1', messageKey: 'sent-4', type: 'EmailSent', at: '2026-11-01T15:00:00.000Z' },
];

describe('recording a stream batch of entries', () => {
  it('counts the batch in one call, the sums per day and segment', async () => {
    const { counters, calls, days } = countersInMemory();
    const facts = async (caseId: string) => caseFacts[caseId];
    expect(await recordOutcomes(batch, facts, { counters })).toStrictEqual(batch.map(() => undefined));
    expect(calls).toHaveLength(1);
    expect(calls[0]?.entries.map((entry) => entry.counted)).toStrictEqual([
      { caseId: 'C-1', entryKey: '2026-11-01T09:00:00.000Z#opened' },
      { caseId: 'C-1', entryKey: '2026-11-01T10:00:00.000Z#sent-1' },
      { caseId: 'C-2', entryKey: '2026-11-02T10:00:00.000Z#sent-2' },
      { caseId: 'C-1', entryKey: '2026-11-02T11:00:00.000Z#sent-3' },
      { caseId: 'C-2', entryKey: '2026-11-02T12:00:00.000Z#paid' },
      { caseId: 'C-2', entryKey: '2026-11-02T12:00:00.000Z#resolved' },
      { caseId: 'C-1', entryKey: '2026-11-01T15:00:00.000Z#sent-4' },
    ]);
    // The batch's shard is picked by its first entry, not by each entry's case.
    expect(calls[0]?.shardKey).toBe('C-1#2026-11-01T09:00:00.000Z#opened');
    expect(days()).toStrictEqual({
      'consumer 2026-11-01': { opened: 1, contacts: 2 },
      'consumer 2026-11-02': { contacts: 1 },
      'enterprise 2026-11-02': {
        contacts: 1,
        collected_GBP: 2_500,
        resolved_paid: 1,
        days_0: 1,
        plansCompleted: 1,
      },
    });
  });

  it('counts a retried batch’s new entries only: the others are counted already', async () => {
    const { counters, calls, days } = countersInMemory();
    const facts = async (caseId: string) => caseFacts[caseId];
    // The first three were counted before (a batch that failed after them, or bisected).
    await recordOutcomes(batch.slice(0, 3), facts, { counters });
    const outcomes = await recordOutcomes(batch, facts, { counters });
    expect(outcomes).toStrictEqual([
      'counted already',
      'counted already',
      'counted already',
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
    expect(calls).toHaveLength(2);
    expect(days()['consumer 2026-11-01']).toStrictEqual({ opened: 1, contacts: 2 });
    expect(days()['enterprise 2026-11-02']?.contacts).toBe(1);
    // Again, and nothing more is added.
    const before = JSON.stringify(days());
    expect((await recordOutcomes(batch, facts, { counters })).filter(Boolean)).toHaveLength(7);
    expect(JSON.stringify(days())).toBe(before);
  });

  it('leaves out cases gone, segments the counters do not know and entries that count for nothing', async () => {
    const { counters, calls } = countersInMemory();
    const cases: Record<string, unknown> = {
      'C-1': { caseId: 'C-1', debtor: { segment: 'consumer' }, openedAt: '2026-11-01T00:00:00.000Z' },
      'C-3': { caseId: 'C-3', debtor: { segment: 'galactic' }, openedAt: '2026-11-01T00:00:00.000Z' },
    };
    const facts = outcomeFactsReader({ store: { getCase: async (caseId) => cases[caseId] as never } });
    const entries = [
      { caseId: 'C-3', messageKey: 'sent', type: 'EmailSent', at: '2026-11-02T11:00:00.000Z' },
      { caseId: 'C-9', messageKey: 'sent', type: 'EmailSent', at: '2026-11-02T11:00:00.000Z' },
      { caseId: 'C-1', messageKey: 'call', type: 'CallLogged', at: '2026-11-02T11:00:00.000Z' },
      { caseId: 'C-1', messageKey: 'bad-time', type: 'EmailSent', at: 'yesterday' },
    ];
    expect(await recordOutcomes(entries, facts, { counters })).toStrictEqual([
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
    // Nothing to count: the counters are not called at all.
    expect(calls).toStrictEqual([]);
  });

  it('fails as a whole when the counters fail, so the stream retries the batch', async () => {
    const { counters } = countersInMemory(new Error('TransactionConflict'));
    await expect(recordOutcomes(batch, async (caseId) => caseFacts[caseId], { counters })).rejects.toThrow(
      'TransactionConflict',
    );
  });
});

type Transaction = { Put?: { Item: Record<string, unknown> }; Update?: UpdateItem };
type UpdateItem = {
  Key: { pk: string; sk: string };
  UpdateExpression: string;
  ExpressionAttributeNames: Record<string, string>;
  ExpressionAttributeValues: Record<string, unknown>;
};

/** What an Update adds: its counters' names and values. */
function additionsOf(update: UpdateItem): Increments {
  const added = update.UpdateExpression.split(' ADD ')[1] ?? '';
  return Object.fromEntries(
    added.split(', ').map((pair) => {
      const [name = '', value = ''] = pair.split(' ');
      return [update.ExpressionAttributeNames[name], update.ExpressionAttributeValues[value]];
    }),
  );
}

const cancelled = (codes: string[]) =>
  new TransactionCanceledException({
    message: 'Transaction cancelled',
    $metadata: {},
    CancellationReasons: codes.map((Code) => ({ Code })),
  });

/** The adapter's transactions, with `answer` saying how each goes (nothing: it is written). */
function transactionsAnswered(answer: (items: Transaction[]) => Error | undefined = () => undefined) {
  const sent: Transaction[][] = [];
  vi.spyOn(dynamo, 'send').mockImplementation((async (command: TransactWriteCommand) => {
    const items = command.input.TransactItems as Transaction[];
    sent.push(items);
    const error = answer(items);
    if (error) throw error;
    return {};
  }) as never);
  return sent;
}

const entryOf = (caseId: string, key: string, day: string, increments: Increments): CountedEntry => ({
  segment: 'consumer',
  day,
  increments,
  counted: { caseId, entryKey: key },
});

describe('the counters’ transaction', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });
  const counters = dynamoOutcomeCounters('table');

  it('holds every entry’s mark, then one addition per day with the sums, on the batch’s shard', async () => {
    const sent = transactionsAnswered();
    const result = await counters.addBatch(
      [
        entryOf('C-1', 'a', '2026-11-01', { opened: 1, owed_GBP: 4_000 }),
        entryOf('C-2', 'b', '2026-11-01', { opened: 1, owed_GBP: 1_000 }),
        entryOf('C-1', 'c', '2026-11-02', { contacts: 1 }),
        entryOf('C-2', 'd', '2026-11-01', { contacts: 1 }),
      ],
      'batch-key',
    );
    expect(result).toStrictEqual({ added: 4, duplicates: [] });
    expect(sent).toHaveLength(1);
    const [transaction = []] = sent;
    expect(transaction.map((item) => item.Put?.Item.sk ?? item.Update?.Key.sk)).toStrictEqual([
      'COUNTED#a',
      'COUNTED#b',
      'COUNTED#c',
      'COUNTED#d',
      keys.outcomeDay('consumer', '2026-11-01', shardOf('batch-key', OUTCOME_SHARDS)).sk,
      keys.outcomeDay('consumer', '2026-11-02', shardOf('batch-key', OUTCOME_SHARDS)).sk,
    ]);
    const updates = transaction.flatMap((item) => (item.Update ? [additionsOf(item.Update)] : []));
    expect(updates).toStrictEqual([{ opened: 2, owed_GBP: 5_000, contacts: 1 }, { contacts: 1 }]);
  });

  it('tries again without the entries counted already, the sums without them', async () => {
    let tries = 0;
    const sent = transactionsAnswered((items) =>
      tries++ === 0
        ? cancelled(
            items.map((item) => (item.Put?.Item.sk === 'COUNTED#b' ? 'ConditionalCheckFailed' : 'None')),
          )
        : undefined,
    );
    const result = await counters.addBatch(
      [
        entryOf('C-1', 'a', '2026-11-01', { opened: 1 }),
        entryOf('C-2', 'b', '2026-11-01', { opened: 1 }),
        entryOf('C-2', 'c', '2026-11-01', { contacts: 1 }),
      ],
      'batch-key',
    );
    expect(result).toStrictEqual({ added: 2, duplicates: [{ caseId: 'C-2', entryKey: 'b' }] });
    expect(sent).toHaveLength(2);
    expect(sent[1]?.map((item) => item.Put?.Item.sk ?? 'counter')).toStrictEqual([
      'COUNTED#a',
      'COUNTED#c',
      'counter',
    ]);
    expect(additionsOf(sent[1]?.[2]?.Update as UpdateItem)).toStrictEqual({ opened: 1, contacts: 1 });
  });

  it('writes nothing when every entry was counted already', async () => {
    const sent = transactionsAnswered((items) =>
      cancelled(items.map((item) => (item.Put ? 'ConditionalCheckFailed' : 'None'))),
    );
    const result = await counters.addBatch([entryOf('C-1', 'a', '2026-11-01', { opened: 1 })], 'batch-key');
    expect(result).toStrictEqual({ added: 0, duplicates: [{ caseId: 'C-1', entryKey: 'a' }] });
    expect(sent).toHaveLength(1);
  });

  it('fails on a conflict or throttling, even beside an entry counted already', async () => {
    transactionsAnswered(() => cancelled(['ConditionalCheckFailed', 'None', 'TransactionConflict']));
    const entries = [
      entryOf('C-1', 'a', '2026-11-01', { opened: 1 }),
      entryOf('C-2', 'b', '2026-11-01', { opened: 1 }),
    ];
    await expect(counters.addBatch(entries, 'batch-key')).rejects.toBeInstanceOf(
      TransactionCanceledException,
    );
    vi.restoreAllMocks();
    transactionsAnswered(() => Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }));
    await expect(counters.addBatch(entries, 'batch-key')).rejects.toThrow('Rate exceeded');
  });

  it('counts an entry the batch brings twice once, in one transaction', async () => {
    const sent = transactionsAnswered();
    const result = await counters.addBatch(
      [entryOf('C-1', 'a', '2026-11-01', { opened: 1 }), entryOf('C-1', 'a', '2026-11-01', { opened: 1 })],
      'batch-key',
    );
    expect(result).toStrictEqual({ added: 1, duplicates: [{ caseId: 'C-1', entryKey: 'a' }] });
    expect(sent.flat().filter((item) => item.Put)).toHaveLength(1);
  });

  it('splits a batch too big for one transaction, every entry in exactly one', async () => {
    const sent = transactionsAnswered();
    const entries = Array.from({ length: 150 }, (_, i) =>
      entryOf(`C-${i}`, `e${i}`, `2026-11-${String(1 + (i % 20)).padStart(2, '0')}`, { contacts: 1 }),
    );
    expect(await counters.addBatch(entries, 'batch-key')).toStrictEqual({ added: 150, duplicates: [] });
    expect(sent.length).toBeGreaterThan(1);
    for (const transaction of sent) expect(transaction.length).toBeLessThanOrEqual(MAX_COUNTING_ITEMS);
    expect(sent.flat().flatMap((item) => (item.Put ? [item.Put.Item.sk] : []))).toStrictEqual(
      entries.map((entry) => `COUNTED#${entry.counted.entryKey}`),
    );
    const total = sent
      .flat()
      .flatMap((item) => (item.Update ? [additionsOf(item.Update).contacts ?? 0] : []))
      .reduce((sum, value) => sum + value, 0);
    expect(total).toBe(150);
  });
});

describe('a stream batch handled together', () => {
  const record = (sequenceNumber: string, caseId?: string) => ({
    eventName: 'INSERT',
    eventSource: 'aws:dynamodb',
    dynamodb: {
      SequenceNumber: sequenceNumber,
      ...(caseId ? { NewImage: { caseId: { S: caseId } } } : {}),
    },
  });
  const parse = (image: Record<string, unknown> | undefined) => {
    const caseId = (image?.caseId as { S?: string } | undefined)?.S;
    return caseId ? { caseId, messageKey: caseId } : undefined;
  };
  const event = { Records: [record('1', 'C-1'), record('2'), record('3', 'C-2')] };

  it('hands the items over in order, leaving the records of other kinds', async () => {
    const handled: string[][] = [];
    const response = await processTableStreamTogether(event, parse, async (items) => {
      handled.push(items.map((item) => item.caseId));
    });
    expect(response).toStrictEqual({ batchItemFailures: [] });
    expect(handled).toStrictEqual([['C-1', 'C-2']]);
  });

  it('reports every record of the batch as failed when handling them fails', async () => {
    const logged = vi.spyOn(logger, 'error').mockImplementation(() => undefined);
    const response = await processTableStreamTogether(event, parse, async () => {
      throw new Error('TransactionConflict');
    });
    expect(response).toStrictEqual({
      batchItemFailures: [{ itemIdentifier: '1' }, { itemIdentifier: '2' }, { itemIdentifier: '3' }],
    });
    expect(logged).toHaveBeenCalledWith('A stream batch failed; the stream retries it', expect.anything());
    logged.mockRestore();
  });
});
