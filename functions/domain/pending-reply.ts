import type { Reply } from './journey.ts';
import { isSettled, type Money } from './money.ts';

/** A reply as kept on the case until a waiting state takes it, with the marks of its delivery. */
export type PendingReply = Reply & { deliveredTo?: string; deliveringSince?: string };

/**
 * How long a reply marked as being delivered is left to its deliverer. Past this the deliverer is
 * taken to have crashed, and the next waiting state takes the reply itself.
 */
export const DELIVERY_GRACE_MS = 60_000;

export function isBeingDelivered(reply: { deliveringSince?: string }, now = Date.now()): boolean {
  return Boolean(reply.deliveringSince && Date.parse(reply.deliveringSince) > now - DELIVERY_GRACE_MS);
}

/** The reply without the marks of its delivery, as the workflow is told it. */
export function bareReply(pending: PendingReply): Reply {
  const { deliveredTo: _to, deliveringSince: _since, ...reply } = pending;
  return reply as Reply;
}

/**
 * What a waiting state that could not take its turn is told at once: the reply waiting on the case
 * (unless another state is being given it now), or "paid" when an open case owes nothing; undefined
 * when there is nothing to tell it.
 */
export function replyInsteadOfTurn(
  record: { status: string; balance: Money; version: number; pendingReply?: PendingReply },
  now = Date.now(),
): Reply | undefined {
  const pending = record.pendingReply;
  if (pending && !isBeingDelivered(pending, now)) return bareReply(pending);
  if ((record.status === 'open' || record.status === 'placed') && isSettled(record.balance))
    return { id: `settled-${record.version}`, outcome: 'paid' };
  return undefined;
}
