import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { dynamoCases } from '../adapters/dynamodb/cases.ts';
import { dynamoOutcomeCounters } from '../adapters/dynamodb/outcomes.ts';
import { timelineEntryOfImage } from '../adapters/dynamodb/stream-images.ts';
import { loadFunctionConfig } from '../shared/config.ts';
import { outcomeFactsReader, recordOutcome } from '../use-cases/record-outcomes.ts';
import { lambdaContext } from './middleware/lambda-context.ts';
import { processTableStream } from './middleware/table-stream.ts';

const config = loadFunctionConfig('recordOutcomes');
const ports = { store: dynamoCases(config.TABLE_NAME), counters: dynamoOutcomeCounters(config.TABLE_NAME) };

/**
 * The Outcomes page's counters (issue 12): the table's stream brings each timeline entry they count
 * (lib/functions.ts OUTCOME_ENTRY_FILTERS), and the use case adds it to its day and segment's item.
 */
export const handler = middy(async (event: unknown, context: Context) => {
  const facts = outcomeFactsReader(ports);
  return processTableStream(event, context, timelineEntryOfImage, (entry) =>
    entry.change === 'INSERT' ? recordOutcome(entry, facts, ports) : Promise.resolve(undefined),
  );
}).use(lambdaContext());
