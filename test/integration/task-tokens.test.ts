import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keys } from '../../functions/contract/table.ts';
import type { DebtorProfile } from '../../functions/domain/case.ts';
import type { Cases, Replies } from '../../functions/ports/case-store.ts';
import type { LocalDynamo } from '../../local/dynamodb/index.ts';
import { startLocalTable } from '../support/local-table.ts';

/**
 * Issue 15: a waiting state's task token is kept beside its case, not on it. A token is opaque and
 * long (the local engine's are 258 characters; AWS allows 2,048), and the case is written a dozen
 * times a journey: on the case, every one of those writes paid for the token's bytes too (two
 * write units where one would do). Against DynamoDB Local: the case names the token by a digest,
 * reads give the token back, the reply protocol's conditions hold, and cases written before keep
 * working.
 */
const TABLE_NAME = 'task-tokens-test';
let dynamo: LocalDynamo;
let cases: Cases;
let replies: Replies;
let client: typeof import('../../functions/adapters/dynamodb/client.ts').dynamo;

beforeAll(async () => {
  dynamo = await startLocalTable(TABLE_NAME);
  cases = (await import('../../functions/adapters/dynamodb/cases.ts')).dynamoCases(TABLE_NAME);
  replies = (await import('../../functions/adapters/dynamodb/replies.ts')).dynamoReplies(TABLE_NAME);
  client = (await import('../../functions/adapters/dynamodb/client.ts')).dynamo;
}, 60_000);

afterAll(async () => {
  await dynamo?.close();
});

const debtor: DebtorProfile = {
  name: 'Alexandra Example-Smith',
  email: 'alexandra.example-smith@example.com',
  locale: 'en-GB',
  timeZone: 'Europe/London',
  segment: 'consumer',
};
const FRIENDLY = 'Send friendly reminder and wait for reply';
/** A token as long as AWS allows. */
const token = (mark: string) => `AQ${mark.repeat(2_046)}`;

async function openCase(accountId: string) {
  await cases.openOrJoinCase(
    {
      accountId,
      invoiceId: `INV-${accountId}`,
      amountDue: { amount: 12_950, currency: 'GBP' },
      dueDate: '2026-11-01',
      debtor: { name: debtor.name, email: debtor.email, segment: 'consumer' },
    } as never,
    debtor,
    new Date('2026-12-04T10:00:00Z'),
  );
  return `${accountId}-1`;
}

const stored = async (caseId: string) =>
  (await client.send(new GetCommand({ TableName: TABLE_NAME, Key: keys.case(caseId) }))).Item ?? {};

const withPendingReply = (caseId: string, id: string) =>
  client.send(
    new UpdateCommand({
      TableName: TABLE_NAME,
      Key: keys.case(caseId),
      UpdateExpression: 'SET pendingReply = :reply',
      ExpressionAttributeValues: { ':reply': { id, outcome: 'paid' } },
    }),
  );

describe('a waiting state’s task token', () => {
  it('is kept beside the case, which stays under 1 KB and names it; reading the case gives it back', async () => {
    const caseId = await openCase('ACC-T1');
    expect(await replies.claimTurn(caseId, token('a'), FRIENDLY, 'friendly')).toEqual({ claimed: true });
    const item = await stored(caseId);
    expect(item.taskToken).toBeUndefined();
    expect(item.taskTokenRef).toMatch(/^[\w-]{22}$/);
    expect(JSON.stringify(item).length).toBeLessThan(1_000);
    // The update that names a token costs one write unit, whatever the token's length.
    const out = await client.send(
      new UpdateCommand({
        TableName: TABLE_NAME,
        Key: keys.case(caseId),
        UpdateExpression: 'SET waitingState = :state',
        ExpressionAttributeValues: { ':state': FRIENDLY },
        ReturnConsumedCapacity: 'TOTAL',
      }),
    );
    expect(out.ConsumedCapacity?.CapacityUnits).toBe(1);

    const record = await cases.getCase(caseId);
    expect(record?.taskToken).toBe(token('a'));
    expect(record).not.toHaveProperty('taskTokenRef');
    expect((await cases.casesOfAccount('ACC-T1'))[0]?.taskToken).toBe(token('a'));
  });

  it('is replaced by the next waiting state’s, and only the token the case names takes a reply', async () => {
    const caseId = await openCase('ACC-T2');
    await replies.claimTurn(caseId, token('a'), FRIENDLY, 'friendly');
    await replies.claimTurn(caseId, token('b'), 'Send firm reminder and wait for reply', 'firm');
    expect((await cases.getCase(caseId))?.taskToken).toBe(token('b'));
    await withPendingReply(caseId, 'reply-1');
    expect(await replies.markDelivering(caseId, 'reply-1', token('a'))).toBe(false);
    expect(await replies.markDelivering(caseId, 'reply-1', token('b'))).toBe(true);
    // The mark names the token by its digest: the case stays small while the reply is on its way.
    const item = await stored(caseId);
    expect((item.pendingReply as { deliveredTo?: string }).deliveredTo).toBe(item.taskTokenRef);
    expect(JSON.stringify(item).length).toBeLessThan(1_000);
  });

  it('is none when its claim failed: the token item holds a state’s token the case does not name', async () => {
    const caseId = await openCase('ACC-T3');
    await replies.claimTurn(caseId, token('a'), FRIENDLY, 'friendly');
    await client.send(
      new UpdateCommand({
        TableName: TABLE_NAME,
        Key: keys.case(caseId),
        UpdateExpression: 'SET #status = :paid',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':paid': 'paid' },
      }),
    );
    const claim = await replies.claimTurn(
      caseId,
      token('c'),
      'Send firm reminder and wait for reply',
      'firm',
    );
    expect(claim.claimed).toBe(false);
    expect((await cases.getCase(caseId))?.taskToken).toBeUndefined();
  });

  it('on a case written before tokens had items of their own is read, answered and replaced', async () => {
    const caseId = await openCase('ACC-T4');
    // As claimTurn wrote it before: the token on the case.
    await client.send(
      new UpdateCommand({
        TableName: TABLE_NAME,
        Key: keys.case(caseId),
        UpdateExpression: 'SET taskToken = :token, waitingState = :state',
        ExpressionAttributeValues: { ':token': 'AQ-legacy-token', ':state': FRIENDLY },
      }),
    );
    expect((await cases.getCase(caseId))?.taskToken).toBe('AQ-legacy-token');
    await withPendingReply(caseId, 'reply-2');
    expect(await replies.markDelivering(caseId, 'reply-2', 'AQ-legacy-token')).toBe(true);
    await replies.clearPendingReply(caseId, 'reply-2');
    await replies.claimTurn(caseId, token('d'), 'Send firm reminder and wait for reply', 'firm');
    expect((await stored(caseId)).taskToken).toBeUndefined();
    expect((await cases.getCase(caseId))?.taskToken).toBe(token('d'));
  });

  it('is left behind when the case closes: the case names none', async () => {
    const caseId = await openCase('ACC-T5');
    await replies.claimTurn(caseId, token('e'), FRIENDLY, 'friendly');
    // As a close leaves it (closeCase: REMOVE taskToken, taskTokenRef, waitingState).
    await client.send(
      new UpdateCommand({
        TableName: TABLE_NAME,
        Key: keys.case(caseId),
        UpdateExpression: 'REMOVE taskToken, taskTokenRef, waitingState',
      }),
    );
    expect((await cases.getCase(caseId))?.taskToken).toBeUndefined();
  });
});
