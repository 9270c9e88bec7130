import type { RunOptions, StateMachine } from 'aws-local-stepfunctions';

/** A state or a state machine of an ASL definition, as read from its JSON. */
export type AnyState = Record<string, unknown> & { Type?: string };
export type AnyMachine = { States?: Record<string, AnyState>; QueryLanguage?: unknown };

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

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };
export type EngineInput = Parameters<StateMachine['run']>[0];
export type EngineEvent =
  ReturnType<StateMachine['run']>['eventLogs'] extends AsyncGenerator<infer E> ? E : never;
export type TaskHandlers = NonNullable<NonNullable<RunOptions['overrides']>['taskResourceLocalHandlers']>;
export type TaskHandler = TaskHandlers[string];

/** An event of an execution's history, as GetExecutionHistory answers it. */
export type HistoryEvent = {
  id: number;
  previousEventId: number;
  timestamp: number;
  type: string;
  [details: string]: unknown;
};
export type DraftEvent = {
  type: string;
  timestamp: number;
  details: Record<string, Record<string, unknown>>;
};

/** One call of a Task state's handler (one attempt); its Task* events wait for the engine's state events. */
export type Invocation = { stateName: string; events: DraftEvent[]; flushed: boolean; failed: boolean };

/** A waitForTaskToken task waiting for SendTaskSuccess. */
export type PendingToken = {
  token: string;
  execution: Execution;
  invocation: Invocation;
  resource: string;
  resolve(value: JsonValue): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
  onAbort: () => void;
};

export type RegisteredMachine = {
  name: string;
  arn: string;
  region: string;
  account: string;
  engine: StateMachine;
  /** The engine that starts at this state (a redrive resumes the execution there). */
  engineFrom(stateName: string): StateMachine;
  taskStates: Map<string, AnyState>;
};

export type Execution = {
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
  /** How often it was redriven (RedriveExecution), when last, and that call's client token. */
  redriveCount?: number;
  redriveDate?: number;
  redriveToken?: string;
};

export const epochSeconds = (ms: number) => ms / 1000;
export const toJsonString = (value: unknown) => JSON.stringify(value === undefined ? null : value);
