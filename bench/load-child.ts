/**
 * Runs bench/load.ts (intake, portal and burst against their floors) in a process of its own: one
 * local runtime per process (the handlers read their configuration once, at load), on a real-time
 * clock, with its own memory to report. Its sizes come from the environment (see bench/load.ts).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { MemoryReport } from './memory.ts';

export type LoadResults = {
  sizes: Record<string, number>;
  /** DynamoDB Local's write units for a transaction of two known items, against AWS's rule. */
  calibration?: { reported: number; expected: number };
  intake?: {
    casesPerSecond: number;
    writesPerCase: number;
    rawWritesPerSecond: number;
    ratio: number;
  };
  intakeDetail?: {
    cases: number;
    seconds: number;
    /** Every item written while the cases opened (the workflows' first states too), per case. */
    allWritesPerCase: number;
    /** The same by the function that wrote them (the intake, and what the started workflows ran). */
    writesPerCaseByFunction: Record<string, number>;
    /** The intake function's DynamoDB calls per case, by command. */
    intakeCallsPerCase: Record<string, number>;
    caseItemWriteUnits: number;
    rawConcurrency: number;
    rawSeconds: number;
    rawWrites: number;
    putEventsPerSecond: number;
    /** How many days overdue the measured invoices were (1: fell overdue yesterday; reminders wait). */
    overdueDays: number;
    /** The same intake with invoices ten days overdue: every case's first reminder goes while it runs. */
    withRemindersAtOnce: {
      casesPerSecond: number;
      writesPerCase: number;
      rawWritesPerSecond: number;
      ratio: number;
      seconds: number;
      allWritesPerCase: number;
      writesPerCaseByFunction: Record<string, number>;
      overdueDays: number;
    };
  };
  portal?: { throughput: number; p99Ms: number; floorThroughput: number; floorP99Ms: number };
  portalDetail?: {
    clients: number;
    seconds: number;
    requests: number;
    errors: number;
    p50Ms: number;
    floorRequests: number;
    floorErrors: number;
    floorP50Ms: number;
    pageBytes: number;
    /** The page's handler called directly in the process (no HTTP, no API Gateway emulator). */
    handlerOnlyThroughput: number;
    handlerOnlyP99Ms: number;
    /** The DynamoDB calls one account page makes (the floor makes the same). */
    reads: string[];
  };
  burst?: { invoices: number; cases: number; deadLetters: number; seconds: number };
  burstDetail?: {
    executions: number;
    lost: number;
    doubled: number;
    failedExecutions: number;
    putSeconds: number;
    memory: MemoryReport;
  };
  errors: string[];
};

export async function runLoad(
  rootDir: string,
  env: Record<string, string | undefined> = {},
): Promise<LoadResults> {
  const dir = mkdtempSync(path.join(tmpdir(), 'collections-load-'));
  const file = path.join(dir, 'load.json');
  try {
    const code = await new Promise<number | null>((resolve, reject) => {
      const child = spawn(
        process.execPath,
        [
          '--import',
          'tsx',
          '--disable-warning=TimeoutNegativeWarning',
          path.join(rootDir, 'bench', 'load.ts'),
        ],
        { cwd: rootDir, stdio: 'inherit', env: { ...process.env, ...env, LOAD_RESULTS_FILE: file } },
      );
      child.on('error', reject);
      child.on('exit', resolve);
    });
    let results: LoadResults;
    try {
      results = JSON.parse(readFileSync(file, 'utf8')) as LoadResults;
    } catch {
      throw new Error(`bench/load.ts exited with ${code} and wrote no results`);
    }
    if (code !== 0) results.errors.push(`bench/load.ts exited with ${code}`);
    return results;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
