/**
 * npm run bench: the budgets the project reports.
 *  1. Billed state transitions per journey, from the local Step Functions engine's history: each
 *     scenario of the whole journey, driven as its integration test drives it (bench/scenarios.ts).
 *  2. Lambda bundle sizes (as the stack bundles them) and the time to import each bundle.
 *  3. Peak memory of one local runtime across the journeys.
 * Timings are reported, never judged; the exit code is 1 only when a budget is exceeded
 * (or a journey could not be measured at all).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { rootDir, startTestRuntime, type TestRuntime } from '../test/support/local-runtime.ts';
import {
  BUNDLE_BUDGET_BYTES,
  type BundleResult,
  constructDrift,
  FIRST_CLICK_FUNCTION,
  FIRST_CLICK_IMPORT_MS,
  measureBundles,
  withinBudget,
} from './bundles.ts';
import { SERVICES } from './cost.ts';
import { type CostReport, costRows, journeyCosts, scenarioLabeller } from './journey-cost.ts';
import { type LoadResults, runLoad } from './load-child.ts';
import { type MemoryReport, sampleMemory } from './memory.ts';
import { startMeter } from './meter.ts';
import { runScenarios, SCENARIOS, type ScenarioResult } from './scenarios.ts';

/**
 * Real seconds per policy day, one for every scenario (the handlers read it at load). The contact
 * rules judge the debtor's hour on the policy clock, so the day must be long enough that the
 * milliseconds between a check and its send (tens of them with fourteen journeys on two cores) stay
 * policy minutes: at 2 s a millisecond is 43 policy seconds, and the 13 hours of the contact window
 * last 1.08 s. The longest journey (a plan broken by two misses, day ~45) then takes ~90 s.
 */
const DAY_SECONDS = 2;
/**
 * Where the policy clock starts: Tuesday 2 June 2026, 08:00 in London (BST), when the consumer
 * contact window opens. The scenarios start at the first 08:00 after the runtime is up (see
 * startAtWindowOpening), so each rung, reached a whole number of policy days later, falls inside the
 * debtor's hours, as a case opened in the morning would on AWS.
 */
const CLOCK_START = '2026-06-02T07:00:00Z';
const DAY_MS = 86_400_000;
/** How long one step of a scenario may wait (an email, a state, the execution's end): 40 policy days. */
const STEP_TIMEOUT_MS = Math.max(40_000, 40 * DAY_SECONDS * 1000);
const IMPORT_RUNS = 5;
const RESULTS_FILE = path.join(rootDir, 'bench', 'results.json');

// The handlers log and publish metrics as deployed (INFO, metrics on): the meter counts those bytes as
// CloudWatch Logs would ingest them, and swallows them so this output stays readable.
// The load's process (bench/load.ts) runs as `npm start` does instead: it gets the settings as they were.
const startSettings = {
  POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL,
  POWERTOOLS_METRICS_DISABLED: process.env.POWERTOOLS_METRICS_DISABLED,
};
process.env.POWERTOOLS_LOG_LEVEL = 'INFO';
process.env.POWERTOOLS_METRICS_DISABLED = 'false';

const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;

