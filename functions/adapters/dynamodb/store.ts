import type { CaseStore } from '../../ports/case-store.ts';
import { dynamoCases } from './cases.ts';
import { dynamoClaims } from './claims.ts';
import { dynamoContactRecords } from './contact-records.ts';
import { dynamoOutbox } from './outbox.ts';
import { dynamoReplies } from './replies.ts';

/**
 * Every persistence port over the single table, for handlers that use most of them (the send gate
 * alone needs the case, the ledger, the claims and the outbox). A handler that needs fewer composes
 * the adapters it uses.
 */
export function dynamoCaseStore(tableName: string): CaseStore {
  return {
    ...dynamoCases(tableName),
    ...dynamoReplies(tableName),
    ...dynamoContactRecords(tableName),
    ...dynamoClaims(tableName),
    ...dynamoOutbox(tableName),
  };
}
