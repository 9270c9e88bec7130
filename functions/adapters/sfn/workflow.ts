import {
  ExecutionAlreadyExists,
  SendTaskSuccessCommand,
  SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import type { Reply } from '../../domain/journey.ts';
import type { OpenedCase } from '../../domain/schedule.ts';
import type { Workflow } from '../../ports/effects.ts';
import { logger } from '../../shared/logger.ts';
import { withoutSdkLogging } from '../sdk-client.ts';
import { traced } from '../tracing/tracer.ts';

// Each client lives with the one module that uses it, so a function bundles only the clients it needs.
const stepFunctions = traced(withoutSdkLogging(new SFNClient({})));

/**
 * Starts the case's workflow, named after the account, with its opening as the input every state
 * reads (`$.Payload`). Resolves the execution ARN; starting the same case again (a retried delivery,
 * whose opening may differ by a moment) is harmless.
 */
export async function startCaseWorkflow(
  stateMachineArn: string,
  executionName: string,
  opening: OpenedCase,
): Promise<string> {
  try {
    const out = await stepFunctions.send(
      new StartExecutionCommand({
        stateMachineArn,
        name: executionName,
        input: JSON.stringify({ Payload: opening }),
      }),
    );
    return out.executionArn ?? '';
  } catch (error) {
    if (!(error instanceof ExecutionAlreadyExists)) throw error;
    return executionArnOf(stateMachineArn, executionName);
  }
}

/** The ARN of the execution of that name on the state machine, started or not. */
export const executionArnOf = (stateMachineArn: string, executionName: string): string =>
  `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${executionName}`;

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

/** The case's workflow on the named state machine (the port: ports/effects.ts `Workflow`). */
export function sfnWorkflow(stateMachineArn = ''): Workflow {
  return {
    start: (executionName, opening) => startCaseWorkflow(stateMachineArn, executionName, opening),
    answer: answerWaitingTask,
    executionArnOf: (executionName) => executionArnOf(stateMachineArn, executionName),
  };
}
