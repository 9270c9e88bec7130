import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { type BuildOptions, build, type Metafile } from 'esbuild';
import { LAMBDA_ALIASES, tracerBundling } from '../build/lambda-bundling.ts';
import { type EnvName, FUNCTIONS, type FunctionName } from '../lib/functions.ts';

const run = promisify(execFile);

/** Issue 10's budget: every bundle as deployed (minified ESM, SDK bundled) at most this many bytes. */
export const BUNDLE_BUDGET_BYTES = 400_000;
/** The function a debtor's first click opens (GET /case/{link}), and its import budget in a fresh Node. */
export const FIRST_CLICK_FUNCTION: FunctionName = 'portalPages';
export const FIRST_CLICK_IMPORT_MS = 100;

/** Whether a bundle is within its budgets: the bytes, and for the first click's function the import time. */
export function withinBudget(result: Pick<BundleResult, 'name' | 'bytes' | 'importMs'>): {
  bytes: boolean;
  importMs?: boolean;
} {
  return {
    bytes: result.bytes <= BUNDLE_BUDGET_BYTES,
    ...(result.name === FIRST_CLICK_FUNCTION ? { importMs: result.importMs <= FIRST_CLICK_IMPORT_MS } : {}),
  };
}

/**
 * The bundling of lib/constructs/collections-function.ts, as aws-lambda-nodejs turns it into
 * esbuild arguments: ESM, Node 24, minified, the SDK bundled (bundleAwsSDK: true, so no externals),
 * a require() shim banner, the Lambda-only aliases of build/lambda-bundling.ts (the construct passes
 * them as `esbuildArgs: lambdaEsbuildArgs()`, i.e. `--alias:<package>=<module>`), out to index.mjs.
 */
const BANNER =
  "import { createRequire as __collectionsCreateRequire } from 'node:module'; const require = __collectionsCreateRequire(import.meta.url);";
const CONSTRUCT_FILE = 'lib/constructs/collections-function.ts';
const CONSTRUCT_SETTINGS = [
  'format: nodejs.OutputFormat.ESM',
  "target: 'node24'",
  "mainFields: ['module', 'main']",
  'minify: true',
  'sourceMap: true',
  'sourcesContent: false',
  'bundleAwsSDK: true',
  BANNER,
  'esbuildArgs: lambdaEsbuildArgs(tracer)',
  'externalModules: [...tracerBundling(tracer).external]',
];

const buildOptions = (
  rootDir: string,
  { entry, tracer = true }: { entry: string; tracer?: boolean },
  outfile: string,
  sourcemap: boolean,
): BuildOptions => ({
  absWorkingDir: rootDir,
  entryPoints: [entry],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node24',
  minify: true,
  mainFields: ['module', 'main'],
  sourcemap,
  sourcesContent: false,
  banner: { js: BANNER },
  // Powertools Tracer is the layer's: out of the bundle, or stood in for where the spec has no tracer.
  external: [...tracerBundling(tracer).external],
  metafile: true,
  logLevel: 'warning',
  alias: { ...LAMBDA_ALIASES, ...tracerBundling(tracer).alias },
});

/** Values that pass each handler's configuration check, so that the bundle loads as on Lambda. */
const PROBE_ENV: Record<EnvName, string> = {
  TABLE_NAME: 'collections',
  STATE_MACHINE_ARN: 'arn:aws:states:us-east-1:123456789012:stateMachine:CollectionsCase',
  EVENT_BUS_NAME: 'default',
  SENDER_ADDRESS: 'accounts@example.com',
  SES_CONFIGURATION_SET: 'collections',
  PORTAL_BASE_URL: 'https://portal.example.com',
  LINK_SECRET_ARN: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:link-AbCdEf',
  DAY_SECONDS: '86400',
  DELIVERY_SWEEP_AFTER_SECONDS: '30',
  DOCUMENT_BUCKET_NAME: 'collections-documents',
  STAFF_TOKEN_ISSUER: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Bench0001',
  STAFF_CLIENT_ID: 'bench-client',
  AGENCIES:
    '[{"agencyId":"northwind-recoveries","name":"Northwind Recoveries","segments":["consumer"],"currencies":["GBP"],"termDays":90,"contact":{"phone":"+44 20 7946 0123"},"reportSecretArn":"arn:aws:secretsmanager:eu-west-1:123456789012:secret:agency-AbCdEf"}]',
  CLOCK_ORIGIN: '2026-01-01T00:00:00Z',
  CLOCK_ORIGIN_POLICY: '2026-01-01T00:00:00Z',
  INVOICE_OVERDUE_DLQ_URL: 'https://sqs.us-east-1.amazonaws.com/123456789012/invoice-dlq',
  PAYMENT_RECEIVED_DLQ_URL: 'https://sqs.us-east-1.amazonaws.com/123456789012/payment-dlq',
  EMAIL_EVENTS_DLQ_URL: 'https://sqs.us-east-1.amazonaws.com/123456789012/email-events-dlq',
  CASE_UPDATE_DLQ_URL: 'https://sqs.us-east-1.amazonaws.com/123456789012/case-update-dlq',
  INVOICE_DUE_SOON_DLQ_URL: 'https://sqs.us-east-1.amazonaws.com/123456789012/invoice-due-soon-dlq',
  AR_TEAM_TOPIC_ARN: 'arn:aws:sns:us-east-1:123456789012:collections-ar-team',
  CREDITOR: JSON.stringify({
    name: 'Acme accounts team',
    email: 'accounts@acme.example',
    phone: '+44 20 7946 0000',
    supportHours: 'Monday to Friday, 9am to 5pm',
  }),
  SMS_ORIGINATION_IDENTITY:
    'arn:aws:sms-voice:us-east-1:123456789012:phone-number/phone-1234567890abcdef1234567890abcdef',
  SMS_CONFIGURATION_SET: 'collections-texts',
};

