import { OUTBOX_CARRIERS, SEND_WAITING_MESSAGES_EVERY_MINUTES } from '../../lib/functions.ts';
import type { LambdaHost } from './lambda-host.ts';

/**
 * The EventBridge schedule of the outbox's carriers ("send waiting messages" and "carry out
 * follow-ups"), on the scaled clock (never more often than 4 a second), one run at a time. Returns
 * what stops it (after the run in progress).
 */
export function scheduleSendWaitingMessages(
  daySeconds: number,
  host: () => LambdaHost,
  log: (line: string) => void,
): () => Promise<void> {
  const everyMs = Math.max(250, (SEND_WAITING_MESSAGES_EVERY_MINUTES * 60 * 1000 * daySeconds) / 86_400);
  let sending: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    sending = sending
      .then(() =>
        Promise.all(
          OUTBOX_CARRIERS.map((name) =>
            host()
              .invoke(name, {})
              .catch((error) => log(`${name}: ${error}`)),
          ),
        ),
      )
      .catch((error) => log(`outbox schedule: ${error}`));
  }, everyMs);
  return async () => {
    clearInterval(timer);
    await sending;
  };
}
