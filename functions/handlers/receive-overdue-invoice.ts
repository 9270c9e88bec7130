import middy from '@middy/core';
import { InvoiceOverdueDetailSchema } from '../contract/events.ts';
import { isValidTimeZone } from '../domain/dates.ts';
import { CurrencyMismatchError } from '../domain/money.ts';
import { policyFor, UnknownSegmentError } from '../domain/policy.ts';
import { RejectedEventError } from '../shared/billing-batch.ts';
import { CaseStore } from '../shared/case-store.ts';
import { env, loadConfig } from '../shared/config.ts';
import { logger } from '../shared/logger.ts';
import { startCaseWorkflow } from '../shared/workflow.ts';
import { processBillingBatch } from './middleware/billing-batch.ts';
import { lambdaContext } from './middleware/lambda-context.ts';
import { parseEvent } from './middleware/parse-event.ts';
import { SqsEventSchema } from './middleware/sqs-event.ts';

const config = loadConfig({
  TABLE_NAME: env.tableName,
  STATE_MACHINE_ARN: env.arn,
  INVOICE_OVERDUE_DLQ_URL: env.url,
});
const store = new CaseStore(config.TABLE_NAME);

export const handler = middy()
  .use(lambdaContext())
  .use(parseEvent(SqsEventSchema))
  .handler((batch, context) =>
    processBillingBatch(batch, context, {
      detailSchema: InvoiceOverdueDetailSchema,
      deadLetterQueueUrl: config.INVOICE_OVERDUE_DLQ_URL,
      handlerName: 'receive-overdue-invoice',
      handle: async (detail, eventId) => {
        let policy: ReturnType<typeof policyFor>;
        try {
          policy = policyFor(detail.debtor.segment);
        } catch (error) {
          if (error instanceof UnknownSegmentError)
            throw new RejectedEventError(`debtor.segment: ${error.message}`);
          throw error;
        }
        const timeZone = detail.debtor.timeZone ?? policy.defaultTimeZone;
        if (!isValidTimeZone(timeZone))
          throw new RejectedEventError(`debtor.timeZone: ${timeZone} is not known`);
        const debtor = {
          name: detail.debtor.name,
          email: detail.debtor.email,
          locale: detail.debtor.locale ?? policy.defaultLocale,
          timeZone,
          segment: policy.segment,
        };
        try {
          // A zone assumed from the policy serves calendar dates; contact hours then fail closed.
          const { outcome, record } = await store.openOrJoinCase(detail, debtor, new Date(), {
            timeZoneKnown: detail.debtor.timeZone !== undefined,
          });
          logger.info('Overdue invoice received', {
            eventId,
            caseId: record.caseId,
            invoiceId: detail.invoiceId,
            outcome,
          });
          // A duplicate may be the retry of a delivery that crashed before the start: start if needed.
          if (
            outcome === 'opened' ||
            (outcome === 'duplicate' && !record.executionArn && record.status === 'open')
          ) {
            const executionArn = await startCaseWorkflow(
              config.STATE_MACHINE_ARN,
              record.executionName,
              record.caseId,
            );
            await store.markExecutionStarted(record.caseId, executionArn);
          }
        } catch (error) {
          if (error instanceof CurrencyMismatchError) {
            throw new RejectedEventError(
              `amountDue.currency: the account's open case is kept in another currency (${error.message})`,
            );
          }
          throw error;
        }
      },
    }),
  );
