import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Integration files start DynamoDB Local (a JVM) in beforeAll.
    hookTimeout: 60_000,
    testTimeout: 20_000,
    env: { POWERTOOLS_LOG_LEVEL: 'ERROR' },
  },
});
