import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { type DocumentKind, MAGIC_BYTES, uploadPolicy } from '../../domain/documents.ts';
import type { DocumentStorage, UploadedObject, UploadForm } from '../../ports/documents.ts';
import { logger } from '../../shared/logger.ts';

import { DOWNLOAD_LINK_SECONDS } from './download-link.ts';

export type { UploadedObject, UploadForm };
export { DOWNLOAD_LINK_SECONDS };

/**
 * S3 answers a HEAD of a missing key with 404 only to a caller allowed to list the bucket; the
 * portal may not (it has exactly Put/Get/DeleteObject), so on AWS a missing upload is a 403.
 */
const missing = (error: unknown) => {
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  return status === 404 || status === 403;
};

/**
 * The dispute documents bucket. Endpoints come from AWS_ENDPOINT_URL_S3 locally; an IP-address
 * endpoint makes the SDK use path-style URLs, which is what the browser posts to there.
 */
export class DocumentBucket implements DocumentStorage {
  private readonly s3: S3Client;

  constructor(
    readonly bucketName: string,
    s3: S3Client = new S3Client({}),
  ) {
    this.s3 = s3;
  }

  /** A form's presigned POST: this exact key, this Content-Type, 1 byte to 10 MiB, 15 minutes. */
  async uploadForm(kind: DocumentKind, key: string, redirectUrl: string): Promise<UploadForm> {
    const policy = uploadPolicy(kind, redirectUrl);
    return createPresignedPost(this.s3, {
      Bucket: this.bucketName,
      Key: key,
      Fields: policy.fields,
      Conditions: policy.conditions,
      Expires: policy.expiresSeconds,
    });
  }

  /** The uploaded object's stored type, size and first bytes, or undefined when there is none. */
  async inspect(key: string): Promise<UploadedObject | undefined> {
    try {
      const head = await this.s3.send(new HeadObjectCommand({ Bucket: this.bucketName, Key: key }));
      const etag = head.ETag ?? '';
      const size = head.ContentLength ?? 0;
      let bytes: Uint8Array = new Uint8Array();
      if (size > 0) {
        // The same object as the HEAD saw (IfMatch), in case the upload form is used again meanwhile.
        const start = await this.s3.send(
          new GetObjectCommand({
            Bucket: this.bucketName,
            Key: key,
            Range: `bytes=0-${MAGIC_BYTES - 1}`,
            IfMatch: etag,
          }),
        );
        bytes = (await start.Body?.transformToByteArray()) ?? new Uint8Array();
      }
      return { contentType: head.ContentType, size, etag, head: bytes };
    } catch (error) {
      if (missing(error)) {
        logger.info('Upload not found (or not readable)', { key });
        return undefined;
      }
      throw error;
    }
  }

  /** Copies the checked upload (only if it is still the object that was checked) to where it is kept. */
  async keep(uploadKey: string, etag: string, documentKey: string): Promise<void> {
    await this.s3.send(
      new CopyObjectCommand({
        Bucket: this.bucketName,
        Key: documentKey,
        CopySource: `${this.bucketName}/${uploadKey.split('/').map(encodeURIComponent).join('/')}`,
        CopySourceIfMatch: etag,
      }),
    );
  }

  async discard(key: string): Promise<void> {
    await this.s3.send(new DeleteObjectCommand({ Bucket: this.bucketName, Key: key }));
  }

  /** A short-lived download link that saves the file under its safe display name. */
  async downloadUrl(key: string, displayName: string): Promise<string> {
    return getSignedUrl(
      this.s3,
      new GetObjectCommand({
        Bucket: this.bucketName,
        Key: key,
        ResponseContentDisposition: `attachment; filename="${displayName}"`,
      }),
      { expiresIn: DOWNLOAD_LINK_SECONDS },
    );
  }
}
