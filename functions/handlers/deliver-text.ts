import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { dynamoClaims } from '../adapters/dynamodb/claims.ts';
import { dynamoContactRecords } from '../adapters/dynamodb/contact-records.ts';
import { pendingTextOfImage } from '../adapters/dynamodb/stream-images.ts';
import { dynamoTextRecords } from '../adapters/dynamodb/text-records.ts';
import { smsTexter } from '../adapters/sms/texter.ts';
import { loadFunctionConfig } from '../shared/config.ts';
import { deliverPendingTexts, deliverText } from '../use-cases/deliver-text.ts';
import { lambdaContext } from './middleware/lambda-context.ts';
import { isStreamBatch, processTableStream } from './middleware/table-stream.ts';

const config = loadFunctionConfig('deliverText');
const ports = {
  store: {
    ...dynamoContactRecords(config.TABLE_NAME),
    ...dynamoTextRecords(config.TABLE_NAME),
    ...dynamoClaims(config.TABLE_NAME),
  },
  texter: smsTexter(config.SMS_ORIGINATION_IDENTITY, config.SMS_CONFIGURATION_SET),
};

/**
 * The one function that sends texts (issue 16), as deliverEmail is the one that sends email: the
 * send gate records each text on its own marker; the table's stream brings each new one here, and
 * it goes to the SMS service once (delivery claim). On its schedule it sends what the stream left.
 */
export const handler = middy(async (event: unknown, _context: Context) => {
  if (isStreamBatch(event))
    return processTableStream(event, _context, pendingTextOfImage, (message) => deliverText(message, ports));
  return deliverPendingTexts(new Date(), ports, { sweepAfterMs: config.DELIVERY_SWEEP_AFTER_SECONDS * 1000 });
}).use(lambdaContext());
