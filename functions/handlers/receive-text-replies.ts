import middy from '@middy/core';
import { dynamoCaseLookups } from '../adapters/dynamodb/case-lookups.ts';
import { dynamoCases } from '../adapters/dynamodb/cases.ts';
import { dynamoTextRecords } from '../adapters/dynamodb/text-records.ts';
import { InboundTextSchema, SnsEventSchema } from '../contract/text-replies.ts';
import { accountUrl } from '../shared/case-mail.ts';
import { loadFunctionConfig } from '../shared/config.ts';
import { describeIssues } from '../shared/issues.ts';
import { logger } from '../shared/logger.ts';
import { receiveTextReply } from '../use-cases/receive-text-reply.ts';
import { lambdaContext } from './middleware/lambda-context.ts';
import { parseEvent } from './middleware/parse-event.ts';

const config = loadFunctionConfig('receiveTextReplies');
const ports = {
  lookups: dynamoCaseLookups(config.TABLE_NAME),
  store: { ...dynamoCases(config.TABLE_NAME), ...dynamoTextRecords(config.TABLE_NAME) },
  accountUrl: (record: Parameters<typeof accountUrl>[0], now: Date) => accountUrl(record, config, now),
  creditorName: config.CREDITOR.name,
};

/**
 * The debtor's texts to our number (issue 16), from the SMS service's two-way channel (an SNS
 * topic): each handled once (use-cases/receive-text-reply.ts). A message that is not an inbound
 * text is logged and dropped (retrying would not mend it); a failure is thrown, so SNS retries and
 * then parks the event in the subscription's dead-letter queue.
 */
export const handler = middy()
  .use(lambdaContext())
  .use(parseEvent(SnsEventSchema, () => ({})))
  .handler(async (event) => {
    const outcomes: string[] = [];
    for (const record of event.Records) {
      let body: unknown;
      try {
        body = JSON.parse(record.Sns.Message);
      } catch {
        body = undefined;
      }
      const parsed = InboundTextSchema.safeParse(body);
      if (!parsed.success) {
        logger.error('Not an inbound text; dropped', {
          snsMessageId: record.Sns.MessageId,
          problems: body === undefined ? 'not JSON' : describeIssues(parsed.error),
        });
        outcomes.push('dropped');
        continue;
      }
      const at = Number.isNaN(Date.parse(record.Sns.Timestamp)) ? new Date() : new Date(record.Sns.Timestamp);
      outcomes.push(
        await receiveTextReply(
          {
            from: parsed.data.originationNumber,
            body: parsed.data.messageBody,
            messageId: parsed.data.inboundMessageId,
            at,
          },
          ports,
        ),
      );
    }
    return { outcomes };
  });
