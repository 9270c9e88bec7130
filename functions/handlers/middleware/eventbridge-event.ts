import * as z from '../../contract/zod.ts';

/**
 * An EventBridge event, as a rule's target receives it (here: in an SQS message's body). Every
 * field EventBridge always sets is required, as it was under the Powertools parser's schema, so a
 * malformed envelope is parked with the same reason as before; `detail` is the rule's own schema.
 */
export const eventBridgeEvent = <D extends z.core.$ZodType>(detail: D) =>
  z.object({
    version: z.string(),
    id: z.string(),
    source: z.string(),
    account: z.string(),
    time: z.iso.datetime(),
    region: z.string(),
    resources: z.array(z.string()),
    'detail-type': z.string(),
    // In this place, so that a reason lists the problems in the order it always has.
    detail,
    'replay-name': z.optional(z.string()),
  });
