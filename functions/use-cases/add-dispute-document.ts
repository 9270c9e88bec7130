import { documentAddedNotice } from '../domain/ar-team.ts';
import type { CaseRecord } from '../domain/case.ts';
import {
  addingUnavailable,
  checkUpload,
  type DocumentsUnavailable,
  documentIdOfUpload,
  newDocument,
  type UploadProblem,
} from '../domain/documents.ts';
import type { Documents, Outbox } from '../ports/case-store.ts';
import type { DocumentStorage } from '../ports/documents.ts';
import { logger } from '../shared/logger.ts';
import { queueFollowUp } from './follow-ups.ts';

export type DocumentPorts = {
  store: Pick<Documents, 'recordDocument'> & Pick<Outbox, 'putInOutbox'>;
  bucket: DocumentStorage;
};

export type DocumentProblem = UploadProblem | DocumentsUnavailable | 'not-found' | 'not-this-case';
export type DocumentOutcome =
  | { outcome: 'added' }
  | { outcome: 'refused'; status: 400 | 404 | 409; problem: DocumentProblem };

/**
 * The debtor adds a document to their dispute: S3 sent the browser back with the upload's key.
 * The upload is checked (this case's, there, a kind and size we accept, the dispute open and not
 * full), kept under the case and recorded once; the AR team is told. A reloaded redirect changes
 * nothing. A refused upload is discarded.
 */
export async function addDisputeDocument(
  record: CaseRecord,
  key: string,
  now: Date,
  ports: DocumentPorts,
  /** The case as it is now, after the record was refused (another upload, or the dispute ended). */
  reload: () => Promise<CaseRecord | undefined>,
): Promise<DocumentOutcome> {
  const { bucket } = ports;
  const refuse = async (
    status: 400 | 404 | 409,
    problem: DocumentProblem,
    ...discard: string[]
  ): Promise<DocumentOutcome> => {
    for (const unwanted of discard) await bucket.discard(unwanted);
    logger.info('Dispute document refused', { problem });
    return { outcome: 'refused', status, problem };
  };
  const added: DocumentOutcome = { outcome: 'added' };

  const documentId = documentIdOfUpload(record.caseId, key);
  if (!documentId) return refuse(400, 'not-this-case');
  const documents = record.disputeDocuments ?? [];
  if (documents.some((document) => document.documentId === documentId)) {
    // Reloaded, or the form used again after the check: the checked copy stands, the upload goes.
    await bucket.discard(key);
    return added;
  }
  const uploaded = await bucket.inspect(key);
  if (!uploaded) return refuse(404, 'not-found');
  const unavailable = addingUnavailable(record, documents);
  if (unavailable) return refuse(409, unavailable, key);
  const check = checkUpload(uploaded);
  if (!check.ok) return refuse(400, check.problem, key);

  const document = newDocument({
    caseId: record.caseId,
    documentId,
    kind: check.kind,
    size: uploaded.size,
    position: documents.length + 1,
    at: now.toISOString(),
  });
  await bucket.keep(key, uploaded.etag, document.key);
  const outcome = await ports.store.recordDocument(record, document);
  if (outcome === 'refused') {
    // The case changed meanwhile (another upload took the last place, or the dispute ended).
    const current = (await reload()) ?? record;
    const problem = addingUnavailable(current, current.disputeDocuments ?? []) ?? 'limit-reached';
    return refuse(409, problem, key, document.key);
  }
  await bucket.discard(key);
  if (outcome === 'recorded') {
    logger.info('Dispute document added', { documentId });
    // The AR team hears of it a moment later, through the outbox.
    await queueFollowUp(ports.store, {
      caseId: record.caseId,
      key: `ar-team-document-${documentId}`,
      followUp: {
        type: 'ar-team',
        notice: documentAddedNotice(record, {
          bucket: bucket.bucketName,
          key: document.key,
          contentType: document.contentType,
          size: document.size,
          count: documents.length + 1,
          at: document.addedAt,
        }),
      },
      now,
    });
  }
  return added;
}
