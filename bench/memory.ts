import { readdirSync, readFileSync } from 'node:fs';

export type MemoryReport = {
  /** This Node process (emulators, Step Functions engine, in-process handlers) before the runtime started. */
  baselineRssBytes: number;
  /** Highest process.memoryUsage().rss seen while the runtime was up. */
  peakRssBytes: number;
  samples: number;
  /** The DynamoDB Local JVM (a child process), peak resident set from /proc; Linux only. */
  childPeakRss: { pid: number; command: string; bytes: number }[];
};

/** Kernel-reported numbers of one process: its command and VmHWM (peak RSS) in bytes. */
function procPeak(pid: number): { command: string; bytes: number } | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /^VmHWM:\s+(\d+) kB/m.exec(status)?.[1];
    const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[0] ?? '?';
    return kb ? { command, bytes: Number(kb) * 1024 } : undefined;
  } catch {
    return undefined;
  }
}

/** Direct children of this process, from /proc (empty where there is no /proc). */
function childPids(): number[] {
  try {
    return readdirSync('/proc')
      .filter((entry) => /^\d+$/.test(entry))
      .filter((pid) => {
        try {
          const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
          // Fields after the parenthesised command: state, ppid, ...
          return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === process.pid;
        } catch {
          return false;
        }
      })
      .map(Number);
  } catch {
    return [];
  }
}

/** Samples this process's RSS every `intervalMs` until stop(), which also reads the children's peaks. */
export function sampleMemory(intervalMs = 50): { stop(): MemoryReport } {
  const baselineRssBytes = process.memoryUsage().rss;
  let peakRssBytes = baselineRssBytes;
  let samples = 1;
  const children = new Set<number>();
  let ticks = 0;
  const timer = setInterval(() => {
    peakRssBytes = Math.max(peakRssBytes, process.memoryUsage().rss);
    samples += 1;
    // Children show up once the runtime spawns them; look for them now and then.
    if (ticks++ % 20 === 0) for (const pid of childPids()) children.add(pid);
  }, intervalMs);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      peakRssBytes = Math.max(peakRssBytes, process.memoryUsage().rss);
      for (const pid of childPids()) children.add(pid);
      const childPeakRss = [...children].flatMap((pid) => {
        const peak = procPeak(pid);
        return peak ? [{ pid, ...peak }] : [];
      });
      return { baselineRssBytes, peakRssBytes, samples, childPeakRss };
    },
  };
}
