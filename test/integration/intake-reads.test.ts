import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keys } from '../../functions/contract/table.ts';
import type { DebtorProfile } from '../../functions/domain/case.ts';
import type { LocalDynamo } from '../../local/dynamodb/index.ts';
import { startLocalTable } from '../support/local-table.ts';

/**
 * Issue 15: what the intake reads for one invoice, against DynamoDB Local. The debtor's language
 * and opt-out come from the same Query of their partition as the contact ledger the friendly
 * reminder is planned with; the invoice's item and the account's come in one BatchGetItem.
 */
const TABLE_NAME = 'intake-reads-test';
let dynamo: LocalDynamo;
let client: typeof import('../../functions/adapters/dynamodb/client.ts').dynamo;
let calls: string[] = [];

beforeAll(async () => {
  dynamo = await startLocalTable(TABLE_NAME);
  client = (await import('../../functions/adapters/dynamodb/client.ts')).dynamo;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      calls.push(String(context.commandName).replace(/Command$/, ''));
      return next(args);
    },
    { step: 'initialize', name: 'intakeReadsCalls' },
  );
}, 60_000);

afterAll(async () => {
  await dynamo?.close();
});

const EMAIL = 'ana@example.com';

describe('the intake’s reads', () => {
  it('takes the debtor’s language, opt-out and contact ledger from one Query, the ledger once', async () => {
    const { dynamoIntakeDebtorReads } = await import('../../functions/adapters/dynamodb/contact-ledger.ts');
    const reads = dynamoIntakeDebtorReads(TABLE_NAME);
    await client.send(
      new PutCommand({
        TableName: TABLE_NAME,
        Item: {
          ...keys.debtorPreferences(EMAIL),
          itemType: 'debtor-preferences',
          language: 'es',
          emailsStoppedAt: '2026-12-01T10:00:00.000Z',
        },
      }),
    );
    await client.send(
      new PutCommand({
        TableName: TABLE_NAME,
        Item: { ...keys.contactLedger(EMAIL), itemType: 'contact-ledger', sends: [], version: 4 },
      }),
    );
    calls = [];
    expect(await reads.preferencesOf(EMAIL)).toEqual({
      language: 'es',
      emailsStoppedAt: '2026-12-01T10:00:00.000Z',
    });
    expect(await reads.contactLedger(EMAIL)).toEqual({
      sends: [],
      version: 4,
      emailsStoppedAt: '2026-12-01T10:00:00.000Z',
    });
    expect(calls).toEqual(['Query']);
    // Used once: the next reader reads again.
    expect((await reads.contactLedger(EMAIL)).version).toBe(4);
    expect(calls).toEqual(['Query', 'Query']);
    // A debtor with nothing kept.
    expect(await reads.preferencesOf('nobody@example.com')).toEqual({});
  });

  it('reads the invoice’s item and the account’s in one request as it opens a case', async () => {
    const cases = (await import('../../functions/adapters/dynamodb/cases.ts')).dynamoCases(TABLE_NAME);
    const debtor: DebtorProfile = {
      name: 'Ana',
      email: EMAIL,
      locale: 'en-GB',
      timeZone: 'Europe/London',
      segment: 'consumer',
    };
    const detail = {
      accountId: 'ACC-R',
      invoiceId: 'INV-R-1',
      amountDue: { amount: 5_000, currency: 'GBP' },
      dueDate: '2026-11-01',
      debtor: { name: 'Ana', email: EMAIL, segment: 'consumer' },
    } as never;
    calls = [];
    expect(await cases.openOrJoinCase(detail, debtor, new Date('2026-12-04T10:00:00Z'))).toMatchObject({
      outcome: 'opened',
    });
    expect(calls).toEqual(['BatchGetItem', 'TransactWriteItems']);
    // The same invoice again: the repeat is found in the same request.
    calls = [];
    expect(await cases.openOrJoinCase(detail, debtor, new Date('2026-12-04T10:01:00Z'))).toMatchObject({
      outcome: 'duplicate',
      record: { caseId: 'ACC-R-1' },
    });
    expect(calls[0]).toBe('BatchGetItem');
  });
});
