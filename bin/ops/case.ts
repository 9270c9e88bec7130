import { DescribeExecutionCommand, SFNClient } from '@aws-sdk/client-sfn';
import type { CaseRecord } from '../../functions/domain/case.ts';
import { formatMoney } from '../../functions/domain/money.ts';
import { type FoundCase, InvalidCaseQueryError } from '../../functions/use-cases/look-up-cases.ts';
import { failed, usage } from './errors.ts';
import type { Output } from './output.ts';
import { configureAdapters, type Target } from './target.ts';

type Execution = { arn: string; status?: string; consoleUrl?: string };

/**
 * `case <accountId | invoiceId | email>`: each matching case's state, balance, timeline, and its
 * execution with the console link. Read through the use case and the DynamoDB adapters the
 * functions use (no Scan: see functions/adapters/dynamodb/case-lookups.ts).
 */
export async function caseCommand(target: Target, query: string | undefined, out: Output): Promise<void> {
  if (query === undefined) throw usage('case needs an account id, an invoice id or an email address');
  configureAdapters(target);
  // Loaded once the environment points the adapters' client at the target.
  const [{ dynamoCaseLookups }, { dynamoCases }, { lookUpCases }] = await Promise.all([
    import('../../functions/adapters/dynamodb/case-lookups.ts'),
    import('../../functions/adapters/dynamodb/cases.ts'),
    import('../../functions/use-cases/look-up-cases.ts'),
  ]);
  let found: FoundCase[];
  try {
    found = await lookUpCases(
      { lookups: dynamoCaseLookups(target.tableName), cases: dynamoCases(target.tableName) },
      query,
    );
  } catch (error) {
    if (error instanceof InvalidCaseQueryError) throw usage(error.message);
    throw error;
  }
  if (found.length === 0)
    throw failed(
      `no case found for "${query.trim()}" (by account id, invoice id, case id${query.includes('@') ? ', or email: cases opened before the email lookup existed are found by account or invoice only' : ''})`,
    );

  const sfn = new SFNClient(target.client('sfn'));
  try {
    const cases = [];
    for (const hit of found) {
      const execution = await executionOf(hit.record, target, sfn);
      cases.push({ ...summary(hit), execution });
      print(hit, execution, out);
    }
    out.result({ query: query.trim(), cases });
  } finally {
    sfn.destroy();
  }
}

async function executionOf(
  record: CaseRecord,
  target: Target,
  sfn: SFNClient,
): Promise<Execution | undefined> {
  const arn =
    record.executionArn ??
    `${target.stateMachineArn.replace(':stateMachine:', ':execution:')}:${record.executionName}`;
  try {
    const described = await sfn.send(new DescribeExecutionCommand({ executionArn: arn }));
    const consoleUrl = target.consoleUrl(arn);
    return {
      arn,
      ...(described.status ? { status: described.status } : {}),
      ...(consoleUrl ? { consoleUrl } : {}),
    };
  } catch (error) {
    if ((error as Error).name === 'ExecutionDoesNotExist') return record.executionArn ? { arn } : undefined;
    throw error;
  }
}

function summary({ matchedBy, record, timeline }: FoundCase) {
  return {
    matchedBy,
    caseId: record.caseId,
    accountId: record.accountId,
    status: record.status,
    ...(record.rung ? { rung: record.rung } : {}),
    balance: record.balance,
    invoiceIds: record.invoices.map((invoice) => invoice.invoiceId),
    openedAt: record.openedAt,
    ...(record.closedAt ? { closedAt: record.closedAt } : {}),
    ...(record.waitingState ? { waitingState: record.waitingState } : {}),
    ...(record.pause ? { pause: { reason: record.pause.reason, until: record.pause.until } } : {}),
    ...(record.optedOutAt ? { optedOutAt: record.optedOutAt } : {}),
    ...(record.legalPause ? { legalPause: record.legalPause } : {}),
    ...(record.dispute
      ? { dispute: { status: record.dispute.status, openedAt: record.dispute.openedAt } }
      : {}),
    ...(record.plan ? { plan: true } : {}),
    version: record.version,
    timeline: timeline.map(({ type, at, entryId, data }) => {
      const codes = codesOf(data);
      return { type, at, entryId, ...(Object.keys(codes).length > 0 ? { data: codes } : {}) };
    }),
  };
}

function print({ matchedBy, record, timeline }: FoundCase, execution: Execution | undefined, out: Output) {
  out.line(`Case ${record.caseId} (account ${record.accountId}; found by ${matchedBy})`);
  const state = [record.status, record.rung ? `rung ${record.rung}` : undefined].filter(Boolean).join(', ');
  out.line(`  state      ${state}${record.waitingState ? `; waiting in "${record.waitingState}"` : ''}`);
  out.line(`  balance    ${formatMoney(record.balance, 'en-GB')} (${record.balance.amount} minor units)`);
  out.line(`  invoices   ${record.invoices.map((invoice) => invoice.invoiceId).join(', ')}`);
  out.line(`  opened     ${record.openedAt}${record.closedAt ? `; closed ${record.closedAt}` : ''}`);
  if (record.pause) out.line(`  paused     ${record.pause.reason} until ${record.pause.until}`);
  if (record.optedOutAt) out.line(`  opted out  ${record.optedOutAt} (no email)`);
  if (record.legalPause)
    out.line(`  legal pause ${record.legalPause.reason} since ${record.legalPause.since}`);
  if (record.dispute) out.line(`  dispute    ${record.dispute.status} since ${record.dispute.openedAt}`);
  if (execution) {
    out.line(`  execution  ${execution.arn}${execution.status ? ` (${execution.status})` : ''}`);
    out.line(
      `  console    ${execution.consoleUrl ?? '(local: no console; the history is at the local Step Functions)'}`,
    );
  } else {
    out.line(`  execution  none yet (${record.executionName} has not started)`);
  }
  out.line(`  timeline   ${timeline.length} entries`);
  for (const entry of timeline) out.line(`    ${entry.at}  ${entry.type}${detail(entry.data)}`);
  out.line();
}

/** A timeline entry's ids, codes and amounts: never a debtor's own words, an address or a phone number. */
function codesOf(data: Record<string, unknown> | undefined): Record<string, string | number> {
  const codes: Record<string, string | number> = {};
  if (!data) return codes;
  for (const key of ['kind', 'purpose', 'reason', 'invoiceId', 'paymentId', 'outcome', 'status', 'rung']) {
    const value = data[key];
    if (typeof value === 'number' || (typeof value === 'string' && /^[\w.:-]{1,64}$/.test(value)))
      codes[key] = value;
  }
  const amount = (data.amount ?? data.amountDue) as { amount?: unknown; currency?: unknown } | undefined;
  if (amount && typeof amount.amount === 'number' && typeof amount.currency === 'string')
    codes.amount = `${amount.amount} ${amount.currency}`;
  return codes;
}

function detail(data: Record<string, unknown> | undefined): string {
  const codes = Object.entries(codesOf(data)).map(([key, value]) => `${key}=${value}`);
  return codes.length > 0 ? `  ${codes.join(' ')}` : '';
}
