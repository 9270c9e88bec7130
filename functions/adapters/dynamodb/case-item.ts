import { keys } from '../../contract/table.ts';
import type { CaseRecord } from '../../domain/case.ts';

/**
 * The case as the table stores it: the case and its workflow state, under its keys. It is on no
 * index: every change to an item on an index is written to the index too, and the case changes a
 * dozen times in a journey. An account's cases are found from its account item (its case count:
 * case ids are `<account>-<n>`); cases opened before that (with `gsi1pk`/`gsi1sk`, the byAccount
 * index) keep their keys and are read the same way.
 */
export type CaseItem = CaseRecord & {
  pk: string;
  sk: string;
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
    itemType: 'case',
    ...record,
  };
}
