import { createHash } from 'node:crypto';
import {
  DescribeExecutionCommand,
  type ExecutionListItem,
  type ExecutionStatus,
  ListExecutionsCommand,
  RedriveExecutionCommand,
  SFNClient,
} from '@aws-sdk/client-sfn';
import { failed, usage } from './errors.ts';
import { type Output, table } from './output.ts';
import type { Target } from './target.ts';

const ENDED_BADLY: ExecutionStatus[] = ['FAILED', 'TIMED_OUT', 'ABORTED'];
const EXECUTION_ARN = /^arn:aws[a-z-]*:states:[a-z0-9-]+:\d{12}:execution:[^:]+:[^:]+$/;

/** `executions failed`: the case workflow's failed, timed-out and aborted executions, newest first. */
export async function executionsFailed(target: Target, out: Output, limit: number): Promise<void> {
  const sfn = new SFNClient(target.client('sfn'));
  try {
    const listed: ExecutionListItem[] = [];
    for (const statusFilter of ENDED_BADLY) {
      let nextToken: string | undefined;
      do {
        const page = await sfn.send(
          new ListExecutionsCommand({
            stateMachineArn: target.stateMachineArn,
            statusFilter,
            maxResults: Math.min(100, limit),
            nextToken,
          }),
        );
        listed.push(...(page.executions ?? []));
        nextToken = listed.length < limit * ENDED_BADLY.length ? page.nextToken : undefined;
      } while (nextToken);
    }
    listed.sort((a, b) => (b.stopDate?.getTime() ?? 0) - (a.stopDate?.getTime() ?? 0));
    const executions = [];
    for (const item of listed.slice(0, limit)) {
      const arn = item.executionArn as string;
      const described = await sfn.send(new DescribeExecutionCommand({ executionArn: arn }));
      const consoleUrl = target.consoleUrl(arn);
      executions.push({
        executionArn: arn,
        name: item.name,
        status: item.status,
        startDate: item.startDate?.toISOString(),
        stopDate: item.stopDate?.toISOString(),
        ...(described.error ? { error: described.error } : {}),
        ...(described.cause ? { cause: described.cause.slice(0, 500) } : {}),
        ...(described.redriveCount ? { redriveCount: described.redriveCount } : {}),
        ...(described.redriveStatus ? { redriveStatus: described.redriveStatus } : {}),
        ...(consoleUrl ? { consoleUrl } : {}),
      });
    }
    if (executions.length === 0) out.line('No failed, timed-out or aborted executions.');
    else {
      for (const line of table([
        ['stopped', 'status', 'execution', 'error'],
        ...executions.map((execution) => [
          execution.stopDate ?? '',
          execution.status ?? '',
          execution.name ?? '',
          execution.error ?? '',
        ]),
      ]))
        out.line(line);
      for (const execution of executions)
        if (execution.consoleUrl) out.line(`${execution.name}: ${execution.consoleUrl}`);
      out.line('Fix the cause, then: npm run ops -- executions redrive <executionArn>');
    }
    out.result({ executions });
  } finally {
    sfn.destroy();
  }
}

/**
 * `executions redrive <executionArn>`: Step Functions' RedriveExecution, which resumes the execution
 * from the state that failed (same name, same history, the case's task token). The client token makes
 * a repeated command one redrive. The local Step Functions emulator redrives as AWS does (it resumes
 * at the state the execution stopped in).
 */
export async function executionsRedrive(
  target: Target,
  executionArn: string | undefined,
  out: Output,
): Promise<void> {
  if (executionArn === undefined)
    throw usage('executions redrive needs an execution ARN (see: npm run ops -- executions failed)');
  if (!EXECUTION_ARN.test(executionArn)) throw usage(`"${executionArn}" is not an execution ARN`);
  const machine = target.stateMachineArn.replace(':stateMachine:', ':execution:');
  if (!executionArn.startsWith(`${machine}:`))
    throw usage(`${executionArn} is not an execution of the case workflow (${target.stateMachineArn})`);
  const sfn = new SFNClient(target.client('sfn'));
  try {
    let status: string | undefined;
    let redriveCount = 0;
    try {
      const described = await sfn.send(new DescribeExecutionCommand({ executionArn }));
      status = described.status;
      redriveCount = described.redriveCount ?? 0;
    } catch (error) {
      if ((error as Error).name === 'ExecutionDoesNotExist') throw usage(`no execution ${executionArn}`);
      throw error;
    }
    if (!ENDED_BADLY.includes(status as ExecutionStatus))
      throw usage(
        `${executionArn.split(':').pop()} is ${status}: only a failed, timed-out or aborted execution can be redriven`,
      );
    // One redrive per failure: the token is the same until the execution has been redriven again.
    const clientToken = createHash('sha256')
      .update(`${executionArn}#${redriveCount}`)
      .digest('hex')
      .slice(0, 64);
    try {
      const redriven = await sfn.send(new RedriveExecutionCommand({ executionArn, clientToken }));
      out.line(
        `${executionArn.split(':').pop()}: redriven at ${redriven.redriveDate?.toISOString()}; it resumes from the state that failed.`,
      );
      const consoleUrl = target.consoleUrl(executionArn);
      if (consoleUrl) out.line(`Follow it: ${consoleUrl}`);
      out.result({
        executionArn,
        redriveDate: redriven.redriveDate?.toISOString(),
        ...(consoleUrl ? { consoleUrl } : {}),
      });
    } catch (error) {
      if ((error as Error).name === 'ExecutionNotRedrivable')
        throw failed(`Step Functions will not redrive it: ${(error as Error).message}`);
      throw error;
    }
  } finally {
    sfn.destroy();
  }
}
