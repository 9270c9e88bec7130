/**
 * A local Step Functions endpoint: speaks the AWS JSON 1.0 protocol subset the project uses, so the real
 * `@aws-sdk/client-sfn` works against it, and executes the ASL definitions with `aws-local-stepfunctions`.
 *
 * Supported operations: StartExecution, DescribeExecution, ListExecutions, GetExecutionHistory,
 * StopExecution, SendTaskSuccess, SendTaskFailure, SendTaskHeartbeat.
 * Supported Task resources: `arn:aws:states:::lambda:invoke` and `arn:aws:states:::lambda:invoke.waitForTaskToken`.
 *
 * Where the engine differs from AWS (pinned by test/integration/local-stepfunctions.test.ts):
 * - `$$.Task.Token` is minted here: the engine sees a sentinel, the Task handler swaps in a fresh token.
 * - The engine reads `TimeoutSecondsPath` from the Task's Parameters output; AWS reads the state input.
 * - The engine's default Task timeout is 60 s (AWS has none): every Task must set a timeout explicitly.
 * - JSONPath only: JSONata definitions are refused.
 * - The engine mishandles `ResultPath: "$"`; the emulator drops it (the default means the same).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  ExecutionError,
  ExecutionTimeoutError,
  type RunOptions,
  StateMachine,
  type StateMachineDefinition,
} from 'aws-local-stepfunctions';

export type LocalStateMachine = { name: string; arn: string; definition: Record<string, unknown> };
/** Invokes a Lambda by ARN with a payload; resolves its result; rejects with an Error whose `name` is the function's errorType. */
export type LambdaInvoker = (functionArn: string, payload: unknown) => Promise<unknown>;
export type StepFunctionsEmulatorOptions = {
  stateMachines: LocalStateMachine[];
  invokeLambda: LambdaInvoker;
  /** Multiplies every Retry interval (e.g. 0.01 in tests); default 1. */
  retryIntervalScale?: number;
  host?: string;
  port?: number; // default 127.0.0.1, 0
};
export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';
export type StepFunctionsEmulator = {
  url: string;
  close(): Promise<void>; // aborts running executions, closes server, no dangling timers
  /** Resolves when the execution leaves RUNNING (for tests), with its final status. */
  waitForExecution(executionArn: string, timeoutMs?: number): Promise<Exclude<ExecutionStatus, 'RUNNING'>>;
};

const LAMBDA_INVOKE = 'arn:aws:states:::lambda:invoke';
const LAMBDA_INVOKE_WAIT = 'arn:aws:states:::lambda:invoke.waitForTaskToken';
const SUPPORTED_RESOURCES = [LAMBDA_INVOKE, LAMBDA_INVOKE_WAIT];
const MAX_BODY_BYTES = 1024 * 1024;
const MAX_PAYLOAD_CHARS = 256 * 1024;

type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
type JsonObject = { [key: string]: JsonValue };
type EngineInput = Parameters<StateMachine['run']>[0];
type EngineEvent = ReturnType<StateMachine['run']>['eventLogs'] extends AsyncGenerator<infer E> ? E : never;
type TaskHandlers = NonNullable<NonNullable<RunOptions['overrides']>['taskResourceLocalHandlers']>;
type TaskHandler = TaskHandlers[string];

// ---------------------------------------------------------------------------------------------------------
// Definition checks
// ---------------------------------------------------------------------------------------------------------

type AnyState = Record<string, unknown> & { Type?: string };
type AnyMachine = { States?: Record<string, AnyState>; QueryLanguage?: unknown };

/** Visits every state of a definition, including those inside Parallel branches and Map processors. */
function forEachState(definition: AnyMachine, visit: (name: string, state: AnyState) => void): void {
  for (const [name, state] of Object.entries(definition.States ?? {})) {
    visit(name, state);
    if (Array.isArray(state.Branches)) {
      for (const branch of state.Branches as AnyMachine[]) forEachState(branch, visit);
    }
    for (const key of ['Iterator', 'ItemProcessor']) {
      const nested = state[key];
      if (nested && typeof nested === 'object') forEachState(nested as AnyMachine, visit);
    }
  }
}

/**
 * Throws unless every Task state sets `TimeoutSeconds` or `TimeoutSecondsPath`: the engine silently applies a
 * 60-second default where AWS waits forever, so a definition relying on the default would behave differently.
 */
export function assertExplicitTaskTimeouts(definition: Record<string, unknown>): void {
  const missing: string[] = [];
  forEachState(definition as AnyMachine, (name, state) => {
    if (
      state.Type === 'Task' &&
      state.TimeoutSeconds === undefined &&
      state.TimeoutSecondsPath === undefined
    ) {
      missing.push(name);
    }
  });
  if (missing.length > 0) {
    throw new Error(
      `Task state(s) without TimeoutSeconds or TimeoutSecondsPath: ${missing.map((n) => `'${n}'`).join(', ')}. ` +
        'The local engine would time them out after 60 s while AWS waits forever; set the timeout explicitly.',
    );
  }
}

