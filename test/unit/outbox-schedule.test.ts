import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { OUTBOX_CARRIERS } from '../../lib/functions.ts';
import type { StreamRecord } from '../../local/dynamodb-streams/api.ts';
import type { LambdaHost } from '../../local/runtime/lambda-host.ts';
import { scheduleSendWaitingMessages } from '../../local/runtime/schedule.ts';

/** A note before a due date, due at `due`, as the table's stream shows it (DUE-SOON, its sort key). */
const dueAt = (due: number, n = 1): StreamRecord => ({
  eventID: `event-${n}`,
  eventName: 'MODIFY',
  dynamodb: {
    SequenceNumber: String(n),
    NewImage: { gsi1pk: { S: 'DUE-SOON' }, gsi1sk: { S: `${new Date(due).toISOString()}#INV-${n}` } },
  },
});

/**
 * The local schedule of the outbox's carriers (local/runtime/schedule.ts), on fake timers: when it
 * runs them. At half a second a day its ticks are a quarter of a second apart, which is the whole of
 * the debtor's twelve hours: an item deferred to the morning must be taken in the morning.
 */
describe('the local schedule of the outbox’s carriers', () => {
  const T0 = Date.parse('2026-06-02T08:00:00Z');
  let runs: number[];
  const host: LambdaHost = {
    invoke: async (name) => {
      if (name === OUTBOX_CARRIERS[0]) runs.push(Date.now() - T0);
      return { due: 0 };
    },
    invokeByArn: async () => undefined,
  };
  beforeEach(() => {
    vi.useFakeTimers({ now: T0 });
    runs = [];
  });
  afterEach(() => vi.useRealTimers());

  it('wakes the carriers when an item the stream showed comes due, not at the tick after', async () => {
    const schedule = scheduleSendWaitingMessages(
      0.5,
      () => host,
      () => undefined,
    );
    // The first tick (a quarter of a second) runs them: nothing ran yet.
    await vi.advanceTimersByTimeAsync(260);
    expect(runs).toEqual([250]);
    // An item due at 630 ms: run at 630, between the ticks at 500 and 750.
    schedule.observe([dueAt(T0 + 630)]);
    await vi.advanceTimersByTimeAsync(600);
    expect(runs).toEqual([250, 630]);
    // Two more, the sooner shown last: the sooner at its time; the later, too close after it, at
    // the next tick (never more than four runs a second).
    schedule.observe([dueAt(T0 + 1_700, 2), dueAt(T0 + 1_610, 3)]);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(runs).toEqual([250, 630, 1_610, 1_750]);
    await schedule.stop();
  });

  it('without an item due, runs every two seconds at most, as before', async () => {
    const schedule = scheduleSendWaitingMessages(
      0.5,
      () => host,
      () => undefined,
    );
    await vi.advanceTimersByTimeAsync(4_600);
    expect(runs).toEqual([250, 2_250, 4_250]);
    await schedule.stop();
    await vi.advanceTimersByTimeAsync(4_000);
    expect(runs).toHaveLength(3);
  });
});
