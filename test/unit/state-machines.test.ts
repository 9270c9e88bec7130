import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import aslValidator from 'asl-validator';
import { describe, expect, it } from 'vitest';
import { FUNCTIONS } from '../../lib/functions.ts';
import { rootDir } from '../support/local-runtime.ts';

const directory = path.join(rootDir, 'state-machines');
const files = readdirSync(directory).filter((file) => file.endsWith('.asl.json'));
const substitutions = new Set(
  Object.values(FUNCTIONS).flatMap((spec) => ('aslSubstitution' in spec ? [spec.aslSubstitution] : [])),
);

describe.each(files)('%s', (file) => {
  const text = readFileSync(path.join(directory, file), 'utf8');
  const definition = JSON.parse(text);
  const states = Object.entries(definition.States as Record<string, Record<string, unknown>>);

  it('is valid Amazon States Language', () => {
    const { isValid, errorsText } = aslValidator(definition, { checkArn: true, checkPaths: true });
    expect(isValid, errorsText('\n')).toBe(true);
  });

  it('uses only substitutions the stack and the local runtime both provide', () => {
    const used = [...text.matchAll(/\$\{(\w+)\}/g)].map((match) => match[1]);
    expect(used.length).toBeGreaterThan(0);
    for (const name of used) expect(substitutions).toContain(name);
  });

  it('names every state as a sentence an operator understands', () => {
    for (const [name] of states) expect(name).toMatch(/^[A-Z][a-z]+( [a-z-]+)+$/);
  });

  it('sets a timeout on every Task (the local engine defaults to 60 s, AWS to none)', () => {
    for (const [name, state] of states.filter(([, s]) => s.Type === 'Task')) {
      expect(state.TimeoutSeconds ?? state.TimeoutSecondsPath, name).toBeDefined();
    }
  });

  it('reads every task timeout from a path that means the same on AWS and on the local engine', () => {
    const timed = states.filter(([, s]) => typeof s.TimeoutSecondsPath === 'string');
    expect(timed.length).toBeGreaterThan(0);
    for (const [name, state] of timed) {
      // AWS reads TimeoutSecondsPath from the state input; the local engine from the Parameters output.
      // So the definition passes the value's parent from $.Payload.<x> into Parameters.Payload.<x>.
      const match = /^\$\.Payload\.(\w+)\.\w+$/.exec(state.TimeoutSecondsPath as string);
      expect(match, name).not.toBeNull();
      const field = match?.[1] ?? '';
      const payload = (state.Parameters as { Payload: Record<string, string> }).Payload;
      expect(payload[`${field}.$`], name).toBe(`$.Payload.${field}`);
    }
  });

  it('uses JSONPath, which both AWS and the local engine run', () => {
    expect(definition.QueryLanguage ?? 'JSONPath').toBe('JSONPath');
  });
});