function table(header: string[], rows: string[][], rightAligned: number[]): string {
  const widths = header.map((cell, i) => Math.max(cell.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (row: string[]) =>
    row
      .map((cell, i) =>
        rightAligned.includes(i) ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0),
      )
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/**
 * Waits until the policy clock reads CLOCK_START's hour again (a whole number of policy days after it).
 * Loading the handlers takes the runtime a second or two after its clock starts: policy hours.
 */
async function startAtWindowOpening(runtime: TestRuntime): Promise<Date> {
  const start = Date.parse(CLOCK_START);
  const days = Math.ceil((runtime.clock.toPolicy(new Date()).getTime() - start) / DAY_MS);
  const opening = new Date(start + days * DAY_MS);
  const delay = runtime.clock.toReal(opening).getTime() - Date.now();
  if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
  return opening;
}

async function journeys(): Promise<{
  scenarios: ScenarioResult[];
  skipped: { id: string; reason: string }[];
  memory: MemoryReport;
  setupMs: number;
  journeysMs: number;
  policyStart: string;
  cost?: CostReport;
  costError?: string;
}> {
  const memory = sampleMemory();
  const started = Date.now();
  const runtime = await startTestRuntime(DAY_SECONDS, { clockStart: CLOCK_START });
  // From the start: the outbox's schedule runs while the journeys wait for the window to open.
  const meter = startMeter(runtime.lambdas, runtime.endpoints, scenarioLabeller(SCENARIOS), {
    billTransactions: true,
  });
  const policyStart = (await startAtWindowOpening(runtime)).toISOString();
  const setupMs = Date.now() - started;
  try {
    const { results, skipped } = await runScenarios(runtime, STEP_TIMEOUT_MS);
    // What the journeys used, priced (bench/journey-cost.ts); the outbox settles first, so that
    // every email and follow-up a journey queued is counted.
    await runtime.outboxSettled(STEP_TIMEOUT_MS).catch(() => undefined);
    let cost: CostReport | undefined;
    let costError: string | undefined;
    try {
      cost = journeyCosts(
        results,
        new Map(SCENARIOS.map((s) => [s.id, s.accountId])),
        meter,
        runtime.eventBridge.events(),
      );
    } catch (error) {
      costError = (error as Error).message;
    }
    return {
      cost,
      costError,
      scenarios: results,
      skipped,
      memory: memory.stop(),
      setupMs,
      journeysMs: Date.now() - started - setupMs,
      policyStart,
    };
  } finally {
    meter.stop();
    await runtime.close();
  }
}

const benchStarted = Date.now();
const failures: string[] = [];
const notes: string[] = [];

let scenarios: ScenarioResult[] = [];
let skipped: { id: string; reason: string }[] = [];
let memory: MemoryReport | undefined;
let setupMs = 0;
let journeysMs = 0;
let policyStart = '';
let cost: CostReport | undefined;
let costError: string | undefined;
if (process.env.BENCH_JOURNEYS !== '0') {
  try {
    ({ scenarios, skipped, memory, setupMs, journeysMs, policyStart, cost, costError } = await journeys());
  } catch (error) {
    failures.push(`journeys could not be measured: ${(error as Error).message}`);
  }
  if (costError) failures.push(`cost could not be measured: ${costError}`);
}
// Intake, portal and burst against their floors: a process of its own (one runtime per process, on
// a real-time clock), after the journeys' runtime has stopped (bench/load.ts).
let load: LoadResults | undefined;
if (process.env.BENCH_LOAD !== '0') {
  try {
    load = await runLoad(rootDir, startSettings);
  } catch (error) {
    failures.push(`intake, portal and burst could not be measured: ${(error as Error).message}`);
  }
}

const drift = constructDrift(rootDir);
if (drift) notes.push(drift);
const bundles: BundleResult[] =
  process.env.BENCH_BUNDLES === '0' ? [] : await measureBundles(rootDir, IMPORT_RUNS);

for (const s of scenarios) {
  if (s.error) failures.push(`"${s.title}" could not be measured: ${s.error}`);
  // Budgets judge what AWS would bill (bench/scenarios.ts, contactAccounting): the waits and deferral
  // loops of the scaled clock are reported beside it.
  if (s.budget !== undefined && s.awsTransitions > s.budget) {
    failures.push(
      `BUDGET EXCEEDED: "${s.title}" would take ${s.awsTransitions} state transitions on AWS (budget ${s.budget}; ${s.transitions} billed here)`,
    );
  }
  if (!s.asIntended) {
    notes.push(`"${s.title}" did not go as scripted (${s.end}; emails: ${s.emails.join(' / ')})`);
  }
}
for (const s of scenarios) {
  for (const reply of s.repliesAnsweredTwice) {
    notes.push(
      `"${s.title}": the ${reply.outcome} reply ${reply.id} answered ${reply.times} waiting states (taken again before it was cleared): +${2 * (reply.times - 1)} transitions`,
    );
  }
}
for (const s of skipped) notes.push(`scenario ${s.id} skipped: ${s.reason}`);

console.log(
  `\nState transitions (billed: every …StateEntered in the history), local engine, 1 policy day = ${DAY_SECONDS} s, scenarios start at ${policyStart} on the policy clock`,
);
console.log(
  table(
    [
      'scenario',
      'on AWS',
      'budget',
      'ok',
      'billed here',
      'contact overhead here',
      'of which re-answers',
      'end',
    ],
    scenarios.map((s) => {
      const extra = s.repliesAnsweredTwice.reduce((sum, reply) => sum + 2 * (reply.times - 1), 0);
      return [
        s.title,
        String(s.awsTransitions),
        s.budget === undefined ? 'report' : `<= ${s.budget}`,
        s.budget === undefined ? '' : s.awsTransitions <= s.budget ? 'yes' : 'NO',
        String(s.transitions),
        s.contactOverhead
          ? `+${s.contactOverhead} (${s.contactWaits} waits, ${s.contactDeferrals} deferrals)`
          : '',
        extra ? `+${extra}` : '',
        s.end,
      ];
    }),
    [1, 4, 6],
  ),
);
console.log(
  '  on AWS: the journey (its states without the contact checks, deferral loops collapsed) plus the contact gate where a rung passed it ("See whether we may write now", and "Check the contact rules" where it asked: not before the friendly reminder, whose rules the intake asked as it opened the case, nor a rung reached by moving up the ladder ("Move up from …"), whose send decides them, nor the final notice, whose the hardship check asked): judged against the budget',
);
console.log(
  `  contact overhead here: a wait for the debtor's hours costs 3 states (wait, check, see), a deferral 4 (the send found the window closed that its check found open: act, check, see, send again). They are an artefact of the scaled clock: at ${DAY_SECONDS} s per policy day a millisecond is ${(86_400 / DAY_SECONDS / 1000).toFixed(0)} policy seconds, and with every journey's functions in one Node process a step may queue for half a second (${((0.5 * 24) / DAY_SECONDS).toFixed(0)} policy hours), so a rung meets the debtor's night or its send the window's close. On AWS a check and its send are milliseconds apart and each rung keeps the hour its case reached the first one at, so a journey pays only the gate`,
);
console.log(
  '  end: SUCCEEDED at the final state; RUNNING at the state where the test stops watching (the bench then stops it)',
);
console.log(
  '  of which re-answers: billed transitions spent because a second waiting state took a reply already delivered (see notes)',
);
for (const s of scenarios) {
  console.log(`  ${s.id}: ${s.states.join(' > ')}`);
  console.log(`    contact checks at (policy clock, London): ${s.contactChecksAt.join(', ')}`);
}

console.log('\nLambda bundles (esbuild as the stack: esm, node24, minified, SDK bundled; no source map)');
console.log(
  table(
    [
      'function',
      'bytes',
      'gzip',
      '.map',
      'import ms',
      'with maps',
      `≤ ${BUNDLE_BUDGET_BYTES} B`,
      `import ≤ ${FIRST_CLICK_IMPORT_MS} ms`,
    ],
    bundles.map((b) => {
      const within = withinBudget(b);
      return [
        b.name,
        String(b.bytes),
        kib(b.gzipBytes),
        kib(b.sourceMapBytes),
        b.importMs.toFixed(0),
        b.importMsWithSourceMaps.toFixed(0),
        within.bytes ? 'yes' : `NO (+${b.bytes - BUNDLE_BUDGET_BYTES})`,
        within.importMs === undefined ? '' : within.importMs ? 'yes' : 'NO',
      ];
    }),
    [1, 2, 3, 4, 5],
  ),
);
console.log(
  `  import ms: median of ${IMPORT_RUNS} fresh \`node\` processes (${process.version}); "with maps": the .map beside it and --enable-source-maps, as deployed; the import budget is the first click's (${FIRST_CLICK_FUNCTION})`,
);
for (const b of bundles) {
  const within = withinBudget(b);
  if (!within.bytes)
    failures.push(`BUNDLE OVER BUDGET: ${b.name} is ${b.bytes} bytes (budget ${BUNDLE_BUDGET_BYTES})`);
  if (within.importMs === false)
    failures.push(
      `IMPORT OVER BUDGET: ${b.name} imports in ${b.importMs.toFixed(0)} ms (median; budget ${FIRST_CLICK_IMPORT_MS})`,
    );
}

if (memory) {
  console.log(`\nMemory, one local runtime across the ${scenarios.length} scenarios`);
  console.log(
    `  node process RSS: ${mib(memory.baselineRssBytes)} before start, peak ${mib(memory.peakRssBytes)} (${memory.samples} samples)`,
  );
  for (const child of memory.childPeakRss) {
    console.log(`  child ${path.basename(child.command)} (pid ${child.pid}) peak RSS: ${mib(child.bytes)}`);
  }
}

if (cost) {
  console.log(
    `\nCost per 1,000 cases, US dollars (${cost.prices.region}, prices recorded ${cost.prices.recordedOn}: bench/prices.ts), from what the journeys used here`,
  );
  console.log(
    table(
      ['case', ...SERVICES, 'total'],
      costRows(cost),
      SERVICES.map((_, i) => i + 1).concat(SERVICES.length + 1),
    ),
  );
  const mixWeights = Object.entries(cost.mixWeights)
    .map(([id, weight]) => `${id} ${(weight * 100).toFixed(0)} %`)
    .join(', ');
  console.log(`  reference mix (bench/journey-cost.ts REFERENCE_MIX): ${mixWeights}`);
  if (cost.mixMissing.length)
    notes.push(`the reference mix lacks ${cost.mixMissing.join(', ')} (not measured)`);
  const byService = SERVICES.map((s) => [s, cost?.referenceMix.byService[s] ?? 0] as const).sort(
    (a, b) => b[1] - a[1],
  );
  console.log(
    `  where the money goes (mix): ${byService
      .slice(0, 4)
      .map(([s, usd]) => `${s} ${((usd / (cost?.referenceMix.totalPer1000Cases || 1)) * 100).toFixed(0)} %`)
      .join(', ')}`,
  );
  console.log(
    `  everything but SES: $${cost.againstSes.rest.toFixed(4)} against SES's $${cost.againstSes.ses.toFixed(4)} per 1,000 cases (ratio ${cost.againstSes.ratio.toFixed(2)}; goal <= 1: ${cost.againstSes.ratio <= 1 ? 'met' : 'MISSED'})`,
  );
  console.log(
    `  Lambda's billed duration is the handler time measured here (rounded up to the ms), on two shared cores: more than on AWS. Shared invocations (batches of several cases) are ${(cost.sharedShare * 100).toFixed(0)} % of the journeys' cost, spread evenly. The outbox schedule is a fixed $${cost.scheduleFixedPerMonth.toFixed(2)} a month on AWS, not a case's.`,
  );
  if (cost.againstSes.ratio > 1)
    notes.push(
      `cost goal missed: everything but SES costs ${cost.againstSes.ratio.toFixed(2)} × the SES bill in the reference mix`,
    );
}

if (load) {
  const sizes = load.sizes;
  if (load.intake) {
    const d = load.intakeDetail;
    console.log(`\nIntake against DynamoDB Local's raw write ceiling (one run, real-time policy clock)`);
    console.log(
      `  raw ceiling: ${load.intake.rawWritesPerSecond} PutItem/s of a case-sized item (${d?.caseItemWriteUnits} WCU each; ${d?.rawConcurrency} in flight for ${d?.rawSeconds} s)`,
    );
    console.log(
      `  intake: ${d?.cases} invoices → ${load.intake.casesPerSecond} cases/s from PutEvents to a case opened (its workflow started, or queued to start at the friendly reminder) (${d?.seconds} s; PutEvents took ${d?.putEventsPerSecond}/s), ${load.intake.writesPerCase} item writes per case by receiveOverdueInvoice (${Object.entries(
        d?.intakeCallsPerCase ?? {},
      )
        .map(([c, n]) => `${n} ${c}`)
        .join(', ')}), ${d?.allWritesPerCase} by everything that ran meanwhile (${Object.entries(
        d?.writesPerCaseByFunction ?? {},
      )
        .map(([fn, n]) => `${fn} ${n}`)
        .join(', ')})`,
    );
    console.log(
      `  ratio (intake writes/s ÷ raw writes/s): ${load.intake.ratio} (goal >= 0.5: ${load.intake.ratio >= 0.5 ? 'met' : 'MISSED'}), invoices ${d?.overdueDays} day overdue: their reminders wait the policy's days`,
    );
    const backlog = d?.withRemindersAtOnce;
    if (backlog)
      console.log(
        `  the same with invoices ${backlog.overdueDays} days overdue (every first reminder sent while the intake runs): ${backlog.casesPerSecond} cases/s, ratio ${backlog.ratio}, ${backlog.allWritesPerCase} item writes per case by everything that ran meanwhile`,
      );
    if (load.intake.ratio < 0.5)
      notes.push(`intake goal missed: ${load.intake.ratio} of the raw write ceiling`);
  }
  if (load.portal) {
    const d = load.portalDetail;
    console.log(
      `\nPortal account page against a bare Node floor (same DynamoDB calls: ${d?.reads.join(', ')}; same ${d?.pageBytes} bytes), ${d?.clients} clients, ${d?.seconds} s each`,
    );
    console.log(
      table(
        ['server', 'requests/s', 'p50 ms', 'p99 ms', 'errors'],
        [
          [
            'portal (API Gateway emulator + handler)',
            String(load.portal.throughput),
            String(d?.p50Ms),
            String(load.portal.p99Ms),
            String(d?.errors),
          ],
          [
            'the page handler alone (no HTTP)',
            String(d?.handlerOnlyThroughput),
            '',
            String(d?.handlerOnlyP99Ms),
            '',
          ],
          [
            'bare Node floor',
            String(load.portal.floorThroughput),
            String(d?.floorP50Ms),
            String(load.portal.floorP99Ms),
            String(d?.floorErrors),
          ],
        ],
        [1, 2, 3, 4],
      ),
    );
    const met =
      load.portal.throughput >= load.portal.floorThroughput / 2 &&
      load.portal.p99Ms <= 2 * load.portal.floorP99Ms;
    console.log(`  goal (>= half the floor's throughput, p99 <= 2 × the floor's): ${met ? 'met' : 'MISSED'}`);
    if (!met) notes.push('portal goal missed (see the portal table)');
  }
  if (load.burst) {
    const d = load.burstDetail;
    console.log(
      `\nBurst: ${load.burst.invoices} Invoice Overdue events, PutEvents ${sizes.PUT_CONCURRENCY} calls of 10 at once`,
    );
    console.log(
      `  ${load.burst.cases} cases opened in ${load.burst.seconds} s (put in ${d?.putSeconds} s); ${load.burst.deadLetters} dead letters; ${d?.lost} lost, ${d?.doubled} doubled, ${d?.failedExecutions} executions failed`,
    );
    if (d?.memory) {
      console.log(`  peak memory: node (runtime, handlers, emulators) ${mib(d.memory.peakRssBytes)}`);
      for (const child of d.memory.childPeakRss)
        console.log(
          `  child ${path.basename(child.command)} (pid ${child.pid}) peak RSS: ${mib(child.bytes)}`,
        );
    }
    if (load.burst.deadLetters || d?.lost || d?.doubled || load.burst.cases !== load.burst.invoices)
      failures.push(
        `BURST: ${load.burst.cases} of ${load.burst.invoices} cases, ${load.burst.deadLetters} dead letters, ${d?.lost} lost, ${d?.doubled} doubled`,
      );
  }
  for (const error of load.errors) failures.push(`load: ${error}`);
}

for (const note of notes) console.log(`note: ${note}`);
for (const failure of failures) console.error(failure);
const totalMs = Date.now() - benchStarted;
console.log(
  `\nbench took ${(totalMs / 1000).toFixed(1)} s (runtime start ${(setupMs / 1000).toFixed(1)} s, scenarios ${(journeysMs / 1000).toFixed(1)} s)`,
);

/**
 * Parts a run skipped (BENCH_JOURNEYS=0, BENCH_LOAD=0) keep what the last run that measured them
 * wrote, named under `carriedOver` with when it was measured: scripts outside this repository read
 * `cost`, `intake`, `portal` and `burst`, and a partial run must not take them away.
 */
function carriedOver(): Record<string, unknown> {
  let previous: Record<string, unknown>;
  try {
    previous = JSON.parse(readFileSync(RESULTS_FILE, 'utf8')) as Record<string, unknown>;
  } catch {
    return {};
  }
  const earlier = (previous.carriedOver ?? {}) as Record<string, string>;
  const measuredAt = (key: string) => earlier[key] ?? String(previous.measuredAt);
  const keep: Record<string, unknown> = {};
  const from: Record<string, string> = {};
  const skipped = [
    ...(process.env.BENCH_JOURNEYS === '0' ? ['cost'] : []),
    ...(process.env.BENCH_LOAD === '0' ? ['intake', 'portal', 'burst', 'load'] : []),
  ];
  for (const key of skipped)
    if (previous[key] !== undefined) {
      keep[key] = previous[key];
      from[key] = measuredAt(key);
    }
  return Object.keys(from).length ? { ...keep, carriedOver: from } : {};
}
const kept = carriedOver();

writeFileSync(
  RESULTS_FILE,
  `${JSON.stringify(
    {
      measuredAt: new Date().toISOString(),
      ...kept,
      node: process.version,
      platform: `${process.platform}-${process.arch}`,
      daySeconds: DAY_SECONDS,
      clockStart: CLOCK_START,
      policyStart,
      scenarios,
      skipped,
      bundles,
      memory,
      notes,
      failures,
      totalMs,
      setupMs,
      journeysMs,
      // Read by scripts outside this repository: keep these names.
      ...(cost
        ? {
            cost: {
              referenceMix: cost.referenceMix,
              prices: cost.prices,
              scenarios: cost.scenarios,
              againstSes: cost.againstSes,
              mixWeights: cost.mixWeights,
              scheduleFixedPerMonth: cost.scheduleFixedPerMonth,
            },
          }
        : {}),
      ...(load?.intake ? { intake: load.intake } : {}),
      ...(load?.portal ? { portal: load.portal } : {}),
      ...(load?.burst ? { burst: load.burst } : {}),
      ...(load
        ? {
            load: {
              sizes: load.sizes,
              calibration: load.calibration,
              intake: load.intakeDetail,
              portal: load.portalDetail,
              burst: load.burstDetail,
              errors: load.errors,
            },
          }
        : {}),
    },
    null,
    2,
  )}\n`,
);
// Formatted as the repository formats JSON, so that the file never trips `biome check .`.
try {
  execFileSync(path.join(rootDir, 'node_modules', '.bin', 'biome'), ['format', '--write', RESULTS_FILE], {
    stdio: 'ignore',
  });
} catch {
  // Formatting is a courtesy; the numbers are written either way.
}
console.log(`wrote ${path.relative(process.cwd(), RESULTS_FILE)}`);
process.exitCode = failures.length ? 1 : 0;
