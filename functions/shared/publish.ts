import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { COLLECTIONS_SOURCE } from '../contract/events.ts';

const eventBridge = new EventBridgeClient({});

/** Emits one of the case's events on the bus; throws if EventBridge refused it, so the task retries. */
export async function publish(
  eventBusName: string,
  detailType: string,
  detail: Record<string, unknown>,
): Promise<void> {
  const out = await eventBridge.send(
    new PutEventsCommand({
      Entries: [
        {
          EventBusName: eventBusName,
          Source: COLLECTIONS_SOURCE,
          DetailType: detailType,
          Detail: JSON.stringify(detail),
        },
      ],
    }),
  );
  if (out.FailedEntryCount) {
    const entry = out.Entries?.[0];
    throw new Error(`EventBridge refused ${detailType}: ${entry?.ErrorCode} ${entry?.ErrorMessage}`);
  }
}
