/**
 * The executions: starting one on the engine (its Task states bound to the task handlers, its events
 * written to its history), stopping one, and finding them by ARN.
 */
import { randomUUID } from 'node:crypto';
import { ExecutionError, ExecutionTimeoutError } from 'aws-local-stepfunctions';
import { ApiError } from './errors.ts';
import { onEngineEvent } from './history.ts';
import { parseExecutionArn, parseStateMachineArn } from './machines.ts';
import { type TaskTokens, taskHandler } from './tasks.ts';
import {
  type EngineInput,
  type Execution,
  type ExecutionStatus,
  type JsonValue,
  type LambdaInvoker,
  type RegisteredMachine,
  type TaskHandlers,
  toJsonString,
} from './types.ts';

export class Executions {
  readonly all = new Map<string, Execution>();
  private seq = 0;

  constructor(
    private readonly machines: ReadonlyMap<string, RegisteredMachine>,
    private readonly tasks: { invokeLambda: LambdaInvoker; tokens: TaskTokens },
  ) {}

  private finish(
    execution: Execution,
    status: Exclude<ExecutionStatus, 'RUNNING'>,
    fields: Partial<Execution>,
  ) {
    if (execution.status !== 'RUNNING') return;
    Object.assign(execution, fields);
    execution.status = status;
    execution.stopDate = Date.now();
  }

  start(machine: RegisteredMachine, name: string, input: string): Execution {
    const arn = `arn:aws:states:${machine.region}:${machine.account}:execution:${machine.name}:${name}`;
    const parsedInput = JSON.parse(input) as JsonValue;
    const sentinel = `local-sfn-task-token-placeholder-${randomUUID()}`;
    const execution: Execution = {
      seq: ++this.seq,
      arn,
      name,
      machine,
      input,
      status: 'RUNNING',
      startDate: Date.now(),
      history: [],
      invocations: [],
      controller: new AbortController(),
      sentinel,
      done: Promise.resolve(),
    };
    const handlers: TaskHandlers = {};
    for (const [stateName, state] of machine.taskStates)
      handlers[stateName] = taskHandler(execution, stateName, state, this.tasks);
    const run = machine.engine.run(parsedInput as EngineInput, {
      overrides: { taskResourceLocalHandlers: handlers },
      noThrowOnAbort: true,
      context: {
        Execution: {
          Id: arn,
          Name: name,
          RoleArn: `arn:aws:iam::${machine.account}:role/local-stepfunctions`,
        },
        StateMachine: { Id: machine.arn, Name: machine.name },
        Task: { Token: sentinel },
      },
    });
    execution.abortEngine = run.abort;
    const consumed = (async () => {
      for await (const event of run.eventLogs) onEngineEvent(execution, event);
    })();
    const settled = run.result.then(
      (output) => ({ ok: true as const, output }),
      (error: unknown) => ({ ok: false as const, error }),
    );
    execution.done = Promise.all([settled, consumed]).then(([outcome]) => {
      if (outcome.ok) {
        this.finish(execution, 'SUCCEEDED', { output: toJsonString(outcome.output) });
      } else if (outcome.error instanceof ExecutionTimeoutError) {
        this.finish(execution, 'TIMED_OUT', { error: 'States.Timeout', cause: 'The execution timed out' });
      } else {
        const inner = outcome.error instanceof ExecutionError ? outcome.error.cause : outcome.error;
        const error = inner instanceof Error ? inner.name : 'States.Runtime';
        const cause = inner instanceof Error ? inner.message : String(inner);
        this.finish(execution, 'FAILED', { error, cause });
      }
      // Whatever is still in flight (an abandoned task, a token) is released: no timers survive.
      execution.controller.abort();
    });
    this.all.set(arn, execution);
    return execution;
  }

  async stop(execution: Execution, error?: string, cause?: string) {
    if (execution.status === 'RUNNING') {
      this.finish(execution, 'ABORTED', { error, cause });
      execution.controller.abort();
      execution.abortEngine?.();
    }
    await execution.done;
  }

  findMachine(arn: unknown): RegisteredMachine {
    if (typeof arn !== 'string' || !parseStateMachineArn(arn))
      throw new ApiError('InvalidArn', `Invalid Arn: '${String(arn)}'`);
    const machine = this.machines.get(arn);
    if (!machine) throw new ApiError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${arn}'`);
    return machine;
  }

  findExecution(arn: unknown): Execution {
    if (typeof arn !== 'string' || !parseExecutionArn(arn))
      throw new ApiError('InvalidArn', `Invalid Arn: '${String(arn)}'`);
    const execution = this.all.get(arn);
    if (!execution) throw new ApiError('ExecutionDoesNotExist', `Execution Does Not Exist: '${arn}'`);
    return execution;
  }
}
