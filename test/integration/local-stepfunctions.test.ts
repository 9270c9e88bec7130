/**
 * The local Step Functions endpoint, through real HTTP and the real `@aws-sdk/client-sfn`.
 * Tests named "difference: ..." pin where the local engine differs from AWS and how the emulator handles it.
 */
import { readFileSync } from 'node:fs';
import {
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  type HistoryEvent,
  ListExecutionsCommand,
  RedriveExecutionCommand,
  SendTaskHeartbeatCommand,
  SendTaskSuccessCommand,
  SFNClient,
  StartExecutionCommand,
  StopExecutionCommand,
} from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { nextRung, policyFor } from '../../functions/domain/policy.ts';

const DEFAULT_LADDER = policyFor('consumer');

import {
  assertExplicitTaskTimeouts,
  type LambdaInvoker,
  type LocalStateMachine,
  type StepFunctionsEmulator,
  startStepFunctionsEmulator,
} from '../../local/stepfunctions/index.ts';

const REGION = 'us-east-1';
const ACCOUNT = '123456789012';
const fnArn = (name: string) => `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${name}`;
const smArn = (name: string) => `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:${name}`;
const machine = (name: string, definition: Record<string, unknown>): LocalStateMachine => ({
  name,
  arn: smArn(name),
  definition,
});

const lambdaRetry = [
  { ErrorEquals: ['States.TaskFailed'], IntervalSeconds: 5, MaxAttempts: 3, BackoffRate: 2 },
];

const MACHINES = {
  /** Waits for a reply through the task token; a disputed reply is caught by its error name. */
  ask: machine('ask', {
    StartAt: 'Ask',
    States: {
      Ask: {
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
        Parameters: { FunctionName: fnArn('ask'), Payload: { 'token.$': '$$.Task.Token', 'who.$': '$.who' } },
        TimeoutSeconds: 30,
        ResultPath: '$.reply',
        Catch: [{ ErrorEquals: ['CustomerDisputed'], ResultPath: '$.failure', Next: 'Disputed' }],
        End: true,
      },
      Disputed: { Type: 'Pass', End: true },
    },
  }),
  /** The project's reply-window shape: the window rides in the Payload, TimeoutSecondsPath points into it. */
  replyWindow: machine('replyWindow', {
    StartAt: 'Send',
    States: {
      Send: {
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
        Parameters: {
          FunctionName: fnArn('remind'),
          Payload: { 'taskToken.$': '$$.Task.Token', 'replyWindowSeconds.$': '$.Payload.replyWindowSeconds' },
        },
        TimeoutSecondsPath: '$.Payload.replyWindowSeconds.friendly',
        ResultPath: '$.reply',
        Retry: lambdaRetry,
        Catch: [{ ErrorEquals: ['States.Timeout'], ResultPath: null, Next: 'No reply' }],
        Next: 'Replied',
      },
      Replied: { Type: 'Pass', End: true },
      'No reply': { Type: 'Pass', Result: 'no reply', ResultPath: '$.outcome', End: true },
    },
  }),
  /** TimeoutSecondsPath pointing at the state input only (not carried through Parameters). */
  timeoutOnInputOnly: machine('timeoutOnInputOnly', {
    StartAt: 'Send',
    States: {
      Send: {
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
        Parameters: { FunctionName: fnArn('remind'), Payload: { 'taskToken.$': '$$.Task.Token' } },
        TimeoutSecondsPath: '$.replyWindowSeconds',
        End: true,
      },
    },
  }),
  flaky: machine('flaky', {
    StartAt: 'Call',
    States: {
      Call: {
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke',
        Parameters: { FunctionName: fnArn('flaky'), 'Payload.$': '$' },
        ResultSelector: { 'Payload.$': '$.Payload' },
        TimeoutSeconds: 5,
        Retry: [{ ErrorEquals: ['Flaky'], IntervalSeconds: 1, BackoffRate: 2, MaxAttempts: 3 }],
        End: true,
      },
    },
  }),
  boom: machine('boom', {
    StartAt: 'Charge',
    States: {
      Charge: {
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke',
        Parameters: { FunctionName: fnArn('boom'), Payload: {} },
        TimeoutSeconds: 5,
        Retry: [{ ErrorEquals: ['States.TaskFailed'], IntervalSeconds: 1, MaxAttempts: 1 }],
        Catch: [
          { ErrorEquals: ['PaymentDeclined'], ResultPath: '$.failure', Next: 'Declined' },
          { ErrorEquals: ['States.ALL'], ResultPath: '$.failure', Next: 'Other' },
        ],
        End: true,
      },
      Declined: { Type: 'Pass', Result: 'declined', ResultPath: '$.outcome', End: true },
      Other: { Type: 'Pass', Result: 'other', ResultPath: '$.outcome', End: true },
    },
  }),
  tour: machine('tour', {
    StartAt: 'Decide',
    States: {
      Decide: {
        Type: 'Choice',
        Choices: [{ Variable: '$.go', BooleanEquals: true, Next: 'Pause' }],
        Default: 'Done',
      },
      Pause: { Type: 'Wait', Seconds: 0, Next: 'Echo' },
      Echo: {
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke',
        Parameters: { FunctionName: fnArn('echo'), 'Payload.$': '$' },
        ResultSelector: { 'Payload.$': '$.Payload' },
        TimeoutSeconds: 5,
        Next: 'Done',
      },
      Done: { Type: 'Succeed' },
    },
  }),
  unsupported: machine('unsupported', {
    StartAt: 'Send',
    States: {
      Send: {
        Type: 'Task',
        Resource: 'arn:aws:states:::sqs:sendMessage',
        Parameters: { QueueUrl: 'https://sqs.us-east-1.amazonaws.com/123456789012/q', MessageBody: 'hi' },
        TimeoutSeconds: 5,
        Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Caught' }],
        End: true,
      },
      Caught: { Type: 'Pass', End: true },
    },
  }),
  /** ResultPath "$" on a Task and on a Catcher, as the project's definition uses it. */
  resultPathRoot: machine('resultPathRoot', {
    StartAt: 'Call',
    States: {
      Call: {
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke',
        Parameters: { FunctionName: fnArn('echo'), 'Payload.$': '$' },
        ResultSelector: { 'Payload.$': '$.Payload' },
        ResultPath: '$',
        TimeoutSeconds: 5,
        Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$', Next: 'Caught' }],
        End: true,
      },
      Caught: { Type: 'Pass', End: true },
    },
  }),
  caseMachine: machine('collections-case', projectDefinition()),
};

