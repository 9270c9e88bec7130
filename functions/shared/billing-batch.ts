/**
 * A billing event that will never succeed, however often it is retried (its segment has no policy,
 * its currency is not the case's, ...). Thrown by whatever handles the event; the consumer parks the
 * event in its rule's dead-letter queue with this message as the reason, and does not retry it.
 */
export class RejectedEventError extends Error {
  override name = 'RejectedEventError';
}
