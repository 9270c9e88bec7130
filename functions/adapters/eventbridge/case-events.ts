import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { CASE_EVENTS, type CaseEventDetail, type CaseEventType } from '../../contract/case-events.ts';
import { COLLECTIONS_SOURCE } from '../../contract/events.ts';
import type { CaseEvents } from '../../ports/effects.ts';
import { describeIssues } from '../../shared/issues.ts';
import { withoutSdkLogging } from '../sdk-client.ts';
import { traced } from '../tracing/tracer.ts';

const eventBridge = traced(withoutSdkLogging(new EventBridgeClient({})));

/**
 * Emits one of the case's events on the bus. The detail is checked against the published contract
 * (functions/contract/case-events.ts, documented in docs/events.md) first: subscribers never get a
 * shape the docs do not promise. Throws if EventBridge refused it, so the task retries.
 */
export async function publish<T extends CaseEventType>(
  eventBusName: string,
  detailType: T,
  detail: CaseEventDetail<T>,
): Promise<void> {
  const checked = CASE_EVENTS[detailType].schema.safeParse(detail);
  if (!checked.success) {
    throw new Error(`${detailType} does not match its published schema: ${describeIssues(checked.error)}`);
  }
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

/** The case's events on the named bus (the port: ports/effects.ts `CaseEvents`). */
export function eventBridgeCaseEvents(eventBusName: string): CaseEvents {
  return { publish: (detailType, detail) => publish(eventBusName, detailType, detail) };
}
