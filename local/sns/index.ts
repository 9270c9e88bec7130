import { httpServer, LOCAL_ACCOUNT_ID, LOCAL_REGION, listen } from '../http-server.ts';
import { publish } from './publish.ts';
import { snsQueryHandler } from './query-protocol.ts';
import type { PublishedMessage, SnsEmulator, SnsEmulatorOptions } from './types.ts';

export type * from './types.ts';

export const localTopicArn = (name: string) => `arn:aws:sns:${LOCAL_REGION}:${LOCAL_ACCOUNT_ID}:${name}`;

/**
 * A local SNS that answers `Publish` the way AWS does, for the real `@aws-sdk/client-sns`: the AWS
 * Query protocol (a form-encoded POST with `Action` and `Version`, answered in XML). It delivers
 * nowhere: it keeps every message, for tests (`messages()`) and for people (`GET /messages`, JSON).
 */
export async function startSnsEmulator(options: SnsEmulatorOptions): Promise<SnsEmulator> {
  const topics = new Set(options.topics);
  const published: PublishedMessage[] = [];
  let down = false;
  const deliver = async (messageId: string) => {
    const message = published.find((m) => m.messageId === messageId);
    const subscriber = message && options.subscribers?.[message.topicArn];
    if (message && subscriber) await subscriber(structuredClone(message));
  };
  const handle = snsQueryHandler({
    published,
    isDown: () => down,
    publish: (params) => {
      const messageId = publish(params, topics, published);
      // Delivered after the Publish is answered, as SNS does.
      setImmediate(() =>
        deliver(messageId).catch((error) => options.onDeliveryError?.(params.get('TopicArn') ?? '', error)),
      );
      return messageId;
    },
  });

  const server = await listen(httpServer(handle), options);
  return {
    url: server.url,
    messages: (topicArn) =>
      structuredClone(topicArn ? published.filter((m) => m.topicArn === topicArn) : published),
    publish: async (topicArn, message) => {
      const messageId = publish(
        new URLSearchParams({ TopicArn: topicArn, Message: message }),
        topics,
        published,
      );
      await deliver(messageId);
      return messageId;
    },
    outage: (on) => {
      down = on;
    },
    close: server.close,
  };
}
