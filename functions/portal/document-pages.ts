import type { CaseRecord } from '../domain/case.ts';
import {
  type DisputeDocument,
  DOCUMENT_KIND_NAMES,
  DOCUMENT_KINDS,
  type DocumentKind,
  type DocumentsUnavailable,
  MAX_DOCUMENTS,
} from '../domain/documents.ts';
import type { Language } from '../domain/language.ts';
import { words } from '../i18n/catalogue.ts';
import type { DocumentProblem, DocumentWords } from '../i18n/types.ts';
import { html, join, type SafeHtml } from '../views/html.ts';
import { page, SECURITY_HEADERS } from './layout.ts';
import { chromeFor, hrefTo, type PortalView } from './view.ts';

/**
 * The dispute documents page and its messages, pure. Each upload form posts one file straight to
 * the documents bucket (a presigned POST), which sends the browser back here to have it checked.
 */
export type { DocumentProblem };

const wordsOf = (language: Language) => words(language).documents;
/** A word that states the most documents a dispute may have, with that number. */
const withMax = (text: string | ((max: number) => string)) =>
  typeof text === 'function' ? text(MAX_DOCUMENTS) : text;

/** The documents page of this case, in the view's language (with an optional query, e.g. `added`). */
export const documentsHref = (view: PortalView, query = '') => hrefTo(view, '/documents', query);

/** The page's headers: the portal's, with the bucket's origin added to form-action for the uploads. */
export function documentsPageHeaders(bucketOrigin: string | undefined): Record<string, string> {
  if (!bucketOrigin) return SECURITY_HEADERS;
  const csp = SECURITY_HEADERS['content-security-policy'] ?? '';
  return {
    ...SECURITY_HEADERS,
    'content-security-policy': csp.replace("form-action 'self'", `form-action 'self' ${bucketOrigin}`),
  };
}

const megabytes = (bytes: number, locale: string) =>
  `${new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(Math.max(bytes / 1_048_576, 0.1))} MB`;

const kindOfType = (contentType: string) =>
  DOCUMENT_KIND_NAMES.find((kind) => DOCUMENT_KINDS[kind].contentType === contentType);

export type UploadFormFields = { url: string; fields: Record<string, string> };

function uploadForm(w: DocumentWords, kind: DocumentKind, form: UploadFormFields): SafeHtml {
  const id = `file-${kind}`;
  const hidden = Object.entries(form.fields).map(
    ([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`,
  );
  // S3 reads the fields before the file: the file input comes last.
  return html`<form method="post" enctype="multipart/form-data" action="${form.url}">
${join(hidden)}
<p><label for="${id}">${w.forms[kind].label}</label></p>
<p class="note" id="${id}-hint">${w.forms[kind].hint}</p>
<p><input type="file" id="${id}" name="file" accept="${DOCUMENT_KINDS[kind].contentType}" required aria-describedby="${id}-hint"></p>
<p><button class="button" type="submit">${w.forms[kind].send}</button></p>
</form>`;
}

export function documentsPage(input: {
  view: PortalView;
  /** Each recorded document with a short-lived download link. */
  documents: { document: DisputeDocument; url: string }[];
  /** The upload forms, when the debtor may add a document now. */
  forms?: Partial<Record<DocumentKind, UploadFormFields>>;
  unavailable?: DocumentsUnavailable;
  /** Just added one: say so. */
  added?: boolean;
}): string {
  const { view } = input;
  const { locale, language } = view;
  const w = wordsOf(language);
  const items = input.documents.map(({ document, url }) => {
    const kind = kindOfType(document.contentType);
    return html`<li>${document.displayName} (${kind ? w.kinds[kind] : document.contentType}, ${megabytes(document.size, locale)}) <a href="${url}" rel="noreferrer">${w.download}<span class="note"> ${document.displayName}</span></a></li>`;
  });
  const list = items.length ? html`<ul class="documents">\n${join(items)}\n</ul>` : html`<p>${w.none}</p>`;
  const forms = input.forms
    ? join(
        DOCUMENT_KIND_NAMES.flatMap((kind) => {
          const form = input.forms?.[kind];
          return form ? [uploadForm(w, kind, form)] : [];
        }),
      )
    : '';
  const adding = input.unavailable
    ? html`<p>${withMax(w.unavailable[input.unavailable])}</p>`
    : html`<p>${w.limits(MAX_DOCUMENTS)}</p>\n${forms}`;
  return page(
    language,
    w.title,
    html`<h1>${w.title}</h1>
${input.added ? html`<p role="status">${w.added}</p>` : ''}
<p>${w.intro}</p>
<h2>${w.yours}</h2>
${list}
${adding}
<p><a href="${hrefTo(view)}">${w.back}</a></p>`,
    chromeFor(view),
  );
}

/** What went wrong with an upload, in plain words, and the way back to try again. */
export function documentProblemPage(input: { view: PortalView; problem: DocumentProblem }): string {
  const { view } = input;
  const { language } = view;
  const w = wordsOf(language);
  return page(
    language,
    w.problemTitle,
    html`<h1>${w.problemTitle}</h1>
<p role="alert">${withMax(w.problems[input.problem])}</p>
<p><a href="${documentsHref(view)}">${w.tryAgain}</a></p>
<p><a href="${hrefTo(view)}">${w.back}</a></p>`,
    chromeFor(view),
  );
}

/**
 * The link to the documents page, for the account page and the dispute confirmation: while a
 * dispute is open, or once there are documents to see. Empty otherwise. A string of HTML (the
 * handler joins it to actionLinks'), made with the `html` tag.
 */
export function documentsLink(record: CaseRecord, view: PortalView): string {
  const count = record.disputeDocuments?.length ?? 0;
  if (record.dispute?.status !== 'open' && count === 0) return '';
  const w = wordsOf(view.language);
  return html`<p><a href="${documentsHref(view)}">${w.link(count, MAX_DOCUMENTS)}</a></p>`.toString();
}
