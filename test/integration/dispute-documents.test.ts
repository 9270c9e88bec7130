import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { keys } from '../../functions/contract/table.ts';
import type { CaseRecord } from '../../functions/domain/case.ts';
import { MAX_DOCUMENT_BYTES } from '../../functions/domain/documents.ts';
import { LOCAL_DOCUMENTS_BUCKET } from '../../local/runtime/index.ts';
import { confirmation, eventually, submitForm, useTestRuntime } from '../support/local-runtime.ts';

// A policy day lasts 1 s; the dispute's review window (policy days) outlasts every test here.
const runtime = useTestRuntime(1);
const local = { region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } };
let s3: S3Client | undefined;
let table: DynamoDBDocumentClient | undefined;
afterAll(() => {
  s3?.destroy();
  table?.destroy();
});
const bucket = () => {
  s3 ??= new S3Client({ endpoint: runtime().endpoints.s3, ...local });
  return s3;
};
const db = () => {
  table ??= DynamoDBDocumentClient.from(
    new DynamoDBClient({ endpoint: runtime().endpoints.dynamodb, ...local }),
  );
  return table;
};

const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.alloc(32, 1),
]);

type Form = { action: string; fields: [string, string][]; accept: string };

/** The upload forms of a documents page, as a browser sees them (hidden fields in document order). */
function uploadForms(html: string): Form[] {
  return [
    ...html.matchAll(
      /<form method="post" enctype="multipart\/form-data" action="([^"]+)">([\s\S]*?)<\/form>/g,
    ),
  ].map(([, action = '', body = '']) => ({
    action: htmlText(action),
    fields: [...body.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map(
      ([, name = '', value = '']) => [htmlText(name), htmlText(value)] as [string, string],
    ),
    accept: /accept="([^"]+)"/.exec(body)?.[1] ?? '',
  }));
}
const htmlText = (text: string) =>
  text
    .replaceAll('&quot;', '"')
    .replaceAll('&#39;', "'")
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&amp;', '&');

/** Posts a file with a form's fields exactly as a browser does (multipart, the file last), not following redirects. */
async function upload(form: Form, file: Buffer, fileName: string, override: Record<string, string> = {}) {
  const body = new FormData();
  for (const [name, value] of form.fields) body.append(name, override[name] ?? value);
  body.append('file', new Blob([file], { type: form.accept }), fileName);
  return fetch(form.action, { method: 'POST', body, redirect: 'manual' });
}

/** Follows the redirects from S3 back through the portal, and returns the last response. */
async function follow(response: Response): Promise<Response> {
  let current = response;
  while (current.status === 303) {
    current = await fetch(new URL(current.headers.get('location') ?? '', current.url), {
      redirect: 'manual',
    });
  }
  return current;
}

async function documentsPage(link: string) {
  const page = await fetch(`${link}/documents`);
  expect(page.status).toBe(200);
  return { html: await page.text(), csp: page.headers.get('content-security-policy') ?? '' };
}

async function disputed(accountId: string): Promise<string> {
  const link = await runtime().caseWithReminder(accountId, `${accountId.toLowerCase()}@example.com`);
  const done = await confirmation(await submitForm(link, 'dispute', { reason: 'already-paid' }));
  expect(done).toContain(`href="${new URL(link).pathname}/documents?lang=en"`);
  return link;
}

const caseItem = async (caseId: string) =>
  (
    await db().send(
      new GetCommand({
        TableName: runtime().endpoints.tableName,
        Key: keys.case(caseId),
        ConsistentRead: true,
      }),
    )
  ).Item as CaseRecord | undefined;

const exists = async (key: string) =>
  bucket()
    .send(new HeadObjectCommand({ Bucket: LOCAL_DOCUMENTS_BUCKET, Key: key }))
    .then(() => true)
    .catch(() => false);

