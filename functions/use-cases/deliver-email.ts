import type { Claims, ContactRecords, PendingMessage } from '../ports/case-store.ts';
import type { Mailer } from '../ports/effects.ts';
import { logger } from '../shared/logger.ts';

export type DeliveryPorts = {
  store: Pick<ContactRecords, 'messageState' | 'markMessageSent' | 'pendingMessages'> &
    Pick<Claims, 'claimDelivery' | 'releaseDelivery'>;
  mailer: Mailer;
};

/**
 * How long one attempt may take to hand a recorded message to SES before another may (SES calls
 * time out well within it, see adapters/ses/mailer.ts; a crashed attempt's message waits this long).
 */
export const DELIVERY_CLAIM_MS = 20_000;
const CLAIM_POLL_MS = 100;

export type DeliveryOutcome = 'sent' | 'already-sent' | 'withheld' | 'held-elsewhere';

/**
 * The delivery claim on a recorded message (an email or a text): taken, undefined; or why this
 * attempt does not send: the message is already sent (or gone), withheld, or held by another attempt
 * (which this one waits out unless told not to, and past the claim's length is an error, so the
 * stream or the next sweep tries again).
 */
export async function claimDelivery(
  store: Pick<ContactRecords, 'messageState'> & Pick<Claims, 'claimDelivery'>,
  { caseId, messageKey, what, wait }: { caseId: string; messageKey: string; what: string; wait: boolean },
): Promise<Exclude<DeliveryOutcome, 'sent'> | undefined> {
  const giveUpAt = Date.now() + DELIVERY_CLAIM_MS + CLAIM_POLL_MS;
  while (
    !(await store.claimDelivery(caseId, messageKey, new Date(), new Date(Date.now() + DELIVERY_CLAIM_MS)))
  ) {
    const state = await store.messageState(caseId, messageKey);
    if (state === 'sent' || state === undefined) return 'already-sent';
    if (state === 'withheld') return 'withheld';
    if (!wait) return 'held-elsewhere';
    if (Date.now() > giveUpAt)
      throw new Error(`${what} ${messageKey} of case ${caseId} is still being sent by another attempt`);
    await new Promise((resolve) => setTimeout(resolve, CLAIM_POLL_MS));
  }
  return undefined;
}

/**
 * A message the send gate recorded goes to SES, once. Only the attempt holding the message's
 * delivery claim sends: another (the stream delivering the record twice, the schedule's sweep)
 * waits until the holder has sent it, or gave the claim back on failure, or ran out of it (it
 * crashed), unless told not to wait. On failure the claim is given back and the error thrown, so
 * the stream (or the next sweep) tries again.
 */
export async function deliverEmail(
  message: PendingMessage,
  ports: DeliveryPorts,
  { wait = true }: { wait?: boolean } = {},
): Promise<DeliveryOutcome> {
  const { store } = ports;
  const { caseId, messageKey } = message;
  const refused = await claimDelivery(store, { caseId, messageKey, what: 'Message', wait });
  if (refused) return refused;
  let providerMessageId: string;
  try {
    providerMessageId = await ports.mailer.send(message.to, message.email);
  } catch (error) {
    await store.releaseDelivery(caseId, messageKey);
    throw error;
  }
  await store.markMessageSent(caseId, messageKey, providerMessageId, message.to);
  logger.info('Email sent', { messageKey });
  return 'sent';
}

/**
 * Scheduled: every message recorded at least `sweepAfterMs` ago (the handler's
 * DELIVERY_SWEEP_AFTER_SECONDS: until then the stream and its retries have it) and still pending
 * (the stream's retries ran out, SES was down) goes now; one another attempt holds is left to it.
 */
export async function deliverPendingEmails(
  now: Date,
  ports: DeliveryPorts,
  { sweepAfterMs }: { sweepAfterMs: number },
): Promise<Record<string, number>> {
  const pending = await ports.store.pendingMessages(new Date(now.getTime() - sweepAfterMs));
  const outcomes: Record<string, number> = {};
  for (const message of pending) {
    let outcome: string;
    try {
      outcome = await deliverEmail(message, ports, { wait: false });
    } catch (error) {
      logger.error('A recorded email failed again; the next run tries it', {
        caseId: message.caseId,
        messageKey: message.messageKey,
        error: error as Error,
      });
      outcome = 'failed';
    }
    outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
  }
  if (pending.length > 0) logger.info('Pending emails handled', { pending: pending.length, ...outcomes });
  return { pending: pending.length, ...outcomes };
}
