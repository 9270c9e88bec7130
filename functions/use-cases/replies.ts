import { bareReply, type PendingReply } from '../domain/pending-reply.ts';
import { PERSON_WAIT_STATE } from '../domain/queues.ts';
import type { Cases, Replies } from '../ports/case-store.ts';
import type { Workflow } from '../ports/effects.ts';
import { logger } from '../shared/logger.ts';

export type ReplyPorts = {
  store: Pick<Cases, 'getCase'> & Replies;
  workflow: Pick<Workflow, 'answer'>;
};

/**
 * Gives the case's pending reply to the state waiting on its token, if one is waiting. When none
 * is (the workflow is between states), the reply stays on the case for the next waiting state.
 * The reply is marked as on its way first, so the state after this one never takes it again.
 */
export async function deliverPendingReply(
  { store, workflow }: ReplyPorts,
  record: {
    caseId: string;
    taskToken?: string;
    pendingReply?: PendingReply;
    status?: string;
    waitingState?: string;
  },
): Promise<boolean> {
  let current: typeof record | undefined = record;
  for (let attempt = 0; attempt < 3 && current; attempt++) {
    const pendingReply: PendingReply | undefined = current.pendingReply;
    const taskToken: string | undefined = current.taskToken;
    if (!pendingReply || !taskToken || pendingReply.deliveredTo) return false;
    // A case waiting for a person (issue 12) goes on only when it closes or a person reopened it;
    // any other reply (a legal pause, billing's resume) stays on the case for the person.
    if (!replyForWaitingState(current, pendingReply)) return false;
    if (await store.markDelivering(record.caseId, pendingReply.id, taskToken)) {
      if (await workflow.answer(taskToken, bareReply(pendingReply))) {
        await store.clearPendingReply(record.caseId, pendingReply.id);
        return true;
      }
      await store.unmarkDelivering(record.caseId, pendingReply.id);
    }
    // The token or the reply changed meanwhile: a new state may be waiting now.
    const previousToken: string = taskToken;
    current = await store.getCase(record.caseId);
    if (current?.taskToken === previousToken) return false;
  }
  return false;
}

/**
 * For a state that waits on a token: keep the token, or, when a reply was already waiting for the
 * workflow, answer the token with it at once. Resolves true when the state should do its work.
 */
export async function takeTurn(
  {
    store,
    workflow,
  }: { store: Pick<Replies, 'claimTurn' | 'clearPendingReply'>; workflow: Pick<Workflow, 'answer'> },
  turn: {
    caseId: string;
    taskToken: string;
    waitingState: string;
    rung?: string;
    status?: 'held-for-person' | 'placed';
  },
): Promise<boolean> {
  const claim = await store.claimTurn(
    turn.caseId,
    turn.taskToken,
    turn.waitingState,
    turn.rung,
    turn.status ? { status: turn.status } : undefined,
  );
  if (claim.claimed) return true;
  if (!claim.reply)
    throw new Error(
      `Case ${turn.caseId} is ${claim.record.status}; "${turn.waitingState}" has nothing to do`,
    );
  logger.info('A reply was waiting; answering at once', { outcome: claim.reply.outcome });
  // A state whose time ran out before it took its turn (its token timed out meanwhile: a reply
  // window of seconds on the scaled clock, a slow start) did not get the reply: it stays on the
  // case for the next waiting state. Cleared, it was lost, and the case went on as if it had never
  // come (the lives found a write-off so lost, the case then climbing the ladder).
  if (await workflow.answer(turn.taskToken, claim.reply))
    await store.clearPendingReply(turn.caseId, claim.reply.id);
  return false;
}

/** Whether the state holding the token takes this reply now (one waiting for a person takes few). */
function replyForWaitingState(
  record: { status?: string; waitingState?: string },
  reply: PendingReply,
): boolean {
  const waitsForPerson =
    record.status === 'held-for-person' && record.waitingState?.startsWith(PERSON_WAIT_STATE);
  return !waitsForPerson || reply.outcome === 'paid' || reply.outcome === 'credited';
}
