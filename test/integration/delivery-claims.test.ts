import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keys } from '../../functions/contract/table.ts';
import type { Claims, ContactRecords } from '../../functions/ports/case-store.ts';
import type { LocalDynamo } from '../../local/dynamodb/index.ts';
import { startLocalTable } from '../support/local-table.ts';

/**
 * Issue 15: handing a recorded email to SES writes less, and still exactly once, against DynamoDB
 * Local. The delivery claim is a small item of its own (one write unit, not the message's four);
 * marking the message sent and recording SES's word on a delivery are plain writes, not
 * transactions (which bill every item twice). What each write costs is what DynamoDB reports.
 */
const TABLE_NAME = 'delivery-claims-test';
let dynamo: LocalDynamo;
let claims: Claims;
let records: ContactRecords;
let client: typeof import('../../functions/adapters/dynamodb/client.ts').dynamo;
/** The write units each call reported, by command, since the last reset. */
let units: { command: string; units: number }[] = [];

beforeAll(async () => {
  dynamo = await startLocalTable(TABLE_NAME);
  claims = (await import('../../functions/adapters/dynamodb/claims.ts')).dynamoClaims(TABLE_NAME);
  records = (await import('../../functions/adapters/dynamodb/contact-records.ts')).dynamoContactRecords(
    TABLE_NAME,
  );
  client = (await import('../../functions/adapters/dynamodb/client.ts')).dynamo;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const command = String(context.commandName).replace(/Command$/, '');
      (args.input as { ReturnConsumedCapacity?: string }).ReturnConsumedCapacity = 'INDEXES';
      const out = await next(args);
      const consumed = (out.output as { ConsumedCapacity?: { CapacityUnits?: number } }).ConsumedCapacity;
      if (command !== 'GetItem') units.push({ command, units: consumed?.CapacityUnits ?? 0 });
      return out;
    },
    { step: 'serialize', name: 'deliveryClaimsUnits', priority: 'high' },
  );
}, 60_000);

afterAll(async () => {
  await dynamo?.close();
});

/** A message as the send gate records it: pending, its rendered email kept (here ~1.4 KB), on the index. */
async function recordedMessage(caseId: string, messageKey: string) {
  await client.send(
    new PutCommand({
      TableName: TABLE_NAME,
      Item: {
        ...keys.message(caseId, messageKey),
        ...keys.pendingDelivery(caseId, messageKey, '2026-12-03T10:00:00.000Z'),
        itemType: 'message',
        caseId,
        messageKey,
        status: 'pending',
        recordedAt: '2026-12-03T10:00:00.000Z',
        to: 'ana@example.com',
        email: new Uint8Array(1_100).fill(7),
        timelineSk: 'TIMELINE#2026-12-03T10:00:00.000Z#e',
      },
    }),
  );
  await client.send(
    new PutCommand({
      TableName: TABLE_NAME,
      Item: {
        pk: `CASE#${caseId}`,
        sk: 'TIMELINE#2026-12-03T10:00:00.000Z#e',
        itemType: 'timeline',
        type: 'EmailSent',
        data: { kind: 'friendly' },
      },
    }),
  );
  units = [];
}

const message = async (caseId: string, messageKey: string) =>
  (
    await client.send(
      new GetCommand({ TableName: TABLE_NAME, Key: keys.message(caseId, messageKey), ConsistentRead: true }),
    )
  ).Item;

describe('the delivery claim', () => {
  it('goes to one attempt of two at once, for one write unit, and never to a message already sent', async () => {
    await recordedMessage('C-1', 'friendly-0');
    const now = new Date();
    const until = new Date(now.getTime() + 20_000);
    const both = await Promise.all([
      claims.claimDelivery('C-1', 'friendly-0', now, until),
      claims.claimDelivery('C-1', 'friendly-0', now, until),
    ]);
    expect(both.filter(Boolean)).toHaveLength(1);
    // The winner's claim cost one unit (the loser's refused put reports nothing; AWS bills it one
    // too). The message and its index entry were not written.
    expect(units).toEqual([{ command: 'PutItem', units: 1 }]);
    expect((await message('C-1', 'friendly-0'))?.deliveringUntil).toBeUndefined();

    // Held: refused until it runs out; given back: taken at once.
    expect(await claims.claimDelivery('C-1', 'friendly-0', new Date(), until)).toBe(false);
    expect(await claims.claimDelivery('C-1', 'friendly-0', new Date(until.getTime() + 1), until)).toBe(true);
    await claims.releaseDelivery('C-1', 'friendly-0');
    expect(await claims.claimDelivery('C-1', 'friendly-0', new Date(), until)).toBe(true);

    // Sent: SES's id finds the message, the marker keeps no email and leaves the index, and no
    // attempt claims it again, even once the claim ran out.
    units = [];
    await records.markMessageSent('C-1', 'friendly-0', 'ses-1', 'ana@example.com');
    expect(units.map((unit) => unit.command)).toEqual(['PutItem', 'UpdateItem']);
    expect(await records.sentMessage('ses-1')).toMatchObject({ caseId: 'C-1', messageKey: 'friendly-0' });
    const sent = await message('C-1', 'friendly-0');
    expect(sent).toMatchObject({ status: 'sent', providerMessageId: 'ses-1' });
    expect(sent?.email).toBeUndefined();
    expect(sent?.gsi1pk).toBeUndefined();
    expect(await records.messageState('C-1', 'friendly-0')).toBe('sent');
    expect(await claims.claimDelivery('C-1', 'friendly-0', new Date(until.getTime() + 1), until)).toBe(false);
  });

  it('is refused for a message that is not there or withheld, and leaves no claim behind', async () => {
    expect(await claims.claimDelivery('C-2', 'nothing', new Date(), new Date(Date.now() + 20_000))).toBe(
      false,
    );
    const claim = await client.send(
      new GetCommand({
        TableName: TABLE_NAME,
        Key: keys.deliveryClaim('C-2', 'nothing'),
        ConsistentRead: true,
      }),
    );
    expect(claim.Item).toBeUndefined();
  });
});

