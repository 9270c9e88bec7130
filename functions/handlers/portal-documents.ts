import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { dynamoCases } from '../adapters/dynamodb/cases.ts';
import { dynamoDocuments } from '../adapters/dynamodb/documents.ts';
import { dynamoOutbox } from '../adapters/dynamodb/outbox.ts';
import { DocumentBucket } from '../adapters/s3/document-bucket.ts';
import type { CaseRecord } from '../domain/case.ts';
import { addingUnavailable, DOCUMENT_KIND_NAMES, type DocumentKind, uploadKey } from '../domain/documents.ts';
import {
  documentProblemPage,
  documentsHref,
  documentsPage,
  documentsPageHeaders,
  type UploadFormFields,
} from '../portal/document-pages.ts';
import type { PortalView } from '../portal/view.ts';
import { loadFunctionConfig } from '../shared/config.ts';
import { addDisputeDocument } from '../use-cases/add-dispute-document.ts';
import { type CaseRoutes, DOCUMENTS_ROUTE, portalHandler } from './portal-request.ts';

/**
 * The portal's documents page (`GET /case/{link}/documents`): lists the dispute's documents and
 * offers one upload form per file type; S3 sends the browser back here with `?uploaded&bucket&key&etag`
 * after an upload, and this checks the file before it counts. The portalDocuments function: the only
 * one of the portal's that holds the documents bucket.
 */
const config = loadFunctionConfig('portalDocuments');
const bucket = new DocumentBucket(config.DOCUMENT_BUCKET_NAME);
const documentPorts = {
  store: { ...dynamoDocuments(config.TABLE_NAME), ...dynamoOutbox(config.TABLE_NAME) },
  bucket,
};

const cases = dynamoCases(config.TABLE_NAME);

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
  const result = await addDisputeDocument(record, key, now, documentPorts, request.reload);
  if (result.outcome === 'refused')
    return respond(result.status, documentProblemPage({ view, problem: result.problem }));
  return seeOther(documentsHref(view, 'added'));
}

const DOCUMENT_ROUTES: CaseRoutes = {
  [DOCUMENTS_ROUTE]: {
    GET: ({ record, view, event, now }) =>
      documentsRoute({
        record,
        view,
        rawQueryString: event.rawQueryString,
        now,
        reload: () => cases.getCase(record.caseId),
      }),
  },
};

export const handler = portalHandler({
  routes: DOCUMENT_ROUTES,
  getCase: (caseId) => cases.getCase(caseId),
  linkSecretArn: config.LINK_SECRET_ARN,
  creditor: config.CREDITOR,
});
