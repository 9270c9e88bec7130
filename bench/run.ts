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
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { rootDir, startTestRuntime } from '../test/support/local-runtime.ts';
import { type BundleResult, constructDrift, measureBundles } from './bundles.ts';
import { type MemoryReport, sampleMemory } from './memory.ts';
import { runScenarios, type ScenarioResult } from './scenarios.ts';

/**
 * Real seconds per policy day, one for every scenario (the handlers read it at load). 0.3 s gives a
 * portal action 2.1 s to land inside the friendly reminder's 7-day reply window, even with every
 * scenario running at once; the longest journeys (a plan broken by two misses, day ~45; a dispute
 * under review, 46 days; the consumer ladder, 7 + 7 + 14 days) take ~14 s.
 */
const DAY_SECONDS = 0.3;
/** How long one step of a scenario may wait (an email, a state, the execution's end). */
const STEP_TIMEOUT_MS = 40_000;
const IMPORT_RUNS = 5;
const RESULTS_FILE = path.join(rootDir, 'bench', 'results.json');

process.env.POWERTOOLS_LOG_LEVEL ??= 'ERROR';

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

async function journeys(): Promise<{
  scenarios: ScenarioResult[];
  skipped: { id: string; reason: string }[];
  memory: MemoryReport;
  setupMs: number;
  journeysMs: number;
}> {
  const memory = sampleMemory();
  const started = Date.now();
  const runtime = await startTestRuntime(DAY_SECONDS);
  const setupMs = Date.now() - started;
  try {
    const { results, skipped } = await runScenarios(runtime, STEP_TIMEOUT_MS);
    return {
      scenarios: results,
      skipped,
      memory: memory.stop(),
      setupMs,
      journeysMs: Date.now() - started - setupMs,
    };
  } finally {
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
try {
  ({ scenarios, skipped, memory, setupMs, journeysMs } = await journeys());
} catch (error) {
  failures.push(`journeys could not be measured: ${(error as Error).message}`);
}

const drift = constructDrift(rootDir);
if (drift) notes.push(drift);
const bundles: BundleResult[] = await measureBundles(rootDir, IMPORT_RUNS);

for (const s of scenarios) {
  if (s.error) failures.push(`"${s.title}" could not be measured: ${s.error}`);
  // Waiting for the debtor's contact window (wait, check, choice) depends on the hour the fast clock
  // reaches, not on the journey: reported, and left out of the budget.
  const judged = s.transitions - 3 * s.contactWaits;
  if (s.budget !== undefined && judged > s.budget) {
    failures.push(
      `BUDGET EXCEEDED: "${s.title}" took ${judged} state transitions besides ${s.contactWaits} waits for the contact window (budget ${s.budget})`,
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
  `\nState transitions (billed: every …StateEntered in the history), local engine, 1 policy day = ${DAY_SECONDS} s`,
);
console.log(
  table(
    ['scenario', 'transitions', 'budget', 'ok', 'of which re-answers', 'end'],
    scenarios.map((s) => {
      const extra = s.repliesAnsweredTwice.reduce((sum, reply) => sum + 2 * (reply.times - 1), 0);
      return [
        s.title,
        String(s.transitions),
        s.budget === undefined ? 'report' : `<= ${s.budget}`,
        s.budget === undefined ? '' : s.transitions - 3 * s.contactWaits <= s.budget ? 'yes' : 'NO',
        extra ? `+${extra}` : '',
        s.end,
      ];
    }),
    [1, 4],
  ),
);
console.log(
  '  end: SUCCEEDED at the final state; RUNNING at the state where the test stops watching (the bench then stops it)',
);
console.log(
  '  of which re-answers: billed transitions spent because a second waiting state took a reply already delivered (see notes)',
);
for (const s of scenarios) console.log(`  ${s.id}: ${s.states.join(' > ')}`);

console.log('\nLambda bundles (esbuild as the stack: esm, node24, minified, SDK bundled; no source map)');
console.log(
  table(
    ['function', 'bytes', 'gzip', '.map', 'import ms', 'with maps'],
    bundles.map((b) => [
      b.name,
      kib(b.bytes),
      kib(b.gzipBytes),
      kib(b.sourceMapBytes),
      b.importMs.toFixed(0),
      b.importMsWithSourceMaps.toFixed(0),
    ]),
    [1, 2, 3, 4, 5],
  ),
);
console.log(
  `  import ms: median of ${IMPORT_RUNS} fresh \`node\` processes (${process.version}); "with maps": the .map beside it and --enable-source-maps, as deployed`,
);

if (memory) {
  console.log(`\nMemory, one local runtime across the ${scenarios.length} scenarios`);
  console.log(
    `  node process RSS: ${mib(memory.baselineRssBytes)} before start, peak ${mib(memory.peakRssBytes)} (${memory.samples} samples)`,
  );
  for (const child of memory.childPeakRss) {
    console.log(`  child ${path.basename(child.command)} (pid ${child.pid}) peak RSS: ${mib(child.bytes)}`);
  }
}

for (const note of notes) console.log(`note: ${note}`);
for (const failure of failures) console.error(failure);
const totalMs = Date.now() - benchStarted;
console.log(
  `\nbench took ${(totalMs / 1000).toFixed(1)} s (runtime start ${(setupMs / 1000).toFixed(1)} s, scenarios ${(journeysMs / 1000).toFixed(1)} s)`,
);

writeFileSync(
  RESULTS_FILE,
  `${JSON.stringify(
    {
      measuredAt: new Date().toISOString(),
      node: process.version,
      platform: `${process.platform}-${process.arch}`,
      daySeconds: DAY_SECONDS,
      scenarios,
      skipped,
      bundles,
      memory,
      notes,
      failures,
      totalMs,
      setupMs,
      journeysMs,
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
