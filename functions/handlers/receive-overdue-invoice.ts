import middy from '@middy/core';
import { dynamoCases } from '../adapters/dynamodb/cases.ts';
import { dynamoIntakeDebtorReads } from '../adapters/dynamodb/contact-ledger.ts';
import { dynamoOutbox } from '../adapters/dynamodb/outbox.ts';
import { dynamoTextRecords } from '../adapters/dynamodb/text-records.ts';
import { eventBridgeCaseEvents } from '../adapters/eventbridge/case-events.ts';
import { sfnWorkflow } from '../adapters/sfn/workflow.ts';
import { InvoiceOverdueDetailSchema } from '../contract/events.ts';
import { RejectedEventError } from '../shared/billing-batch.ts';
import { loadFunctionConfig } from '../shared/config.ts';
import type { ClockConfig } from '../shared/contact-decision.ts';
import { receiveOverdueInvoice } from '../use-cases/receive-overdue-invoice.ts';
import { processBillingBatch } from './middleware/billing-batch.ts';
import { lambdaContext } from './middleware/lambda-context.ts';
import { parseEvent } from './middleware/parse-event.ts';
import { SqsEventSchema } from './middleware/sqs-event.ts';

const config = loadFunctionConfig('receiveOverdueInvoice') satisfies ClockConfig;
// The outbox: an invoice joining a case placed with an agency is forwarded to it (issue 14).
const debtorReads = dynamoIntakeDebtorReads(config.TABLE_NAME);
const ports = {
  store: {
    ...dynamoCases(config.TABLE_NAME),
    ...dynamoOutbox(config.TABLE_NAME),
    // The contact ledger: opening a case asks the weekly cap for the friendly reminder's moment
    // (read with the debtor's preferences, in one Query of their partition).
    contactLedger: debtorReads.contactLedger,
  },
  workflow: sfnWorkflow(config.STATE_MACHINE_ARN),
  events: eventBridgeCaseEvents(config.EVENT_BUS_NAME),
  preferences: debtorReads,
  // A number that texted STOP (issue 16): billing's consent does not outlast it.
  texts: dynamoTextRecords(config.TABLE_NAME),
};

export const handler = middy()
  .use(lambdaContext())
  .use(parseEvent(SqsEventSchema))
  .handler((batch, context) =>
    processBillingBatch(batch, context, {
      detailSchema: InvoiceOverdueDetailSchema,
      deadLetterQueueUrl: config.INVOICE_OVERDUE_DLQ_URL,
      handlerName: 'receive-overdue-invoice',
      handle: async (detail) => {
        const result = await receiveOverdueInvoice(detail, ports, { now: new Date(), clock: config });
        if (result.outcome === 'rejected') throw new RejectedEventError(result.reason);
      },
    }),
  );
