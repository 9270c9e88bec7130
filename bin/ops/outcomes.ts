import { MAX_PERIOD_DAYS, parsePeriod } from '../../functions/domain/outcomes.ts';
import { usage } from './errors.ts';
import type { Output } from './output.ts';
import { configureAdapters, type Target } from './target.ts';

const DAY_MS = 86_400_000;
const isoDay = (at: number) => new Date(at).toISOString().slice(0, 10);

/** The period a rebuild covers: --from/--to, by default the last MAX_PERIOD_DAYS days up to yesterday (UTC). */
export function rebuildPeriod(
  values: { from?: string; to?: string },
  now = Date.now(),
): { from: string; to: string } {
  const to = values.to ?? isoDay(now - DAY_MS);
  const end = Date.parse(`${to}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(to) || Number.isNaN(end))
    throw usage(`--to must be a day (YYYY-MM-DD), got "${to}"`);
  const from = values.from ?? isoDay(end - (MAX_PERIOD_DAYS - 1) * DAY_MS);
  const parsed = parsePeriod(from, to);
  if ('problem' in parsed)
    throw usage(
      {
        from: `--from must be a day (YYYY-MM-DD), got "${from}"`,
        to: `--to must be a day (YYYY-MM-DD), got "${to}"`,
        order: '--from must not be after --to',
        length: `a rebuild covers at most ${MAX_PERIOD_DAYS} days: rebuild a longer span in parts`,
      }[parsed.problem],
    );
  return parsed;
}

/**
 * `outcomes rebuild`: the Outcomes page's counters of a period, rebuilt from the cases' timelines
 * (functions/use-cases/rebuild-outcomes.ts). Reads the whole table (a Scan): an operator's repair,
 * for a period that is over (the default ends yesterday), never a request path.
 */
export async function outcomesRebuild(
  target: Target,
  period: { from: string; to: string },
  out: Output,
): Promise<void> {
  configureAdapters(target);
  const { dynamoCases } = await import('../../functions/adapters/dynamodb/cases.ts');
  const { dynamoOutcomeCounters, dynamoRecordedEntries } = await import(
    '../../functions/adapters/dynamodb/outcomes.ts'
  );
  const { rebuildOutcomes } = await import('../../functions/use-cases/rebuild-outcomes.ts');
  const { outcomeFactsReader } = await import('../../functions/use-cases/record-outcomes.ts');
  const facts = outcomeFactsReader({ store: dynamoCases(target.tableName) });
  const summary = await rebuildOutcomes(period, facts, {
    entries: dynamoRecordedEntries(target.tableName),
    counters: dynamoOutcomeCounters(target.tableName),
  });
  out.line(
    `Rebuilt the outcomes from ${summary.from} to ${summary.to}: ${summary.entriesCounted} of ${summary.entriesRead} timeline entries counted.`,
  );
  for (const [segment, days] of Object.entries(summary.daysWithCounts))
    out.line(`  ${segment}: ${days} day${days === 1 ? '' : 's'} with counts`);
  if (summary.entriesLeftOut > 0)
    out.line(
      `${summary.entriesLeftOut} entr${summary.entriesLeftOut === 1 ? 'y was' : 'ies were'} left out: their case is gone or of a segment the outcomes do not know.`,
    );
  out.result(summary);
}