function projectDefinition(): Record<string, unknown> {
  const text = readFileSync(
    new URL('../../state-machines/collections-case.asl.json', import.meta.url),
    'utf8',
  );
  return JSON.parse(text.replace(/\$\{(\w+)FunctionArn\}/g, (_m, name: string) => fnArn(name)));
}

type Fn = (payload: Record<string, unknown>) => Promise<unknown> | unknown;
const lambdas = new Map<string, Fn>();
const calls: { name: string; payload: Record<string, unknown> }[] = [];
const invokeLambda: LambdaInvoker = async (functionArn, payload) => {
  const name = functionArn.split(':').at(-1) as string;
  calls.push({ name, payload: payload as Record<string, unknown> });
  const fn = lambdas.get(name);
  if (!fn)
    throw Object.assign(new Error(`Function not found: ${functionArn}`), {
      name: 'Lambda.ResourceNotFoundException',
    });
  return fn(payload as Record<string, unknown>);
};

/** A Lambda that records each payload and lets the test await its calls one by one. */
function waitingLambda(
  name: string,
  answer: (payload: Record<string, unknown>) => unknown = () => ({ sent: true }),
) {
  const seen: Record<string, unknown>[] = [];
  const waiters: (() => void)[] = [];
  let taken = 0;
  lambdas.set(name, (payload) => {
    seen.push(payload);
    for (const wake of waiters.splice(0)) wake();
    return answer(payload);
  });
  const next = async (): Promise<Record<string, unknown>> => {
    while (seen.length <= taken) await new Promise<void>((resolve) => waiters.push(resolve));
    return seen[taken++] as Record<string, unknown>;
  };
  return { seen, next };
}

class NamedError extends Error {
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}

let emulator: StepFunctionsEmulator;
let sfn: SFNClient;

beforeAll(async () => {
  emulator = await startStepFunctionsEmulator({
    stateMachines: Object.values(MACHINES),
    invokeLambda,
    retryIntervalScale: 0.01,
  });
  sfn = new SFNClient({
    endpoint: emulator.url,
    region: REGION,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
});

afterAll(async () => {
  sfn?.destroy();
  await emulator?.close();
});

beforeEach(() => {
  lambdas.clear();
  calls.length = 0;
});

async function start(machineName: keyof typeof MACHINES, input: unknown, name?: string) {
  const { executionArn } = await sfn.send(
    new StartExecutionCommand({
      stateMachineArn: MACHINES[machineName].arn,
      input: JSON.stringify(input),
      name,
    }),
  );
  return executionArn as string;
}

async function history(executionArn: string): Promise<HistoryEvent[]> {
  const { events } = await sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000 }));
  return events ?? [];
}

async function describe_(executionArn: string) {
  return sfn.send(new DescribeExecutionCommand({ executionArn }));
}

function errorOf(promise: Promise<unknown>) {
  return promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (error: Error) => error,
  );
}

