/** An error answered to the SDK as HTTP 400 `{"__type": code, "message": ...}`. */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** The failure of a task, as Retry/Catch see it: `name` is the Error, `message` the Cause. */
export class TaskError extends Error {
  constructor(name: string, cause: string) {
    super(cause);
    this.name = name;
  }
}

/**
 * A task failure the engine must neither retry nor catch (it reads `isRetryable` / `isCatchable` the way it
 * does for its own States.Runtime): used when the execution was stopped and for unsupported resources.
 */
export class FatalTaskError extends Error {
  readonly isRetryable = false;
  readonly isCatchable = false;
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}

/** Turns what `invokeLambda` rejected with into the task error AWS reports for a Lambda function error. */
export function lambdaTaskError(error: unknown): TaskError {
  const name = error instanceof Error ? error.name : 'Error';
  const message = error instanceof Error ? error.message : String(error);
  // Lambda.* (service) and States.* errors carry a plain message; function errors carry the error payload.
  if (name.startsWith('Lambda.') || name.startsWith('States.')) return new TaskError(name, message);
  const trace =
    error instanceof Error && typeof error.stack === 'string' ? error.stack.split('\n') : undefined;
  return new TaskError(name, JSON.stringify({ errorType: name, errorMessage: message, trace }));
}
