import { Logger } from '@aws-lambda-powertools/logger';

/** Structured logs with ids only: no names, addresses or amounts of a debtor (DESIGN §7). */
export const logger = new Logger({ serviceName: 'collections' });