describe('differences from AWS, pinned', () => {
  it('difference: $$.Task.Token is minted by the emulator; after completion the token answers TaskTimedOut', async () => {
    const ask = waitingLambda('ask');
    const arn = await start('ask', { who: 'ada' });
    const payload = await ask.next();
    const token = payload.token as string;
    expect(typeof token).toBe('string');
    expect(token.length).toBeGreaterThan(100);
    expect(token).not.toContain('placeholder');
    expect(payload.who).toBe('ada');

    await sfn.send(new SendTaskHeartbeatCommand({ taskToken: token }));
    await sfn.send(
      new SendTaskSuccessCommand({ taskToken: token, output: JSON.stringify({ outcome: 'paid' }) }),
    );
    expect(await emulator.waitForExecution(arn, 2000)).toBe('SUCCEEDED');
    const described = await describe_(arn);
    expect(JSON.parse(described.output as string)).toEqual({ who: 'ada', reply: { outcome: 'paid' } });

    // AWS answers a token whose task is over with TaskTimedOut; a token it never issued with TaskDoesNotExist.
    expect(
      (await errorOf(sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{}' })))).name,
    ).toBe('TaskTimedOut');
    expect((await errorOf(sfn.send(new SendTaskHeartbeatCommand({ taskToken: token })))).name).toBe(
      'TaskTimedOut',
    );
    expect(
      (
        await errorOf(
          sfn.send(new SendTaskSuccessCommand({ taskToken: `AQ${'x'.repeat(200)}`, output: '{}' })),
        )
      ).name,
    ).toBe('TaskDoesNotExist');
    // Output must be JSON.
    expect(
      (await errorOf(sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: 'not json' })))).name,
    ).toBe('InvalidOutput');
  });

  it('difference: the token is usable from inside the Lambda before it returns (a handler may answer its own token)', async () => {
    lambdas.set('ask', async (payload) => {
      await sfn.send(
        new SendTaskSuccessCommand({
          taskToken: payload.token as string,
          output: JSON.stringify({ self: true }),
        }),
      );
      return { sent: true };
    });
    const arn = await start('ask', { who: 'self' });
    expect(await emulator.waitForExecution(arn, 2000)).toBe('SUCCEEDED');
    expect(JSON.parse((await describe_(arn)).output as string).reply).toEqual({ self: true });
  });

  it('difference: TimeoutSecondsPath is read from the Parameters output (AWS: state input); the project carries the window in the Payload so both agree, and States.Timeout is caught', async () => {
    const remind = waitingLambda('remind');
    const began = Date.now();
    const arn = await start('replyWindow', { Payload: { replyWindowSeconds: { friendly: 1, firm: 2 } } });
    const payload = await remind.next();
    expect(payload.replyWindowSeconds).toEqual({ friendly: 1, firm: 2 });

    expect(await emulator.waitForExecution(arn, 4000)).toBe('SUCCEEDED');
    const elapsed = Date.now() - began;
    expect(elapsed).toBeGreaterThanOrEqual(950);
    expect(elapsed).toBeLessThan(3000);
    // Caught with ResultPath null: the input passes through; the States.TaskFailed retrier did not retry it.
    expect(JSON.parse((await describe_(arn)).output as string)).toEqual({
      Payload: { replyWindowSeconds: { friendly: 1, firm: 2 } },
      outcome: 'no reply',
    });
    expect(remind.seen).toHaveLength(1);
    const types = (await history(arn)).map((e) => e.type);
    expect(types).toContain('TaskTimedOut');
    expect(types).not.toContain('TaskFailed');
    // The timed-out token is gone, as on AWS.
    const late = await errorOf(
      sfn.send(new SendTaskSuccessCommand({ taskToken: payload.taskToken as string, output: '{}' })),
    );
    expect(late.name).toBe('TaskTimedOut');
  });

  it('difference: a TimeoutSecondsPath that only the state input satisfies fails with States.Runtime here (AWS would accept it)', async () => {
    waitingLambda('remind');
    const arn = await start('timeoutOnInputOnly', { replyWindowSeconds: 5 });
    expect(await emulator.waitForExecution(arn, 2000)).toBe('FAILED');
    const described = await describe_(arn);
    expect(described.error).toBe('States.Runtime');
    expect(described.cause).toContain('$.replyWindowSeconds');
    // The Lambda is not invoked, as on AWS when a timeout path cannot be resolved.
    expect(calls).toHaveLength(0);
  });

  it('difference: the engine defaults a Task timeout to 60 s (AWS: none), so a Task without an explicit timeout is refused', async () => {
    const noTimeout = {
      StartAt: 'Both',
      States: {
        Both: {
          Type: 'Parallel',
          Branches: [
            {
              StartAt: 'Inner',
              States: {
                Inner: {
                  Type: 'Task',
                  Resource: 'arn:aws:states:::lambda:invoke',
                  Parameters: { FunctionName: fnArn('x'), Payload: {} },
                  End: true,
                },
              },
            },
          ],
          End: true,
        },
      },
    };
    expect(() => assertExplicitTaskTimeouts(noTimeout)).toThrow(/'Inner'.*60 s/);
    expect(() => assertExplicitTaskTimeouts(projectDefinition())).not.toThrow();
    await expect(
      startStepFunctionsEmulator({ stateMachines: [machine('noTimeout', noTimeout)], invokeLambda }),
    ).rejects.toThrow(/without TimeoutSeconds or TimeoutSecondsPath: 'Inner'/);
  });

  it('difference: JSONPath only, a JSONata definition is refused', async () => {
    const jsonata = {
      QueryLanguage: 'JSONata',
      StartAt: 'P',
      States: { P: { Type: 'Pass', Output: '{% $states.input %}', End: true } },
    };
    await expect(
      startStepFunctionsEmulator({ stateMachines: [machine('jsonata', jsonata)], invokeLambda }),
    ).rejects.toThrow(/JSONata.*JSONPath only/);
  });

  it('difference: the engine would write ResultPath "$" under a key named "$"; the emulator makes it replace the input as on AWS', async () => {
    lambdas.set('echo', (payload) => ({ got: payload }));
    const arn = await start('resultPathRoot', { keep: 'me' });
    expect(await emulator.waitForExecution(arn, 2000)).toBe('SUCCEEDED');
    expect(JSON.parse((await describe_(arn)).output as string)).toEqual({ Payload: { got: { keep: 'me' } } });

    lambdas.set('echo', () => {
      throw new NamedError('Nope', 'no');
    });
    const caught = await start('resultPathRoot', { keep: 'me' });
    expect(await emulator.waitForExecution(caught, 2000)).toBe('SUCCEEDED');
    const output = JSON.parse((await describe_(caught)).output as string);
    expect(Object.keys(output).sort()).toEqual(['Cause', 'Error']);
    expect(output.Error).toBe('Nope');
  });

  it('difference: any Task resource other than lambda:invoke(.waitForTaskToken) fails the execution, uncatchable, naming the resource', async () => {
    const arn = await start('unsupported', {});
    expect(await emulator.waitForExecution(arn, 2000)).toBe('FAILED');
    const described = await describe_(arn);
    expect(described.error).toBe('States.Runtime');
    expect(described.cause).toContain('arn:aws:states:::sqs:sendMessage');
  });
});

