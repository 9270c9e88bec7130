import middy from '@middy/core';
import { dynamoCases } from '../adapters/dynamodb/cases.ts';
import { dynamoOutcomeCounters } from '../adapters/dynamodb/outcomes.ts';
import { timelineEntryOfImage } from '../adapters/dynamodb/stream-images.ts';
import { loadFunctionConfig } from '../shared/config.ts';
import { logger, withCorrelationIds } from '../shared/logger.ts';
import { outcomeFactsReader, recordOutcomes } from '../use-cases/record-outcomes.ts';
import { lambdaContext } from './middleware/lambda-context.ts';
import { processTableStreamTogether } from './middleware/table-stream.ts';

const config = loadFunctionConfig('recordOutcomes');
const ports = { store: dynamoCases(config.TABLE_NAME), counters: dynamoOutcomeCounters(config.TABLE_NAME) };

/**
 * The Outcomes page's counters (issue 12): the table's stream brings each timeline entry they count
 * (lib/functions.ts OUTCOME_ENTRY_FILTERS), and the use case adds a batch's entries to their days
 * and segments' items together, in one transaction (issue 15); should it fail, the whole batch is
 * retried, and what it counted already is not counted twice.
 */
export const handler = middy(async (event: unknown) => {
  const facts = outcomeFactsReader(ports);
  return processTableStreamTogether(event, timelineEntryOfImage, async (entries) => {
    const inserted = entries.filter((entry) => entry.change === 'INSERT');
    const outcomes = await recordOutcomes(inserted, facts, ports);
    for (const [i, outcome] of outcomes.entries()) {
      const entry = inserted[i];
      if (!outcome || !entry) continue;
      await withCorrelationIds({ caseId: entry.caseId }, async () =>
        logger.info('Stream record handled', { messageKey: entry.messageKey, outcome }),
      );
    }
  });
}).use(lambdaContext());
