import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { dynamoClaims } from '../adapters/dynamodb/claims.ts';
import { dynamoContactRecords } from '../adapters/dynamodb/contact-records.ts';
import { pendingMessageOfImage } from '../adapters/dynamodb/stream-images.ts';
import { sendEmail } from '../adapters/ses/mailer.ts';
import { loadFunctionConfig } from '../shared/config.ts';
import { deliverEmail, deliverPendingEmails } from '../use-cases/deliver-email.ts';
import { lambdaContext } from './middleware/lambda-context.ts';
import { isStreamBatch, processTableStream } from './middleware/table-stream.ts';

const config = loadFunctionConfig('deliverEmail');
const ports = {
  store: { ...dynamoContactRecords(config.TABLE_NAME), ...dynamoClaims(config.TABLE_NAME) },
  mailer: {
    send: (to: string, email: Parameters<typeof sendEmail>[2]) =>
      sendEmail(config.SENDER_ADDRESS, to, email, config.SES_CONFIGURATION_SET),
  },
};

/**
 * The one function that talks to SES. The send gate (where a message is decided) records each
 * message with its rendered email; the table's stream brings each new recorded message here, and
 * it goes to SES once (delivery claim). On its schedule it sends what the stream left (retries
 * exhausted, SES down for a while).
 */
export const handler = middy(async (event: unknown, _context: Context) => {
  if (isStreamBatch(event))
    return processTableStream(event, _context, pendingMessageOfImage, (message) =>
      deliverEmail(message, ports),
    );
  return deliverPendingEmails(new Date(), ports, {
    sweepAfterMs: config.DELIVERY_SWEEP_AFTER_SECONDS * 1000,
  });
}).use(lambdaContext());
