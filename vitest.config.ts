import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Integration files start DynamoDB Local (a JVM) in beforeAll.
    hookTimeout: 60_000,
    // Two files at a time on two cores: most of an integration file's time is spent waiting on its
    // scaled policy clock and DynamoDB Local, not on the CPU (vitest's default here would be one).
    maxWorkers: 2,
    testTimeout: 20_000,
    env: { POWERTOOLS_LOG_LEVEL: 'ERROR' },
  },
});
