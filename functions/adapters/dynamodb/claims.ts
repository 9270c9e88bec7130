import { DeleteCommand, GetCommand } from '@aws-sdk/lib-dynamodb';
import { keys, TABLE } from '../../contract/table.ts';
import type { Claims } from '../../ports/case-store.ts';
import { dynamo, putIfStill, updateIfStill } from './client.ts';

/** How long a delivery claim's item is kept after it runs out (then DynamoDB's TTL removes it). */
const CLAIM_KEEP_SECONDS = 86_400;

/** Scheduled jobs' leases and recorded messages' delivery claims. */
export function dynamoClaims(tableName: string): Claims {
  async function releaseClaim(caseId: string, messageKey: string) {
    await dynamo.send(
      new DeleteCommand({ TableName: tableName, Key: keys.deliveryClaim(caseId, messageKey) }),
    );
  }

  return {
    /**
     * Takes a scheduled job's lease until `until`, unless another run holds it (EventBridge may
     * deliver a scheduled event twice, and a slow run may meet the next one). False: leave the work.
     */
    takeLease(job, holder, now, until) {
      return updateIfStill({
        TableName: tableName,
        Key: keys.lease(job),
        UpdateExpression: 'SET itemType = :lease, holder = :holder, leaseUntil = :until',
        ConditionExpression: 'attribute_not_exists(pk) OR leaseUntil <= :now',
        ExpressionAttributeValues: {
          ':lease': 'lease',
          ':holder': holder,
          ':until': until.toISOString(),
          ':now': now.toISOString(),
        },
      });
    },

    /** Gives a lease back early (only the holder's own: an expired lease may be someone else's by now). */
    async releaseLease(job, holder, now) {
      await updateIfStill({
        TableName: tableName,
        Key: keys.lease(job),
        UpdateExpression: 'SET leaseUntil = :now',
        ConditionExpression: 'holder = :holder',
        ExpressionAttributeValues: { ':holder': holder, ':now': now.toISOString() },
      });
    },

    /**
     * Takes the right to deliver a recorded ('pending') message until `until`: false while another
     * attempt holds it (it is sending the message now), or when the message is no longer pending. A
     * holder that crashed frees it when it runs out.
     *
     * The claim is an item of its own (issue 15): the message's item carries the rendered email and
     * waits on the index, so a claim written on it cost four write units; this one costs one, and a
     * strongly consistent read of the message (taken after the claim, so a message sent by an attempt
     * that held an earlier claim is seen as sent) costs one read unit.
     */
    async claimDelivery(caseId, messageKey, now, until) {
      const claimed = await putIfStill({
        TableName: tableName,
        Item: {
          ...keys.deliveryClaim(caseId, messageKey),
          itemType: 'delivery-claim',
          deliveringUntil: until.toISOString(),
          [TABLE.ttlAttribute]: Math.floor(until.getTime() / 1000) + CLAIM_KEEP_SECONDS,
        },
        ConditionExpression: 'attribute_not_exists(pk) OR deliveringUntil <= :now',
        ExpressionAttributeValues: { ':now': now.toISOString() },
      });
      if (!claimed) return false;
      const message = await dynamo.send(
        new GetCommand({
          TableName: tableName,
          Key: keys.message(caseId, messageKey),
          ConsistentRead: true,
          ProjectionExpression: '#status',
          ExpressionAttributeNames: { '#status': 'status' },
        }),
      );
      if (message.Item?.status === 'pending') return true;
      await releaseClaim(caseId, messageKey);
      return false;
    },

    /** Gives the right to deliver back after a failed send, so the next attempt need not wait. */
    releaseDelivery: releaseClaim,
  };
}
