import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { useTestRuntime } from '../support/local-runtime.ts';
import { finalBreaches, midLifeBreaches } from './invariants.ts';
import { lifeArb } from './life.ts';
import { LifePlayer, type Played } from './play.ts';

/**
 * Issue #5's proof: random lives of a case through the real ASL on the local engine, with the real
 * handlers and local services, at a scaled clock. `npm test` plays a few hundred; `npm run
 * test:properties` sets LIVES=10000. LIVES_SEED (and LIVES_PATH) replay a failure fast-check reported.
 */
const LIVES = Number(process.env.LIVES ?? 150);
const BATCH = Number(process.env.LIVES_BATCH ?? 24);
const DAY_SECONDS = Number(process.env.LIVES_DAY_SECONDS ?? 0.25);
const MAX_DAYS = 24;

const runtime = useTestRuntime(DAY_SECONDS);
let player: LifePlayer | undefined;
afterAll(() => player?.close());

/** What went wrong in a batch, life by life, with the life itself so it can be read and replayed. */
function report(played: Played[]): string[] {
  return played.flatMap((one) => {
    const breaches = [...(one.error ? [one.error] : []), ...midLifeBreaches(one), ...finalBreaches(one)];
    return breaches.length
      ? [
          `life of ${one.accountId} (${one.email}): ${JSON.stringify(one.life)}\n  - ${[...new Set(breaches)].join('\n  - ')}`,
        ]
      : [];
  });
}

describe('random lives of a case', () => {
  it(`keep invariants 2–6 after every step, over ${LIVES} lives`, async () => {
    player = new LifePlayer(runtime(), DAY_SECONDS);
    const started = Date.now();
    let lives = 0;
    let batches = 0;
    const property = fc.asyncProperty(
      fc.array(lifeArb({ maxDays: MAX_DAYS, maxSteps: 6, debtors: Math.max(2, Math.ceil(BATCH / 3)) }), {
        minLength: 1,
        maxLength: BATCH,
        size: 'max',
      }),
      async (batch) => {
        const played = await (player as LifePlayer).playBatch(batch);
        lives += batch.length;
        batches++;
        const problems = [...report(played), ...(player as LifePlayer).deadLetters()];
        if (problems.length)
          throw new Error(`${problems.length} lives broke an invariant:\n${problems.join('\n')}`);
      },
    );
    await fc.assert(property, {
      numRuns: Math.max(1, Math.ceil(LIVES / (BATCH * 0.55))),
      ...(process.env.LIVES_SEED ? { seed: Number(process.env.LIVES_SEED) } : {}),
      ...(process.env.LIVES_PATH ? { path: process.env.LIVES_PATH } : {}),
      // Each run plays real lives for seconds: LIVES_SHRINK=0 reports the first failure unshrunk.
      endOnFailure: process.env.LIVES_SHRINK === '0',
      // Shrinking replays whole batches: stop it after a while and report the smallest failure so far.
      interruptAfterTimeLimit: Number(process.env.LIVES_TIME_LIMIT_MS ?? 15 * 60_000),
      markInterruptAsFailure: true,
      verbose: 0,
    });
    const minutes = (Date.now() - started) / 60_000;
    console.info(
      `${lives} lives in ${batches} batches, ${minutes.toFixed(1)} min (${Math.round(lives / minutes)} lives/min)`,
    );
    expect(lives).toBeGreaterThan(0);
  }, 86_400_000);
});
