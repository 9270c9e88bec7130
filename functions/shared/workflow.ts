import { SendTaskSuccessCommand } from '@aws-sdk/client-sfn';
import type { Reply } from '../domain/case.ts';
import { stepFunctions } from './clients.ts';
import { logger } from './logger.ts';

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
