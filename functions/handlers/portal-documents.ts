import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import * as z from 'zod';
import { dynamoDocuments } from '../adapters/dynamodb/documents.ts';
import { dynamoOutbox } from '../adapters/dynamodb/outbox.ts';
import { eventBridgeCaseEvents } from '../adapters/eventbridge/case-events.ts';
import { snsArTeam } from '../adapters/sns/ar-team.ts';
import { documentAddedNotice } from '../domain/ar-team.ts';
import type { CaseRecord } from '../domain/case.ts';
import {
  addingUnavailable,
  checkUpload,
  DOCUMENT_KIND_NAMES,
  type DocumentKind,
  documentIdOfUpload,
  newDocument,
  uploadKey,
} from '../domain/documents.ts';
import {
  type DocumentProblem,
  documentProblemPage,
  documentsHref,
  documentsPage,
  documentsPageHeaders,
  type UploadFormFields,
} from '../portal/document-pages.ts';
import type { PortalView } from '../portal/view.ts';
import { env, loadConfig } from '../shared/config.ts';
import { DocumentBucket } from '../shared/documents.ts';
import { logger } from '../shared/logger.ts';
import { carryOutOrQueue } from '../use-cases/follow-ups.ts';

/**
 * The portal's documents page (`GET /case/{link}/documents`): lists the dispute's documents and
 * offers one upload form per file type; S3 sends the browser back here with `?uploaded&bucket&key&etag`
 * after an upload, and this checks the file before it counts. Part of the portal function.
 */
const config = loadConfig({
  TABLE_NAME: env.tableName,
  PORTAL_BASE_URL: env.url,
  AR_TEAM_TOPIC_ARN: env.arn,
  EVENT_BUS_NAME: z.string().min(1),
  DOCUMENT_BUCKET_NAME: z.string().min(1),
});
const bucket = new DocumentBucket(config.DOCUMENT_BUCKET_NAME);
const documentStore = dynamoDocuments(config.TABLE_NAME);
const followUpPorts = {
  store: dynamoOutbox(config.TABLE_NAME),
  events: eventBridgeCaseEvents(config.EVENT_BUS_NAME),
  arTeam: snsArTeam(config.AR_TEAM_TOPIC_ARN),
};

/** The last path segment of the documents page (`/case/{link}/documents`). */
export const DOCUMENTS_ROUTE = 'documents';

type Request = {
  record: CaseRecord;
  view: PortalView;
  rawQueryString: string;
  now: Date;
  /** The case as it is now, after a write was refused. */
  reload: () => Promise<CaseRecord | undefined>;
};

const respond = (
  statusCode: number,
  body: string,
  bucketOrigin?: string,
): APIGatewayProxyStructuredResultV2 => ({ statusCode, headers: documentsPageHeaders(bucketOrigin), body });

const seeOther = (location: string): APIGatewayProxyStructuredResultV2 => ({
  statusCode: 303,
  headers: { ...documentsPageHeaders(undefined), location },
  body: '',
});

export async function documentsRoute(request: Request): Promise<APIGatewayProxyStructuredResultV2> {
  const query = new URLSearchParams(request.rawQueryString);
  const key = query.get('key');
  if (key !== null) return checkUploaded(request, key);
  return showDocuments(request, query.has('added'));
}

async function showDocuments(request: Request, added: boolean) {
  const { record, view } = request;
  const documents = record.disputeDocuments ?? [];
  const unavailable = addingUnavailable(record, documents);
  const redirect = `${config.PORTAL_BASE_URL.replace(/\/$/, '')}${documentsHref(view, 'uploaded')}`;
  const forms: Partial<Record<DocumentKind, UploadFormFields>> = {};
  if (!unavailable) {
    for (const kind of DOCUMENT_KIND_NAMES) {
      forms[kind] = await bucket.uploadForm(kind, uploadKey(record.caseId, randomUUID()), redirect);
    }
  }
  const links = await Promise.all(
    documents.map(async (document) => ({
      document,
      url: await bucket.downloadUrl(document.key, document.displayName),
    })),
  );
  const formUrl = forms.pdf?.url;
  return respond(
    200,
    documentsPage({
      view,
      documents: links,
      ...(unavailable ? { unavailable } : { forms }),
      added,
    }),
    formUrl ? new URL(formUrl).origin : undefined,
  );
}

async function checkUploaded(request: Request, key: string) {
  const { record, view, now } = request;
  const refuse = async (status: number, problem: DocumentProblem, ...discard: string[]) => {
    for (const unwanted of discard) await bucket.discard(unwanted);
    logger.info('Dispute document refused', { caseId: record.caseId, problem });
    return respond(status, documentProblemPage({ view, problem }));
  };
  const addedPage = seeOther(documentsHref(view, 'added'));

  const documentId = documentIdOfUpload(record.caseId, key);
  if (!documentId) return refuse(400, 'not-this-case');
  const documents = record.disputeDocuments ?? [];
  if (documents.some((document) => document.documentId === documentId)) {
    // Reloaded, or the form used again after the check: the checked copy stands, the upload goes.
    await bucket.discard(key);
    return addedPage;
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
  const outcome = await documentStore.recordDocument(record, document);
  if (outcome === 'refused') {
    // The case changed meanwhile (another upload took the last place, or the dispute ended).
    const current = (await request.reload()) ?? record;
    const problem = addingUnavailable(current, current.disputeDocuments ?? []) ?? 'limit-reached';
    return refuse(409, problem, key, document.key);
  }
  await bucket.discard(key);
  if (outcome === 'recorded') {
    logger.info('Dispute document added', { caseId: record.caseId, documentId });
    await carryOutOrQueue(followUpPorts, {
      caseId: record.caseId,
      key: `ar-team-document-${documentId}`,
      followUp: {
        type: 'ar-team',
        notice: documentAddedNotice(record, {
          bucket: config.DOCUMENT_BUCKET_NAME,
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
  return addedPage;
}
