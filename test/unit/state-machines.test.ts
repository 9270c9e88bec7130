import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import aslValidator from 'asl-validator';
import { StateMachine } from 'aws-local-stepfunctions';
import { describe, expect, it } from 'vitest';
import { type LadderRung, ladderOf, POLICIES } from '../../functions/domain/policy.ts';
import { planReminders } from '../../functions/domain/schedule.ts';
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

describe('a rung whose reply window ran out (collections-case.asl.json)', () => {
  const definition = JSON.parse(readFileSync(path.join(directory, 'collections-case.asl.json'), 'utf8'));
  const states = definition.States as Record<string, Record<string, unknown>>;
  const SEND: Record<LadderRung, string> = {
    friendly: 'Send friendly reminder and wait for reply',
    firm: 'Send firm reminder and wait for reply',
    planOffer: 'Offer a payment plan and wait for reply',
    final: 'Send final notice and wait for reply',
  };
  const MOVE_UP = {
    friendly: 'Move up from the friendly reminder',
    firm: 'Move up from the firm reminder',
    planOffer: 'Move up from the plan offer',
  } as const;

  /** Runs one choice on the local engine, each of its targets a Pass that names itself. */
  async function routed(choice: string, payload: Record<string, unknown>): Promise<string> {
    const state = states[choice] as { Choices: { Next: string }[]; Default: string };
    const targets = [...new Set([...state.Choices.map((rule) => rule.Next), state.Default])];
    const machine = new StateMachine({
      StartAt: choice,
      States: {
        [choice]: state,
        ...Object.fromEntries(targets.map((name) => [name, { Type: 'Pass', Result: name, End: true }])),
      },
    } as never);
    return (await machine.run({ Payload: payload } as never).result) as string;
  }

  it('goes from each rung’s timeout to its own choice, not to the contact check', () => {
    for (const rung of ['friendly', 'firm', 'planOffer'] as const) {
      const timeout = (
        states[SEND[rung]]?.Catch as { ErrorEquals: string[]; Next: string }[] | undefined
      )?.find((c) => c.ErrorEquals.includes('States.Timeout'));
      expect(timeout?.Next, rung).toBe(MOVE_UP[rung]);
    }
  });

  it.each(Object.values(POLICIES).map((policy) => [policy.segment, policy] as const))(
    'moves up the %s ladder the intake planned: the next rung’s send, the check for signs of hardship before the final notice',
    async (_segment, policy) => {
      const { nextRung: planned } = planReminders({
        policy,
        dueDate: '2026-11-22',
        timeZone: 'UTC',
        now: new Date('2026-11-23T12:00:00Z'),
        daySeconds: 86_400,
      });
      const ladder = ladderOf(policy);
      for (const rung of ['friendly', 'firm', 'planOffer'] as const) {
        const next = ladder[ladder.indexOf(rung) + 1] as LadderRung;
        expect(planned[rung]).toBe(next);
        expect(await routed(MOVE_UP[rung], { caseId: 'C-1', nextRung: planned })).toBe(
          next === 'final' ? 'Check for signs of hardship' : SEND[next],
        );
      }
    },
  );

  it('asks "Check the contact rules" in an execution started before the intake planned the ladder', async () => {
    for (const rung of ['friendly', 'firm', 'planOffer'] as const)
      expect(await routed(MOVE_UP[rung], { caseId: 'C-1', reply: { step: rung, timedOut: {} } })).toBe(
        'Check the contact rules',
      );
  });
});
