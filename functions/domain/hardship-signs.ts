/**
 * The signs of hardship the ladder's checks look for (hardship-check.ts decides each; the policy
 * says which stop an automatic referral; HardshipCheckCompleted names them). On their own, so the
 * event contract can name them without the policies.
 */
export const HARDSHIP_SIGNS = [
  'hardship-declared',
  'vulnerable',
  'plan-broken-after-hardship',
  'partial-payments',
  'never-reached',
] as const;
export type HardshipSign = (typeof HARDSHIP_SIGNS)[number];