describe('StartExecution', () => {
  it('is idempotent for the same name and input while running, else ExecutionAlreadyExists', async () => {
    const ask = waitingLambda('ask');
    const first = await sfn.send(
      new StartExecutionCommand({
        stateMachineArn: MACHINES.ask.arn,
        name: 'acct-42',
        input: '{"who":"bo"}',
      }),
    );
    expect(first.executionArn).toBe(`arn:aws:states:${REGION}:${ACCOUNT}:execution:ask:acct-42`);
    expect(first.startDate).toBeInstanceOf(Date);
    const again = await sfn.send(
      new StartExecutionCommand({
        stateMachineArn: MACHINES.ask.arn,
        name: 'acct-42',
        input: '{"who":"bo"}',
      }),
    );
    expect(again.executionArn).toBe(first.executionArn);
    expect(again.startDate?.getTime()).toBe(first.startDate?.getTime());

    const other = await errorOf(
      sfn.send(
        new StartExecutionCommand({
          stateMachineArn: MACHINES.ask.arn,
          name: 'acct-42',
          input: '{"who":"cy"}',
        }),
      ),
    );
    expect(other.name).toBe('ExecutionAlreadyExists');

    const { token } = await ask.next();
    await sfn.send(new SendTaskSuccessCommand({ taskToken: token as string, output: '{}' }));
    await emulator.waitForExecution(first.executionArn as string, 2000);
    const closed = await errorOf(
      sfn.send(
        new StartExecutionCommand({
          stateMachineArn: MACHINES.ask.arn,
          name: 'acct-42',
          input: '{"who":"bo"}',
        }),
      ),
    );
    expect(closed.name).toBe('ExecutionAlreadyExists');
    expect(ask.seen).toHaveLength(1);
  });

  it('names the execution with a UUID when no name is given, and validates names, machines and input', async () => {
    lambdas.set('echo', (payload) => payload);
    const arn = await start('tour', { go: false });
    expect(arn).toMatch(/:execution:tour:[0-9a-f-]{36}$/);

    for (const name of ['has space', 'a/b', 'x'.repeat(81), 'semi;colon', 'tab\tbed']) {
      const error = await errorOf(
        sfn.send(new StartExecutionCommand({ stateMachineArn: MACHINES.tour.arn, name })),
      );
      expect(error.name).toBe('InvalidName');
    }
    const ok = await sfn.send(
      new StartExecutionCommand({
        stateMachineArn: MACHINES.tour.arn,
        name: 'Ünïcode-and_digits-1',
        input: '{}',
      }),
    );
    expect(ok.executionArn).toContain('Ünïcode-and_digits-1');

    expect(
      (await errorOf(sfn.send(new StartExecutionCommand({ stateMachineArn: smArn('nope') })))).name,
    ).toBe('StateMachineDoesNotExist');
    expect((await errorOf(sfn.send(new StartExecutionCommand({ stateMachineArn: 'not-an-arn' })))).name).toBe(
      'InvalidArn',
    );
    expect(
      (
        await errorOf(
          sfn.send(new StartExecutionCommand({ stateMachineArn: MACHINES.tour.arn, input: '{oops' })),
        )
      ).name,
    ).toBe('InvalidExecutionInput');
    expect(
      (
        await errorOf(
          sfn.send(new DescribeExecutionCommand({ executionArn: `${arn.replace(/[^:]+$/, 'missing')}` })),
        )
      ).name,
    ).toBe('ExecutionDoesNotExist');
  });
});

describe('Describe, List, GetExecutionHistory', () => {
  it('answer in the AWS shapes', async () => {
    lambdas.set('echo', (payload) => ({ echoed: payload }));
    const arn = await start('tour', { go: true }, 'tour-shapes');
    expect(await emulator.waitForExecution(arn, 2000)).toBe('SUCCEEDED');

    const described = await describe_(arn);
    expect(described).toMatchObject({
      executionArn: arn,
      stateMachineArn: MACHINES.tour.arn,
      name: 'tour-shapes',
      status: 'SUCCEEDED',
      input: '{"go":true}',
    });
    expect(JSON.parse(described.output as string)).toEqual({ Payload: { echoed: { go: true } } });
    expect(described.startDate).toBeInstanceOf(Date);
    expect(described.stopDate).toBeInstanceOf(Date);
    expect((described.stopDate as Date).getTime()).toBeGreaterThanOrEqual(
      (described.startDate as Date).getTime(),
    );

    const events = await history(arn);
    expect(events.map((e) => e.type)).toEqual([
      'ExecutionStarted',
      'ChoiceStateEntered',
      'ChoiceStateExited',
      'WaitStateEntered',
      'WaitStateExited',
      'TaskStateEntered',
      'TaskScheduled',
      'TaskStarted',
      'TaskSucceeded',
      'TaskStateExited',
      'SucceedStateEntered',
      'SucceedStateExited',
      'ExecutionSucceeded',
    ]);
    expect(events.filter((e) => e.type?.endsWith('StateEntered'))).toHaveLength(4);
    events.forEach((event, i) => {
      expect(event.id).toBe(i + 1);
      expect(event.previousEventId).toBe(i);
      expect(event.timestamp).toBeInstanceOf(Date);
    });
    expect(JSON.parse(events[0]?.executionStartedEventDetails?.input as string)).toEqual({ go: true });
    expect(events[5]?.stateEnteredEventDetails?.name).toBe('Echo');
    expect(JSON.parse(events[6]?.taskScheduledEventDetails?.parameters as string)).toEqual({
      FunctionName: fnArn('echo'),
      Payload: { go: true },
    });
    expect(events[6]?.taskScheduledEventDetails).toMatchObject({
      resourceType: 'lambda',
      resource: 'invoke',
      region: REGION,
    });
    expect(JSON.parse(events[8]?.taskSucceededEventDetails?.output as string)).toEqual({
      ExecutedVersion: '$LATEST',
      Payload: { echoed: { go: true } },
      StatusCode: 200,
    });
    expect(events[9]?.stateExitedEventDetails?.name).toBe('Echo');
    expect(JSON.parse(events[12]?.executionSucceededEventDetails?.output as string)).toEqual(
      JSON.parse(described.output as string),
    );

    // Paging and reverse order.
    const paged: HistoryEvent[] = [];
    let nextToken: string | undefined;
    do {
      const page = await sfn.send(
        new GetExecutionHistoryCommand({ executionArn: arn, maxResults: 5, nextToken }),
      );
      paged.push(...(page.events ?? []));
      nextToken = page.nextToken;
    } while (nextToken);
    expect(paged.map((e) => e.id)).toEqual(events.map((e) => e.id));
    const reversed = await sfn.send(
      new GetExecutionHistoryCommand({ executionArn: arn, reverseOrder: true, maxResults: 2 }),
    );
    expect(reversed.events?.map((e) => e.type)).toEqual(['ExecutionSucceeded', 'SucceedStateExited']);
    expect(reversed.nextToken).toBeDefined();

    // List: newest first, status filter, paging.
    const second = await start('tour', { go: false }, 'tour-shapes-2');
    await emulator.waitForExecution(second, 2000);
    const listed = await sfn.send(
      new ListExecutionsCommand({ stateMachineArn: MACHINES.tour.arn, statusFilter: 'SUCCEEDED' }),
    );
    const names = listed.executions?.map((e) => e.name) ?? [];
    expect(names.indexOf('tour-shapes-2')).toBeLessThan(names.indexOf('tour-shapes'));
    expect(listed.executions?.[0]).toMatchObject({ stateMachineArn: MACHINES.tour.arn, status: 'SUCCEEDED' });
    expect(listed.executions?.[0]?.startDate).toBeInstanceOf(Date);
    const one = await sfn.send(
      new ListExecutionsCommand({ stateMachineArn: MACHINES.tour.arn, maxResults: 1 }),
    );
    expect(one.executions).toHaveLength(1);
    const rest = await sfn.send(
      new ListExecutionsCommand({
        stateMachineArn: MACHINES.tour.arn,
        maxResults: 1000,
        nextToken: one.nextToken,
      }),
    );
    expect(rest.executions?.map((e) => e.executionArn)).not.toContain(one.executions?.[0]?.executionArn);
    expect((rest.executions?.length ?? 0) + 1).toBe(
      (await sfn.send(new ListExecutionsCommand({ stateMachineArn: MACHINES.tour.arn }))).executions?.length,
    );
    const running = await sfn.send(
      new ListExecutionsCommand({ stateMachineArn: MACHINES.tour.arn, statusFilter: 'RUNNING' }),
    );
    expect(running.executions).toEqual([]);
  });
});

