/** The state machines the emulator runs: their ARNs checked, their definitions checked and compiled. */
import { StateMachine, type StateMachineDefinition } from 'aws-local-stepfunctions';
import {
  type AnyMachine,
  type AnyState,
  assertExplicitTaskTimeouts,
  assertJsonPathOnly,
  assertSupportedTimeoutPaths,
  engineDefinition,
  forEachState,
} from './definition.ts';
import type { LocalStateMachine, RegisteredMachine } from './types.ts';

export function parseStateMachineArn(arn: string) {
  const match = /^arn:([^:]+):states:([^:]+):(\d{12}):stateMachine:([^:]+)$/.exec(arn);
  if (!match) return undefined;
  return {
    partition: match[1] as string,
    region: match[2] as string,
    account: match[3] as string,
    name: match[4] as string,
  };
}

export function parseExecutionArn(arn: string) {
  const match = /^arn:([^:]+):states:([^:]+):(\d{12}):execution:([^:]+):([^:]+)$/.exec(arn);
  if (!match) return undefined;
  const [, partition, region, account, machineName] = match as unknown as string[];
  return { stateMachineArn: `arn:${partition}:states:${region}:${account}:stateMachine:${machineName}` };
}

/** Checks each machine and builds the engine that runs it (Retry intervals multiplied by `scale`). */
export function registerMachines(
  stateMachines: LocalStateMachine[],
  scale: number,
): Map<string, RegisteredMachine> {
  const machines = new Map<string, RegisteredMachine>();
  for (const machine of stateMachines) {
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
    const adjusted = engineDefinition(machine.definition, scale);
    const compile = (definition: Record<string, unknown>) =>
      new StateMachine(definition as unknown as StateMachineDefinition, {
        validationOptions: { noValidate: true },
      });
    const engine = compile(adjusted);
    const resumed = new Map<string, StateMachine>();
    const engineFrom = (stateName: string) => {
      if (!(stateName in ((adjusted.States as Record<string, unknown> | undefined) ?? {})))
        throw new Error(`State machine '${machine.name}' has no top-level state '${stateName}'`);
      let from = resumed.get(stateName);
      if (!from) {
        from = compile({ ...adjusted, StartAt: stateName });
        resumed.set(stateName, from);
      }
      return from;
    };
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
      engineFrom,
      taskStates,
    });
  }

  return machines;
}
