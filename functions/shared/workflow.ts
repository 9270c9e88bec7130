import {
  ExecutionAlreadyExists,
  SendTaskSuccessCommand,
  SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import type { Reply } from '../domain/journey.ts';

/** A reply as kept on the case, with the marks of its delivery. */
type PendingReply = Reply & { deliveredTo?: string; deliveringSince?: string };

import { logger } from './logger.ts';

// Each client lives with the one module that uses it, so a function bundles only the clients it needs.
const stepFunctions = new SFNClient({});

/**
 * Starts the case's workflow, named after the account. Resolves the execution ARN; starting the
 * same case again (a retried delivery) is harmless.
 */
export async function startCaseWorkflow(
  stateMachineArn: string,
  executionName: string,
  caseId: string,
): Promise<string> {
  try {
    const out = await stepFunctions.send(
      new StartExecutionCommand({ stateMachineArn, name: executionName, input: JSON.stringify({ caseId }) }),
    );
    return out.executionArn ?? '';
  } catch (error) {
    if (!(error instanceof ExecutionAlreadyExists)) throw error;
    return `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${executionName}`;
  }
}

/** Errors that mean the waiting state has already moved on: nothing is left to tell. */
const STALE_TOKEN_ERRORS = new Set(['TaskTimedOut', 'TaskDoesNotExist', 'InvalidToken']);

/** Tells the waiting state what happened. A token whose state has moved on is not an error. */
export async function answerWaitingTask(taskToken: string, reply: Reply): Promise<boolean> {
  try {
    await stepFunctions.send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify(reply) }));
    return true;
  } catch (error) {
    if (STALE_TOKEN_ERRORS.has((error as Error).name)) {
      logger.info('The waiting state had already moved on', { reason: (error as Error).name });
      return false;
    }
    throw error;
  }
}

/**
 * Gives the case's pending reply to the state waiting on its token, if one is waiting. When none
 * is (the workflow is between states), the reply stays on the case for the next waiting state.
 * The reply is marked as on its way first, so the state after this one never takes it again.
 */
export async function deliverPendingReply(
  store: {
    getCase(
      caseId: string,
    ): Promise<{ caseId: string; taskToken?: string; pendingReply?: PendingReply } | undefined>;
    markDelivering(caseId: string, replyId: string, token: string): Promise<boolean>;
    unmarkDelivering(caseId: string, replyId: string): Promise<void>;
    clearPendingReply(caseId: string, replyId: string): Promise<void>;
  },
  record: { caseId: string; taskToken?: string; pendingReply?: PendingReply },
): Promise<boolean> {
  let current: typeof record | undefined = record;
  for (let attempt = 0; attempt < 3 && current; attempt++) {
    const pendingReply: PendingReply | undefined = current.pendingReply;
    const taskToken: string | undefined = current.taskToken;
    if (!pendingReply || !taskToken || pendingReply.deliveredTo) return false;
    if (await store.markDelivering(record.caseId, pendingReply.id, taskToken)) {
      const { deliveredTo: _to, deliveringSince: _since, ...reply } = pendingReply;
      if (await answerWaitingTask(taskToken, reply as Reply)) {
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
  store: {
    claimTurn(
      caseId: string,
      token: string,
      waitingState: string,
      rung?: string,
    ): Promise<
      { claimed: true } | { claimed: false; record: { caseId: string; status: string }; reply?: Reply }
    >;
    clearPendingReply(caseId: string, replyId: string): Promise<void>;
  },
  turn: { caseId: string; taskToken: string; waitingState: string; rung?: string },
): Promise<boolean> {
  const claim = await store.claimTurn(turn.caseId, turn.taskToken, turn.waitingState, turn.rung);
  if (claim.claimed) return true;
  if (!claim.reply)
    throw new Error(
      `Case ${turn.caseId} is ${claim.record.status}; "${turn.waitingState}" has nothing to do`,
    );
  logger.info('A reply was waiting; answering at once', {
    caseId: turn.caseId,
    outcome: claim.reply.outcome,
  });
  await answerWaitingTask(turn.taskToken, claim.reply);
  await store.clearPendingReply(turn.caseId, claim.reply.id);
  return false;
}
