/**
 * Checks of an ASL definition against what the local engine can run like AWS, and the copy of the
 * definition the engine is given.
 */
import type { AnyMachine, AnyState, LocalStateMachine } from './types.ts';

export type { AnyMachine, AnyState } from './types.ts';

/** Visits every state of a definition, including those inside Parallel branches and Map processors. */
export function forEachState(definition: AnyMachine, visit: (name: string, state: AnyState) => void): void {
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

export function assertJsonPathOnly(machine: LocalStateMachine): void {
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
export function parseReferencePath(path: string): (string | number)[] | undefined {
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

export function readReferencePath(segments: (string | number)[], value: unknown): unknown {
  let current = value;
  for (const segment of segments) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[segment];
  }
  return current;
}

export function assertSupportedTimeoutPaths(machine: LocalStateMachine): void {
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
export function engineDefinition(
  definition: Record<string, unknown>,
  scale: number,
): Record<string, unknown> {
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
