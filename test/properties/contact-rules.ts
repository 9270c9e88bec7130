import { type EmailPurpose, purposeOf } from '../support/email-purposes.ts';

/**
 * Invariant 1, pure: no message outside the debtor's contact window, never more than the cap in any
 * rolling 7 days (DESIGN §3). Judged on policy time: locally a policy day lasts a few real seconds,
 * so each message's real send time is first turned into the policy instant it stands for.
 */
export type ContactRules = {
  /**
   * The zones the debtor may be in. One when known; for an unknown zone, every plausible zone for
   * the locale (fail closed: a message must be inside the window in all of them).
   */
  timeZones: readonly string[];
  /** Local wall-clock hours, "HH:MM" 24-hour, start inclusive, end exclusive. */
  window: { start: string; end: string };
  weeklyCap: number;
  /** Real instant -> policy instant (identity in AWS, where a policy day is a real day). */
  policyTimeOf: (real: Date) => Date;
  /** Purposes the cap does not count (none unless the policy says so). */
  capExempt?: readonly EmailPurpose[];
};

/** A message that went to the debtor (any of their cases), at its real send time. */
export type SentMessage = { at: string; kind: string; caseId: string };

const WEEK_MS = 7 * 86_400_000;

const minutesOf = (clock: string) => {
  const [hours, minutes] = clock.split(':').map(Number);
  return (hours ?? 0) * 60 + (minutes ?? 0);
};

/** Minutes since local midnight at `instant` on a wall clock in `timeZone`. */
export function localMinutes(instant: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(instant);
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return part('hour') * 60 + part('minute');
}

export function insideWindow(instant: Date, timeZone: string, window: ContactRules['window']): boolean {
  const minutes = localMinutes(instant, timeZone);
  const start = minutesOf(window.start);
  const end = minutesOf(window.end);
  // A window that crosses midnight (22:00-06:00) is the two ends of the day.
  return start <= end ? minutes >= start && minutes < end : minutes >= start || minutes < end;
}

/** Every breach of the contact window and of the weekly cap, in words; empty when none. */
export function contactRuleBreaches(messages: readonly SentMessage[], rules: ContactRules): string[] {
  const breaches: string[] = [];
  const timed = messages
    .map((message) => ({ ...message, policyAt: rules.policyTimeOf(new Date(message.at)) }))
    .sort((a, b) => a.policyAt.getTime() - b.policyAt.getTime());
  for (const message of timed) {
    const outside = rules.timeZones.filter((zone) => !insideWindow(message.policyAt, zone, rules.window));
    if (outside.length > 0)
      breaches.push(
        `${message.kind} (${message.caseId}) at policy time ${message.policyAt.toISOString()} is outside ${rules.window.start}-${rules.window.end} in ${outside.join(', ')}`,
      );
  }
  const counted = timed.filter((message) => !rules.capExempt?.includes(purposeOf(message.kind)));
  for (let first = 0; first < counted.length; first++) {
    const start = counted[first]?.policyAt.getTime() ?? 0;
    const inWeek = counted.filter(
      (message) => message.policyAt.getTime() >= start && message.policyAt.getTime() < start + WEEK_MS,
    );
    if (inWeek.length > rules.weeklyCap) {
      breaches.push(
        `${inWeek.length} messages in the 7 days from ${new Date(start).toISOString()} (cap ${rules.weeklyCap}): ${inWeek.map((message) => `${message.kind} (${message.caseId} at ${message.policyAt.toISOString()}, real ${message.at})`).join(', ')}`,
      );
      break;
    }
  }
  return breaches;
}

/**
 * The local runtime's policy clock: policy time = originPolicy + (real - originReal) * 86400 /
 * daySeconds.
 */
export function scaledPolicyClock(origin: { real: Date; policy: Date }, daySeconds: number) {
  return (real: Date) =>
    new Date(origin.policy.getTime() + ((real.getTime() - origin.real.getTime()) * 86_400) / daySeconds);
}
