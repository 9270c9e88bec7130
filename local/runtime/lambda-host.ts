import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Context } from 'aws-lambda';
import { type EnvName, FUNCTIONS, type FunctionName } from '../../lib/functions.ts';
import { LOCAL_ACCOUNT_ID, LOCAL_REGION } from '../http-server.ts';

// biome-ignore lint/suspicious/noExplicitAny: a Lambda handler takes whatever event its trigger sends.
type Handler = (event: any, context: Context) => Promise<unknown>;

export const localFunctionArn = (name: FunctionName) =>
  `arn:aws:lambda:${LOCAL_REGION}:${LOCAL_ACCOUNT_ID}:function:collections-${FUNCTIONS[name].id}`;

export type LambdaHost = {
  invoke(name: FunctionName, event: unknown): Promise<unknown>;
  invokeByArn(arn: string, event: unknown): Promise<unknown>;
};

/**
 * Runs the functions' real handler modules in this process, as Lambda would: the environment is
 * set before each module loads (handlers parse it at cold start) and each call gets a context.
 * Every handler sees the same variables: the names in lib/functions.ts never collide.
 */
export async function hostLambdas(
  rootDir: string,
  environment: Record<EnvName | string, string>,
): Promise<LambdaHost> {
  Object.assign(process.env, environment);
  const handlers = new Map<FunctionName, Handler>();
  for (const name of Object.keys(FUNCTIONS) as FunctionName[]) {
    const module = (await import(pathToFileURL(path.join(rootDir, FUNCTIONS[name].entry)).href)) as {
      handler: Handler;
    };
    handlers.set(name, module.handler);
  }
  const byArn = new Map(
    (Object.keys(FUNCTIONS) as FunctionName[]).map((name) => [localFunctionArn(name), name]),
  );

  async function invoke(name: FunctionName, event: unknown): Promise<unknown> {
    const handler = handlers.get(name);
    if (!handler) throw new Error(`No local function ${name}`);
    const spec = FUNCTIONS[name] as { timeoutSeconds?: number; memoryMb?: number };
    const started = Date.now();
    const timeoutMs = (spec.timeoutSeconds ?? 30) * 1000;
    const context = {
      callbackWaitsForEmptyEventLoop: false,
      functionName: `collections-${FUNCTIONS[name].id}`,
      functionVersion: '$LATEST',
      invokedFunctionArn: localFunctionArn(name),
      memoryLimitInMB: String(spec.memoryMb ?? 256),
      awsRequestId: randomUUID(),
      logGroupName: `/aws/lambda/collections-${FUNCTIONS[name].id}`,
      logStreamName: 'local',
      getRemainingTimeInMillis: () => Math.max(0, timeoutMs - (Date.now() - started)),
      done: () => undefined,
      fail: () => undefined,
      succeed: () => undefined,
    } satisfies Context;
    // A fresh copy, as Lambda deserialises the event: handlers must not share objects with callers.
    return handler(structuredClone(event), context);
  }

  return {
    invoke,
    invokeByArn(arn, event) {
      const name = byArn.get(arn);
      if (!name) return Promise.reject(new Error(`No local function has the ARN ${arn}`));
      return invoke(name, event);
    },
  };
}
