import { OUTBOX_CARRIERS, SEND_WAITING_MESSAGES_EVERY_MINUTES } from '../../lib/functions.ts';
import type { StreamRecord } from '../dynamodb-streams/api.ts';
import type { LambdaHost } from './lambda-host.ts';

/** The index partitions whose items the carriers take when they are due (outbox, deliveries, due-soon notes). */
const CARRIED_PARTITIONS = /^(OUTBOX|DELIVERY|DUE-SOON)(#|$)/;
/** However quiet the table, the carriers run at least this often (what no write announced: a retry, a lease). */
const QUIET_RUN_MS = 2_000;

export type SendWaitingMessagesSchedule = {
  /** The table's stream records: an item on a carried partition wakes the carriers when it is due. */
  observe(records: readonly StreamRecord[]): void;
  /** Stops the schedule, after the run in progress. */
  stop(): Promise<void>;
};

/**
 * The EventBridge schedule of the outbox's carriers ("send waiting messages", "carry out follow-ups",
 * and the deliverers' sweeps), on the scaled clock (never more often than 4 a second), one run at a
 * time.
 *
 * A tick skips its run when nothing can be due: the last run found nothing to do (an item it found
 * may have failed, and waits for the next run), no item the stream showed on a carried partition has
 * come due since, and the last run is less than QUIET_RUN_MS (or one period, if longer) ago. A skipped run would have found nothing, so what is sent and when is unchanged (every item due
 * is taken at the first tick after its time, as before); an idle runtime no longer queries the
 * outbox's 36 index partitions four times a second, which was nine tenths of its CPU.
 *
 * An item the stream showed due before the next tick wakes the carriers at its time (still never
 * sooner than a period after the last run) rather than up to a period later. On a scaled clock a
 * period is a large part of a day: at half a second a day, the debtor's twelve hours are a quarter
 * of a second, and a message deferred to the morning, taken at the next tick and decided on a
 * busy machine, was past the evening again, and again every day after, for as long as the ticks
 * kept that phase (the due-soon test's fourth note, waited for in vain on CI).
 */
export function scheduleSendWaitingMessages(
  daySeconds: number,
  host: () => LambdaHost,
  log: (line: string) => void,
): SendWaitingMessagesSchedule {
  const everyMs = Math.max(250, (SEND_WAITING_MESSAGES_EVERY_MINUTES * 60 * 1000 * daySeconds) / 86_400);
  const quietRunMs = Math.max(everyMs, QUIET_RUN_MS);
  /** When each item the stream showed comes due (real epoch ms), soonest first once sorted. */
  let dueTimes: number[] = [];
  let lastRunAt = 0;
  let running = false;
  /** The last run found items due (some may have failed and wait for the next run): run again. */
  let busy = false;
  let sending: Promise<unknown> = Promise.resolve();

  function runDue(now: number): boolean {
    if (busy || now - lastRunAt >= quietRunMs) return true;
    return dueTimes.some((due) => due <= now);
  }

  /** The wake-up for the soonest item due, and when it fires. */
  let wake: ReturnType<typeof setTimeout> | undefined;
  let wakeAt = Number.POSITIVE_INFINITY;
  let stopped = false;

  /** A wake-up for the soonest item still to come due, if any (a loop: the list can be long). */
  function wakeForSoonest() {
    let soonest = Number.POSITIVE_INFINITY;
    for (const due of dueTimes) if (due < soonest) soonest = due;
    if (soonest < Number.POSITIVE_INFINITY) wakeFor(soonest);
  }

  function wakeFor(due: number) {
    const at = Math.max(due, lastRunAt + everyMs);
    if (stopped || at >= wakeAt) return;
    if (wake) clearTimeout(wake);
    wakeAt = at;
    wake = setTimeout(
      () => {
        wake = undefined;
        wakeAt = Number.POSITIVE_INFINITY;
        tick();
        // Nothing to run after all (a tick took the item): the next soonest keeps its wake-up.
        if (!running) wakeForSoonest();
      },
      Math.max(0, at - Date.now()),
    );
  }

  function tick() {
    const now = Date.now();
    if (running || !runDue(now)) return;
    running = true;
    lastRunAt = now;
    dueTimes = dueTimes.filter((due) => due > now);
    sending = Promise.all(
      OUTBOX_CARRIERS.map((name) =>
        host()
          .invoke(name, {})
          .catch((error) => {
            log(`${name}: ${error}`);
            return { failed: 1 };
          }),
      ),
    )
      .then((results) => {
        busy = results.some((result) => foundWork(result));
      })
      .catch((error) => log(`outbox schedule: ${error}`))
      .finally(() => {
        running = false;
        // An item that came due while this run was busy: its wake-up was due before the run ended.
        wakeForSoonest();
      });
  }
  const timer = setInterval(tick, everyMs);

  return {
    observe(records) {
      for (const record of records) {
        const image = record.dynamodb.NewImage as
          | { gsi1pk?: { S?: string }; gsi1sk?: { S?: string } }
          | undefined;
        const partition = image?.gsi1pk?.S;
        if (!partition || !CARRIED_PARTITIONS.test(partition)) continue;
        // The sort key starts with when the item is due (or was recorded): real time, ISO 8601.
        const parsed = Date.parse(image?.gsi1sk?.S?.split('#')[0] ?? '');
        const due = Number.isNaN(parsed) ? 0 : parsed;
        dueTimes.push(due);
        wakeFor(due);
      }
    },
    async stop() {
      stopped = true;
      clearInterval(timer);
      if (wake) clearTimeout(wake);
      await sending;
    },
  };
}

/** Whether a carrier's run found something to do (its counts: `due`, `pending`, `failed`). */
function foundWork(result: unknown): boolean {
  if (typeof result !== 'object' || result === null) return false;
  const counts = result as Record<string, unknown>;
  return ['due', 'pending', 'failed'].some(
    (name) => typeof counts[name] === 'number' && (counts[name] as number) > 0,
  );
}
