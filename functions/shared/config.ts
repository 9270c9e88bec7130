import * as z from 'zod';

/**
 * Parses a handler's configuration from process.env once, at module load. A missing or malformed
 * variable stops the function at cold start with one clear line, never a silent default.
 */
export function loadConfig<T extends z.ZodRawShape>(shape: T): z.infer<z.ZodObject<T>> {
  const result = z.object(shape).safeParse(process.env);
  if (!result.success) {
    const problems = result.error.issues
      .map((issue) => `${issue.path.join('.')}: ${issue.message}`)
      .join('; ');
    throw new Error(`Invalid function configuration: ${problems}`);
  }
  return result.data;
}

export const env = {
  tableName: z.string().min(1),
  arn: z.string().startsWith('arn:'),
  url: z.url(),
  email: z.email(),
  // Fractions allowed: tests run a policy day in a fraction of a second.
  daySeconds: z.coerce.number().positive(),
  /** An ISO instant (CLOCK_ORIGIN, CLOCK_ORIGIN_POLICY: see functions/domain/policy-clock.ts). */
  instant: z.iso.datetime({ offset: true }),
};
