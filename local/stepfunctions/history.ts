/**
 * An execution's history as AWS keeps it. The engine reports state and execution events; a Task's own
 * events (TaskScheduled, TaskStarted, TaskSucceeded, ...) are drafted by its invocation and written
 * when the engine reports the state's exit or failure, so they sit where AWS puts them.
 */
import type { EngineEvent, Execution, HistoryEvent, Invocation } from './types.ts';
import { epochSeconds, toJsonString } from './types.ts';

export function append(
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

export function record(
  invocation: Invocation,
  type: string,
  details: Record<string, Record<string, unknown>>,
) {
  if (!invocation.flushed) invocation.events.push({ type, timestamp: Date.now(), details });
}

export function flushInvocation(execution: Execution, stateName?: string): Invocation | undefined {
  const invocation = execution.invocations.find(
    (i) => !i.flushed && (stateName === undefined || i.stateName === stateName),
  );
  if (!invocation) return undefined;
  for (const event of invocation.events) append(execution, event.type, event.details, event.timestamp);
  invocation.flushed = true;
  return invocation;
}

export function flushAll(execution: Execution) {
  while (flushInvocation(execution)) {
    // each call flushes one
  }
}

export function resourceDetails(resource: string) {
  return { resourceType: 'lambda', resource: resource.slice('arn:aws:states:::lambda:'.length) };
}

export function onEngineEvent(execution: Execution, event: EngineEvent) {
  const at = event.timestamp;
  switch (event.type) {
    case 'ExecutionStarted':
      // A redriven execution keeps its history: ExecutionRedriven, not a second ExecutionStarted.
      if (execution.history.length > 0) return;
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

/** A history event without its input, output and parameters (includeExecutionData: false). */
export function withoutData(event: HistoryEvent): HistoryEvent {
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
