/**
 * The executions: starting one on the engine (its Task states bound to the task handlers, its events
 * written to its history), stopping one, and finding them by ARN.
 */
import { randomUUID } from 'node:crypto';
import { ExecutionError, ExecutionTimeoutError, type StateMachine } from 'aws-local-stepfunctions';
import { ApiError } from './errors.ts';
import { append, onEngineEvent } from './history.ts';
import { parseExecutionArn, parseStateMachineArn } from './machines.ts';
import { type TaskTokens, taskHandler } from './tasks.ts';
import {
  type EngineInput,
  type Execution,
  type ExecutionStatus,
  type HistoryEvent,
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
    this.run(execution, machine.engine, JSON.parse(input) as JsonValue);
    this.all.set(arn, execution);
    return execution;
  }

  /**
   * RedriveExecution: an execution that failed, timed out or was aborted resumes from the state it
   * stopped in (the last state it entered), with that state's input, keeping its name and history
   * (an ExecutionRedriven event, then the resumed states). The machines here are flat (no Parallel or
   * Map), so the state it stopped in is a top-level one.
   */
  redrive(execution: Execution, clientToken?: string): Execution {
    if (clientToken !== undefined && execution.redriveToken === clientToken) return execution;
    if (execution.status === 'RUNNING' || execution.status === 'SUCCEEDED')
      throw new ApiError(
        'ExecutionNotRedrivable',
        `Execution is ${execution.status}: only a failed, timed-out or aborted execution can be redriven`,
      );
    const entered = [...execution.history].reverse().find((event) => event.type.endsWith('StateEntered')) as
      | (HistoryEvent & { stateEnteredEventDetails: { name: string; input: string } })
      | undefined;
    if (!entered) throw new ApiError('ExecutionNotRedrivable', 'The execution entered no state to resume');
    const { name, input } = entered.stateEnteredEventDetails;
    const engine = execution.machine.engineFrom(name);
    execution.status = 'RUNNING';
    for (const field of ['stopDate', 'output', 'error', 'cause', 'abortEngine'] as const)
      delete execution[field];
    execution.controller = new AbortController();
    execution.invocations = [];
    execution.redriveCount = (execution.redriveCount ?? 0) + 1;
    execution.redriveDate = Date.now();
    if (clientToken !== undefined) execution.redriveToken = clientToken;
    append(execution, 'ExecutionRedriven', {
      executionRedrivenEventDetails: { redriveCount: execution.redriveCount },
    });
    this.run(execution, engine, JSON.parse(input) as JsonValue);
    return execution;
  }

  /** Runs the engine for the execution: its Task states bound to the task handlers, its events to its history. */
  private run(execution: Execution, engine: StateMachine, parsedInput: JsonValue) {
    const { machine, arn, name, sentinel } = execution;
    const handlers: TaskHandlers = {};
    for (const [stateName, state] of machine.taskStates)
      handlers[stateName] = taskHandler(execution, stateName, state, this.tasks);
    const run = engine.run(parsedInput as EngineInput, {
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
