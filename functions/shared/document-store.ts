import { DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from '../contract/table.ts';
import type { CaseRecord } from '../domain/case.ts';
import { type DisputeDocument, MAX_DOCUMENTS } from '../domain/documents.ts';
import { timelineStamp } from './case-store.ts';

const dynamo = DynamoDBDocumentClient.from(new DynamoDBClient({}), {
  marshallOptions: { removeUndefinedValues: true },
});

export type RecordOutcome = 'recorded' | 'duplicate' | 'refused';

/**
 * Records a checked document on its case, once: the marker item (keyed by the document id, so a
 * reloaded redirect changes nothing), the case's `disputeDocuments` list (only while the dispute is
 * open and fewer than MAX_DOCUMENTS are there, so two uploads at once cannot make a sixth) and the
 * timeline entry, in one transaction. The case's version is not bumped: no other action reads or
 * writes the list, so a debtor's action in flight is not made to fail by a document.
 */
export async function recordDocument(
  tableName: string,
  record: Pick<CaseRecord, 'caseId'>,
  document: DisputeDocument,
): Promise<RecordOutcome> {
  try {
    await dynamo.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: tableName,
              Item: {
                ...keys.document(record.caseId, document.documentId),
                itemType: 'document',
                caseId: record.caseId,
                ...document,
              },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          {
            Update: {
              TableName: tableName,
              Key: keys.case(record.caseId),
              UpdateExpression:
                'SET disputeDocuments = list_append(if_not_exists(disputeDocuments, :none), :doc)',
              ConditionExpression:
                '#status IN (:open, :held) AND dispute.#status = :open AND (attribute_not_exists(disputeDocuments) OR size(disputeDocuments) < :max)',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: {
                ':none': [],
                ':doc': [document],
                ':open': 'open',
                ':held': 'held-for-person',
                ':max': MAX_DOCUMENTS,
              },
            },
          },
          {
            Put: {
              TableName: tableName,
              Item: {
                ...keys.timelineEntry(record.caseId, timelineStamp(), `document-${document.documentId}`),
                itemType: 'timeline',
                caseId: record.caseId,
                type: 'DocumentAdded',
                at: document.addedAt,
                entryId: `document-${document.documentId}`,
                data: {
                  documentId: document.documentId,
                  key: document.key,
                  contentType: document.contentType,
                  size: document.size,
                  displayName: document.displayName,
                },
              },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
        ],
      }),
    );
    return 'recorded';
  } catch (error) {
    if (!(error instanceof TransactionCanceledException)) throw error;
    const [marker, update] = error.CancellationReasons?.map((reason) => reason.Code) ?? [];
    if (marker === 'ConditionalCheckFailed') return 'duplicate';
    if (update === 'ConditionalCheckFailed') return 'refused';
    throw error;
  }
}
