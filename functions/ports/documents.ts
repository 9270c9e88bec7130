import type { DocumentKind } from '../domain/documents.ts';

export type UploadForm = { url: string; fields: Record<string, string> };
export type UploadedObject = {
  contentType: string | undefined;
  size: number;
  etag: string;
  head: Uint8Array;
};

/** Where dispute documents are uploaded, checked and kept (adapters/s3/document-bucket.ts). */
export interface DocumentStorage {
  readonly bucketName: string;
  /** A form's presigned POST for this exact key and type. */
  uploadForm(kind: DocumentKind, key: string, redirectUrl: string): Promise<UploadForm>;
  /** The uploaded object's stored type, size and first bytes, or undefined when there is none. */
  inspect(key: string): Promise<UploadedObject | undefined>;
  /** Copies the checked upload (only if it is still the object that was checked) to where it is kept. */
  keep(uploadKey: string, etag: string, documentKey: string): Promise<void>;
  discard(key: string): Promise<void>;
  /** A short-lived download link that saves the file under its safe display name. */
  downloadUrl(key: string, displayName: string): Promise<string>;
}
