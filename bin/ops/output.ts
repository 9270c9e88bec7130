/** Where a command writes: lines for people, one JSON document for scripts (`--json`). */
export type Io = {
  /** A line of the answer (stdout). */
  out(line: string): void;
  /** Progress and errors (stderr), so `--json` output stays one document. */
  err(line: string): void;
};

export type Output = {
  json: boolean;
  io: Io;
  /** A line for people (nothing under --json). */
  line(text?: string): void;
  /** Progress: a line for people, on stderr under --json. */
  progress(text: string): void;
  /** The command's result: printed as JSON under --json. */
  result(value: unknown): void;
};

export function output(io: Io, json: boolean): Output {
  return {
    json,
    io,
    line: (text = '') => {
      if (!json) io.out(text);
    },
    progress: (text) => (json ? io.err(text) : io.out(text)),
    result: (value) => {
      if (json) io.out(JSON.stringify(value, null, 2));
    },
  };
}

/** "3 d 4 h", "12 min", "40 s": how long ago (or until) for people. */
export function duration(ms: number): string {
  const seconds = Math.round(Math.abs(ms) / 1000);
  if (seconds < 90) return `${seconds} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 90) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ${minutes % 60} min`;
  return `${Math.floor(hours / 24)} d ${hours % 24} h`;
}

/** `15m`, `900s`, `900`, `2h`, `1d`, `0` → milliseconds; undefined if it is not a duration. */
export function parseDuration(text: string): number | undefined {
  const match = /^(\d+)(ms|s|m|h|d)?$/.exec(text.trim());
  if (!match) return undefined;
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[match[2] ?? 's'] ?? 1000;
  return Number(match[1]) * unit;
}

/** Pads columns for a plain table. */
export function table(rows: string[][]): string[] {
  const widths: number[] = [];
  for (const row of rows)
    for (const [i, cell] of row.entries()) widths[i] = Math.max(widths[i] ?? 0, cell.length);
  return rows.map((row) =>
    row
      .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd(),
  );
}
