import { parseArgs } from 'node:util';
import { caseCommand } from './case.ts';
import { dlqList, dlqRedrive } from './dlq.ts';
import { EXIT, OpsError, usage } from './errors.ts';
import { executionsFailed, executionsRedrive } from './executions.ts';
import { LONGEST_LINK_DAYS, linkKeyRetire, linkKeyRotate, linkKeyStatus } from './link-key.ts';
import { outbox } from './outbox-command.ts';
import { outcomesRebuild, rebuildPeriod } from './outcomes.ts';
import { type Io, output, parseDuration } from './output.ts';
import { DEFAULT_ENDPOINTS_FILE, resolveTarget } from './target.ts';

export const HELP = `npm run ops -- [target] <command> [options]

Operate customer-first collections: against a deployed stack (its CloudFormation outputs) or against
npm start (${DEFAULT_ENDPOINTS_FILE}).

Commands
  case <accountId | invoiceId | email>   a case's state, balance, timeline, execution and console link
  dlq list                               each dead-letter queue: depth, each message's reason and age
  dlq redrive <queue>                    send a dead-letter queue's events back through intake (after a fix)
  outbox list                            what waits in the outbox, due when, why
  outcomes rebuild                       the Outcomes page's counters of a period, rebuilt from the timelines
  executions failed                      failed, timed-out and aborted executions of the case workflow
  executions redrive <executionArn>      resume one from the state that failed (RedriveExecution)
  link-key status                        the link-signing keys' ids and windows
  link-key rotate                        a new link-signing key; the old one is accepted until its links expire
  link-key retire                        stop accepting the previous key now (a leaked key)

Target (default: --local if ${DEFAULT_ENDPOINTS_FILE} exists)
  --local                 the running npm start (--endpoints <file> names another endpoints file)
  --stack <name>          a deployed stack (--region <region>, else AWS_REGION or the profile's)

Options
  --json                  one JSON document on stdout (progress and errors on stderr)
  --limit <n>             most items to list (default 50)
  --activate-after <d>    link-key rotate: when the new key starts signing (default 15m on AWS, 5s locally)
  --window-days <n>       link-key rotate: how long the old key stays accepted after that (default and
                          least: the longest link life, ${LONGEST_LINK_DAYS} days)
  --force                 link-key rotate: even while the previous rotation's window is open
  --key-id <id>           link-key rotate: the new key's id (default k and the UTC time, e.g. k20261202T0110)
  --from <day>, --to <day>  outcomes rebuild: the period (default: the 92 days up to yesterday, UTC)
  -h, --help              this help

Exit codes: 0 ok; 1 failed or nothing found; 2 bad input or usage.`;

/** Every command, as docs, alarms and the dashboard cite them (test/unit/ops-commands.test.ts checks). */
export const COMMANDS = [
  'case',
  'dlq list',
  'dlq redrive',
  'outbox list',
  'outcomes rebuild',
  'executions failed',
  'executions redrive',
  'link-key status',
  'link-key rotate',
  'link-key retire',
] as const;

