/**
 * A local Step Functions endpoint: speaks the AWS JSON 1.0 protocol subset the project uses, so the real
 * `@aws-sdk/client-sfn` works against it, and executes the ASL definitions with `aws-local-stepfunctions`.
 *
 * Supported operations (see api.ts): StartExecution, DescribeExecution, ListExecutions,
 * GetExecutionHistory, StopExecution, RedriveExecution (flat machines: it resumes at the last state
 * entered), SendTaskSuccess, SendTaskHeartbeat.
 * Supported Task resources (see tasks.ts): `arn:aws:states:::lambda:invoke` and
 * `arn:aws:states:::lambda:invoke.waitForTaskToken`.
 *
 * Where the engine differs from AWS (pinned by test/integration/local-stepfunctions.test.ts):
 * - `$$.Task.Token` is minted here: the engine sees a sentinel, the Task handler swaps in a fresh token.
 * - The engine reads `TimeoutSecondsPath` from the Task's Parameters output; AWS reads the state input.
 * - The engine's default Task timeout is 60 s (AWS has none): every Task must set a timeout explicitly.
 * - JSONPath only: JSONata definitions are refused.
 * - The engine mishandles `ResultPath: "$"`; the emulator drops it (the default means the same).
 */
import { createServer } from 'node:http';
import { listen } from '../http-server.ts';
import { stepFunctionsOperations } from './api.ts';
import { Executions } from './executions.ts';
import { stepFunctionsHttpHandler } from './http.ts';
import { registerMachines } from './machines.ts';
import { TaskTokens } from './tasks.ts';
import type { ExecutionStatus, StepFunctionsEmulator, StepFunctionsEmulatorOptions } from './types.ts';

export { assertExplicitTaskTimeouts } from './definition.ts';
export type * from './types.ts';

export async function startStepFunctionsEmulator(
  opts: StepFunctionsEmulatorOptions,
): Promise<StepFunctionsEmulator> {
  const scale = opts.retryIntervalScale ?? 1;
  if (!(scale >= 0) || !Number.isFinite(scale))
    throw new Error(`retryIntervalScale must be >= 0, got ${scale}`);

  const tokens = new TaskTokens();
  const executions = new Executions(registerMachines(opts.stateMachines, scale), {
    invokeLambda: opts.invokeLambda,
    tokens,
  });
  let closing = false;
  const handle = stepFunctionsHttpHandler(stepFunctionsOperations(executions, tokens, () => closing));
  const server = await listen(
    createServer((request, response) => {
      void handle(request, response);
    }),
    { host: opts.host, port: opts.port },
  );
  let closed: Promise<void> | undefined;

  return {
    url: server.url,

    close() {
      closed ??= (async () => {
        closing = true;
        await Promise.all(
          [...executions.all.values()].map((execution) =>
            executions.stop(execution, 'LocalEmulatorClosed', 'The local Step Functions emulator was closed'),
          ),
        );
        await server.close();
      })();
      return closed;
    },

    async waitForExecution(executionArn, timeoutMs = 10_000) {
      const execution = executions.all.get(executionArn);
      if (!execution) throw new Error(`Unknown execution ${executionArn}`);
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () =>
            reject(new Error(`Execution ${executionArn} still ${execution.status} after ${timeoutMs} ms`)),
          timeoutMs,
        );
      });
      try {
        await Promise.race([execution.done, timeout]);
      } finally {
        clearTimeout(timer);
      }
      return execution.status as Exclude<ExecutionStatus, 'RUNNING'>;
    },
  };
}