describe('StopExecution', () => {
  it('aborts an execution waiting for its task token', async () => {
    const ask = waitingLambda('ask');
    const arn = await start('ask', { who: 'stopped' });
    const { token } = await ask.next();
    const stopped = await sfn.send(
      new StopExecutionCommand({ executionArn: arn, error: 'CasePaused', cause: 'By operations' }),
    );
    expect(stopped.stopDate).toBeInstanceOf(Date);
    expect(await emulator.waitForExecution(arn, 1000)).toBe('ABORTED');
    expect(await describe_(arn)).toMatchObject({
      status: 'ABORTED',
      error: 'CasePaused',
      cause: 'By operations',
    });
    const events = await history(arn);
    expect(events.at(-1)).toMatchObject({
      type: 'ExecutionAborted',
      executionAbortedEventDetails: { error: 'CasePaused', cause: 'By operations' },
    });
    expect(events.map((e) => e.type)).toContain('TaskStarted');
    const late = await errorOf(
      sfn.send(new SendTaskSuccessCommand({ taskToken: token as string, output: '{}' })),
    );
    expect(late.name).toBe('TaskTimedOut');
    // Stopping again is harmless.
    await sfn.send(new StopExecutionCommand({ executionArn: arn }));
  });
});

describe('RedriveExecution (what npm run ops -- executions redrive calls)', () => {
  it('resumes a failed execution from the state that failed, with its input, keeping its history', async () => {
    let fixed = false;
    lambdas.set('echo', (payload) => {
      if (!fixed) throw new NamedError('Broken', 'not yet');
      return payload;
    });
    const arn = await start('tour', { go: true, n: 7 });
    expect(await emulator.waitForExecution(arn, 2000)).toBe('FAILED');
    expect(await describe_(arn)).toMatchObject({ redriveCount: 0, redriveStatus: 'REDRIVABLE' });
    fixed = true;
    const redriven = await sfn.send(new RedriveExecutionCommand({ executionArn: arn, clientToken: 'fix-1' }));
    expect(redriven.redriveDate).toBeInstanceOf(Date);
    expect(await emulator.waitForExecution(arn, 2000)).toBe('SUCCEEDED');
    expect(JSON.parse((await describe_(arn)).output as string)).toEqual({ Payload: { go: true, n: 7 } });
    expect(await describe_(arn)).toMatchObject({ redriveCount: 1, redriveStatus: 'NOT_REDRIVABLE' });
    const types = (await history(arn)).map((event) => event.type);
    expect(types.filter((type) => type === 'ExecutionStarted')).toHaveLength(1);
    expect(types.filter((type) => type === 'ChoiceStateEntered')).toHaveLength(1);
    expect(types.slice(types.indexOf('ExecutionFailed'))).toEqual([
      'ExecutionFailed',
      'ExecutionRedriven',
      'TaskStateEntered',
      'TaskScheduled',
      'TaskStarted',
      'TaskSucceeded',
      'TaskStateExited',
      'SucceedStateEntered',
      'SucceedStateExited',
      'ExecutionSucceeded',
    ]);
    // The same client token is the same redrive; a succeeded or running execution cannot be redriven.
    await sfn.send(new RedriveExecutionCommand({ executionArn: arn, clientToken: 'fix-1' }));
    expect((await describe_(arn)).redriveCount).toBe(1);
    expect((await errorOf(sfn.send(new RedriveExecutionCommand({ executionArn: arn })))).name).toBe(
      'ExecutionNotRedrivable',
    );
  });

  it('resumes an aborted execution in the task it was waiting in', async () => {
    const ask = waitingLambda('ask');
    const arn = await start('ask', { who: 'redriven' });
    await ask.next();
    await sfn.send(new StopExecutionCommand({ executionArn: arn }));
    expect(await emulator.waitForExecution(arn, 1000)).toBe('ABORTED');
    await sfn.send(new RedriveExecutionCommand({ executionArn: arn }));
    const { token, who } = await ask.next();
    expect(who).toBe('redriven');
    await sfn.send(new SendTaskSuccessCommand({ taskToken: token as string, output: '{"ok":true}' }));
    expect(await emulator.waitForExecution(arn, 1000)).toBe('SUCCEEDED');
  });
});

