import type { CaseRecord, DisputeDocument } from './case.ts';

export type { DisputeDocument };

/**
 * Documents a debtor adds to an open dispute, pure: which files are accepted, where they go in
 * the bucket, what the upload policy says, and how an upload is checked before it counts.
 *
 * A browser without JavaScript posts one file per form straight to S3 with a presigned POST. The
 * policy pins the key, the stored Content-Type and the size, so S3 itself refuses anything else;
 * the portal then checks the bytes (magic number) before it records the document.
 */
export const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;
export const MAX_DOCUMENTS = 5;
/** How long an upload form stays usable. */
export const UPLOAD_EXPIRY_SECONDS = 15 * 60;

/**
 * One form per kind: a POST policy pins the Content-Type to one value, and a form without
 * JavaScript cannot choose it from the file, so each kind gets its own form and policy.
 */
export const DOCUMENT_KINDS = {
  pdf: { contentType: 'application/pdf', extension: 'pdf', magic: [[0x25, 0x50, 0x44, 0x46, 0x2d]] },
  jpeg: { contentType: 'image/jpeg', extension: 'jpg', magic: [[0xff, 0xd8, 0xff]] },
  png: {
    contentType: 'image/png',
    extension: 'png',
    magic: [[0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]],
  },
} as const;
export type DocumentKind = keyof typeof DOCUMENT_KINDS;
export const DOCUMENT_KIND_NAMES = Object.keys(DOCUMENT_KINDS) as DocumentKind[];
/** Bytes read from the start of an upload to recognise its type. */
export const MAGIC_BYTES = 8;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Uploads land under `disputes/incoming/` (scratch: a lifecycle rule removes what is never
 * checked); the portal copies a checked upload to `disputes/<caseId>/`, which no upload form can
 * write to, so a document cannot be swapped after it was checked.
 */
export const INCOMING_PREFIX = 'disputes/incoming/';
export const uploadKey = (caseId: string, documentId: string) => `${INCOMING_PREFIX}${caseId}/${documentId}`;
export const documentKey = (caseId: string, documentId: string) => `disputes/${caseId}/${documentId}`;

/** The document id in an upload key of this case, or undefined for any other key. */
export function documentIdOfUpload(caseId: string, key: string): string | undefined {
  const prefix = `${INCOMING_PREFIX}${caseId}/`;
  if (!key.startsWith(prefix)) return undefined;
  const id = key.slice(prefix.length);
  return UUID.test(id) ? id : undefined;
}

/**
 * What the presigned POST for one upload form must hold, besides the exact key and bucket the SDK
 * adds itself. Each field becomes an exact-match condition of the policy.
 */
export function uploadPolicy(kind: DocumentKind, redirectUrl: string) {
  return {
    fields: { 'Content-Type': DOCUMENT_KINDS[kind].contentType, success_action_redirect: redirectUrl },
    conditions: [['content-length-range', 1, MAX_DOCUMENT_BYTES]] as [
      'content-length-range',
      number,
      number,
    ][],
    expiresSeconds: UPLOAD_EXPIRY_SECONDS,
  };
}

export type UploadProblem = 'empty' | 'too-large' | 'wrong-type' | 'content-mismatch';

/** The kind whose magic number starts these bytes, if any. */
export function kindOfBytes(head: Uint8Array): DocumentKind | undefined {
  return DOCUMENT_KIND_NAMES.find((kind) =>
    DOCUMENT_KINDS[kind].magic.some(
      (magic) => head.length >= magic.length && magic.every((byte, index) => head[index] === byte),
    ),
  );
}

/** Checks an uploaded object: its stored type and size, and that its first bytes are that type. */
export function checkUpload(upload: {
  contentType: string | undefined;
  size: number;
  head: Uint8Array;
}): { ok: true; kind: DocumentKind } | { ok: false; problem: UploadProblem } {
  if (upload.size <= 0) return { ok: false, problem: 'empty' };
  if (upload.size > MAX_DOCUMENT_BYTES) return { ok: false, problem: 'too-large' };
  const kind = DOCUMENT_KIND_NAMES.find((name) => DOCUMENT_KINDS[name].contentType === upload.contentType);
  if (!kind) return { ok: false, problem: 'wrong-type' };
  if (kindOfBytes(upload.head) !== kind) return { ok: false, problem: 'content-mismatch' };
  return { ok: true, kind };
}

export type DocumentsUnavailable = 'case-closed' | 'no-open-dispute' | 'limit-reached';

/** Why the debtor cannot add a document now, or undefined when they can. */
export function addingUnavailable(
  record: Pick<CaseRecord, 'status' | 'dispute'>,
  documents: readonly DisputeDocument[],
): DocumentsUnavailable | undefined {
  if (record.status !== 'open' && record.status !== 'held-for-person') return 'case-closed';
  if (record.dispute?.status !== 'open') return 'no-open-dispute';
  if (documents.length >= MAX_DOCUMENTS) return 'limit-reached';
  return undefined;
}

/** "document-2.pdf": a name to show and download under, with nothing of the debtor's own. */
export function displayNameFor(position: number, kind: DocumentKind): string {
  return `document-${position}.${DOCUMENT_KINDS[kind].extension}`;
}

/** The document the checked upload becomes. */
export function newDocument(input: {
  caseId: string;
  documentId: string;
  kind: DocumentKind;
  size: number;
  position: number;
  at: string;
}): DisputeDocument {
  return {
    documentId: input.documentId,
    key: documentKey(input.caseId, input.documentId),
    contentType: DOCUMENT_KINDS[input.kind].contentType,
    size: input.size,
    displayName: displayNameFor(input.position, input.kind),
    addedAt: input.at,
  };
}
