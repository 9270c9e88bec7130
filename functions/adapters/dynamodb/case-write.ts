import { keys } from '../../contract/table.ts';
import type { CaseField, CaseRecord } from '../../domain/case.ts';
import type { UpdateParams } from './client.ts';

/** The UpdateItem parameters of one write to the case, for UpdateCommand or a transaction's Update. */
export type CaseUpdate = UpdateParams & { TableName: string; UpdateExpression: string };
/** Fields inside the pending reply, marked in place while it is delivered. */
type NestedField = 'pendingReply.deliveredTo' | 'pendingReply.deliveringSince';
/** Lists the write appends to (created empty if absent). */
type ListField = 'invoices' | 'disputeDocuments';

/** A condition in DynamoDB's expression language, with its own placeholders. */
export type Condition = {
  expression: string;
  names?: Record<string, string>;
  values?: Record<string, unknown>;
};

/**
 * What must still hold for the write to happen. The version check is the rule: the case is still
 * the version the decision read. A write that does not check it says why (`unversioned`), so every
 * exception is written down where it is made.
 */
export type CaseGuard =
  | { expectVersion: number; when?: Condition }
  | { unversioned: string; when?: Condition };

/**
 * What the item keeps that the case does not show: the digest naming the task token's own item
 * (table.ts `caseTaskToken`); the record read from the item has the token itself.
 */
type StoredField = 'taskTokenRef';

/** One conditional write to the case item, typed by the case's own fields. */
export type CaseWrite = {
  set?: { readonly [K in CaseField]?: CaseRecord[K] } & { readonly [K in StoredField]?: string };
  setNested?: { readonly [K in NestedField]?: string };
  append?: { readonly [K in ListField]?: NonNullable<CaseRecord[K]> };
  remove?: readonly (CaseField | NestedField | StoredField)[];
  /** Moves the case's version on, so a decision read before this write fails its own check. Default true. */
  bumpVersion?: boolean;
  /** Counts one more return to the ladder (see CaseRecord.cycle). */
  bumpCycle?: boolean;
  guard: CaseGuard;
};

/**
 * The UpdateItem for one write to a case: the only way the adapters build one, so the version
 * check, the version bump and the placeholders are written once. Usable alone (updateIfStill) or
 * as one item of a transaction.
 */
export function caseUpdate(tableName: string, caseId: string, write: CaseWrite): CaseUpdate {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const name = (field: string) => {
    names[`#${field}`] = field;
    return `#${field}`;
  };
  const value = (placeholder: string, given: unknown) => {
    merge(values, { [placeholder]: given });
    return placeholder;
  };
  const path = (field: string) => field.split('.').map(name).join('.');

  const sets: string[] = [];
  if (write.bumpVersion !== false) sets.push(`version = version + ${value(':one', 1)}`);
  for (const [field, given] of Object.entries(write.set ?? {}))
    sets.push(`${name(field)} = ${value(`:set_${field}`, given)}`);
  for (const [field, given] of Object.entries(write.setNested ?? {}))
    sets.push(`${path(field)} = ${value(`:set_${field.replace('.', '_')}`, given)}`);
  for (const [field, given] of Object.entries(write.append ?? {}))
    sets.push(
      `${name(field)} = list_append(if_not_exists(${name(field)}, ${value(':empty', [])}), ${value(`:append_${field}`, given)})`,
    );
  if (write.bumpCycle)
    sets.push(
      `${name('cycle')} = if_not_exists(${name('cycle')}, ${value(':zero', 0)}) + ${value(':one', 1)}`,
    );
  const removes = (write.remove ?? []).map(path);

  const conditions: string[] = [];
  if ('expectVersion' in write.guard)
    conditions.push(`version = ${value(':version', write.guard.expectVersion)}`);
  const when = write.guard.when;
  if (when) {
    conditions.push(`(${when.expression})`);
    merge(names, when.names ?? {});
    merge(values, when.values ?? {});
  }

  const expression = [
    sets.length ? `SET ${sets.join(', ')}` : '',
    removes.length ? `REMOVE ${removes.join(', ')}` : '',
  ]
    .filter(Boolean)
    .join(' ');
  if (!expression) throw new Error(`A write to case ${caseId} changes nothing`);
  return {
    TableName: tableName,
    Key: keys.case(caseId),
    UpdateExpression: expression,
    ...(conditions.length ? { ConditionExpression: conditions.join(' AND ') } : {}),
    ...(Object.keys(names).length ? { ExpressionAttributeNames: names } : {}),
    ...(Object.keys(values).length ? { ExpressionAttributeValues: values } : {}),
  };
}

/** Adds placeholders, refusing one that already stands for something else. */
function merge(into: Record<string, unknown>, from: Record<string, unknown>): void {
  for (const [placeholder, given] of Object.entries(from)) {
    if (placeholder in into && JSON.stringify(into[placeholder]) !== JSON.stringify(given))
      throw new Error(`Placeholder ${placeholder} stands for two values in one write`);
    into[placeholder] = given;
  }
}
