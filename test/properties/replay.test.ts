import { afterAll, describe, expect, it } from 'vitest';
import { useTestRuntime } from '../support/local-runtime.ts';
import { finalBreaches, midLifeBreaches } from './invariants.ts';
import type { Life } from './life.ts';
import { LifePlayer } from './play.ts';

/**
 * Plays one life the long run printed ("life of …: {…}"), again and again, without its seed (the
 * seed prints only once fast-check has shrunk, which takes hours): REPLAY_LIFE='{…}' (the printed
 * JSON), REPLAY_ROUNDS (5 batches of 12 copies, by default), and `npx vitest run
 * test/properties/replay.test.ts`. Prints each breach with the case, its timeline and its execution.
 * Skipped without REPLAY_LIFE (so `npm test` plays nothing here).
 */
const REPLAY = process.env.REPLAY_LIFE;
const DAY_SECONDS = Number(process.env.LIVES_DAY_SECONDS ?? 0.25);
// Inside the describe: skipped, it starts no runtime.
describe.skipIf(!REPLAY)('a life the long run printed', () => {
  const runtime = useTestRuntime(DAY_SECONDS, {
    clockStart: process.env.LIVES_CLOCK_START ?? '2026-03-26T06:00:00Z',
  });
  let player: LifePlayer | undefined;
  afterAll(() => player?.close());

  it('replays the life in REPLAY_LIFE, keeping the invariants', async () => {
    const life = JSON.parse(REPLAY ?? '{}') as Life;
    player = new LifePlayer(runtime(), DAY_SECONDS);
    let broken = 0;
    for (let round = 0; round < Number(process.env.REPLAY_ROUNDS ?? 5); round++) {
      const played = await player.playBatch(Array.from({ length: 12 }, () => structuredClone(life)));
      for (const one of played) {
        const breaches = [...(one.error ? [one.error] : []), ...midLifeBreaches(one), ...finalBreaches(one)];
        if (breaches.length === 0) continue;
        broken++;
        console.info(`breach in ${one.accountId}: ${breaches.join(' | ')}`);
        console.info(`  staff: ${JSON.stringify(one.sent.staff)}`);
        for (const { record, timeline } of one.final?.snapshot.cases ?? []) {
          console.info(
            `  case: ${JSON.stringify({ ...record, taskToken: record.taskToken ? '(held)' : undefined })}`,
          );
          for (const entry of timeline)
            console.info(`    ${entry.at} ${entry.type} ${JSON.stringify(entry.data ?? {})}`);
        }
        for (const execution of one.final?.executions ?? [])
          console.info(`  execution: ${JSON.stringify(execution)}`);
      }
      await player.retire(played);
    }
    expect(broken).toBe(0);
  }, 3_600_000);
});
