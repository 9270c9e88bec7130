import { E164 } from '../domain/text-messages.ts';
import * as z from './zod.ts';

/**
 * A text a debtor sends to our number, as AWS End User Messaging SMS publishes it to the number's
 * two-way channel (an SNS topic): the SNS message's `Message` is this JSON (issue 16).
 */
export const InboundTextSchema = z.looseObject({
  originationNumber: z.string().check(z.regex(E164, 'must be an E.164 number')),
  destinationNumber: z.string(),
  messageBody: z.string().check(z.maxLength(1_600)),
  inboundMessageId: z.string().check(z.minLength(1)).check(z.maxLength(200)),
  messageKeyword: z.optional(z.string()),
});

/** SNS's invocation of a subscribed function: only what the handler reads. */
export const SnsEventSchema = z.object({
  Records: z
    .array(
      z.looseObject({
        Sns: z.looseObject({ MessageId: z.string(), Message: z.string(), Timestamp: z.string() }),
      }),
    )
    .check(z.minLength(1)),
});

export type InboundTextMessage = z.output<typeof InboundTextSchema>;
