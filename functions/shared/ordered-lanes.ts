/**
 * Runs units of work at most `lanes` at once, and those of one key one after another in the order
 * they were given (a later one starts once the earlier has settled, whether it succeeded or not).
 * Work of different keys runs side by side. One per batch: it keeps the batch's keys.
 */
export function orderedLanes(lanes: number): <T>(key: string, work: () => Promise<T>) => Promise<T> {
  if (!Number.isInteger(lanes) || lanes < 1) throw new Error('lanes must be a whole number of at least 1');
  const lastOfKey = new Map<string, Promise<unknown>>();
  const waiting: (() => void)[] = [];
  let running = 0;
  const acquire = (): Promise<void> | undefined => {
    if (running < lanes) {
      running++;
      return undefined;
    }
    // The lane is handed over by release(): running stays as it is.
    return new Promise((resolve) => waiting.push(resolve));
  };
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else running--;
  };
  return <T>(key: string, work: () => Promise<T>): Promise<T> => {
    const earlier = lastOfKey.get(key) ?? Promise.resolve();
    const run = earlier.then(async () => {
      await acquire();
      try {
        return await work();
      } finally {
        release();
      }
    });
    lastOfKey.set(
      key,
      run.then(
        () => undefined,
        () => undefined,
      ),
    );
    return run;
  };
}
