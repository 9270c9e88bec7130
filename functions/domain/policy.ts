import * as z from 'zod';
import consumer from './policies/consumer.json' with { type: 'json' };
import enterprise from './policies/enterprise.json' with { type: 'json' };
import smallBusiness from './policies/small-business.json' with { type: 'json' };

/**
 * A collections policy: every number the journey uses, per customer segment. The files in
 * ./policies are bundled into the functions the stack deploys and read as-is by the local runtime.
 */
const days = z.number().int().min(1).max(365);

export const PolicySchema = z.object({
  segment: z.string().min(1),
  /** Who is writing: named in every email and page. */
  creditorName: z.string().min(1),
  /** Zone used when the billing event names none (issue #5 tightens this to fail closed). */
  defaultTimeZone: z.string().min(1),
  defaultLocale: z.string().min(2),
  /** The friendly reminder goes this many days after the due date. */
  friendlyReminderAfterDueDays: z.number().int().min(0).max(60),
  /** Days each rung waits for a reply before the next, firmer one. */
  replyWindowDays: z.object({ friendly: days, firm: days, final: days }),
  /** Below this balance (minor units, in the case's currency) a case is never placed with an agency. */
  agencyMinimumBalanceMinor: z.number().int().min(0),
  /** How long a link in an email stays valid. */
  linkValidityDays: days,
});

export type Policy = z.infer<typeof PolicySchema>;
export type Rung = keyof Policy['replyWindowDays'];
export const RUNGS: readonly Rung[] = ['friendly', 'firm', 'final'];

export const POLICIES: Readonly<Record<string, Policy>> = Object.fromEntries(
  [consumer, smallBusiness, enterprise].map((raw) => {
    const policy = PolicySchema.parse(raw);
    return [policy.segment, policy];
  }),
);

/** The segment a debtor without one belongs to. */
export const DEFAULT_SEGMENT = 'consumer';

export function policyFor(segment: string | undefined): Policy {
  const policy = POLICIES[segment ?? DEFAULT_SEGMENT];
  if (!policy) throw new UnknownSegmentError(segment ?? DEFAULT_SEGMENT);
  return policy;
}

export class UnknownSegmentError extends Error {
  override name = 'UnknownSegmentError';
  constructor(segment: string) {
    super(`segment "${segment}" has no policy; known segments: ${Object.keys(POLICIES).join(', ')}`);
  }
}
