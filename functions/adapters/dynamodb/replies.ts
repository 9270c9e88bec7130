import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from '../../contract/table.ts';
import type { CaseRecord } from '../../domain/case.ts';
import { DELIVERY_GRACE_MS, replyInsteadOfTurn } from '../../domain/pending-reply.ts';
import type { Replies } from '../../ports/case-store.ts';
import { caseFromItem } from './case-item.ts';
import { caseUpdate } from './case-write.ts';
import { dynamo, updateIfStill } from './client.ts';

const PENDING_REPLY_IS = (replyId: string) => ({
  expression: 'pendingReply.id = :id',
  values: { ':id': replyId },
});

/** The workflow's task tokens and the replies waiting for them, kept on the case item. */
export function dynamoReplies(tableName: string): Replies {
  return {
    async claimTurn(caseId, token, waitingState, rung, options) {
      const claimed = await updateIfStill(
        caseUpdate(tableName, caseId, {
          set: { taskToken: token, waitingState, ...(rung ? { rung: rung as CaseRecord['rung'] } : {}) },
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
      const out = await dynamo.send(
        new GetCommand({ TableName: tableName, Key: keys.case(caseId), ConsistentRead: true }),
      );
      const record = out.Item ? caseFromItem(out.Item) : undefined;
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
            'pendingReply.deliveredTo': token,
            'pendingReply.deliveringSince': new Date().toISOString(),
          },
          bumpVersion: false,
          guard: {
            unversioned: 'delivery marks belong to the reply, which the condition names',
            when: {
              expression: 'pendingReply.id = :id AND taskToken = :token',
              values: { ':id': replyId, ':token': token },
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
