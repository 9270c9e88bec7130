import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from '../../contract/table.ts';
import { MAX_DOCUMENTS } from '../../domain/documents.ts';
import type { Documents } from '../../ports/case-store.ts';
import { caseUpdate } from './case-write.ts';
import { cancellationCodes, dynamo } from './client.ts';
import { timelineStamp } from './timeline.ts';

/** The documents a debtor adds to their dispute: the same table and client as the case. */
export function dynamoDocuments(tableName: string): Documents {
  return {
    /**
     * Records a checked document on its case, once: the marker item (keyed by the document id, so a
     * reloaded redirect changes nothing), the case's `disputeDocuments` list (only while the dispute is
     * open and fewer than MAX_DOCUMENTS are there, so two uploads at once cannot make a sixth) and the
     * timeline entry, in one transaction.
     */
    async recordDocument(record, document) {
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
                Update: caseUpdate(tableName, record.caseId, {
                  append: { disputeDocuments: [document] },
                  bumpVersion: false,
                  guard: {
                    unversioned:
                      'no other action reads or writes the list, so a debtor action in flight is not made to fail by a document',
                    when: {
                      expression:
                        '#status IN (:open, :held) AND dispute.#status = :open AND (attribute_not_exists(disputeDocuments) OR size(disputeDocuments) < :max)',
                      names: { '#status': 'status' },
                      values: { ':open': 'open', ':held': 'held-for-person', ':max': MAX_DOCUMENTS },
                    },
                  },
                }),
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
        const codes = cancellationCodes(error);
        if (!codes) throw error;
        const [marker, update] = codes;
        if (marker === 'ConditionalCheckFailed') return 'duplicate';
        if (update === 'ConditionalCheckFailed') return 'refused';
        throw error;
      }
    },
  };
}