function assertJsonPathOnly(machine: LocalStateMachine): void {
  const definition = machine.definition as AnyMachine;
  const offenders: string[] = [];
  if (definition.QueryLanguage === 'JSONata') offenders.push('the state machine');
  forEachState(definition, (name, state) => {
    if (state.QueryLanguage === 'JSONata') offenders.push(`state '${name}'`);
  });
  if (offenders.length > 0) {
    throw new Error(
      `State machine '${machine.name}' uses QueryLanguage JSONata (${offenders.join(', ')}); ` +
        'the local Step Functions engine supports JSONPath only.',
    );
  }
}

/** Parses a JSONPath reference path (`$`, `.name`, `['name']`, `[0]`); undefined when it is anything else. */
function parseReferencePath(path: string): (string | number)[] | undefined {
  if (!path.startsWith('$') || path.startsWith('$$')) return undefined;
  const segments: (string | number)[] = [];
  const pattern = /^(?:\.([^.[\]\s'"*?@()]+)|\['([^']*)'\]|\[(\d+)\])/;
  let rest = path.slice(1);
  while (rest.length > 0) {
    const match = pattern.exec(rest);
    if (!match) return undefined;
    if (match[1] !== undefined) segments.push(match[1]);
    else if (match[2] !== undefined) segments.push(match[2]);
    else segments.push(Number(match[3]));
    rest = rest.slice(match[0].length);
  }
  return segments;
}

function readReferencePath(segments: (string | number)[], value: unknown): unknown {
  let current = value;
  for (const segment of segments) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[segment];
  }
  return current;
}

function assertSupportedTimeoutPaths(machine: LocalStateMachine): void {
  forEachState(machine.definition as AnyMachine, (name, state) => {
    const path = state.TimeoutSecondsPath;
    if (
      state.Type === 'Task' &&
      path !== undefined &&
      (typeof path !== 'string' || !parseReferencePath(path))
    ) {
      throw new Error(
        `State '${name}' of '${machine.name}': TimeoutSecondsPath must be a reference path like $.a.b, got ${JSON.stringify(path)}`,
      );
    }
  });
}

/**
 * The definition as the engine gets it:
 * - `ResultPath: "$"` (on a state or a Catcher) is dropped: the engine would write the result under a key
 *   named "$" instead of replacing the input; leaving it out is the same thing on AWS and works on the engine.
 * - every Retry interval (and MaxDelaySeconds) is multiplied by `scale`. Scaling the definition keeps the
 *   engine's own backoff and jitter, where its `retryIntervalOverrides` can only give one fixed pause per
 *   retrier whatever the attempt.
 */
function engineDefinition(definition: Record<string, unknown>, scale: number): Record<string, unknown> {
  const copy = structuredClone(definition);
  forEachState(copy as AnyMachine, (_name, state) => {
    if (state.ResultPath === '$') delete state.ResultPath;
    if (Array.isArray(state.Catch)) {
      for (const catcher of state.Catch as Record<string, unknown>[]) {
        if (catcher.ResultPath === '$') delete catcher.ResultPath;
      }
    }
    if (Array.isArray(state.Retry) && scale !== 1) {
      for (const retrier of state.Retry as Record<string, unknown>[]) {
        retrier.IntervalSeconds = ((retrier.IntervalSeconds as number | undefined) ?? 1) * scale;
        if (typeof retrier.MaxDelaySeconds === 'number') retrier.MaxDelaySeconds *= scale;
      }
    }
  });
  return copy;
}

// ---------------------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------------------

/** An error answered to the SDK as HTTP 400 `{"__type": code, "message": ...}`. */
class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** The failure of a task, as Retry/Catch see it: `name` is the Error, `message` the Cause. */
class TaskError extends Error {
  constructor(name: string, cause: string) {
    super(cause);
    this.name = name;
  }
}

/**
 * A task failure the engine must neither retry nor catch (it reads `isRetryable` / `isCatchable` the way it
 * does for its own States.Runtime): used when the execution was stopped and for unsupported resources.
 */
class FatalTaskError extends Error {
  readonly isRetryable = false;
  readonly isCatchable = false;
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}

/** Turns what `invokeLambda` rejected with into the task error AWS reports for a Lambda function error. */
function lambdaTaskError(error: unknown): TaskError {
  const name = error instanceof Error ? error.name : 'Error';
  const message = error instanceof Error ? error.message : String(error);
  // Lambda.* (service) and States.* errors carry a plain message; function errors carry the error payload.
  if (name.startsWith('Lambda.') || name.startsWith('States.')) return new TaskError(name, message);
  const trace =
    error instanceof Error && typeof error.stack === 'string' ? error.stack.split('\n') : undefined;
  return new TaskError(name, JSON.stringify({ errorType: name, errorMessage: message, trace }));
}

// ---------------------------------------------------------------------------------------------------------
// State
// ---------------------------------------------------------------------------------------------------------

type HistoryEvent = {
  id: number;
  previousEventId: number;
  timestamp: number;
  type: string;
  [details: string]: unknown;
};
type DraftEvent = { type: string; timestamp: number; details: Record<string, Record<string, unknown>> };

/** One call of a Task state's handler (one attempt); its Task* events wait for the engine's state events. */
type Invocation = { stateName: string; events: DraftEvent[]; flushed: boolean; failed: boolean };

type PendingToken = {
  token: string;
  execution: Execution;
  invocation: Invocation;
  resource: string;
  resolve(value: JsonValue): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
  onAbort: () => void;
};

type RegisteredMachine = {
  name: string;
  arn: string;
  region: string;
  account: string;
  engine: StateMachine;
  taskStates: Map<string, AnyState>;
};

type Execution = {
  seq: number;
  arn: string;
  name: string;
  machine: RegisteredMachine;
  input: string;
  status: ExecutionStatus;
  startDate: number;
  stopDate?: number;
  output?: string;
  error?: string;
  cause?: string;
  history: HistoryEvent[];
  invocations: Invocation[];
  controller: AbortController;
  sentinel: string;
  abortEngine?: () => void;
  done: Promise<void>;
};

const epochSeconds = (ms: number) => ms / 1000;
const toJsonString = (value: unknown) => JSON.stringify(value === undefined ? null : value);

function parseStateMachineArn(arn: string) {
  const match = /^arn:([^:]+):states:([^:]+):(\d{12}):stateMachine:([^:]+)$/.exec(arn);
  if (!match) return undefined;
  return {
    partition: match[1] as string,
    region: match[2] as string,
    account: match[3] as string,
    name: match[4] as string,
  };
}

function parseExecutionArn(arn: string) {
  const match = /^arn:([^:]+):states:([^:]+):(\d{12}):execution:([^:]+):([^:]+)$/.exec(arn);
  if (!match) return undefined;
  const [, partition, region, account, machineName] = match as unknown as string[];
  return { stateMachineArn: `arn:${partition}:states:${region}:${account}:stateMachine:${machineName}` };
}

/** The name rules of StartExecution: 1–80 characters, no whitespace, brackets, wildcards, specials or controls. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what AWS refuses
const INVALID_NAME_CHARACTERS = /[\s<>{}[\]?*"#%\\^|~`$&,;:/\u0000-\u001f\u007f-\u009f]/u;
function assertValidName(name: string): void {
  if (name.length < 1 || name.length > 80) {
    throw new ApiError('InvalidName', `Invalid Name: '${name}' (must be 1 to 80 characters)`);
  }
  if (INVALID_NAME_CHARACTERS.test(name)) {
    throw new ApiError('InvalidName', `Invalid Name: '${name}'`);
  }
}

function mintTaskToken(): string {
  return `AQ${randomBytes(192).toString('base64url')}`;
}

function replaceDeep(value: JsonValue, sentinel: string, replacement: string): JsonValue {
  if (value === sentinel) return replacement;
  if (Array.isArray(value)) return value.map((item) => replaceDeep(item, sentinel, replacement));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, replaceDeep(v, sentinel, replacement)]),
    );
  }
  return value;
}

function requireString(input: Record<string, unknown>, key: string, code = 'ValidationException'): string {
  const value = input[key];
  if (typeof value !== 'string' || value.length === 0) {
    throw new ApiError(
      code,
      `1 validation error detected: Value at '${key}' failed to satisfy constraint: Member must not be null`,
    );
  }
  return value;
}

function optionalString(input: Record<string, unknown>, key: string, maxLength: number): string | undefined {
  const value = input[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || value.length > maxLength) {
    throw new ApiError(
      'ValidationException',
      `1 validation error detected: Value at '${key}' failed to satisfy constraint: Member must have length less than or equal to ${maxLength}`,
    );
  }
  return value;
}

function pageSize(input: Record<string, unknown>): number {
  const value = input.maxResults ?? 0;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 1000) {
    throw new ApiError('ValidationException', 'maxResults must be an integer between 0 and 1000');
  }
  return value === 0 ? 100 : value;
}

function encodeToken(value: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

function decodeToken(token: unknown, scope: string): number | undefined {
  if (token === undefined || token === null) return undefined;
  try {
    const decoded = JSON.parse(Buffer.from(String(token), 'base64url').toString('utf8')) as Record<
      string,
      unknown
    >;
    if (decoded.scope === scope && typeof decoded.after === 'number') return decoded.after;
  } catch {
    // answered below
  }
  throw new ApiError('InvalidToken', 'Invalid Token: the nextToken is invalid or belongs to another request');
}

// ---------------------------------------------------------------------------------------------------------
// The emulator
// ---------------------------------------------------------------------------------------------------------

export async function startStepFunctionsEmulator(
  opts: StepFunctionsEmulatorOptions,
): Promise<StepFunctionsEmulator> {
  const scale = opts.retryIntervalScale ?? 1;
  if (!(scale >= 0) || !Number.isFinite(scale))
    throw new Error(`retryIntervalScale must be >= 0, got ${scale}`);

  const machines = new Map<string, RegisteredMachine>();
  for (const machine of opts.stateMachines) {
    const arn = parseStateMachineArn(machine.arn);
    if (!arn) throw new Error(`State machine '${machine.name}' has an invalid ARN: ${machine.arn}`);
    if (arn.name !== machine.name) {
      throw new Error(`State machine '${machine.name}' does not match the name in its ARN ${machine.arn}`);
    }
    assertJsonPathOnly(machine);
    assertExplicitTaskTimeouts(machine.definition);
    assertSupportedTimeoutPaths(machine);
    // Validates the definition as written (throws with the validator's messages), then runs the adjusted copy.
    new StateMachine(machine.definition as unknown as StateMachineDefinition);
    const engine = new StateMachine(
      engineDefinition(machine.definition, scale) as unknown as StateMachineDefinition,
      {
        validationOptions: { noValidate: true },
      },
    );
    const taskStates = new Map<string, AnyState>();
    forEachState(machine.definition as AnyMachine, (name, state) => {
      if (state.Type === 'Task') taskStates.set(name, state);
    });
    machines.set(machine.arn, {
      name: machine.name,
      arn: machine.arn,
      region: arn.region,
      account: arn.account,
      engine,
      taskStates,
    });
  }

  const executions = new Map<string, Execution>();
  const openTokens = new Map<string, PendingToken>();
  /** Tokens that existed and are no longer waiting (answered, timed out, stopped): AWS answers TaskTimedOut. */
  const closedTokens = new Set<string>();
  let executionSeq = 0;
  let closing = false;

  // ----- history -----

  function append(
    execution: Execution,
    type: string,
    details: Record<string, Record<string, unknown>>,
    timestamp = Date.now(),
  ) {
    const id = execution.history.length + 1;
    execution.history.push({
      timestamp: epochSeconds(timestamp),
      type,
      id,
      previousEventId: id - 1,
      ...details,
    });
  }

  function record(invocation: Invocation, type: string, details: Record<string, Record<string, unknown>>) {
    if (!invocation.flushed) invocation.events.push({ type, timestamp: Date.now(), details });
  }

  function flushInvocation(execution: Execution, stateName?: string): Invocation | undefined {
    const invocation = execution.invocations.find(
      (i) => !i.flushed && (stateName === undefined || i.stateName === stateName),
    );
    if (!invocation) return undefined;
    for (const event of invocation.events) append(execution, event.type, event.details, event.timestamp);
    invocation.flushed = true;
    return invocation;
  }

  function flushAll(execution: Execution) {
    while (flushInvocation(execution)) {
      // each call flushes one
    }
  }

  function resourceDetails(resource: string) {
    return { resourceType: 'lambda', resource: resource.slice('arn:aws:states:::lambda:'.length) };
  }

  function onEngineEvent(execution: Execution, event: EngineEvent) {
    const at = event.timestamp;
    switch (event.type) {
      case 'ExecutionStarted':
        append(
          execution,
          'ExecutionStarted',
          {
            executionStartedEventDetails: {
              input: toJsonString(event.input),
              inputDetails: { truncated: false },
              roleArn: `arn:aws:iam::${execution.machine.account}:role/local-stepfunctions`,
            },
          },
          at,
        );
        return;
      case 'StateEntered':
        append(
          execution,
          `${event.state.type}StateEntered`,
          {
            stateEnteredEventDetails: {
              name: event.state.name,
              input: toJsonString(event.state.input),
              inputDetails: { truncated: false },
            },
          },
          at,
        );
        return;
      case 'StateExited':
        if (event.state.type === 'Task') flushInvocation(execution, event.state.name);
        append(
          execution,
          `${event.state.type}StateExited`,
          {
            stateExitedEventDetails: {
              name: event.state.name,
              output: toJsonString(event.state.output),
              outputDetails: { truncated: false },
            },
          },
          at,
        );
        return;
      case 'StateFailed': {
        if (event.state.type !== 'Task') return;
        const invocation = flushInvocation(execution, event.state.name);
        const resource = String(execution.machine.taskStates.get(event.state.name)?.Resource ?? '');
        const cause = typeof event.Cause === 'string' ? event.Cause : toJsonString(event.Cause);
        if (event.Error === 'States.Timeout') {
          append(
            execution,
            'TaskTimedOut',
            { taskTimedOutEventDetails: { ...resourceDetails(resource), error: 'States.Timeout', cause } },
            at,
          );
        } else if (!invocation?.failed && event.Error !== 'States.Runtime') {
          append(
            execution,
            'TaskFailed',
            { taskFailedEventDetails: { ...resourceDetails(resource), error: event.Error, cause } },
            at,
          );
        }
        return;
      }
      case 'ExecutionSucceeded':
        flushAll(execution);
        append(
          execution,
          'ExecutionSucceeded',
          {
            executionSucceededEventDetails: {
              output: toJsonString(event.output),
              outputDetails: { truncated: false },
            },
          },
          at,
        );
        return;
      case 'ExecutionFailed':
        flushAll(execution);
        append(
          execution,
          'ExecutionFailed',
          {
            executionFailedEventDetails: {
              error: event.Error,
              cause: typeof event.Cause === 'string' ? event.Cause : toJsonString(event.Cause),
            },
          },
          at,
        );
        return;
      case 'ExecutionAborted':
        flushAll(execution);
        append(
          execution,
          'ExecutionAborted',
          { executionAbortedEventDetails: { error: execution.error, cause: execution.cause } },
          at,
        );
        return;
      case 'ExecutionTimeout':
        flushAll(execution);
        append(
          execution,
          'ExecutionTimedOut',
          { executionTimedOutEventDetails: { error: 'States.Timeout', cause: 'The execution timed out' } },
          at,
        );
        return;
      case 'MapIterationStarted':
      case 'MapIterationSucceeded':
      case 'MapIterationFailed': {
        const key = `mapIteration${event.type.slice('MapIteration'.length)}EventDetails`;
        append(execution, event.type, { [key]: { name: event.parentState.name, index: event.index } }, at);
        return;
      }
      default:
        // StateRetried, StateCaught and Parallel branch events have no counterpart in the AWS history.
        return;
    }
  }

  // ----- tasks -----

  /** Rejects with a FatalTaskError when the execution is stopped; the listener goes once `work` settles. */
  function raceStop<T>(execution: Execution, work: Promise<T>): Promise<T> {
    const signal = execution.controller.signal;
    if (signal.aborted)
      return Promise.reject(new FatalTaskError('States.Aborted', 'The execution was stopped'));
    return new Promise<T>((resolve, reject) => {
      const onAbort = () => reject(new FatalTaskError('States.Aborted', 'The execution was stopped'));
      signal.addEventListener('abort', onAbort, { once: true });
      work.then(
        (value) => {
          signal.removeEventListener('abort', onAbort);
          resolve(value);
        },
        (error: unknown) => {
          signal.removeEventListener('abort', onAbort);
          reject(error);
        },
      );
    });
  }

  function closeToken(pending: PendingToken) {
    openTokens.delete(pending.token);
    closedTokens.add(pending.token);
    clearTimeout(pending.timer);
    pending.execution.controller.signal.removeEventListener('abort', pending.onAbort);
  }

  /** Seconds the engine will allow the task, computed exactly as it does (from the Parameters output). */
  function taskTimeoutSeconds(state: AnyState, input: unknown): number | undefined {
    if (typeof state.TimeoutSeconds === 'number' && state.TimeoutSeconds) return state.TimeoutSeconds;
    if (typeof state.TimeoutSecondsPath === 'string') {
      const segments = parseReferencePath(state.TimeoutSecondsPath);
      const value = segments && readReferencePath(segments, input);
      return typeof value === 'number' && Number.isInteger(value) && value >= 1 ? value : undefined;
    }
    return 60;
  }

  function taskHandler(execution: Execution, stateName: string, state: AnyState): TaskHandler {
    const resource = String(state.Resource);
    const run = async (engineInput: Parameters<TaskHandler>[0]): Promise<JsonValue> => {
      if (execution.controller.signal.aborted)
        throw new FatalTaskError('States.Aborted', 'The execution was stopped');
      if (!SUPPORTED_RESOURCES.includes(resource)) {
        throw new FatalTaskError(
          'States.Runtime',
          `Task state '${stateName}' uses resource '${resource}', which the local Step Functions emulator does not support ` +
            `(supported: ${SUPPORTED_RESOURCES.join(', ')})`,
        );
      }
      const input = engineInput as JsonValue;
      const timeoutSeconds = taskTimeoutSeconds(state, input);
      if (timeoutSeconds === undefined) {
        // The engine evaluates TimeoutSecondsPath right after calling us and fails with States.Runtime; AWS
        // checks it before starting the task, so the Lambda is not invoked (and this promise is abandoned).
        return new Promise<never>(() => {});
      }
      const parameters = (
        input !== null && typeof input === 'object' && !Array.isArray(input) ? input : {}
      ) as JsonObject;
      const functionName = parameters.FunctionName;
      if (typeof functionName !== 'string' || functionName.length === 0) {
        throw new FatalTaskError(
          'States.Runtime',
          `Task state '${stateName}': Parameters.FunctionName must be a string`,
        );
      }
      const invocation: Invocation = { stateName, events: [], flushed: false, failed: false };
      execution.invocations.push(invocation);
      const details = resourceDetails(resource);
      const region = execution.machine.region;

      if (resource === LAMBDA_INVOKE) {
        record(invocation, 'TaskScheduled', {
          taskScheduledEventDetails: {
            ...details,
            region,
            parameters: JSON.stringify(parameters),
            timeoutInSeconds: timeoutSeconds,
          },
        });
        record(invocation, 'TaskStarted', { taskStartedEventDetails: details });
        let result: unknown;
        try {
          result = await raceStop(execution, opts.invokeLambda(functionName, parameters.Payload));
        } catch (error) {
          if (error instanceof FatalTaskError) throw error;
          const failure = lambdaTaskError(error);
          invocation.failed = true;
          record(invocation, 'TaskFailed', {
            taskFailedEventDetails: { ...details, error: failure.name, cause: failure.message },
          });
          throw failure;
        }
        const output = {
          ExecutedVersion: '$LATEST',
          Payload: (result ?? null) as JsonValue,
          StatusCode: 200,
        };
        record(invocation, 'TaskSucceeded', {
          taskSucceededEventDetails: { ...details, output: JSON.stringify(output) },
        });
        return output;
      }

      // lambda:invoke.waitForTaskToken
      const token = mintTaskToken();
      const withToken = replaceDeep(parameters, execution.sentinel, token) as JsonObject;
      let resolve!: (value: JsonValue) => void;
      let reject!: (error: Error) => void;
      const promise = new Promise<JsonValue>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      const pending: PendingToken = {
        token,
        execution,
        invocation,
        resource,
        resolve,
        reject,
        // Set before the engine sets its own timer of the same length, so it fires first: from then on the
        // token is gone (TaskTimedOut) and the engine raises States.Timeout.
        timer: setTimeout(() => closeToken(pending), timeoutSeconds * 1000),
        onAbort: () => {
          closeToken(pending);
          reject(new FatalTaskError('States.Aborted', 'The execution was stopped'));
        },
      };
      openTokens.set(token, pending);
      execution.controller.signal.addEventListener('abort', pending.onAbort, { once: true });
      record(invocation, 'TaskScheduled', {
        taskScheduledEventDetails: {
          ...details,
          region,
          parameters: JSON.stringify(withToken),
          timeoutInSeconds: timeoutSeconds,
        },
      });
      record(invocation, 'TaskStarted', { taskStartedEventDetails: details });
      // The token is registered before the Lambda runs, so the Lambda may answer its own token.
      opts.invokeLambda(functionName, withToken.Payload).then(
        (result) => {
          if (!openTokens.has(token)) return;
          const output = { ExecutedVersion: '$LATEST', Payload: result ?? null, StatusCode: 200 };
          record(invocation, 'TaskSubmitted', {
            taskSubmittedEventDetails: { ...details, output: JSON.stringify(output) },
          });
        },
        (error: unknown) => {
          if (!openTokens.has(token)) return;
          const failure = lambdaTaskError(error);
          invocation.failed = true;
          record(invocation, 'TaskFailed', {
            taskFailedEventDetails: { ...details, error: failure.name, cause: failure.message },
          });
          closeToken(pending);
          reject(failure);
        },
      );
      return promise;
    };
    return (engineInput) => {
      const result = run(engineInput);
      // The engine may abandon this promise (it timed out, or failed evaluating TimeoutSecondsPath before
      // racing it); a late rejection must not surface as an unhandled rejection.
      result.catch(() => {});
      return result;
    };
  }

  function takeOpenToken(input: Record<string, unknown>): PendingToken {
    const token = input.taskToken;
    if (typeof token !== 'string' || token.length === 0 || token.length > 2048) {
      throw new ApiError('InvalidToken', 'Invalid Token: the task token is missing or malformed');
    }
    const pending = openTokens.get(token);
    if (pending) return pending;
    if (closedTokens.has(token))
      throw new ApiError('TaskTimedOut', "Task Timed Out: 'Provided task does not exist anymore'");
    throw new ApiError('TaskDoesNotExist', "Task Does Not Exist: 'Provided task does not exist'");
  }

  // ----- executions -----

  function finish(
    execution: Execution,
    status: Exclude<ExecutionStatus, 'RUNNING'>,
    fields: Partial<Execution>,
  ) {
    if (execution.status !== 'RUNNING') return;
    Object.assign(execution, fields);
    execution.status = status;
    execution.stopDate = Date.now();
  }

  function startExecution(machine: RegisteredMachine, name: string, input: string): Execution {
    const arn = `arn:aws:states:${machine.region}:${machine.account}:execution:${machine.name}:${name}`;
    const parsedInput = JSON.parse(input) as JsonValue;
    const sentinel = `local-sfn-task-token-placeholder-${randomUUID()}`;
    const execution: Execution = {
      seq: ++executionSeq,
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
      handlers[stateName] = taskHandler(execution, stateName, state);
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
        finish(execution, 'SUCCEEDED', { output: toJsonString(outcome.output) });
      } else if (outcome.error instanceof ExecutionTimeoutError) {
        finish(execution, 'TIMED_OUT', { error: 'States.Timeout', cause: 'The execution timed out' });
      } else {
        const inner = outcome.error instanceof ExecutionError ? outcome.error.cause : outcome.error;
        const error = inner instanceof Error ? inner.name : 'States.Runtime';
        const cause = inner instanceof Error ? inner.message : String(inner);
        finish(execution, 'FAILED', { error, cause });
      }
      // Whatever is still in flight (an abandoned task, a token) is released: no timers survive.
      execution.controller.abort();
    });
    executions.set(arn, execution);
    return execution;
  }

  async function stopExecution(execution: Execution, error?: string, cause?: string) {
    if (execution.status === 'RUNNING') {
      finish(execution, 'ABORTED', { error, cause });
      execution.controller.abort();
      execution.abortEngine?.();
    }
    await execution.done;
  }

  // ----- operations -----

  function findMachine(arn: unknown): RegisteredMachine {
    if (typeof arn !== 'string' || !parseStateMachineArn(arn))
      throw new ApiError('InvalidArn', `Invalid Arn: '${String(arn)}'`);
    const machine = machines.get(arn);
    if (!machine) throw new ApiError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${arn}'`);
    return machine;
  }

  function findExecution(arn: unknown): Execution {
    if (typeof arn !== 'string' || !parseExecutionArn(arn))
      throw new ApiError('InvalidArn', `Invalid Arn: '${String(arn)}'`);
    const execution = executions.get(arn);
    if (!execution) throw new ApiError('ExecutionDoesNotExist', `Execution Does Not Exist: '${arn}'`);
    return execution;
  }

  function summary(execution: Execution) {
    return {
      executionArn: execution.arn,
      stateMachineArn: execution.machine.arn,
      name: execution.name,
      status: execution.status,
      startDate: epochSeconds(execution.startDate),
      ...(execution.stopDate !== undefined ? { stopDate: epochSeconds(execution.stopDate) } : {}),
    };
  }

  const operations: Record<string, (input: Record<string, unknown>) => Promise<unknown> | unknown> = {
    StartExecution(input) {
      if (closing)
        throw new ApiError('ServiceUnavailable', 'The local Step Functions emulator is shutting down');
      const machine = findMachine(input.stateMachineArn);
      const name = input.name === undefined || input.name === null ? randomUUID() : String(input.name);
      assertValidName(name);
      const rawInput = input.input === undefined || input.input === null ? '{}' : input.input;
      if (typeof rawInput !== 'string' || rawInput.length > MAX_PAYLOAD_CHARS) {
        throw new ApiError(
          'InvalidExecutionInput',
          'Invalid execution input: must be a JSON string of at most 256 KiB',
        );
      }
      try {
        JSON.parse(rawInput);
      } catch {
        throw new ApiError(
          'InvalidExecutionInput',
          `Invalid State Machine Execution Input: '${rawInput.slice(0, 200)}'`,
        );
      }
      const arn = `arn:aws:states:${machine.region}:${machine.account}:execution:${machine.name}:${name}`;
      const existing = executions.get(arn);
      if (existing) {
        // Like AWS (Standard workflows): same name and input while running returns the same execution.
        if (existing.status === 'RUNNING' && existing.input === rawInput) {
          return { executionArn: existing.arn, startDate: epochSeconds(existing.startDate) };
        }
        throw new ApiError('ExecutionAlreadyExists', `Execution Already Exists: '${arn}'`);
      }
      const execution = startExecution(machine, name, rawInput);
      return { executionArn: execution.arn, startDate: epochSeconds(execution.startDate) };
    },

    DescribeExecution(input) {
      const execution = findExecution(input.executionArn);
      return {
        ...summary(execution),
        input: execution.input,
        inputDetails: { included: true },
        ...(execution.output !== undefined
          ? { output: execution.output, outputDetails: { included: true } }
          : {}),
        ...(execution.error !== undefined ? { error: execution.error } : {}),
        ...(execution.cause !== undefined ? { cause: execution.cause } : {}),
        redriveCount: 0,
      };
    },

    ListExecutions(input) {
      const machine = findMachine(input.stateMachineArn);
      const limit = pageSize(input);
      const filter = input.statusFilter;
      if (
        filter !== undefined &&
        !['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED', 'PENDING_REDRIVE'].includes(
          String(filter),
        )
      ) {
        throw new ApiError('ValidationException', `Invalid statusFilter: ${String(filter)}`);
      }
      const scope = `list:${machine.arn}:${String(filter ?? '')}`;
      const before = decodeToken(input.nextToken, scope);
      const matching = [...executions.values()]
        .filter((e) => e.machine === machine && (filter === undefined || e.status === filter))
        .filter((e) => before === undefined || e.seq < before)
        .sort((a, b) => b.seq - a.seq);
      const page = matching.slice(0, limit);
      const last = page.at(-1);
      return {
        executions: page.map(summary),
        ...(matching.length > limit && last ? { nextToken: encodeToken({ scope, after: last.seq }) } : {}),
      };
    },

    GetExecutionHistory(input) {
      const execution = findExecution(input.executionArn);
      const limit = pageSize(input);
      const reverse = input.reverseOrder === true;
      const withData = input.includeExecutionData !== false;
      const scope = `history:${execution.arn}:${reverse}`;
      const after = decodeToken(input.nextToken, scope);
      let events = reverse ? [...execution.history].reverse() : execution.history;
      if (after !== undefined) events = events.filter((e) => (reverse ? e.id < after : e.id > after));
      const page = events.slice(0, limit);
      const last = page.at(-1);
      return {
        events: withData ? page : page.map(withoutData),
        ...(events.length > limit && last ? { nextToken: encodeToken({ scope, after: last.id }) } : {}),
      };
    },

    async StopExecution(input) {
      const execution = findExecution(input.executionArn);
      const error = optionalString(input, 'error', 256);
      const cause = optionalString(input, 'cause', 32768);
      await stopExecution(execution, error, cause);
      return { stopDate: epochSeconds(execution.stopDate ?? Date.now()) };
    },

    SendTaskSuccess(input) {
      const output = requireString(input, 'output', 'InvalidOutput');
      let parsed: JsonValue;
      try {
        parsed = JSON.parse(output) as JsonValue;
      } catch {
        throw new ApiError('InvalidOutput', `Invalid Output: '${output.slice(0, 200)}'`);
      }
      const pending = takeOpenToken(input);
      closeToken(pending);
      const details = resourceDetails(pending.resource);
      record(pending.invocation, 'TaskSucceeded', { taskSucceededEventDetails: { ...details, output } });
      pending.resolve(parsed);
      return {};
    },

    SendTaskFailure(input) {
      const error = optionalString(input, 'error', 256) ?? '';
      const cause = optionalString(input, 'cause', 32768) ?? '';
      const pending = takeOpenToken(input);
      closeToken(pending);
      pending.invocation.failed = true;
      const details = resourceDetails(pending.resource);
      record(pending.invocation, 'TaskFailed', { taskFailedEventDetails: { ...details, error, cause } });
      pending.reject(new TaskError(error, cause));
      return {};
    },

    SendTaskHeartbeat(input) {
      takeOpenToken(input);
      return {};
    },
  };

  // ----- HTTP -----

  async function handle(request: IncomingMessage, response: ServerResponse) {
    const reply = (status: number, body: unknown) => {
      const text = JSON.stringify(body);
      response.writeHead(status, {
        'content-type': 'application/x-amz-json-1.0',
        'content-length': Buffer.byteLength(text),
        'x-amzn-requestid': randomUUID(),
      });
      response.end(text);
    };
    const fail = (code: string, message: string, status = 400) =>
      reply(status, { __type: `com.amazonaws.states#${code}`, message });
    try {
      if (request.method !== 'POST') return fail('UnknownOperationException', 'Only POST is supported');
      const target = String(request.headers['x-amz-target'] ?? '');
      const operation = target.startsWith('AWSStepFunctions.')
        ? operations[target.slice('AWSStepFunctions.'.length)]
        : undefined;
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of request as AsyncIterable<Buffer>) {
        size += chunk.length;
        if (size > MAX_BODY_BYTES) return fail('ValidationException', 'Request body too large', 413);
        chunks.push(chunk);
      }
      if (!operation) return fail('UnknownOperationException', `Unsupported operation: '${target}'`);
      let body: unknown;
      try {
        const text = Buffer.concat(chunks).toString('utf8');
        body = text.trim() === '' ? {} : JSON.parse(text);
      } catch {
        return fail('SerializationException', 'The request body is not valid JSON');
      }
      if (body === null || typeof body !== 'object' || Array.isArray(body)) {
        return fail('SerializationException', 'The request body must be a JSON object');
      }
      reply(200, await operation(body as Record<string, unknown>));
    } catch (error) {
      if (error instanceof ApiError) return fail(error.code, error.message);
      fail('InternalServerError', error instanceof Error ? error.message : String(error), 500);
    }
  }

  const server = createServer((request, response) => {
    void handle(request, response);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  let closed: Promise<void> | undefined;

  return {
    url: `http://${host}:${address.port}`,

    close() {
      closed ??= (async () => {
        closing = true;
        await Promise.all(
          [...executions.values()].map((execution) =>
            stopExecution(execution, 'LocalEmulatorClosed', 'The local Step Functions emulator was closed'),
          ),
        );
        await new Promise<void>((resolve, reject) => {
          server.close((error) => (error ? reject(error) : resolve()));
          server.closeAllConnections();
        });
      })();
      return closed;
    },

    async waitForExecution(executionArn, timeoutMs = 10_000) {
      const execution = executions.get(executionArn);
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

function withoutData(event: HistoryEvent): HistoryEvent {
  const copy: HistoryEvent = { ...event };
  for (const [key, value] of Object.entries(copy)) {
    if (key.endsWith('EventDetails') && value && typeof value === 'object') {
      const {
        input: _input,
        output: _output,
        parameters: _parameters,
        ...rest
      } = value as Record<string, unknown>;
      copy[key] = rest;
    }
  }
  return copy;
}
