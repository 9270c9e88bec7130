import type { EventBridgeEvent } from './types.ts';

/**
 * An API destination as a local rule's target (issue 14): the event, as EventBridge sends it, POSTed
 * to the endpoint with the connection's authorization header. A refusal (any status but 2xx) or an
 * unreachable endpoint throws, so the emulator retries it and then parks it (onDeliveryFailure).
 */
export function apiDestinationTarget(destination: {
  endpoint: string;
  /** The connection's API key: its header and value (the secret EventBridge keeps for it). */
  apiKey: { headerName: string; value: string };
}): (event: EventBridgeEvent) => Promise<void> {
  return async (event) => {
    const response = await fetch(destination.endpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/json; charset=utf-8',
        [destination.apiKey.headerName]: destination.apiKey.value,
        // As the stack's target sets it (headerParameters): the agency de-duplicates by it.
        'x-collections-event-id': event.id,
      },
      body: JSON.stringify(event),
      signal: AbortSignal.timeout(5_000),
    });
    if (!response.ok) throw new Error(`API destination ${destination.endpoint} answered ${response.status}`);
    await response.arrayBuffer();
  };
}