const OPTIONS = {
  json: { type: 'boolean' },
  local: { type: 'boolean' },
  stack: { type: 'string' },
  region: { type: 'string' },
  endpoints: { type: 'string' },
  limit: { type: 'string' },
  'activate-after': { type: 'string' },
  'window-days': { type: 'string' },
  'key-id': { type: 'string' },
  force: { type: 'boolean' },
  from: { type: 'string' },
  to: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Runs one ops command; resolves its exit code. Errors are one plain line on stderr. */
export async function runOps(argv: readonly string[], io: Io, cwd = process.cwd()): Promise<number> {
  let json = argv.includes('--json');
  try {
    let parsed: ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>;
    try {
      parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
    } catch (error) {
      throw usage(`${(error as Error).message.split('\n')[0]} (npm run ops -- --help)`);
    }
    const { values, positionals } = parsed;
    json = values.json ?? false;
    if (values.help || positionals.length === 0) {
      if (values.help) {
        io.out(HELP);
        return EXIT.ok;
      }
      io.err(HELP);
      return EXIT.usage;
    }
    const out = output(io, json);
    const limit = values.limit === undefined ? 50 : Number(values.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000)
      throw usage('--limit must be a whole number from 1 to 1000');
    const [command, sub, argument] = positionals;
    const expect = (count: number) => {
      if (positionals.length > count)
        throw usage(`unexpected "${positionals.slice(count).join(' ')}" (npm run ops -- --help)`);
    };
    const known = ['case', 'dlq', 'outbox', 'outcomes', 'executions', 'link-key'];
    if (!known.includes(command as string))
      throw usage(`unknown command "${command}": one of ${known.join(', ')} (npm run ops -- --help)`);
    const target = () => resolveTarget(values, cwd);
    // What a command needs is checked before the target is looked for.
    if (command === 'case' && sub === undefined)
      throw usage('case needs an account id, an invoice id or an email address');
    if (sub === 'redrive' && argument === undefined)
      throw usage(
        command === 'dlq'
          ? 'dlq redrive needs a queue (see: npm run ops -- dlq list)'
          : 'executions redrive needs an execution ARN (see: npm run ops -- executions failed)',
      );

    switch (`${command} ${command === 'case' ? '' : (sub ?? '')}`.trim()) {
      case 'case':
        expect(2);
        await caseCommand(await target(), sub, out);
        break;
      case 'dlq list':
        expect(2);
        await dlqList(await target(), out, limit);
        break;
      case 'dlq redrive':
        expect(3);
        await dlqRedrive(await target(), argument, out);
        break;
      case 'outbox list':
        expect(2);
        await outbox(await target(), out, limit);
        break;
      case 'outcomes rebuild': {
        expect(2);
        const period = rebuildPeriod({
          ...(values.from !== undefined ? { from: values.from } : {}),
          ...(values.to !== undefined ? { to: values.to } : {}),
        });
        await outcomesRebuild(await target(), period, out);
        break;
      }
      case 'executions failed':
        expect(2);
        await executionsFailed(await target(), out, limit);
        break;
      case 'executions redrive':
        expect(3);
        await executionsRedrive(await target(), argument, out);
        break;
      case 'link-key status':
        expect(2);
        await linkKeyStatus(await target(), out);
        break;
      case 'link-key rotate': {
        expect(2);
        const activateAfterMs =
          values['activate-after'] === undefined ? undefined : parseDuration(values['activate-after']);
        if (activateAfterMs === undefined && values['activate-after'] !== undefined)
          throw usage('--activate-after must be a duration such as 15m, 900s or 0');
        const windowDays = values['window-days'] === undefined ? undefined : Number(values['window-days']);
        if (windowDays !== undefined && (!Number.isInteger(windowDays) || windowDays < 1 || windowDays > 365))
          throw usage('--window-days must be a whole number of days from 1 to 365');
        await linkKeyRotate(
          await target(),
          {
            force: values.force ?? false,
            ...(activateAfterMs !== undefined ? { activateAfterMs } : {}),
            ...(windowDays !== undefined ? { windowDays } : {}),
            ...(values['key-id'] ? { keyId: values['key-id'] } : {}),
          },
          out,
        );
        break;
      }
      case 'link-key retire':
        expect(2);
        await linkKeyRetire(await target(), out);
        break;
      default:
        throw usage(
          `"${command}" needs one of: ${{ dlq: 'list, redrive <queue>', outbox: 'list', outcomes: 'rebuild', executions: 'failed, redrive <executionArn>', 'link-key': 'status, rotate, retire' }[command as string] ?? ''} (got "${sub ?? ''}")`,
        );
    }
    return EXIT.ok;
  } catch (error) {
    const code = error instanceof OpsError ? error.exitCode : EXIT.failed;
    const message = error instanceof OpsError ? error.message : unexpected(error);
    io.err(`ops: ${message}`);
    if (json) io.out(JSON.stringify({ error: message, exitCode: code }));
    return code;
  }
}

/** An AWS or network error, in one line. */
function unexpected(error: unknown): string {
  const err = error as Error & { code?: string; cause?: { code?: string } };
  const code = err.code ?? err.cause?.code;
  if (code === 'ECONNREFUSED')
    return `cannot reach the local runtime (${err.message}): is npm start running?`;
  if (err.name === 'CredentialsProviderError') return `no AWS credentials: ${err.message.split('\n')[0]}`;
  return `${err.name && err.name !== 'Error' ? `${err.name}: ` : ''}${(err.message ?? String(error)).split('\n')[0]}`;
}