describe('Retry and Catch', () => {
  it('retries with the definition’s backoff, scaled by retryIntervalScale', async () => {
    let attempt = 0;
    lambdas.set('flaky', () => {
      attempt += 1;
      if (attempt < 3) throw new NamedError('Flaky', `attempt ${attempt}`);
      return { attempt };
    });
    const began = Date.now();
    const arn = await start('flaky', { n: 1 });
    expect(await emulator.waitForExecution(arn, 2000)).toBe('SUCCEEDED');
    expect(Date.now() - began).toBeLessThan(1000);
    expect(JSON.parse((await describe_(arn)).output as string)).toEqual({ Payload: { attempt: 3 } });

    const events = await history(arn);
    const types = events.map((e) => e.type);
    expect(types.filter((t) => t === 'TaskScheduled')).toHaveLength(3);
    expect(types.filter((t) => t === 'TaskFailed')).toHaveLength(2);
    expect(events.find((e) => e.type === 'TaskFailed')?.taskFailedEventDetails?.error).toBe('Flaky');
    // IntervalSeconds 1 × BackoffRate 2^n × 0.01: about 10 ms, then about 20 ms.
    const scheduled = events
      .filter((e) => e.type === 'TaskScheduled')
      .map((e) => (e.timestamp as Date).getTime());
    expect((scheduled[1] as number) - (scheduled[0] as number)).toBeGreaterThanOrEqual(9);
    expect((scheduled[2] as number) - (scheduled[1] as number)).toBeGreaterThanOrEqual(19);
  });

  it('a Lambda error is matched by its errorType (after States.TaskFailed retries) with the AWS cause', async () => {
    lambdas.set('boom', () => {
      throw new NamedError('PaymentDeclined', 'card expired');
    });
    const arn = await start('boom', { amount: 10 });
    expect(await emulator.waitForExecution(arn, 2000)).toBe('SUCCEEDED');
    expect(calls).toHaveLength(2);
    const output = JSON.parse((await describe_(arn)).output as string);
    expect(output.outcome).toBe('declined');
    expect(output.failure.Error).toBe('PaymentDeclined');
    expect(JSON.parse(output.failure.Cause)).toMatchObject({
      errorType: 'PaymentDeclined',
      errorMessage: 'card expired',
    });
  });
});

