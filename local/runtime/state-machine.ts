/** The state machine as CDK deploys it: the ASL file, with each Task's function ARN substituted. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { FUNCTIONS, type FunctionName, STATE_MACHINE_FILE } from '../../lib/functions.ts';
import { localFunctionArn } from './lambda-host.ts';

/** The ASL file with each `${...}` placeholder replaced, exactly as CDK's definitionSubstitutions do. */
export function loadDefinition(
  rootDir: string,
  substitutions: Record<string, string>,
): Record<string, unknown> {
  let text = readFileSync(path.join(rootDir, STATE_MACHINE_FILE), 'utf8');
  for (const [name, value] of Object.entries(substitutions)) text = text.replaceAll(`\${${name}}`, value);
  const leftover = /\$\{(\w+)\}/.exec(text);
  if (leftover) throw new Error(`${STATE_MACHINE_FILE} uses \${${leftover[1]}}, which has no local value`);
  return JSON.parse(text);
}

export function taskFunctionSubstitutions(): Record<string, string> {
  const substitutions: Record<string, string> = {};
  for (const [name, spec] of Object.entries(FUNCTIONS) as [
    FunctionName,
    (typeof FUNCTIONS)[FunctionName],
  ][]) {
    if ('aslSubstitution' in spec) substitutions[spec.aslSubstitution] = localFunctionArn(name);
  }
  return substitutions;
}
