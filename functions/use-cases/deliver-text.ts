import type { Claims, ContactRecords, PendingText, TextRecords } from '../ports/case-store.ts';
import type { Texter } from '../ports/effects.ts';
import { logger } from '../shared/logger.ts';
import { claimDelivery, type DeliveryOutcome } from './deliver-email.ts';

export type TextDeliveryPorts = {
  store: Pick<ContactRecords, 'messageState'> &
    Pick<TextRecords, 'pendingTexts' | 'welcomePending' | 'markWelcomeSent' | 'markTextSent'> &
    Pick<Claims, 'claimDelivery' | 'releaseDelivery'>;
  texter: Texter;
};

/**
 * A text the send gate recorded (or a text that answers the debtor) goes to the SMS service, once,
 * as deliverEmail does for an email: only the attempt holding the delivery claim sends. The
 * confirmation before a first text goes first, and is marked gone, so a retry does not repeat it.
 */
export async function deliverText(
  message: PendingText,
  ports: TextDeliveryPorts,
  { wait = true }: { wait?: boolean } = {},
): Promise<DeliveryOutcome> {
  const { store } = ports;
  const { caseId, messageKey } = message;
  const refused = await claimDelivery(store, { caseId, messageKey, what: 'Text', wait });
  if (refused) return refused;
  let providerMessageId: string;
  try {
    if (message.welcome && (await store.welcomePending(caseId, messageKey))) {
      await ports.texter.send(message.to, message.welcome);
      await store.markWelcomeSent(caseId, messageKey);
    }
    providerMessageId = await ports.texter.send(message.to, message.body);
  } catch (error) {
    await store.releaseDelivery(caseId, messageKey);
    throw error;
  }
  await store.markTextSent(caseId, messageKey, providerMessageId);
  logger.info('Text sent', { messageKey, segments: message.segments });
  return 'sent';
}

/** Scheduled: every text recorded a while ago and still pending goes now (see deliverPendingEmails). */
export async function deliverPendingTexts(
  now: Date,
  ports: TextDeliveryPorts,
  { sweepAfterMs }: { sweepAfterMs: number },
): Promise<Record<string, number>> {
  const pending = await ports.store.pendingTexts(new Date(now.getTime() - sweepAfterMs));
  const outcomes: Record<string, number> = {};
  for (const message of pending) {
    let outcome: string;
    try {
      outcome = await deliverText(message, ports, { wait: false });
    } catch (error) {
      logger.error('A recorded text failed again; the next run tries it', {
        caseId: message.caseId,
        messageKey: message.messageKey,
        error: error as Error,
      });
      outcome = 'failed';
    }
    outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
  }
  if (pending.length > 0) logger.info('Pending texts handled', { pending: pending.length, ...outcomes });
  return { pending: pending.length, ...outcomes };
}
