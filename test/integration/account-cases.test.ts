import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keys } from '../../functions/contract/table.ts';
import type { DebtorProfile } from '../../functions/domain/case.ts';
import type { CaseLookups, Cases } from '../../functions/ports/case-store.ts';
import type { LocalDynamo } from '../../local/dynamodb/index.ts';
import { startLocalTable } from '../support/local-table.ts';

/**
 * Issue 15: the case item is on no index. Every change to an item on an index is written to the
 * index too (a write unit or two each time), and a case changes a dozen times in a journey; the
 * byAccount index was only there to list an account's cases, which the account item's case count
 * names (`<account>-1` …). Cases opened before the change (still on the index) are read alike.
 */
const TABLE_NAME = 'account-cases-test';
let dynamo: LocalDynamo;
let cases: Cases;
let lookups: CaseLookups;
let client: typeof import('../../functions/adapters/dynamodb/client.ts').dynamo;
let getItems: typeof import('../../functions/adapters/dynamodb/account-cases.ts').getItems;

beforeAll(async () => {
  dynamo = await startLocalTable(TABLE_NAME);
  cases = (await import('../../functions/adapters/dynamodb/cases.ts')).dynamoCases(TABLE_NAME);
  lookups = (await import('../../functions/adapters/dynamodb/case-lookups.ts')).dynamoCaseLookups(TABLE_NAME);
  client = (await import('../../functions/adapters/dynamodb/client.ts')).dynamo;
  getItems = (await import('../../functions/adapters/dynamodb/account-cases.ts')).getItems;
}, 60_000);

afterAll(async () => {
  await dynamo?.close();
});

const debtor: DebtorProfile = {
  name: 'Ana Ruiz',
  email: 'ana@example.com',
  locale: 'en-GB',
  timeZone: 'Europe/London',
  segment: 'consumer',
};
const gbp = (amount: number) => ({ amount, currency: 'GBP' });
const overdue = (accountId: string, invoiceId: string) =>
  ({
    accountId,
    invoiceId,
    amountDue: gbp(10_000),
    dueDate: '2026-11-01',
    debtor: { name: debtor.name, email: debtor.email, segment: 'consumer' },
  }) as never;

describe('an account’s cases', () => {
  it('finds a case opened before the change (on the byAccount index) and one opened after (on none), oldest first', async () => {
    // Written as openOrJoinCase wrote a case before: on the index, the account counting one case, closed.
    const legacy = {
      caseId: 'ACC-A-1',
      accountId: 'ACC-A',
      caseNumber: 1,
      status: 'paid',
      openedAt: '2026-01-10T09:00:00.000Z',
      balance: gbp(0),
      invoices: [],
      debtor,
      executionName: 'ACC-A-case-1',
      version: 3,
    };
    await client.send(
      new PutCommand({
        TableName: TABLE_NAME,
        Item: {
          ...keys.case('ACC-A-1'),
          gsi1pk: 'ACCOUNT#ACC-A',
          gsi1sk: `CASE#${legacy.openedAt}`,
          itemType: 'case',
          ...legacy,
        },
      }),
    );
    await client.send(
      new PutCommand({
        TableName: TABLE_NAME,
        Item: { ...keys.account('ACC-A'), itemType: 'account', caseCount: 1 },
      }),
    );

    const opened = await cases.openOrJoinCase(
      overdue('ACC-A', 'INV-A-2'),
      debtor,
      new Date('2026-12-04T10:00:00Z'),
    );
    expect(opened).toMatchObject({ outcome: 'opened', record: { caseId: 'ACC-A-2' } });
    const item = (await client.send(new GetCommand({ TableName: TABLE_NAME, Key: keys.case('ACC-A-2') })))
      .Item;
    expect(item).toMatchObject({ caseId: 'ACC-A-2', itemType: 'case' });
    expect(item?.gsi1pk).toBeUndefined();
    expect(item?.gsi1sk).toBeUndefined();

    const found = await cases.casesOfAccount('ACC-A');
    expect(found.map((record) => record.caseId)).toEqual(['ACC-A-1', 'ACC-A-2']);
    // The stored keys stay in the adapter.
    expect(found[0]).not.toHaveProperty('gsi1pk');
    expect(found[0]).not.toHaveProperty('pk');
    expect(await lookups.casesOfAccount('ACC-A')).toEqual(['ACC-A-1', 'ACC-A-2']);

    // An invoice joining the open case counts no new case.
    await cases.openOrJoinCase(overdue('ACC-A', 'INV-A-3'), debtor, new Date('2026-12-04T11:00:00Z'));
    expect(await lookups.casesOfAccount('ACC-A')).toEqual(['ACC-A-1', 'ACC-A-2']);
    expect(await cases.casesOfAccount('NO-SUCH-ACCOUNT')).toEqual([]);
    expect(await lookups.casesOfAccount('NO-SUCH-ACCOUNT')).toEqual([]);
  });

  it('changes a case for its own write units only: nothing is written to an index', async () => {
    await cases.openOrJoinCase(overdue('ACC-B', 'INV-B-1'), debtor, new Date('2026-12-04T10:00:00Z'));
    const out = await client.send(
      new UpdateCommand({
        TableName: TABLE_NAME,
        Key: keys.case('ACC-B-1'),
        UpdateExpression: 'SET taskToken = :token',
        ExpressionAttributeValues: { ':token': 't'.repeat(200) },
        ReturnConsumedCapacity: 'INDEXES',
      }),
    );
    expect(out.ConsumedCapacity?.CapacityUnits).toBe(1);
    expect(out.ConsumedCapacity?.GlobalSecondaryIndexes ?? {}).toEqual({});
  });

  it('reads more cases than one BatchGetItem takes', async () => {
    const ids = Array.from({ length: 130 }, (_, index) => `ACC-C-${index + 1}`);
    await Promise.all(
      ids.map((caseId) =>
        client.send(
          new PutCommand({ TableName: TABLE_NAME, Item: { ...keys.case(caseId), itemType: 'case', caseId } }),
        ),
      ),
    );
    const items = await getItems(TABLE_NAME, [
      ...ids.map((caseId) => keys.case(caseId)),
      keys.case('ACC-C-999'),
    ]);
    expect(items.map((entry) => entry.caseId).sort()).toEqual([...ids].sort());
  });
});
