/**
 * The policy clock. Locally a policy day lasts DAY_SECONDS real seconds, so rules about the hour of
 * the day (the contact window) and about days (the weekly cap) are judged on this clock:
 * policy = originPolicy + (real - originReal) × 86,400 / daySeconds, and back. In AWS a day lasts
 * 86,400 s and the clock is the identity whatever the origin.
 */
export type PolicyClock = {
  toPolicy(real: Date): Date;
  toReal(policy: Date): Date;
};

export function makePolicyClock(options: {
  daySeconds: number;
  originReal: Date;
  originPolicy: Date;
}): PolicyClock {
  const { daySeconds } = options;
  if (!(daySeconds > 0)) throw new RangeError(`daySeconds must be positive (got ${daySeconds})`);
  const originReal = options.originReal.getTime();
  const originPolicy = options.originPolicy.getTime();
  const speed = 86_400 / daySeconds;
  return {
    toPolicy: (real) => new Date(originPolicy + Math.round((real.getTime() - originReal) * speed)),
    // Rounded up, so an instant converted back is never before the policy instant it stands for.
    toReal: (policy) => new Date(originReal + Math.ceil((policy.getTime() - originPolicy) / speed)),
  };
}
