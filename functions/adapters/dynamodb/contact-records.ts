import {
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { keys, PENDING_DELIVERY_PARTITION, partitionsOf, TABLE } from '../../contract/table.ts';
import { SENT_MESSAGE_KEEP_DAYS } from '../../domain/deliverability.ts';
import type {
  ContactRecords,
  EmailEventWrite,
  PendingMessage,
  TimelineEntry,
  UndeliverableAddress,
} from '../../ports/case-store.ts';
import { caseUpdate } from './case-write.ts';
import { cancellationCodes, dynamo, type UpdateParams, updateIfStill } from './client.ts';
import { dynamoContactLedger, ledgerPut } from './contact-ledger.ts';
import { queueWrites } from './queues.ts';
import { pendingMessageOfItem, storedEmail } from './stored-email.ts';
import { textMarker } from './text-records.ts';
import { timelineItem } from './timeline.ts';

/** The debtor's contact ledger and the markers of each message of a case. */
export function dynamoContactRecords(tableName: string): ContactRecords {
  /** A marker written once, with its timeline entry: false when it was there already. */
  async function putOnce(
    caseId: string,
    key: { pk: string; sk: string },
    fields: Record<string, unknown>,
    entry: TimelineEntry,
  ): Promise<boolean> {
    try {
      await dynamo.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: tableName,
                Item: { ...key, itemType: 'message', caseId, recordedAt: entry.at, ...fields },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            { Put: { TableName: tableName, Item: timelineItem(caseId, entry) } },
          ],
        }),
      );
      return true;
    } catch (error) {
      if (cancellationCodes(error)?.[0] === 'ConditionalCheckFailed') return false;
      throw error;
    }
  }

  return {
    ...dynamoContactLedger(tableName),

    /**
     * Records a message that may go, in one transaction: the debtor's ledger with its new send (only
     * if the ledger is still the version the decision read, so two concurrent sends cannot both slip
     * under the cap), the message's marker, the timeline entry, and the case's version (only if the
     * case is still the version the decision read: an opt-out, a pause or a dispute written a moment
     * ago wins, and a concurrent change is stamped after this send). 'ledger-changed' and
     * 'case-changed' mean decide again.
     */
    async recordSend(record, messageKey, ledger, entry, message, text) {
      const sentEntry = entry ? timelineItem(record.caseId, entry) : undefined;
      const textEntry = text ? timelineItem(record.caseId, text.entry) : undefined;
      const at = entry?.at ?? text?.entry.at ?? new Date().toISOString();
      const items: TransactItems = [ledgerPut(tableName, record.debtor.email, ledger)];
      let emailAt = -1;
      let textAt = -1;
      if (message && sentEntry) {
        emailAt = items.length;
        items.push({
          Put: {
            TableName: tableName,
            // What deliverEmail sends (the table's stream brings it the new item), and where its
            // schedule finds it should the stream not have delivered it.
            Item: {
              ...keys.message(record.caseId, messageKey),
              ...keys.pendingDelivery(record.caseId, messageKey, at),
              itemType: 'message',
              caseId: record.caseId,
              messageKey,
              status: 'pending',
              recordedAt: at,
              to: message.to,
              ...storedEmail(message.email),
              // Where the message's timeline entry is, so SES's word on it (delivered,
              // bounced) is written on that entry.
              timelineSk: sentEntry.sk,
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        });
        items.push({ Put: { TableName: tableName, Item: sentEntry } });
      }
      if (text && textEntry) {
        textAt = items.length;
        items.push({
          Put: {
            TableName: tableName,
            // What deliverText sends (its own stream filter: itemType 'text'), and its sweep's index.
            Item: textMarker(record.caseId, text.text, at, textEntry.sk),
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        });
        items.push({ Put: { TableName: tableName, Item: textEntry } });
      }
      const caseAt = items.length;
      // The case's version moves on too, so a change decided on the version before the send (a
      // pause, a dispute) fails and decides again, stamped after the send. A check alone (no write)
      // would cost less, but let such a change be stamped before an email that went after it: the
      // property lives found a friendly reminder "during" a hardship pause declared meanwhile.
      items.push({
        Update: caseUpdate(tableName, record.caseId, {
          ...(text?.set ? { set: text.set } : {}),
          guard: { expectVersion: record.version },
        }),
      });
      try {
        await dynamo.send(new TransactWriteCommand({ TransactItems: items }));
        return 'recorded';
      } catch (error) {
        const codes = cancellationCodes(error);
        if (!codes) throw error;
        if (codes[emailAt] === 'ConditionalCheckFailed' || codes[textAt] === 'ConditionalCheckFailed')
          return 'already-recorded';
        if (codes[0] === 'ConditionalCheckFailed') return 'ledger-changed';
        if (codes[caseAt] === 'ConditionalCheckFailed') return 'case-changed';
        throw error;
      }
    },

    async recordWithheld(record, messageKey, entry) {
      await putOnce(record.caseId, keys.message(record.caseId, messageKey), { status: 'withheld' }, entry);
    },

    recordDeferred(record, messageKey, entry) {
      return putOnce(record.caseId, keys.messageDeferred(record.caseId, messageKey), {}, entry);
    },

    async pendingMessages(recordedBy, limit = 50) {
      // Every shard (and the partition messages shared before the shards), merged oldest first.
      const shards = await Promise.all(
        partitionsOf(PENDING_DELIVERY_PARTITION).map(async (partition) => {
          const out = await dynamo.send(
            new QueryCommand({
              TableName: tableName,
              IndexName: TABLE.byAccountIndex.name,
              KeyConditionExpression: 'gsi1pk = :pending AND gsi1sk <= :by',
              ExpressionAttributeValues: {
                ':pending': partition,
                ':by': `${recordedBy.toISOString()}#~`,
              },
              Limit: limit,
            }),
          );
          return out.Items ?? [];
        }),
      );
      return shards
        .flat()
        .sort((a, b) => String(a.gsi1sk).localeCompare(String(b.gsi1sk)))
        .slice(0, limit)
        .map(pendingMessageOfItem)
        .filter((message): message is PendingMessage => message !== undefined);
    },

    /**
     * The marker says sent (the content went to SES: it keeps the fact and the id, not the email),
     * and SES's id finds the message again. Two plain writes, not a transaction (issue 15: a
     * transaction bills every item twice, eight units an email where these take five): SES's id
     * first, so whatever SES says about the message finds it; then the marker. A crash between the
     * two leaves the marker pending, as a crash after SES took the email and before any write
     * always could: the claim runs out and the sweep sends it again.
     */
    async markMessageSent(caseId, messageKey, providerMessageId, address) {
      const now = Date.now();
      await dynamo.send(
        new PutCommand({
          TableName: tableName,
          Item: {
            ...keys.sentMessage(providerMessageId),
            itemType: 'sent-message',
            caseId,
            messageKey,
            address,
            sentAt: new Date(now).toISOString(),
            expiresAt: Math.floor(now / 1000) + SENT_MESSAGE_KEEP_DAYS * 86_400,
          },
        }),
      );
      await dynamo.send(
        new UpdateCommand({
          TableName: tableName,
          Key: keys.message(caseId, messageKey),
          UpdateExpression:
            'SET #status = :sent, providerMessageId = :id REMOVE deliveringUntil, email, mail, gsi1pk, gsi1sk',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':sent': 'sent', ':id': providerMessageId },
        }),
      );
    },

    async sentMessage(providerMessageId) {
      const out = await dynamo.send(
        new GetCommand({
          TableName: tableName,
          Key: keys.sentMessage(providerMessageId),
          ConsistentRead: true,
        }),
      );
      const item = out.Item;
      // DynamoDB deletes an expired item some time after it expired: until then it is gone all the same.
      if (!item || (typeof item.expiresAt === 'number' && item.expiresAt * 1000 < Date.now()))
        return undefined;
      return {
        providerMessageId,
        caseId: String(item.caseId),
        messageKey: String(item.messageKey),
        address: String(item.address),
      };
    },

    recordEmailEvent: (write) => recordEmailEvent(tableName, write),
  };
}

type TransactItems = NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>;

/**
 * What an SES event changes, in one transaction: the message's mark (set once: the idempotency
 * guard), its EmailSent entry, a new timeline entry, the debtor's ledger (still the version read),
 * the address's undeliverable marker, and the case (still the version read).
 */
async function recordEmailEvent(tableName: string, write: EmailEventWrite) {
  const { message } = write;
  const marker = await dynamo.send(
    new GetCommand({
      TableName: tableName,
      Key: keys.message(message.caseId, message.messageKey),
      ConsistentRead: true,
    }),
  );
  if (marker.Item?.[write.mark]) return 'duplicate' as const;
  const timelineSk = marker.Item?.timelineSk as string | undefined;
  const items: TransactItems = [
    {
      Update: {
        TableName: tableName,
        Key: keys.message(message.caseId, message.messageKey),
        UpdateExpression: 'SET #mark = :at',
        ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(#mark)',
        ExpressionAttributeNames: { '#mark': write.mark },
        ExpressionAttributeValues: { ':at': write.at },
      },
    },
  ];
  const fields = Object.entries(write.sentEntry ?? {});
  // A message sent before its entry's key was kept has nothing to mark: the new entry tells it.
  if (timelineSk && fields.length) {
    items.push({
      Update: {
        TableName: tableName,
        Key: { pk: keys.case(message.caseId).pk, sk: timelineSk },
        UpdateExpression: `SET ${fields.map((_, index) => `#data.#f${index} = :f${index}`).join(', ')}`,
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: {
          '#data': 'data',
          ...Object.fromEntries(fields.map(([field], index) => [`#f${index}`, field])),
        },
        ExpressionAttributeValues: Object.fromEntries(
          fields.map(([, value], index) => [`:f${index}`, value]),
        ),
      },
    });
  }
  if (write.entry)
    items.push({ Put: { TableName: tableName, Item: timelineItem(message.caseId, write.entry) } });
  // Only the mark and the EmailSent entry (a delivery, the common case): two plain updates rather
  // than a transaction, which bills each twice (issue 15). The entry first, then the mark: a crash
  // between leaves no mark, so the retried event writes the same fields on the entry again and marks.
  if (items.length <= 2 && !write.entry && !write.ledger && !write.undeliverable && !write.change) {
    const [mark, entry] = items;
    if (entry?.Update) await dynamo.send(new UpdateCommand(entry.Update));
    return (await updateIfStill(mark?.Update as UpdateParams))
      ? ('recorded' as const)
      : ('duplicate' as const);
  }
  let ledgerIndex = -1;
  if (write.ledger) {
    const { read, sends } = write.ledger;
    ledgerIndex = items.length;
    items.push({
      Update: {
        TableName: tableName,
        Key: keys.contactLedger(message.address),
        // The version moves on even when nothing is taken out: a send deciding on the old ledger
        // (and so not knowing the address is undeliverable) fails its own check and decides again.
        UpdateExpression:
          'SET sends = :sends, version = :next, itemType = :type, expiresAt = if_not_exists(expiresAt, :expires)',
        ConditionExpression: read.version === 0 ? 'attribute_not_exists(pk)' : 'version = :version',
        ExpressionAttributeValues: {
          ':sends': sends,
          ':next': read.version + 1,
          ':type': 'contact-ledger',
          ':expires': Math.floor(Date.now() / 1000) + SENT_MESSAGE_KEEP_DAYS * 86_400,
          ...(read.version === 0 ? {} : { ':version': read.version }),
        },
      },
    });
  }
  if (write.undeliverable) items.push(undeliverableUpdate(tableName, message.address, write.undeliverable));
  let caseIndex = -1;
  if (write.change) {
    const { record, set, reply } = write.change;
    caseIndex = items.length;
    items.push({
      Update: caseUpdate(tableName, record.caseId, {
        set: { ...set, ...(reply ? { pendingReply: reply } : {}) },
        guard: { expectVersion: record.version },
      }),
    });
    // Queue items go last: the cancellation reasons above keep their places.
    items.push(...queueWrites(tableName, record.caseId, record.accountId, write.change.queues));
  }
  try {
    await dynamo.send(new TransactWriteCommand({ TransactItems: items }));
    return 'recorded' as const;
  } catch (error) {
    const codes = cancellationCodes(error);
    if (!codes) throw error;
    if (codes[0] === 'ConditionalCheckFailed') return 'duplicate' as const;
    if (ledgerIndex >= 0 && codes[ledgerIndex] === 'ConditionalCheckFailed') return 'ledger-changed' as const;
    if (caseIndex >= 0 && codes[caseIndex] === 'ConditionalCheckFailed') return 'case-changed' as const;
    throw error;
  }
}

/** The address's undeliverable marker: the first time and reason are kept. */
function undeliverableUpdate(tableName: string, address: string, mark: UndeliverableAddress) {
  return {
    Update: {
      TableName: tableName,
      Key: keys.undeliverable(address),
      UpdateExpression:
        'SET itemType = :type, #since = if_not_exists(#since, :since), #reason = if_not_exists(#reason, :reason)',
      ExpressionAttributeNames: { '#since': 'since', '#reason': 'reason' },
      ExpressionAttributeValues: { ':type': 'undeliverable', ':since': mark.since, ':reason': mark.reason },
    },
  };
}
