import { keys } from '../../contract/table.ts';
import type { Claims } from '../../ports/case-store.ts';
import { updateIfStill } from './client.ts';

/** Scheduled jobs' leases and recorded messages' delivery claims. */
export function dynamoClaims(tableName: string): Claims {
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
     * attempt holds it (it is sending the message now). A holder that crashed frees it when it runs out.
     */
    claimDelivery(caseId, messageKey, now, until) {
      return updateIfStill({
        TableName: tableName,
        Key: keys.message(caseId, messageKey),
        UpdateExpression: 'SET deliveringUntil = :until',
        ConditionExpression:
          '#status = :pending AND (attribute_not_exists(deliveringUntil) OR deliveringUntil <= :now)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':pending': 'pending',
          ':now': now.toISOString(),
          ':until': until.toISOString(),
        },
      });
    },

    /** Gives the right to deliver back after a failed send, so the next attempt need not wait. */
    async releaseDelivery(caseId, messageKey) {
      await updateIfStill({
        TableName: tableName,
        Key: keys.message(caseId, messageKey),
        UpdateExpression: 'REMOVE deliveringUntil',
        ConditionExpression: '#status = :pending',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':pending': 'pending' },
      });
    },
  };
}
