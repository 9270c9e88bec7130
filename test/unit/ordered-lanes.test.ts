import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { orderedLanes } from '../../functions/shared/ordered-lanes.ts';

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('ordered lanes', () => {
  it('runs one key’s work in the order given, never two of a key at once, never more than the lanes', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 4 }),
        fc.array(fc.record({ key: fc.constantFrom('a', 'b', 'c', 'd'), fails: fc.boolean() }), {
          maxLength: 20,
        }),
        async (lanes, items) => {
          const run = orderedLanes(lanes);
          const started: number[] = [];
          const running = new Set<string>();
          let inFlight = 0;
          let most = 0;
          const results = await Promise.allSettled(
            items.map((item, index) =>
              run(item.key, async () => {
                expect(running.has(item.key)).toBe(false);
                running.add(item.key);
                inFlight++;
                most = Math.max(most, inFlight);
                started.push(index);
                await tick();
                running.delete(item.key);
                inFlight--;
                if (item.fails) throw new Error(`item ${index}`);
                return index;
              }),
            ),
          );
          expect(most).toBeLessThanOrEqual(lanes);
          // Every item ran (a failure does not stop the next of its key), each key's in order.
          expect([...started].sort((x, y) => x - y)).toEqual(items.map((_, index) => index));
          for (const key of ['a', 'b', 'c', 'd']) {
            const ofKey = started.filter((index) => items[index]?.key === key);
            expect(ofKey).toEqual([...ofKey].sort((x, y) => x - y));
          }
          expect(results.map((result) => result.status)).toEqual(
            items.map((item) => (item.fails ? 'rejected' : 'fulfilled')),
          );
        },
      ),
      { numRuns: 100 },
    );
  });

  it('runs different keys side by side', async () => {
    const run = orderedLanes(3);
    let inFlight = 0;
    let most = 0;
    await Promise.all(
      ['a', 'b', 'c'].map((key) =>
        run(key, async () => {
          inFlight++;
          most = Math.max(most, inFlight);
          await tick();
          inFlight--;
        }),
      ),
    );
    expect(most).toBe(3);
  });

  it('refuses fewer than one lane', () => {
    expect(() => orderedLanes(0)).toThrow(/at least 1/);
  });
});
