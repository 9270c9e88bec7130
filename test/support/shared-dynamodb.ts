import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal } from '../../local/dynamodb/index.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The DynamoDB Local the project's files share, each with a database of its own (`databaseOf`). */
    sharedDynamoDbUrl: string;
  }
}

/**
 * Vitest's global setup for the files that run on DynamoDB Local: one JVM for the whole project,
 * started before its first file and stopped after its last, with a database for each access key.
 * Each file's runtime (or adapter test's table) takes a database of its own there through
 * `databaseOf`, so files running side by side never meet. A JVM for each file took about 2.5 s to
 * start, more than half of a runtime's start, and then served its first requests cold.
 */
export default async function setup({ provide }: TestProject): Promise<() => Promise<void>> {
  const dynamo = await startDynamoDbLocal({ databasePerKey: true });
  provide('sharedDynamoDbUrl', dynamo.url);
  return dynamo.close;
}