describe('SES’s word on a delivery', () => {
  it('marks the message and its entry once, as two plain writes', async () => {
    await recordedMessage('C-3', 'friendly-0');
    await records.markMessageSent('C-3', 'friendly-0', 'ses-3', 'ana@example.com');
    units = [];
    const write = {
      message: {
        providerMessageId: 'ses-3',
        caseId: 'C-3',
        messageKey: 'friendly-0',
        address: 'ana@example.com',
      },
      mark: 'deliveredAt' as const,
      at: '2026-12-03T10:00:05.000Z',
      sentEntry: { deliveredAt: '2026-12-03T10:00:05.000Z' },
    };
    expect(await records.recordEmailEvent(write)).toBe('recorded');
    expect(units).toEqual([
      { command: 'UpdateItem', units: 1 },
      { command: 'UpdateItem', units: 1 },
    ]);
    // SQS delivers it again: nothing changes.
    expect(await records.recordEmailEvent({ ...write, at: '2026-12-03T10:00:09.000Z' })).toBe('duplicate');
    expect((await message('C-3', 'friendly-0'))?.deliveredAt).toBe('2026-12-03T10:00:05.000Z');
    const entry = await client.send(
      new GetCommand({
        TableName: TABLE_NAME,
        Key: { pk: 'CASE#C-3', sk: 'TIMELINE#2026-12-03T10:00:00.000Z#e' },
        ConsistentRead: true,
      }),
    );
    expect(entry.Item?.data).toEqual({ kind: 'friendly', deliveredAt: '2026-12-03T10:00:05.000Z' });
  });

  it('still writes a bounce (an entry, the ledger, the address) in one transaction', async () => {
    await recordedMessage('C-4', 'friendly-0');
    await records.markMessageSent('C-4', 'friendly-0', 'ses-4', 'bob@example.com');
    units = [];
    const outcome = await records.recordEmailEvent({
      message: {
        providerMessageId: 'ses-4',
        caseId: 'C-4',
        messageKey: 'friendly-0',
        address: 'bob@example.com',
      },
      mark: 'bouncedAt',
      at: '2026-12-03T10:00:05.000Z',
      sentEntry: { undeliveredAt: '2026-12-03T10:00:05.000Z' },
      entry: {
        type: 'EmailBounced',
        at: '2026-12-03T10:00:05.000Z',
        entryId: 'bounce-friendly-0',
        data: { bounceType: 'Permanent' },
      },
      undeliverable: { since: '2026-12-03T10:00:05.000Z', reason: 'bounce' },
    });
    expect(outcome).toBe('recorded');
    expect(units.map((unit) => unit.command)).toEqual(['TransactWriteItems']);
  });
});

describe('the claim on a waiting outbox item', () => {
  it('goes to one holder at a time, for one write unit, and never to an item carried out or put back', async () => {
    const outbox = (await import('../../functions/adapters/dynamodb/outbox.ts')).dynamoOutbox(TABLE_NAME);
    const waiting = {
      caseId: 'C-5',
      messageKey: 'event-reminder-sent-friendly-0',
      dueAt: '2026-12-03T10:00:00.000Z',
      queuedAt: '2026-12-03T10:00:00.000Z',
      followUp: { type: 'ar-team' as const, notice: { kind: 'test' } as never },
    };
    await outbox.putInOutbox(waiting);
    const at = new Date('2026-12-03T10:00:01.000Z');
    const until = new Date('2026-12-03T10:00:31.000Z');
    units = [];
    const [first, second] = await Promise.all([
      outbox.claimOutboxItem(waiting, at, until),
      outbox.claimOutboxItem(waiting, at, until),
    ]);
    expect([first, second].sort()).toEqual([false, true]);
    // The claim's own small item: one unit (the refused put is billed one too, but a refusal reports
    // none), not the two a claim on the item itself cost (it waits on the index).
    expect(units).toEqual([{ command: 'PutItem', units: 1 }]);
    // Given back after a failure, it is taken again at once; a held one only once it runs out.
    await outbox.releaseOutboxItem(waiting);
    expect(await outbox.claimOutboxItem(waiting, at, until)).toBe(true);
    expect(await outbox.claimOutboxItem(waiting, at, until)).toBe(false);
    const later = new Date('2026-12-03T10:01:00.000Z');
    expect(await outbox.claimOutboxItem(waiting, later, new Date('2026-12-03T10:01:30.000Z'))).toBe(true);

    // Carried out: a run that read it before (and finds the claim run out) leaves it.
    await outbox.removeFromOutbox(waiting, later);
    const muchLater = new Date('2026-12-03T10:05:00.000Z');
    expect(await outbox.claimOutboxItem(waiting, muchLater, new Date('2026-12-03T10:05:30.000Z'))).toBe(
      false,
    );
    // Put back with a new due time, it is claimed afresh; the old due time's reader leaves it.
    const again = { ...waiting, dueAt: '2026-12-03T11:00:00.000Z' };
    await outbox.putInOutbox(again);
    expect(await outbox.claimOutboxItem(waiting, muchLater, new Date('2026-12-03T10:05:30.000Z'))).toBe(
      false,
    );
    const atEleven = new Date('2026-12-03T11:00:01.000Z');
    expect(await outbox.claimOutboxItem(again, atEleven, new Date('2026-12-03T11:00:31.000Z'))).toBe(true);
  });
});
