import { randomUUID } from 'node:crypto';
import {
  httpServer,
  jsonRpcHandler,
  LOCAL_ACCOUNT_ID,
  LOCAL_REGION,
  listen,
  sendJson,
} from '../http-server.ts';
import { Deliveries } from './delivery.ts';
import { assertValidPattern } from './event-pattern.ts';
import { eventTime, putEvents } from './put-events.ts';
import type { EventBridgeEmulator, EventBridgeEmulatorOptions, EventBridgeEvent } from './types.ts';

export type * from './types.ts';

/**
 * Local EventBridge: PutEvents over HTTP (AWS JSON 1.1), the rules' patterns applied, each matching
 * rule's target called (with retries), and every accepted event kept for `GET /events`.
 */
export async function startEventBridgeEmulator(
  options: EventBridgeEmulatorOptions,
): Promise<EventBridgeEmulator> {
  const region = options.region ?? LOCAL_REGION;
  for (const rule of options.rules) {
    try {
      assertValidPattern(rule.pattern);
    } catch (error) {
      throw new Error(`Rule ${rule.name}: ${(error as Error).message}`);
    }
  }

  const accepted: EventBridgeEvent[] = [];
  const deliveries = new Deliveries(options);
  const accept = (event: EventBridgeEvent, eventBusName: string) => {
    accepted.push(event);
    deliveries.dispatch(event, eventBusName);
  };

  const server = await listen(
    httpServer(
      jsonRpcHandler({
        targetPrefix: 'AWSEvents',
        jsonVersion: '1.1',
        operations: { PutEvents: (input) => putEvents(input, region, accept) },
        other: (request, response) => {
          if (request.method !== 'GET' || new URL(request.url ?? '/', 'http://local').pathname !== '/events')
            return false;
          sendJson(response, 200, accepted);
          return true;
        },
      }),
    ),
    options,
  );

  return {
    url: server.url,
    events: () => [...accepted],
    fromService(event, eventBusName = 'default') {
      const accepted: EventBridgeEvent = {
        version: '0',
        id: randomUUID(),
        'detail-type': event.detailType,
        source: event.source,
        account: LOCAL_ACCOUNT_ID,
        time: eventTime(event.time ?? new Date()),
        region,
        resources: event.resources ?? [],
        detail: event.detail,
      };
      accept(accepted, eventBusName);
      return accepted.id;
    },
    settled: () => deliveries.settled(),
    async close() {
      deliveries.close();
      await server.close();
    },
  };
}
