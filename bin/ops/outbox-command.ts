import type { OutboxCarrier } from '../../functions/contract/table.ts';
import type { OutboxItem } from '../../functions/ports/case-store.ts';

const OUTBOX_CARRIER_KINDS: readonly OutboxCarrier[] = ['mail', 'followUp'];

import { duration, type Output, table } from './output.ts';
import { configureAdapters, type Target } from './target.ts';

/** Later than anything waits: dueOutbox(until) answers everything in the outbox, oldest due first. */
const END_OF_TIME = new Date('9999-12-31T23:59:59.999Z');

/**
 * `outbox list`: what waits in the outbox (an email deferred to the debtor's hours or the weekly cap,
 * a follow-up that failed when the debtor acted), when it is due and why. Read through the outbox
 * adapter the scheduled sender uses; items are read defensively (their shape may grow).
 */
export async function outbox(target: Target, out: Output, limit: number): Promise<void> {
  configureAdapters(target);
  const { dynamoOutbox } = await import('../../functions/adapters/dynamodb/outbox.ts');
  const store = dynamoOutbox(target.tableName);
  // Each carrier's items (emails; events and AR-team notices), oldest due first.
  const items = (
    await Promise.all(OUTBOX_CARRIER_KINDS.map((carrier) => store.dueOutbox(carrier, END_OF_TIME, limit)))
  )
    .flat()
    .sort((a, b) => String(a.dueAt).localeCompare(String(b.dueAt)))
    .slice(0, limit) as (OutboxItem & Record<string, unknown>)[];
  const now = Date.now();
  const rows = items.map((item) => {
    const due = Date.parse(String(item.dueAt));
    return {
      caseId: String(item.caseId),
      messageKey: String(item.messageKey),
      dueAt: String(item.dueAt),
      overdueSeconds: Number.isNaN(due) ? 0 : Math.max(0, Math.round((now - due) / 1000)),
      ...(typeof item.queuedAt === 'string' ? { queuedAt: item.queuedAt } : {}),
      what: whatOf(item),
      why: whyOf(item),
    };
  });
  if (rows.length === 0) out.line('The outbox is empty.');
  else {
    for (const line of table([
      ['due', 'case', 'what', 'why'],
      ...rows.map((row) => [
        `${row.dueAt}${row.overdueSeconds > 0 ? ` (${duration(row.overdueSeconds * 1000)} late)` : ''}`,
        row.caseId,
        row.what,
        row.why,
      ]),
    ]))
      out.line(line);
    if (rows.length === limit) out.line(`(the first ${limit}; --limit shows more)`);
    const late = rows.filter((row) => row.overdueSeconds > 30 * 60).length;
    if (late > 0)
      out.line(
        `${late} item${late === 1 ? ' is' : 's are'} over 30 min late: check SendWaitingMessages (docs/operations.md, "Outbox oldest item").`,
      );
  }
  out.result({ items: rows });
}

function whatOf(item: Record<string, unknown>): string {
  const followUp = item.followUp as
    | { type?: unknown; detailType?: unknown; notice?: { kind?: unknown } }
    | undefined;
  if (followUp && typeof followUp === 'object') {
    if (followUp.type === 'event') return `follow-up: event ${String(followUp.detailType ?? '')}`.trim();
    if (followUp.type === 'ar-team')
      return `follow-up: AR-team notice${followUp.notice?.kind ? ` (${String(followUp.notice.kind)})` : ''}`;
    return `follow-up: ${String(followUp.type ?? 'unknown')}`;
  }
  const kind = typeof item.kind === 'string' ? item.kind : 'message';
  return `email: ${kind}${typeof item.purpose === 'string' ? ` (${item.purpose})` : ''}`;
}

function whyOf(item: Record<string, unknown>): string {
  for (const key of ['reason', 'deferredBecause', 'why'])
    if (typeof item[key] === 'string') return item[key] as string;
  if (item.followUp) return 'it failed when the debtor acted; it is retried when due';
  return 'the contact rules deferred it (the debtor’s hours, the weekly cap or a pause)';
}
