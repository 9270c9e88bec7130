/**
 * Builds every function as the construct does (bench/bundles.ts's settings) with and without
 * build/lambda-bundling.ts, and prints bytes, import time and the biggest packages of each.
 *   npx node --import tsx build/measure.ts [runs=5] [--only=portal,receivePayment] [--packages=8] [--time=plain]
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { type BuildOptions, build, type Metafile, type Plugin } from 'esbuild';
import { FUNCTIONS, type FunctionName } from '../lib/functions.ts';
import { LAMBDA_ALIASES } from './lambda-bundling.ts';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
const runs = Number(args.find((arg) => /^\d+$/.test(arg)) ?? 5);
const only = args
  .find((arg) => arg.startsWith('--only='))
  ?.slice(7)
  .split(',');
const topN = Number(args.find((arg) => arg.startsWith('--packages='))?.slice(11) ?? 6);
const timePlain = args.includes('--time=plain');
const extraEntries = args.filter((arg) => arg.startsWith('--entry=')).map((arg) => arg.slice(8));

const BANNER =
  "import { createRequire as __collectionsCreateRequire } from 'node:module'; const require = __collectionsCreateRequire(import.meta.url);";

const options = (
  entry: string,
  outfile: string,
  plugins: Plugin[],
  alias: Record<string, string>,
): BuildOptions => ({
  absWorkingDir: root,
  entryPoints: [entry],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node24',
  minify: true,
  mainFields: ['module', 'main'],
  sourcemap: false,
  banner: { js: BANNER },
  external: [],
  metafile: true,
  logLevel: 'error',
  alias,
  plugins,
});

const PROBE = `const t = performance.now(); await import(process.argv[1]); process.stdout.write(String(performance.now() - t));`;
const ENV: Record<string, string> = {
  TABLE_NAME: 'collections',
  STATE_MACHINE_ARN: 'arn:aws:states:us-east-1:123456789012:stateMachine:CollectionsCase',
  EVENT_BUS_NAME: 'default',
  SENDER_ADDRESS: 'accounts@example.com',
  PORTAL_BASE_URL: 'https://portal.example.com',
  LINK_SECRET_ARN: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:link-AbCdEf',
  DAY_SECONDS: '86400',
  DOCUMENT_BUCKET_NAME: 'collections-documents',
  CLOCK_ORIGIN: '2026-01-01T00:00:00Z',
  CLOCK_ORIGIN_POLICY: '2026-01-01T00:00:00Z',
  INVOICE_OVERDUE_DLQ_URL: 'https://sqs.us-east-1.amazonaws.com/123456789012/invoice-dlq',
  PAYMENT_RECEIVED_DLQ_URL: 'https://sqs.us-east-1.amazonaws.com/123456789012/payment-dlq',
  CASE_UPDATE_DLQ_URL: 'https://sqs.us-east-1.amazonaws.com/123456789012/case-update-dlq',
  AR_TEAM_TOPIC_ARN: 'arn:aws:sns:us-east-1:123456789012:collections-ar-team',
};

async function importMs(file: string): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const { stdout } = await run(
      process.execPath,
      ['--input-type=module', '-e', PROBE, pathToFileURL(file).href],
      {
        env: { PATH: process.env.PATH ?? '', AWS_REGION: 'us-east-1', POWERTOOLS_LOG_LEVEL: 'WARN', ...ENV },
      },
    );
    times.push(Number(stdout));
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] ?? Number.NaN;
}

function packages(metafile: Metafile): [string, number][] {
  const totals = new Map<string, number>();
  for (const output of Object.values(metafile.outputs))
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      const at = input.lastIndexOf('node_modules/');
      const [scope, name] = at < 0 ? ['own code'] : input.slice(at + 13).split('/');
      const key = at < 0 ? 'own' : scope?.startsWith('@') ? `${scope}/${name}` : (scope ?? '?');
      totals.set(key, (totals.get(key) ?? 0) + bytesInOutput);
    }
  return [...totals].sort((a, b) => b[1] - a[1]);
}

const out = mkdtempSync(path.join(tmpdir(), 'collections-measure-'));
try {
  const entries: [string, string][] = [
    ...(Object.entries(FUNCTIONS) as [FunctionName, { entry: string }][])
      .filter(([name]) => !only || only.includes(name))
      .map(([name, spec]): [string, string] => [name, spec.entry]),
    ...extraEntries.map((entry): [string, string] => [path.basename(entry), entry]),
  ];
  console.log(
    'function'.padEnd(22),
    'plain B'.padStart(9),
    'aliased B'.padStart(10),
    (timePlain ? 'plain ms' : 'import ms').padStart(10),
    ' top packages (KiB, aliased)',
  );
  for (const [name, entry] of entries) {
    const plain = await build(options(entry, path.join(out, name, 'plain.mjs'), [], {}));
    const file = path.join(out, name, 'aliased.mjs');
    const aliased = await build(options(entry, file, [], { ...LAMBDA_ALIASES }));
    const bytes = (result: typeof plain) =>
      Object.values(result.metafile?.outputs ?? {}).reduce((sum, output) => sum + output.bytes, 0);
    const ms = await importMs(timePlain ? path.join(out, name, 'plain.mjs') : file);
    const top = packages(aliased.metafile as Metafile)
      .slice(0, topN)
      .map(
        ([pkg, size]) =>
          `${pkg.replace('@aws-sdk/', 'sdk/').replace('@smithy/', 'smithy/')}:${(size / 1024).toFixed(0)}`,
      )
      .join(' ');
    console.log(
      name.padEnd(22),
      String(bytes(plain)).padStart(9),
      String(bytes(aliased)).padStart(10),
      ms.toFixed(0).padStart(10),
      '',
      top,
    );
    readFileSync(file);
  }
} finally {
  rmSync(out, { recursive: true, force: true });
}
