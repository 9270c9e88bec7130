import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DOWNLOAD_LINK_SECONDS, DocumentBucket } from '../../functions/adapters/s3/document-bucket.ts';
import type { CaseRecord } from '../../functions/domain/case.ts';
import {
  addingUnavailable,
  checkUpload,
  type DisputeDocument,
  documentIdOfUpload,
  kindOfBytes,
  MAX_DOCUMENT_BYTES,
  newDocument,
  UPLOAD_EXPIRY_SECONDS,
  uploadKey,
} from '../../functions/domain/documents.ts';
import {
  documentProblemPage,
  documentsPage,
  documentsPageHeaders,
} from '../../functions/portal/document-pages.ts';
import { checkPostPolicy } from '../../local/s3/post-policy.ts';
import { viewFor } from '../support/portal-view.ts';

const ID = '0f1e2d3c-4b5a-4978-8a6b-5c4d3e2f1a0b';
const PDF = new TextEncoder().encode('%PDF-1.7\n');
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const JPEG = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46]);

describe('upload checks', () => {
  it('recognises PDF, PNG and JPEG by their magic numbers, and nothing else', () => {
    expect(kindOfBytes(PDF)).toBe('pdf');
    expect(kindOfBytes(PNG)).toBe('png');
    expect(kindOfBytes(JPEG)).toBe('jpeg');
    expect(kindOfBytes(new TextEncoder().encode('%PDX-1.7'))).toBeUndefined();
    expect(kindOfBytes(new TextEncoder().encode('<svg xmlns'))).toBeUndefined();
    expect(kindOfBytes(PNG.slice(0, 4))).toBeUndefined();
    expect(kindOfBytes(new Uint8Array())).toBeUndefined();
  });

  it('accepts a file whose bytes are its stored type, within 1 byte to 10 MiB', () => {
    expect(checkUpload({ contentType: 'application/pdf', size: 9, head: PDF })).toStrictEqual({
      ok: true,
      kind: 'pdf',
    });
    expect(checkUpload({ contentType: 'image/png', size: MAX_DOCUMENT_BYTES, head: PNG })).toMatchObject({
      ok: true,
    });
  });

  it.each([
    ['empty', { contentType: 'application/pdf', size: 0, head: new Uint8Array() }],
    ['too-large', { contentType: 'application/pdf', size: MAX_DOCUMENT_BYTES + 1, head: PDF }],
    ['wrong-type', { contentType: 'text/html', size: 9, head: PDF }],
    ['wrong-type', { contentType: undefined, size: 9, head: PDF }],
    ['content-mismatch', { contentType: 'application/pdf', size: 8, head: PNG }],
    ['content-mismatch', { contentType: 'image/jpeg', size: 8, head: PNG }],
  ])('refuses %s', (problem, upload) => {
    expect(checkUpload(upload)).toStrictEqual({ ok: false, problem });
  });
});

describe('keys and limits', () => {
  it('takes only an upload key of this case with a uuid', () => {
    expect(documentIdOfUpload('ACC-1-1', uploadKey('ACC-1-1', ID))).toBe(ID);
    expect(documentIdOfUpload('ACC-1-1', uploadKey('ACC-1-10', ID))).toBeUndefined();
    expect(documentIdOfUpload('ACC-1-1', `disputes/ACC-1-1/${ID}`)).toBeUndefined();
    expect(documentIdOfUpload('ACC-1-1', `${uploadKey('ACC-1-1', ID)}/../x`)).toBeUndefined();
    expect(documentIdOfUpload('ACC-1-1', uploadKey('ACC-1-1', 'not-a-uuid'))).toBeUndefined();
  });

  const open: Pick<CaseRecord, 'status' | 'dispute'> = {
    status: 'open',
    dispute: { reason: 'other', openedAt: '2026-11-20T10:00:00Z', status: 'open' },
  };
  const doc = (n: number): DisputeDocument =>
    newDocument({ caseId: 'ACC-1-1', documentId: ID, kind: 'pdf', size: 10, position: n, at: 'now' });

  it('allows up to five documents while the dispute is open', () => {
    expect(addingUnavailable(open, [])).toBeUndefined();
    expect(addingUnavailable(open, [1, 2, 3, 4].map(doc))).toBeUndefined();
    expect(addingUnavailable(open, [1, 2, 3, 4, 5].map(doc))).toBe('limit-reached');
    expect(
      addingUnavailable({ ...open, dispute: { ...open.dispute, status: 'rejected' } } as never, []),
    ).toBe('no-open-dispute');
    expect(addingUnavailable({ status: 'open' }, [])).toBe('no-open-dispute');
    expect(addingUnavailable({ ...open, status: 'paid' }, [])).toBe('case-closed');
  });

  it('names a document by its place and type, never by the debtor’s file name', () => {
    expect(doc(3)).toStrictEqual({
      documentId: ID,
      key: `disputes/ACC-1-1/${ID}`,
      contentType: 'application/pdf',
      size: 10,
      displayName: 'document-3.pdf',
      addedAt: 'now',
    });
  });
});

