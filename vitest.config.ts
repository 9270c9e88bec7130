import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * Where a local runtime runs the handlers (scenarios, lives), Powertools Tracer is the no-op stand-in
 * the portal's first click is bundled with (build/no-tracer*.ts). The tracer is off outside Lambda
 * anyway, but loading it loads the X-Ray SDK, whose context tracking hooks every promise of the
 * process (async_hooks with destroy tracking): about a tenth of a local runtime's CPU. The unit and
 * stack tests keep the real tracer, and test/stack/cli.test.ts loads every bundle with it.
 */
const withoutTracer = [
  {
    find: /^@aws-lambda-powertools\/tracer\/middleware$/,
    replacement: fileURLToPath(new URL('./build/no-tracer-middleware.ts', import.meta.url)),
  },
  {
    find: /^@aws-lambda-powertools\/tracer$/,
    replacement: fileURLToPath(new URL('./build/no-tracer.ts', import.meta.url)),
  },
];

/**
 * Three groups, one after another (sequence.groupOrder), each sized for two cores:
 * - checks: unit and stack tests, pure CPU, two files at a time;
 * - scenarios: the integration and browser files, each on its own local runtime (cognito-local,
 *   the emulators, a database of its own on DynamoDB Local) on a scaled clock, two at a time: a
 *   runtime spends most of its time waiting for the clock, and two no longer crowd each other out
 *   since the local outbox schedule skips the runs that find nothing and DynamoDB Local's JVM
 *   compiles less;
 * - lives: the property lives alone, since they keep a runtime busy for minutes.
 * The scenarios and the lives each share one DynamoDB Local JVM (test/support/shared-dynamodb.ts),
 * started once, rather than one for each file.
 */
export default defineConfig({
  test: {
    // Integration files start a local runtime in beforeAll.
    hookTimeout: 60_000,
    testTimeout: 20_000,
    env: { POWERTOOLS_LOG_LEVEL: 'ERROR' },
    projects: [
      {
        extends: true,
        test: {
          name: 'checks',
          include: ['test/unit/**/*.test.ts', 'test/stack/**/*.test.ts'],
          maxWorkers: 2,
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          name: 'scenarios',
          alias: withoutTracer,
          globalSetup: ['test/support/shared-dynamodb.ts'],
          include: ['test/integration/**/*.test.ts', 'test/browser/**/*.test.ts'],
          maxWorkers: 2,
          sequence: { groupOrder: 1 },
        },
      },
      {
        extends: true,
        test: {
          name: 'lives',
          alias: withoutTracer,
          globalSetup: ['test/support/shared-dynamodb.ts'],
          include: ['test/properties/**/*.test.ts'],
          maxWorkers: 1,
          sequence: { groupOrder: 2 },
        },
      },
    ],
  },
});