describe('dispute documents', () => {
  it('a PDF posted straight to the local bucket is checked, kept, recorded once and linked from the case', async () => {
    const link = await disputed('ACC-DOCS');
    const { html, csp } = await documentsPage(link);
    const forms = uploadForms(html);
    expect(forms.map((form) => form.accept)).toStrictEqual(['application/pdf', 'image/jpeg', 'image/png']);
    const pdfForm = forms[0] as Form;
    expect(new URL(pdfForm.action).origin).toBe(runtime().endpoints.s3);
    expect(csp).toContain(`form-action 'self' ${runtime().endpoints.s3};`);
    const uploadKey = pdfForm.fields.find(([name]) => name === 'key')?.[1] ?? '';
    expect(uploadKey).toMatch(/^disputes\/incoming\/ACC-DOCS-1\/[0-9a-f-]{36}$/);

    const posted = await upload(pdfForm, PDF, 'receipt.pdf');
    expect(posted.status).toBe(303);
    const back = new URL(posted.headers.get('location') ?? '');
    expect(back.pathname).toBe(`${new URL(link).pathname}/documents`);
    expect(back.searchParams.get('key')).toBe(uploadKey);
    // The redirect, reloaded, changes nothing.
    const redirect = await fetch(back, { redirect: 'manual' });
    expect(redirect.status).toBe(303);
    expect((await fetch(back, { redirect: 'manual' })).status).toBe(303);
    const shown = await follow(redirect);
    expect(shown.status).toBe(200);
    const page = await shown.text();
    expect(page).toContain('we have added your document');
    expect(page).toMatch(/document-1\.pdf \(PDF, 0\.1 MB\)/);

    const record = await caseItem('ACC-DOCS-1');
    expect(record?.disputeDocuments).toHaveLength(1);
    const document = record?.disputeDocuments?.[0];
    expect(document).toMatchObject({
      contentType: 'application/pdf',
      size: PDF.length,
      displayName: 'document-1.pdf',
    });
    expect(document?.key).toBe(`disputes/ACC-DOCS-1/${uploadKey.split('/').at(-1)}`);
    expect(await exists(document?.key ?? '')).toBe(true);
    expect(await exists(uploadKey)).toBe(false);

    const entries = (
      await db().send(
        new QueryCommand({
          TableName: runtime().endpoints.tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: { ':pk': 'CASE#ACC-DOCS-1', ':prefix': 'TIMELINE#' },
          ConsistentRead: true,
        }),
      )
    ).Items?.filter((item) => item.type === 'DocumentAdded');
    expect(entries).toEqual([
      expect.objectContaining({ data: expect.objectContaining({ key: document?.key, size: PDF.length }) }),
    ]);
    // The AR team's notice is a follow-up the outbox's carrier publishes a moment later.
    const notices = await eventually('the AR team’s notice of the document', async () => {
      const published = runtime()
        .sns.messages()
        .filter((message) => message.messageAttributes.event?.StringValue === 'DocumentAdded');
      return published.length > 0 && published;
    });
    expect(notices).toHaveLength(1);
    expect(notices[0]?.message).toContain(`Key: ${document?.key}`);

    // The download link works, and saves under the safe name.
    const download = /<a href="([^"]+)" rel="noreferrer">Download/.exec(page)?.[1] ?? '';
    const file = await fetch(htmlText(download));
    expect(file.status).toBe(200);
    expect(Buffer.from(await file.arrayBuffer())).toStrictEqual(PDF);

    // The account page links to the documents.
    expect(await (await fetch(link)).text()).toContain('Your dispute documents (1 of 5)');
  }, 30_000);

  it('deletes a file whose content is not its type, and says plainly what to send instead', async () => {
    const link = await disputed('ACC-DOCS-FAKE');
    const [pdfForm] = uploadForms((await documentsPage(link)).html) as [Form];
    const key = pdfForm.fields.find(([name]) => name === 'key')?.[1] ?? '';
    const posted = await upload(pdfForm, Buffer.from('Just some text, not a PDF at all.'), 'notes.pdf');
    expect(posted.status).toBe(303);
    const refused = await follow(posted);
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('The file is not the type of the form you used');
    expect(await exists(key)).toBe(false);
    expect((await caseItem('ACC-DOCS-FAKE-1'))?.disputeDocuments).toBeUndefined();
  }, 30_000);

  it('the bucket itself refuses an over-size file, a changed Content-Type, and a tampered key', async () => {
    const link = await disputed('ACC-DOCS-POLICY');
    const [pdfForm, , pngForm] = uploadForms((await documentsPage(link)).html) as [Form, Form, Form];
    const tooLarge = Buffer.alloc(MAX_DOCUMENT_BYTES + 1, 0x20);
    PDF.copy(tooLarge);
    const big = await upload(pdfForm, tooLarge, 'big.pdf');
    expect(big.status).toBe(400);
    expect(await big.text()).toContain('<Code>EntityTooLarge</Code>');

    const svg = await upload(pngForm, Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'), 'x.svg', {
      'Content-Type': 'image/svg+xml',
    });
    expect(svg.status).toBe(403);
    expect(await svg.text()).toContain('<Code>AccessDenied</Code>');

    const elsewhere = await upload(pdfForm, PDF, 'r.pdf', { key: 'disputes/ACC-OTHER-1/mine.pdf' });
    expect(elsewhere.status).toBe(403);
    expect(await exists('disputes/ACC-OTHER-1/mine.pdf')).toBe(false);
    expect(await exists(pdfForm.fields.find(([name]) => name === 'key')?.[1] ?? '')).toBe(false);
  }, 30_000);

  it('takes five documents and deletes a sixth with a clear message', async () => {
    const link = await disputed('ACC-DOCS-MANY');
    for (let n = 1; n <= 4; n++) {
      const [, , pngForm] = uploadForms((await documentsPage(link)).html) as [Form, Form, Form];
      expect((await follow(await upload(pngForm, PNG, `shot-${n}.png`))).status).toBe(200);
    }
    // Two pages opened before the fifth upload: the second one's form would make a sixth.
    const [firstPdf] = uploadForms((await documentsPage(link)).html) as [Form];
    const [secondPdf] = uploadForms((await documentsPage(link)).html) as [Form];
    expect((await follow(await upload(firstPdf, PDF, 'fifth.pdf'))).status).toBe(200);
    const sixth = await follow(await upload(secondPdf, PDF, 'sixth.pdf'));
    expect(sixth.status).toBe(409);
    expect(await sixth.text()).toContain('You have already sent 5 documents');
    expect(await exists(secondPdf.fields.find(([name]) => name === 'key')?.[1] ?? '')).toBe(false);

    const record = await caseItem('ACC-DOCS-MANY-1');
    expect(record?.disputeDocuments?.map((document) => document.displayName)).toStrictEqual([
      'document-1.png',
      'document-2.png',
      'document-3.png',
      'document-4.png',
      'document-5.pdf',
    ]);
    const { html } = await documentsPage(link);
    expect(uploadForms(html)).toStrictEqual([]);
    expect(html).toContain('You have sent 5 documents, the most we can take');
  }, 40_000);

  it('offers no upload without an open dispute, and refuses a key of another case', async () => {
    const link = await runtime().caseWithReminder('ACC-DOCS-NONE', 'acc-docs-none@example.com');
    const { html } = await documentsPage(link);
    expect(uploadForms(html)).toStrictEqual([]);
    expect(html).toContain('You can add documents while a dispute is open');
    const refused = await fetch(`${link}/documents?uploaded&bucket=b&key=disputes/incoming/ACC-DOCS-1-1/x`);
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('does not belong to this account');
  }, 30_000);
});
