import * as z from '../../contract/zod.ts';

/**
 * A batch of SQS messages as Lambda's event source mapping delivers it: only what the consumers
 * read (each message's id, for batch item failures, and its body). The other fields of a record
 * (attributes, receipt handle, ...) pass through untouched.
 */
export const SqsRecordSchema = z.looseObject({
  messageId: z.string(),
  body: z.string(),
});

export const SqsEventSchema = z.object({
  Records: z.array(SqsRecordSchema).check(z.minLength(1)),
});

export type SqsRecord = z.output<typeof SqsRecordSchema>;
export type SqsEvent = z.output<typeof SqsEventSchema>;
