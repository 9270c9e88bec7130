import { createHash } from 'node:crypto';
import { keys, TABLE } from '../../contract/table.ts';
import type { CaseRecord } from '../../domain/case.ts';

/** How long a task token's item is kept: longer than any execution lives (a year, AWS's limit). */
const TOKEN_KEEP_SECONDS = 400 * 86_400;

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

/**
 * The one mapper from the stored item to the case: the table's keys stay in the adapter. The task
 * token is the one its item holds when the case names it (`taskTokenRef`), or, on a case written
 * before tokens had items of their own, the one on the case. A token item the case does not name
 * (a later waiting state's, written just before its claim, or one whose claim failed) is not the
 * case's token.
 */
export function caseFromItem(item: Record<string, unknown>, tokenItem?: Record<string, unknown>): CaseRecord {
  const {
    pk: _pk,
    sk: _sk,
    gsi1pk: _gsi1pk,
    gsi1sk: _gsi1sk,
    itemType: _itemType,
    taskTokenRef,
    ...record
  } = item;
  if (
    typeof taskTokenRef === 'string' &&
    tokenItem?.ref === taskTokenRef &&
    typeof tokenItem.taskToken === 'string'
  )
    record.taskToken = tokenItem.taskToken;
  return record as CaseRecord;
}

/** The digest the case names its task token by (128 bits: two tokens never share one). */
export function taskTokenRef(token: string): string {
  return createHash('sha256').update(token).digest('base64url').slice(0, 22);
}

/** The item that keeps a waiting state's task token beside its case (table.ts `caseTaskToken`). */
export function taskTokenItem(caseId: string, token: string, now: Date) {
  return {
    ...keys.caseTaskToken(caseId),
    itemType: 'task-token',
    ref: taskTokenRef(token),
    taskToken: token,
    [TABLE.ttlAttribute]: Math.floor(now.getTime() / 1000) + TOKEN_KEEP_SECONDS,
  };
}

/** The item a new case is stored as. */
export function caseItem(record: CaseRecord): CaseItem {
  return {
    ...keys.case(record.caseId),
    itemType: 'case',
    ...record,
  };
}
