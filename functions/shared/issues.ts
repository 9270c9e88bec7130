import type * as z from '../contract/zod.ts';

/** A zod error as one line a person can read: "detail.amountDue.amount: must be an integer …". */
export function describeIssues(error: z.core.$ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.length ? issue.path.join('.') : 'event'}: ${issue.message}`)
    .join('; ');
}