describe('the presigned POST policy', () => {
  const bucket = new DocumentBucket('docs-bucket', {
    region: 'eu-west-1',
    credentials: () => ({ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' }),
  });
  const redirect = 'https://portal.example.com/case/abc/documents?uploaded';

  it('pins bucket, exact key, Content-Type, size range and redirect, and expires in 15 minutes', async () => {
    const before = Date.now();
    const form = await bucket.uploadForm('png', uploadKey('ACC-1-1', ID), redirect);
    expect(form.url).toBe('https://docs-bucket.s3.eu-west-1.amazonaws.com/');
    expect(form.fields).toMatchObject({ key: uploadKey('ACC-1-1', ID), 'Content-Type': 'image/png' });
    const policy = JSON.parse(Buffer.from(form.fields.Policy ?? '', 'base64').toString('utf8')) as {
      expiration: string;
      conditions: unknown[];
    };
    expect(policy.conditions).toEqual(
      expect.arrayContaining([
        ['content-length-range', 1, MAX_DOCUMENT_BYTES],
        { 'Content-Type': 'image/png' },
        { key: uploadKey('ACC-1-1', ID) },
        { bucket: 'docs-bucket' },
        { success_action_redirect: redirect },
      ]),
    );
    // An exact key: no starts-with that would let a form write elsewhere under the prefix.
    expect(policy.conditions.filter((c) => Array.isArray(c) && c[0] === 'starts-with')).toStrictEqual([]);
    const expiresIn = Date.parse(policy.expiration) - before;
    expect(expiresIn).toBeGreaterThan((UPLOAD_EXPIRY_SECONDS - 5) * 1000);
    expect(expiresIn).toBeLessThanOrEqual((UPLOAD_EXPIRY_SECONDS + 1) * 1000);
  });

  it('is refused by the local S3 gate as S3 would: signature, expiry, each condition, extra fields', async () => {
    const form = await bucket.uploadForm('pdf', uploadKey('ACC-1-1', ID), redirect);
    const now = new Date();
    const check = (fields: Record<string, string>, fileSize = 100, at = now, secretAccessKey = 'secret') =>
      checkPostPolicy({
        bucket: 'docs-bucket',
        fields: new Map(Object.entries(fields)),
        fileSize,
        secretAccessKey,
        now: at,
      })?.code;
    expect(check(form.fields)).toBeUndefined();
    expect(check(form.fields, 100, now, 'other-secret')).toBe('AccessDenied');
    expect(check(form.fields, MAX_DOCUMENT_BYTES + 1)).toBe('EntityTooLarge');
    expect(check(form.fields, 0)).toBe('EntityTooSmall');
    expect(check({ ...form.fields, 'Content-Type': 'text/html' })).toBe('AccessDenied');
    expect(check({ ...form.fields, key: 'disputes/ACC-2-1/x' })).toBe('AccessDenied');
    expect(check({ ...form.fields, success_action_redirect: 'https://evil.example/' })).toBe('AccessDenied');
    expect(check({ ...form.fields, acl: 'public-read' })).toBe('AccessDenied');
    expect(check(form.fields, 100, new Date(now.getTime() + (UPLOAD_EXPIRY_SECONDS + 60) * 1000))).toBe(
      'AccessDenied',
    );
  });
});

describe('the S3 adapter without the S3 client signs as the SDK does', () => {
  const credentials = {
    accessKeyId: 'AKIDEXAMPLE',
    secretAccessKey: 'wJalrXUtnFEMI/K7MDENG',
    sessionToken: 'token/+=',
  };
  const at = new Date('2026-03-04T05:06:07.890Z');
  const redirect = 'https://portal.example.com/case/abc/documents?uploaded';
  afterEach(() => vi.useRealTimers());

  const cases = [
    { name: 'on AWS (virtual-hosted)', endpoint: undefined },
    { name: 'on a local endpoint (path-style)', endpoint: 'http://127.0.0.1:4569' },
  ];
  for (const { name, endpoint } of cases) {
    const sdk = new S3Client({
      region: 'eu-west-1',
      credentials,
      // The download link carries no checksums (the SDK's defaults add x-amz-checksum-* parameters).
      responseChecksumValidation: 'WHEN_REQUIRED',
      requestChecksumCalculation: 'WHEN_REQUIRED',
      ...(endpoint ? { endpoint, forcePathStyle: true } : {}),
    });
    const bucket = new DocumentBucket('docs-bucket', {
      region: 'eu-west-1',
      credentials: () => credentials,
      now: () => at,
      ...(endpoint ? { endpoint } : {}),
    });

    it(`makes the presigned POST field by field as @aws-sdk/s3-presigned-post, ${name}`, async () => {
      vi.useFakeTimers({ now: at, toFake: ['Date'] });
      const key = uploadKey('ACC-1-1', ID);
      const ours = await bucket.uploadForm('pdf', key, redirect);
      const theirs = await createPresignedPost(sdk, {
        Bucket: 'docs-bucket',
        Key: key,
        Fields: { 'Content-Type': 'application/pdf', success_action_redirect: redirect },
        Conditions: [['content-length-range', 1, MAX_DOCUMENT_BYTES]],
        Expires: UPLOAD_EXPIRY_SECONDS,
      });
      expect(ours.url).toBe(theirs.url);
      expect(Object.keys(ours.fields).sort()).toStrictEqual(Object.keys(theirs.fields).sort());
      for (const [field, value] of Object.entries(theirs.fields))
        expect([field, ours.fields[field]]).toStrictEqual([field, value]);
      // The policy itself, decoded: the same conditions in the same order, the same expiry.
      const decode = (policy = '') => JSON.parse(Buffer.from(policy, 'base64').toString('utf8'));
      expect(decode(ours.fields.Policy)).toStrictEqual(decode(theirs.fields.Policy));
    });

    it(`presigns the download link as @aws-sdk/s3-request-presigner, ${name}`, async () => {
      vi.useFakeTimers({ now: at, toFake: ['Date'] });
      const key = `disputes/ACC-1-1/${ID}`;
      const ours = new URL(await bucket.downloadUrl(key, 'document-1.pdf'));
      const theirs = new URL(
        await getSignedUrl(
          sdk,
          new GetObjectCommand({
            Bucket: 'docs-bucket',
            Key: key,
            ResponseContentDisposition: 'attachment; filename="document-1.pdf"',
          }),
          { expiresIn: DOWNLOAD_LINK_SECONDS },
        ),
      );
      expect(`${ours.origin}${ours.pathname}`).toBe(`${theirs.origin}${theirs.pathname}`);
      const params = (url: URL) => Object.fromEntries(url.searchParams);
      expect(params(ours)).toStrictEqual(params(theirs));
    });
  }
});

describe('the documents page', () => {
  const record = {
    caseId: 'ACC-1-1',
    debtor: { locale: 'es-ES' },
    status: 'open',
    dispute: { status: 'open' },
  } as unknown as CaseRecord;

  it('allows the bucket’s origin as a form target, and nothing else more than the other pages', () => {
    const headers = documentsPageHeaders('http://127.0.0.1:4569');
    expect(headers['content-security-policy']).toContain("form-action 'self' http://127.0.0.1:4569;");
    expect(headers['content-security-policy']).not.toContain('unsafe-inline');
    expect(documentsPageHeaders(undefined)['content-security-policy']).toContain("form-action 'self';");
  });

  it('renders each form with its fields before the file, labelled, in the debtor’s language', () => {
    const html = documentsPage({
      view: viewFor(record),
      documents: [],
      forms: { pdf: { url: 'https://b.example/', fields: { key: 'k"<', Policy: 'p' } } },
    });
    expect(html).toContain('<html lang="es">');
    expect(html).toContain('action="https://b.example/"');
    expect(html).toContain('value="k&quot;&lt;"');
    expect(html.indexOf('name="Policy"')).toBeLessThan(html.indexOf('type="file"'));
    expect(html).toContain('<label for="file-pdf">Un documento PDF</label>');
    expect(html).toContain('accept="application/pdf"');
    expect(html).toContain('hasta 10 MB, hasta 5');
  });

  it('says plainly what to fix when a file was refused', () => {
    const html = documentProblemPage({ view: viewFor(record), problem: 'too-large' });
    expect(html).toContain('más de 10 MB');
    expect(html).toContain('href="/case/abc/documents?lang=es"');
  });
});
