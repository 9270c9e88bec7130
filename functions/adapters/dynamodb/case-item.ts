import { keys } from '../../contract/table.ts';
import type { CaseRecord } from '../../domain/case.ts';

/** The case as the table stores it: the case and its workflow state, under its keys. */
export type CaseItem = CaseRecord & {
  pk: string;
  sk: string;
  /** The account's cases, by when they opened (the byAccount index). */
  gsi1pk: string;
  gsi1sk: string;
  itemType: 'case';
};

/** The one mapper from the stored item to the case: the table's keys stay in the adapter. */
export function caseFromItem(item: Record<string, unknown>): CaseRecord {
  const { pk: _pk, sk: _sk, gsi1pk: _gsi1pk, gsi1sk: _gsi1sk, itemType: _itemType, ...record } = item;
  return record as CaseRecord;
}

/** The item a new case is stored as. */
export function caseItem(record: CaseRecord): CaseItem {
  return {
    ...keys.case(record.caseId),
    ...keys.caseByAccount(record.accountId, record.openedAt),
    itemType: 'case',
    ...record,
  };
}
