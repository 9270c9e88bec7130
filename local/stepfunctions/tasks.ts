/**
 * The Task states: a Lambda invoke (`arn:aws:states:::lambda:invoke`) or a Lambda invoke that waits
 * for its task token (`...:lambda:invoke.waitForTaskToken`), each recording the Task events of its
 * history; and the open task tokens that SendTaskSuccess and SendTaskHeartbeat answer.
 */
import { randomBytes } from 'node:crypto';
import { type AnyState, parseReferencePath, readReferencePath } from './definition.ts';
import { ApiError, FatalTaskError, lambdaTaskError } from './errors.ts';
import { record, resourceDetails } from './history.ts';
import type {
  Execution,
  Invocation,
  JsonObject,
  JsonValue,
  LambdaInvoker,
  PendingToken,
  TaskHandler,
} from './types.ts';

const LAMBDA_INVOKE = 'arn:aws:states:::lambda:invoke';
const LAMBDA_INVOKE_WAIT = 'arn:aws:states:::lambda:invoke.waitForTaskToken';
const SUPPORTED_RESOURCES = [LAMBDA_INVOKE, LAMBDA_INVOKE_WAIT];

/** The task tokens handed out: those still waiting, and those that waited once (answered, timed out, stopped). */
export class TaskTokens {
  private readonly waiting = new Map<string, PendingToken>();
  /** Tokens that existed and are no longer waiting: AWS answers TaskTimedOut. */
  private readonly closed = new Set<string>();

  open(pending: PendingToken) {
    this.waiting.set(pending.token, pending);
  }

  isOpen(token: string) {
    return this.waiting.has(token);
  }

  close(pending: PendingToken) {
    this.waiting.delete(pending.token);
    this.closed.add(pending.token);
    clearTimeout(pending.timer);
    pending.execution.controller.signal.removeEventListener('abort', pending.onAbort);
  }

  /** The waiting task of the request's `taskToken`, or the error AWS answers. */
  take(input: Record<string, unknown>): PendingToken {
    const token = input.taskToken;
    if (typeof token !== 'string' || token.length === 0 || token.length > 2048) {
      throw new ApiError('InvalidToken', 'Invalid Token: the task token is missing or malformed');
    }
    const pending = this.waiting.get(token);
    if (pending) return pending;
    if (this.closed.has(token))
      throw new ApiError('TaskTimedOut', "Task Timed Out: 'Provided task does not exist anymore'");
    throw new ApiError('TaskDoesNotExist', "Task Does Not Exist: 'Provided task does not exist'");
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

export function taskHandler(
  execution: Execution,
  stateName: string,
  state: AnyState,
  { invokeLambda, tokens }: { invokeLambda: LambdaInvoker; tokens: TaskTokens },
): TaskHandler {
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
        result = await raceStop(execution, invokeLambda(functionName, parameters.Payload));
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
      timer: setTimeout(() => tokens.close(pending), timeoutSeconds * 1000),
      onAbort: () => {
        tokens.close(pending);
        reject(new FatalTaskError('States.Aborted', 'The execution was stopped'));
      },
    };
    tokens.open(pending);
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
    invokeLambda(functionName, withToken.Payload).then(
      (result) => {
        if (!tokens.isOpen(token)) return;
        const output = { ExecutedVersion: '$LATEST', Payload: result ?? null, StatusCode: 200 };
        record(invocation, 'TaskSubmitted', {
          taskSubmittedEventDetails: { ...details, output: JSON.stringify(output) },
        });
      },
      (error: unknown) => {
        if (!tokens.isOpen(token)) return;
        const failure = lambdaTaskError(error);
        invocation.failed = true;
        record(invocation, 'TaskFailed', {
          taskFailedEventDetails: { ...details, error: failure.name, cause: failure.message },
        });
        tokens.close(pending);
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
