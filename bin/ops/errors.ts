/** The ops CLI's exit codes: what a script can rely on. */
export const EXIT = {
  ok: 0,
  /** The command ran and failed, or found nothing (no such case, a redrive that failed). */
  failed: 1,
  /** Bad input or usage: an unknown command or flag, a malformed id, a queue that does not exist. */
  usage: 2,
} as const;

export class OpsError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

/** Bad input: the one-line message says what was expected. */
export const usage = (message: string) => new OpsError(message, EXIT.usage);
export const failed = (message: string) => new OpsError(message, EXIT.failed);