// Times one dynamic import() in a fresh process: module parse, link and top-level code (cold start's own share).
const PROBE = `const t = performance.now(); await import(process.argv[1]); process.stdout.write(String(performance.now() - t));`;

export type BundleResult = {
  name: FunctionName;
  entry: string;
  bytes: number;
  gzipBytes: number;
  /** The deployed bundle also ships index.mjs.map (sourcesContent off). */
  sourceMapBytes: number;
  /** Median of the runs, ms: import() of index.mjs without a source map. */
  importMs: number;
  /** As deployed: with its .map and NODE_OPTIONS=--enable-source-maps (the construct sets both). */
  importMsWithSourceMaps: number;
  importRuns: number;
  /** Biggest contributors to the minified output, by package (or "own code"). */
  topPackages: { name: string; bytes: number }[];
};

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
};

function packageOf(input: string): string {
  const at = input.lastIndexOf('node_modules/');
  if (at < 0) return 'own code';
  const [scope, name] = input.slice(at + 'node_modules/'.length).split('/');
  return scope?.startsWith('@') ? `${scope}/${name}` : (scope ?? '?');
}

function byPackage(metafile: Metafile): { name: string; bytes: number }[] {
  const totals = new Map<string, number>();
  for (const output of Object.values(metafile.outputs)) {
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      totals.set(packageOf(input), (totals.get(packageOf(input)) ?? 0) + bytesInOutput);
    }
  }
  return [...totals]
    .map(([name, bytes]) => ({ name, bytes }))
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, 4);
}

async function timeImport(file: string, env: Record<string, string>, nodeOptions: string): Promise<number> {
  const { stdout } = await run(
    process.execPath,
    ['--input-type=module', '-e', PROBE, pathToFileURL(file).href],
    {
      env: {
        PATH: process.env.PATH ?? '',
        AWS_REGION: 'us-east-1',
        POWERTOOLS_LOG_LEVEL: 'WARN',
        NODE_OPTIONS: nodeOptions,
        ...env,
      },
    },
  );
  const ms = Number(stdout.trim());
  if (!Number.isFinite(ms)) throw new Error(`import probe of ${file} printed "${stdout}"`);
  return ms;
}

/** Where the construct's bundling no longer matches what this bench mirrors, if it does not. */
export function constructDrift(rootDir: string): string | undefined {
  const file = path.join(rootDir, CONSTRUCT_FILE);
  if (!existsSync(file))
    return `${CONSTRUCT_FILE} not found; bundled with the settings mirrored in bench/bundles.ts`;
  const source = readFileSync(file, 'utf8');
  const missing = CONSTRUCT_SETTINGS.filter((setting) => !source.includes(setting));
  return missing.length
    ? `${CONSTRUCT_FILE} no longer says ${missing.join(' | ')}: update bench/bundles.ts`
    : undefined;
}

export async function measureBundles(rootDir: string, importRuns: number): Promise<BundleResult[]> {
  const outDir = mkdtempSync(path.join(tmpdir(), 'collections-bench-'));
  // The Powertools layer, as Lambda offers it to a function's imports: the installed packages (the
  // layer's version is the installed one), found from the bundles' folder. What a bundle leaves to
  // the layer counts in its import time, not in its bytes.
  symlinkSync(path.join(rootDir, 'node_modules'), path.join(outDir, 'node_modules'), 'dir');
  try {
    const results: BundleResult[] = [];
    for (const [name, spec] of Object.entries(FUNCTIONS) as [
      FunctionName,
      (typeof FUNCTIONS)[FunctionName],
    ][]) {
      const plain = path.join(outDir, name, 'plain', 'index.mjs');
      const mapped = path.join(outDir, name, 'mapped', 'index.mjs');
      const built = await build(buildOptions(rootDir, spec, plain, false));
      await build(buildOptions(rootDir, spec, mapped, true));
      const code = readFileSync(plain);
      const env = Object.fromEntries(spec.env.map((variable) => [variable, PROBE_ENV[variable]]));
      const plainRuns: number[] = [];
      const mappedRuns: number[] = [];
      // Interleaved, so that a busy moment on the machine hits both variants alike.
      for (let i = 0; i < importRuns; i++) {
        plainRuns.push(await timeImport(plain, env, ''));
        mappedRuns.push(await timeImport(mapped, env, '--enable-source-maps'));
      }
      results.push({
        name,
        entry: spec.entry,
        bytes: code.byteLength,
        gzipBytes: gzipSync(code).byteLength,
        sourceMapBytes: readFileSync(`${mapped}.map`).byteLength,
        importMs: median(plainRuns),
        importMsWithSourceMaps: median(mappedRuns),
        importRuns,
        topPackages: byPackage(built.metafile as Metafile),
      });
    }
    return results;
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}