describe('the project’s collections-case definition', () => {
  /** The reply windows the opening of the next case started gives its workflow. */
  let windows: Record<string, number> = {};
  /**
   * Starts a case's workflow as the intake does (issue 15: the intake opens the case): its input is
   * the opening, under `Payload`, with the contact rules' word on the friendly reminder's moment.
   */
  const startCase = (caseId: string, name: string, opening: Record<string, unknown> = {}) =>
    start(
      'caseMachine',
      {
        Payload: {
          caseId,
          friendlyReminderAt: new Date(Date.now() - 1000).toISOString(),
          replyWindowSeconds: windows,
          reply: { decision: 'send', until: new Date().toISOString(), step: 'friendly', reason: 'none' },
          ...opening,
        },
      },
      name,
    );

  function caseLambdas(replyWindowSeconds: Record<string, number>) {
    windows = replyWindowSeconds;
    // No sign of hardship: on to the final notice (with the contact rules for it), then to the referral.
    lambdas.set('CheckHardship', (payload) =>
      payload.before === 'final'
        ? { decision: 'send', until: new Date().toISOString(), step: 'final', reason: 'none', signs: [] }
        : { outcome: 'resume', step: 'agency', because: 'hardship-checked', reason: 'none', signs: [] },
    );
    // As the real one: after a rung's reply window ran out (the Catch's reply.timedOut), the next rung
    // of the default ladder; before the final notice, the check for signs of hardship.
    lambdas.set('CheckContact', (payload) => {
      const timedOut = (payload.reply as { timedOut?: unknown }).timedOut;
      const step = timedOut
        ? nextRung(payload.step as 'friendly' | 'firm' | 'planOffer', DEFAULT_LADDER)
        : payload.step;
      return {
        decision: timedOut && step === 'final' ? 'hardship' : 'send',
        until: new Date().toISOString(),
        step,
        reason: 'none',
      };
    });
    const remind = waitingLambda('SendReminder');
    lambdas.set('CloseCase', (payload) => ({ closed: payload.caseId, resolution: payload.resolution }));
    lambdas.set('ReferToAgency', (payload) => ({ referred: payload.caseId }));
    return remind;
  }

  it('closes the case as paid when the reply says so', async () => {
    const remind = caseLambdas({ friendly: 30, firm: 30, final: 30 });
    const arn = await startCase('case-1', 'acct-1');
    const payload = await remind.next();
    expect(payload).toMatchObject({
      caseId: 'case-1',
      rung: 'friendly',
      replyWindowSeconds: { friendly: 30 },
    });
    await sfn.send(
      new SendTaskSuccessCommand({ taskToken: payload.taskToken as string, output: '{"outcome":"paid"}' }),
    );
    expect(await emulator.waitForExecution(arn, 2000)).toBe('SUCCEEDED');
    expect(JSON.parse((await describe_(arn)).output as string)).toEqual({
      Payload: { closed: 'case-1', resolution: 'paid' },
    });
  });

  it('climbs friendly → firm → plan offer → hardship check → final → hardship check → agency when nobody answers', {
    timeout: 12_000,
  }, async () => {
    const remind = caseLambdas({ friendly: 1, firm: 1, planOffer: 1, final: 1 });
    const arn = await startCase('case-2', 'acct-2');
    expect(await emulator.waitForExecution(arn, 8000)).toBe('SUCCEEDED');
    expect(remind.seen.map((p) => p.rung)).toEqual(['friendly', 'firm', 'planOffer', 'final']);
    // A rung's timeout reaches the contact check as reply.timedOut beside the rung that timed out
    // (the Catch's ResultPath writes into the reply, keeping its step): the check names the next.
    const checks = calls
      .filter((call) => call.name === 'CheckContact' && call.payload.caseId === 'case-2')
      .map((call) => [
        call.payload.step,
        (call.payload.reply as { timedOut?: { Error?: string } }).timedOut?.Error,
      ]);
    // The intake asked the contact rules for the friendly reminder; the check after the plan
    // offer sends the workflow to the check for signs of hardship, which asks them for the final notice.
    expect(checks).toEqual([
      ['friendly', 'States.Timeout'],
      ['firm', 'States.Timeout'],
      ['planOffer', 'States.Timeout'],
    ]);
    expect(
      calls
        .filter((call) => call.name === 'CheckHardship' && call.payload.caseId === 'case-2')
        .map((call) => call.payload.before),
    ).toEqual(['final', 'agency']);
    expect(JSON.parse((await describe_(arn)).output as string)).toEqual({ Payload: { referred: 'case-2' } });
    expect((await history(arn)).filter((e) => e.type === 'TaskTimedOut')).toHaveLength(4);
  });

  it('hands the case to a person with a supportive message when the check finds signs of hardship, and waits for them', {
    timeout: 10_000,
  }, async () => {
    const remind = caseLambdas({ friendly: 1, firm: 1, planOffer: 1, final: 1 });
    lambdas.set('CheckHardship', () => ({
      decision: 'send',
      until: new Date().toISOString(),
      step: 'review',
      reason: 'none',
      signs: ['vulnerable'],
    }));
    lambdas.set('HandOverForHardship', (payload) => ({
      caseId: payload.caseId,
      status: 'held-for-person',
      person: { reason: 'hardship-signs', waitSeconds: 30 },
    }));
    const waiting = waitingLambda('HoldCase', () => ({ holding: true }));
    const arn = await startCase('case-signs', 'acct-signs');
    // The case waits for a person (issue 12): the token is theirs, the execution runs on.
    const held = await waiting.next();
    expect(held).toMatchObject({
      caseId: 'case-signs',
      person: { reason: 'hardship-signs', waitSeconds: 30 },
    });
    expect(remind.seen.map((p) => p.rung)).toEqual(['friendly', 'firm', 'planOffer']);
    expect((await describe_(arn)).status).toBe('RUNNING');
    // A supervisor writes the balance off: the same execution closes the case.
    await sfn.send(
      new SendTaskSuccessCommand({
        taskToken: held.taskToken as string,
        output: JSON.stringify({ id: 'w-1', outcome: 'credited', reason: 'written-off' }),
      }),
    );
    expect(await emulator.waitForExecution(arn, 3000)).toBe('SUCCEEDED');
    expect(JSON.parse((await describe_(arn)).output as string)).toEqual({
      Payload: { closed: 'case-signs', resolution: 'credited' },
    });
  });

  it('waits for a person again when the wait runs out, the token renewed', { timeout: 10_000 }, async () => {
    caseLambdas({ friendly: 1, firm: 1, planOffer: 1, final: 1 });
    lambdas.set('CheckHardship', () => ({
      decision: 'send',
      until: new Date().toISOString(),
      step: 'review',
      reason: 'none',
      signs: ['vulnerable'],
    }));
    lambdas.set('HandOverForHardship', (payload) => ({
      caseId: payload.caseId,
      status: 'held-for-person',
      person: { reason: 'hardship-signs', waitSeconds: 1 },
    }));
    const waiting = waitingLambda('HoldCase', () => ({ holding: true }));
    const arn = await startCase('case-again', 'acct-again');
    const first = await waiting.next();
    const second = await waiting.next();
    expect(second.taskToken).not.toBe(first.taskToken);
    expect((await describe_(arn)).status).toBe('RUNNING');
    await sfn.send(
      new SendTaskSuccessCommand({
        taskToken: second.taskToken as string,
        output: JSON.stringify({ id: 'p-1', outcome: 'paid' }),
      }),
    );
    expect(await emulator.waitForExecution(arn, 3000)).toBe('SUCCEEDED');
  });

  it('waits until the timestamp the contact check names, then asks again before the rung', async () => {
    // The friendly reminder's window runs out at once; the check names the firm reminder, not yet.
    const remind = caseLambdas({ friendly: 1, firm: 30, planOffer: 30, final: 30 });
    const checks: { step: unknown; at: number }[] = [];
    const until = new Date(Date.now() + 1600).toISOString();
    lambdas.set('CheckContact', (payload) => {
      const step = (payload.reply as { timedOut?: unknown }).timedOut ? 'firm' : payload.step;
      checks.push({ step, at: Date.now() });
      const wait = checks.length === 1;
      return {
        decision: wait ? 'wait' : 'send',
        until: wait ? until : new Date().toISOString(),
        step,
        reason: 'none',
      };
    });
    const arn = await startCase('case-wait', 'acct-wait');
    expect(await remind.next()).toMatchObject({ caseId: 'case-wait', rung: 'friendly' });
    const payload = await remind.next();
    expect(payload).toMatchObject({ caseId: 'case-wait', rung: 'firm' });
    expect(checks.map((check) => check.step)).toEqual(['firm', 'firm']);
    expect(checks[1]?.at).toBeGreaterThanOrEqual(Date.parse(until));
    const entered = (await history(arn))
      .filter((event) => event.type?.endsWith('StateEntered'))
      .map((event) => event.stateEnteredEventDetails?.name);
    expect(entered).toContain('Wait until we may write');
    await sfn.send(
      new SendTaskSuccessCommand({ taskToken: payload.taskToken as string, output: '{"outcome":"paid"}' }),
    );
    expect(await emulator.waitForExecution(arn, 2000)).toBe('SUCCEEDED');
  });

  it('starts at the friendly reminder the intake planned, without asking the contact rules again', async () => {
    const remind = caseLambdas({ friendly: 30, firm: 30, planOffer: 30, final: 30 });
    const at = new Date(Date.now()).toISOString();
    const arn = await startCase('case-open-wait', 'acct-open-wait', {
      friendlyReminderAt: at,
      reply: { decision: 'send', until: at, step: 'friendly', reason: 'none' },
    });
    const payload = await remind.next();
    expect(payload).toMatchObject({ caseId: 'case-open-wait', rung: 'friendly' });
    expect(
      calls.filter((call) => call.name === 'CheckContact' && call.payload.caseId === 'case-open-wait'),
    ).toEqual([]);
    await sfn.send(
      new SendTaskSuccessCommand({ taskToken: payload.taskToken as string, output: '{"outcome":"paid"}' }),
    );
    expect(await emulator.waitForExecution(arn, 2000)).toBe('SUCCEEDED');
    // Paid after the friendly reminder (issue 15): reminder, reply, close. Three transitions (the
    // intake starts the workflow when the reminder is due: no Wait state is billed).
    expect(
      (await history(arn))
        .filter((event) => event.type?.endsWith('StateEntered'))
        .map((event) => event.stateEnteredEventDetails?.name),
    ).toEqual([
      'Send friendly reminder and wait for reply',
      'Act on the reply',
      'Thank the customer and close the case as paid',
    ]);
  });

  it('hands the case to a person from the friendly reminder when its send finds no safe hours', async () => {
    const remind = caseLambdas({ friendly: 30, firm: 30, planOffer: 30, final: 30 });
    lambdas.set('HandToPerson', (payload) => ({
      caseId: payload.caseId,
      person: { reason: payload.reason, waitSeconds: 30 },
    }));
    const waiting = waitingLambda('HoldCase', () => ({ holding: true }));
    // The intake found no hours safe for this debtor; the send gate finds it again and answers so.
    const arn = await startCase('case-no-hours', 'acct-no-hours', {
      reply: {
        decision: 'person',
        until: new Date().toISOString(),
        step: 'friendly',
        reason: 'no-contact-hours',
      },
    });
    const payload = await remind.next();
    expect(payload).toMatchObject({ caseId: 'case-no-hours', rung: 'friendly' });
    await sfn.send(
      new SendTaskSuccessCommand({
        taskToken: payload.taskToken as string,
        output: JSON.stringify({ id: 'r-1', outcome: 'stopped', reason: 'no-contact-hours' }),
      }),
    );
    expect(await waiting.next()).toMatchObject({
      caseId: 'case-no-hours',
      person: { reason: 'no-contact-hours', waitSeconds: 30 },
    });
    await sfn.send(new StopExecutionCommand({ executionArn: arn }));
  });

  it('asks a person when the friendly reminder keeps failing', async () => {
    caseLambdas({ friendly: 30, firm: 30, planOffer: 30, final: 30 });
    lambdas.set('SendReminder', () => {
      throw new NamedError('PolicyMissing', 'no policy for segment');
    });
    const arn = await startCase('case-3', 'acct-3');
    expect(await emulator.waitForExecution(arn, 3000)).toBe('FAILED');
    expect(calls).toHaveLength(4);
    const described = await describe_(arn);
    expect(described.error).toBe('CaseNeedsAPerson');
    expect(described.cause).toContain("the execution's history shows which and why");
    const last = (await history(arn)).at(-1);
    expect(last).toMatchObject({
      type: 'ExecutionFailed',
      executionFailedEventDetails: { error: 'CaseNeedsAPerson' },
    });
  });
});

