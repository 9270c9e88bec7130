import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { CaseRecord } from '../../domain/case.ts';
import { DELIVERY_GRACE_MS, replyInsteadOfTurn } from '../../domain/pending-reply.ts';
import type { Replies } from '../../ports/case-store.ts';
import { taskTokenItem, taskTokenRef } from './case-item.ts';
import { readCase } from './case-read.ts';
import { caseUpdate } from './case-write.ts';
import { dynamo, updateIfStill } from './client.ts';

const PENDING_REPLY_IS = (replyId: string) => ({
  expression: 'pendingReply.id = :id',
  values: { ':id': replyId },
});

/**
 * The workflow's task tokens and the replies waiting for them. The reply waits on the case item;
 * the token in an item of its own beside it, which the case names by a digest (table.ts
 * `caseTaskToken`: a token is opaque and long, and the case is written a dozen times a journey).
 */
export function dynamoReplies(tableName: string): Replies {
  return {
    /**
     * The token's item is written first, then the case names it: a reader that sees the name finds
     * the token. A new waiting state's token replaces the one before (a state starts only once the
     * one before it ended, so that token is spent); if the claim then fails, the case names a token
     * no item holds, which reads as none.
     */
    async claimTurn(caseId, token, waitingState, rung, options) {
      await dynamo.send(
        new PutCommand({ TableName: tableName, Item: taskTokenItem(caseId, token, new Date()) }),
      );
      const claimed = await updateIfStill(
        caseUpdate(tableName, caseId, {
          set: {
            taskTokenRef: taskTokenRef(token),
            waitingState,
            ...(rung ? { rung: rung as CaseRecord['rung'] } : {}),
          },
          // A token kept on the case before tokens had items of their own.
          remove: ['taskToken'],
          guard: {
            unversioned:
              'a waiting state takes its turn whatever was recorded meanwhile: it is judged by the status, the balance and the pending reply',
            // A reply being delivered to the state before this one is that state's, not this one's.
            when:
              options?.status === 'held-for-person'
                ? {
                    // Waiting for a person (issue 12): only a reply that closes the case (a payment, a
                    // credit) is for this state at once; any other stays on the case for the person,
                    // who takes it up whatever the balance (nothing owed: a resume closes it as paid).
                    expression:
                      '#status = :held AND (attribute_not_exists(pendingReply) OR NOT pendingReply.outcome IN (:paid, :credited) OR pendingReply.deliveringSince > :stale)',
                    names: { '#status': 'status' },
                    values: {
                      ':held': 'held-for-person',
                      ':paid': 'paid',
                      ':credited': 'credited',
                      ':stale': new Date(Date.now() - DELIVERY_GRACE_MS).toISOString(),
                    },
                  }
                : options?.status === 'placed'
                  ? {
                      // Waiting while the agency works the case (issue 14): placed, the placement not
                      // ended, no reply waiting (a recall's or a report's reply is for this state at once).
                      expression:
                        '#status = :placed AND attribute_not_exists(agency.endedAt) AND (attribute_not_exists(pendingReply) OR pendingReply.deliveringSince > :stale)',
                      names: { '#status': 'status' },
                      values: {
                        ':placed': 'placed',
                        ':stale': new Date(Date.now() - DELIVERY_GRACE_MS).toISOString(),
                      },
                    }
                  : {
                      expression:
                        '#status = :open AND balance.amount > :zero AND (attribute_not_exists(pendingReply) OR pendingReply.deliveringSince > :stale)',
                      names: { '#status': 'status' },
                      values: {
                        ':open': 'open',
                        ':zero': 0,
                        ':stale': new Date(Date.now() - DELIVERY_GRACE_MS).toISOString(),
                      },
                    },
          },
        }),
      );
      if (claimed) return { claimed: true };
      const record = await readCase(tableName, caseId);
      if (!record) throw new Error(`Case ${caseId} is referenced but does not exist`);
      const reply = replyInsteadOfTurn(record);
      return reply ? { claimed: false, record, reply } : { claimed: false, record };
    },

    /**
     * Marks the pending reply as on its way to `token`, so the next waiting state does not take it
     * too (it would answer twice). False when the reply or the token has changed meanwhile.
     */
    markDelivering(caseId, replyId, token) {
      return updateIfStill(
        caseUpdate(tableName, caseId, {
          setNested: {
            // The token's digest: it only marks the reply as on its way (the token is long).
            'pendingReply.deliveredTo': taskTokenRef(token),
            'pendingReply.deliveringSince': new Date().toISOString(),
          },
          bumpVersion: false,
          guard: {
            unversioned: 'delivery marks belong to the reply, which the condition names',
            when: {
              // The case names this token (or, written before tokens had items, holds it).
              expression: 'pendingReply.id = :id AND (taskTokenRef = :ref OR taskToken = :token)',
              values: { ':id': replyId, ':ref': taskTokenRef(token), ':token': token },
            },
          },
        }),
      );
    },

    /** The token had moved on: the reply waits again for whichever state takes its turn next. */
    async unmarkDelivering(caseId, replyId) {
      await updateIfStill(
        caseUpdate(tableName, caseId, {
          remove: ['pendingReply.deliveredTo', 'pendingReply.deliveringSince'],
          bumpVersion: false,
          guard: {
            unversioned: 'delivery marks belong to the reply, which the condition names',
            when: PENDING_REPLY_IS(replyId),
          },
        }),
      );
    },

    /** Forgets a reply once the waiting state it was meant for has taken it. */
    async clearPendingReply(caseId, replyId) {
      // A newer reply may have replaced it: that one is still to be delivered, so it stays.
      await updateIfStill(
        caseUpdate(tableName, caseId, {
          // The token stays: by now it may be the next waiting state's.
          remove: ['pendingReply'],
          guard: {
            unversioned: 'the reply was delivered; the condition names it',
            when: PENDING_REPLY_IS(replyId),
          },
        }),
      );
    },
  };
}
