import {
  ENVIRONMENT,
  type EnvName,
  FUNCTION_ENVIRONMENT,
  type FunctionConfig,
  type FunctionName,
} from '../contract/environment.ts';
import * as z from '../contract/zod.ts';

/**
 * Parses a function's configuration from process.env once, at module load: exactly the variables
 * functions/contract/environment.ts says it reads (the ones the stack sets on it). A missing or
 * malformed variable stops the function at cold start with one clear line, never a silent default.
 */
export function loadFunctionConfig<N extends FunctionName>(
  name: N,
  source: Record<string, string | undefined> = process.env,
): FunctionConfig<N> {
  const names: readonly EnvName[] = FUNCTION_ENVIRONMENT[name];
  const shape = Object.fromEntries(names.map((variable) => [variable, ENVIRONMENT[variable]]));
  const result = z.object(shape).safeParse(source);
  if (!result.success) {
    const problems = result.error.issues
      .map((issue) => `${issue.path.join('.')}: ${issue.message}`)
      .join('; ');
    throw new Error(`Invalid function configuration: ${problems}`);
  }
  return result.data as FunctionConfig<N>;
}