describe('close()', () => {
  it('aborts running executions (waiting on a token, in a Wait state) and leaves no timers behind', async () => {
    const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const before = timers();
    const local = await startStepFunctionsEmulator({
      stateMachines: [
        MACHINES.ask,
        machine('sleepy', { StartAt: 'Sleep', States: { Sleep: { Type: 'Wait', Seconds: 30, End: true } } }),
      ],
      invokeLambda,
    });
    const client = new SFNClient({
      endpoint: local.url,
      region: REGION,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      maxAttempts: 1,
    });
    const ask = waitingLambda('ask');
    const waiting = await client.send(
      new StartExecutionCommand({ stateMachineArn: MACHINES.ask.arn, input: '{"who":"closing"}' }),
    );
    const { token } = await ask.next();
    const sleeping = await client.send(new StartExecutionCommand({ stateMachineArn: smArn('sleepy') }));
    expect(timers()).toBeGreaterThan(before);

    client.destroy();
    await local.close();
    expect(await local.waitForExecution(waiting.executionArn as string, 100)).toBe('ABORTED');
    expect(await local.waitForExecution(sleeping.executionArn as string, 100)).toBe('ABORTED');
    await new Promise((resolve) => setImmediate(resolve));
    expect(timers()).toBeLessThanOrEqual(before);
    expect(typeof token).toBe('string');
  });
});
