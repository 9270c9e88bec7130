import { vi } from 'vitest';

/** One EMF line (Powertools Metrics' output): its metric set and the values beside it. */
export type EmfLine = {
  _aws: {
    Timestamp: number;
    CloudWatchMetrics: {
      Namespace: string;
      Dimensions: string[][];
      Metrics: { Name: string; Unit: string }[];
    }[];
  };
  [key: string]: unknown;
};

/**
 * Captures the EMF lines the functions write to stdout (the local runtime hosts them in this
 * process), from now until `stop`; every other write goes through as before.
 */
export function captureEmfLines(): { lines(): EmfLine[]; stop(): void } {
  const captured: EmfLine[] = [];
  const write = process.stdout.write.bind(process.stdout);
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation(((chunk: unknown, ...rest: never[]) => {
    const text = String(chunk);
    const others = text.split('\n').filter((line) => {
      if (!line.startsWith('{"_aws"')) return line !== '';
      captured.push(JSON.parse(line) as EmfLine);
      return false;
    });
    return others.length > 0 ? write(`${others.join('\n')}\n`, ...rest) : true;
  }) as typeof process.stdout.write);
  return { lines: () => [...captured], stop: () => spy.mockRestore() };
}
