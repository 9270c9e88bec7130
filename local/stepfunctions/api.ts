/**
 * The Step Functions actions the system calls: StartExecution and SendTaskSuccess (the handlers),
 * SendTaskHeartbeat, DescribeExecution, ListExecutions, GetExecutionHistory and StopExecution (the
 * tests and the bench), RedriveExecution (the ops CLI), with the validation and paging AWS applies.
 */
import { randomUUID } from 'node:crypto';
import type { JsonRpcOperations } from '../http-server.ts';
import { ApiError } from './errors.ts';
import type { Executions } from './executions.ts';
import { record, resourceDetails, withoutData } from './history.ts';
import type { TaskTokens } from './tasks.ts';
import { type Execution, epochSeconds, type JsonValue } from './types.ts';

const MAX_PAYLOAD_CHARS = 256 * 1024;

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

export function stepFunctionsOperations(
  executions: Executions,
  tokens: TaskTokens,
  isClosing: () => boolean,
): JsonRpcOperations {
  return {
    StartExecution(input) {
      if (isClosing())
        throw new ApiError('ServiceUnavailable', 'The local Step Functions emulator is shutting down');
      const machine = executions.findMachine(input.stateMachineArn);
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
      const existing = executions.all.get(arn);
      if (existing) {
        // Like AWS (Standard workflows): same name and input while running returns the same execution.
        if (existing.status === 'RUNNING' && existing.input === rawInput) {
          return { executionArn: existing.arn, startDate: epochSeconds(existing.startDate) };
        }
        throw new ApiError('ExecutionAlreadyExists', `Execution Already Exists: '${arn}'`);
      }
      const execution = executions.start(machine, name, rawInput);
      return { executionArn: execution.arn, startDate: epochSeconds(execution.startDate) };
    },

    DescribeExecution(input) {
      const execution = executions.findExecution(input.executionArn);
      return {
        ...summary(execution),
        input: execution.input,
        inputDetails: { included: true },
        ...(execution.output !== undefined
          ? { output: execution.output, outputDetails: { included: true } }
          : {}),
        ...(execution.error !== undefined ? { error: execution.error } : {}),
        ...(execution.cause !== undefined ? { cause: execution.cause } : {}),
        redriveCount: execution.redriveCount ?? 0,
        ...(execution.redriveDate !== undefined ? { redriveDate: epochSeconds(execution.redriveDate) } : {}),
        redriveStatus: ['FAILED', 'TIMED_OUT', 'ABORTED'].includes(execution.status)
          ? 'REDRIVABLE'
          : 'NOT_REDRIVABLE',
      };
    },

    ListExecutions(input) {
      const machine = executions.findMachine(input.stateMachineArn);
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
      const matching = [...executions.all.values()]
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
      const execution = executions.findExecution(input.executionArn);
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

    RedriveExecution(input) {
      if (isClosing())
        throw new ApiError('ServiceUnavailable', 'The local Step Functions emulator is shutting down');
      const execution = executions.findExecution(input.executionArn);
      const clientToken = optionalString(input, 'clientToken', 64);
      executions.redrive(execution, clientToken);
      return { redriveDate: epochSeconds(execution.redriveDate ?? Date.now()) };
    },

    async StopExecution(input) {
      const execution = executions.findExecution(input.executionArn);
      const error = optionalString(input, 'error', 256);
      const cause = optionalString(input, 'cause', 32768);
      await executions.stop(execution, error, cause);
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
      const pending = tokens.take(input);
      tokens.close(pending);
      const details = resourceDetails(pending.resource);
      record(pending.invocation, 'TaskSucceeded', { taskSucceededEventDetails: { ...details, output } });
      pending.resolve(parsed);
      return {};
    },

    SendTaskHeartbeat(input) {
      tokens.take(input);
      return {};
    },
  };
}
