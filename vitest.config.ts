import { defineConfig } from 'vitest/config';

/**
 * Three groups, one after another (sequence.groupOrder), each sized for two cores:
 * - checks: unit and stack tests, pure CPU, two files at a time;
 * - scenarios: the integration and browser files, each on its own local runtime (DynamoDB Local,
 *   cognito-local, the emulators) on a scaled clock, two at a time: a runtime spends most of its
 *   time waiting for the clock, and two no longer crowd each other out since the local outbox
 *   schedule skips the runs that find nothing and DynamoDB Local's JVM compiles less;
 * - lives: the property lives alone, since they keep a runtime busy for minutes.
 */
export default defineConfig({
  test: {
    // Integration files start DynamoDB Local (a JVM) in beforeAll.
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
          include: ['test/integration/**/*.test.ts', 'test/browser/**/*.test.ts'],
          maxWorkers: 2,
          sequence: { groupOrder: 1 },
        },
      },
      {
        extends: true,
        test: {
          name: 'lives',
          include: ['test/properties/**/*.test.ts'],
          maxWorkers: 1,
          sequence: { groupOrder: 2 },
        },
      },
    ],
  },
});
