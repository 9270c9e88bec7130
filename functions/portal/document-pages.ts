import type { CaseRecord } from '../domain/case.ts';
import {
  type DisputeDocument,
  DOCUMENT_KIND_NAMES,
  DOCUMENT_KINDS,
  type DocumentKind,
  type DocumentsUnavailable,
  MAX_DOCUMENTS,
  type UploadProblem,
} from '../domain/documents.ts';
import { escapeHtml as e, type Language } from '../domain/language.ts';
import { page, SECURITY_HEADERS } from './layout.ts';
import { chromeFor, hrefTo, type PortalView } from './view.ts';

/**
 * The dispute documents page and its messages, pure. Each upload form posts one file straight to
 * the documents bucket (a presigned POST), which sends the browser back here to have it checked.
 */
export type DocumentProblem = UploadProblem | DocumentsUnavailable | 'not-found' | 'not-this-case';

type Words = {
  title: string;
  link: (count: number) => string;
  intro: string;
  limits: string;
  yours: string;
  none: string;
  download: string;
  added: string;
  forms: Record<DocumentKind, { label: string; hint: string; send: string }>;
  kinds: Record<DocumentKind, string>;
  unavailable: Record<DocumentsUnavailable, string>;
  problemTitle: string;
  problems: Record<DocumentProblem, string>;
  tryAgain: string;
  back: string;
};

const WORDS: Record<Language, Words> = {
  en: {
    title: 'Documents for your dispute',
    link: (count) =>
      count ? `Your dispute documents (${count} of ${MAX_DOCUMENTS})` : 'Add a document to your dispute',
    intro:
      'You can send us documents that help our team look into your dispute, such as a receipt, a bank statement or a photo of a letter.',
    limits: `Add a document (PDF or photo, up to 10 MB, up to ${MAX_DOCUMENTS}). Send one file at a time, with the form for its type.`,
    yours: 'Documents you have sent',
    none: 'You have not sent any documents yet.',
    download: 'Download',
    added: 'Thank you: we have added your document to your dispute.',
    forms: {
      pdf: { label: 'A PDF document', hint: 'A file ending in .pdf, up to 10 MB.', send: 'Send this PDF' },
      jpeg: {
        label: 'A photo (JPEG)',
        hint: 'A photo from your phone or camera, ending in .jpg or .jpeg, up to 10 MB.',
        send: 'Send this photo',
      },
      png: {
        label: 'A screenshot or image (PNG)',
        hint: 'An image ending in .png, up to 10 MB.',
        send: 'Send this image',
      },
    },
    kinds: { pdf: 'PDF', jpeg: 'Photo (JPEG)', png: 'Image (PNG)' },
    unavailable: {
      'case-closed': 'This account is no longer being collected, so no more documents are needed.',
      'no-open-dispute': 'You can add documents while a dispute is open. To start one, use “Dispute this”.',
      'limit-reached': `You have sent ${MAX_DOCUMENTS} documents, the most we can take. If you need to send more, reply to our email.`,
    },
    problemTitle: 'We could not add that file',
    problems: {
      empty: 'The file was empty. Choose the file again and send it.',
      'too-large':
        'The file is larger than 10 MB. Send a smaller file, for example a photo taken at a lower size.',
      'wrong-type': 'We can take PDF documents and JPEG or PNG images only.',
      'content-mismatch':
        'The file is not the type of the form you used. Send a PDF with the PDF form, a .jpg photo with the photo form and a .png image with the image form.',
      'case-closed': 'This account is no longer being collected, so the file was not added.',
      'no-open-dispute': 'Your dispute is no longer open, so the file was not added.',
      'limit-reached': `You have already sent ${MAX_DOCUMENTS} documents, the most we can take, so this one was not added.`,
      'not-found':
        'We could not find the file you sent. The form may have expired: open the documents page again and send it once more.',
      'not-this-case':
        'That file does not belong to this account. Open the documents page again and send it there.',
    },
    tryAgain: 'Back to your documents',
    back: 'Back to your account',
  },
  es: {
    title: 'Documentos de su reclamación',
    link: (count) =>
      count
        ? `Los documentos de su reclamación (${count} de ${MAX_DOCUMENTS})`
        : 'Añadir un documento a su reclamación',
    intro:
      'Puede enviarnos documentos que ayuden a nuestro equipo a revisar su reclamación, como un recibo, un extracto bancario o la foto de una carta.',
    limits: `Añada un documento (PDF o foto, hasta 10 MB, hasta ${MAX_DOCUMENTS}). Envíe un archivo cada vez, con el formulario de su tipo.`,
    yours: 'Documentos que ha enviado',
    none: 'Todavía no ha enviado ningún documento.',
    download: 'Descargar',
    added: 'Gracias: hemos añadido su documento a su reclamación.',
    forms: {
      pdf: {
        label: 'Un documento PDF',
        hint: 'Un archivo que termine en .pdf, de hasta 10 MB.',
        send: 'Enviar este PDF',
      },
      jpeg: {
        label: 'Una foto (JPEG)',
        hint: 'Una foto de su teléfono o cámara, que termine en .jpg o .jpeg, de hasta 10 MB.',
        send: 'Enviar esta foto',
      },
      png: {
        label: 'Una captura de pantalla o imagen (PNG)',
        hint: 'Una imagen que termine en .png, de hasta 10 MB.',
        send: 'Enviar esta imagen',
      },
    },
    kinds: { pdf: 'PDF', jpeg: 'Foto (JPEG)', png: 'Imagen (PNG)' },
    unavailable: {
      'case-closed': 'Ya no se reclama esta cuenta, así que no hacen falta más documentos.',
      'no-open-dispute':
        'Puede añadir documentos mientras haya una reclamación abierta. Para abrir una, use «Reclamar esta factura».',
      'limit-reached': `Ha enviado ${MAX_DOCUMENTS} documentos, el máximo que podemos recibir. Si necesita enviar más, responda a nuestro correo.`,
    },
    problemTitle: 'No hemos podido añadir ese archivo',
    problems: {
      empty: 'El archivo estaba vacío. Elija de nuevo el archivo y envíelo.',
      'too-large':
        'El archivo ocupa más de 10 MB. Envíe un archivo más pequeño; por ejemplo, una foto de menor tamaño.',
      'wrong-type': 'Solo podemos recibir documentos PDF e imágenes JPEG o PNG.',
      'content-mismatch':
        'El archivo no es del tipo del formulario que usó. Envíe un PDF con el formulario de PDF, una foto .jpg con el de fotos y una imagen .png con el de imágenes.',
      'case-closed': 'Ya no se reclama esta cuenta, así que el archivo no se ha añadido.',
      'no-open-dispute': 'Su reclamación ya no está abierta, así que el archivo no se ha añadido.',
      'limit-reached': `Ya ha enviado ${MAX_DOCUMENTS} documentos, el máximo que podemos recibir, así que este no se ha añadido.`,
      'not-found':
        'No encontramos el archivo que envió. Puede que el formulario haya caducado: abra de nuevo la página de documentos y envíelo otra vez.',
      'not-this-case':
        'Ese archivo no pertenece a esta cuenta. Abra de nuevo la página de documentos y envíelo desde allí.',
    },
    tryAgain: 'Volver a sus documentos',
    back: 'Volver a su cuenta',
  },
};

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

function uploadForm(w: Words, kind: DocumentKind, form: UploadFormFields): string {
  const id = `file-${kind}`;
  const hidden = Object.entries(form.fields)
    .map(([name, value]) => `<input type="hidden" name="${e(name)}" value="${e(value)}">`)
    .join('\n');
  // S3 reads the fields before the file: the file input comes last.
  return `<form method="post" enctype="multipart/form-data" action="${e(form.url)}">
${hidden}
<p><label for="${id}">${w.forms[kind].label}</label></p>
<p class="note" id="${id}-hint">${e(w.forms[kind].hint)}</p>
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
  const w = WORDS[language];
  const items = input.documents.map(({ document, url }) => {
    const kind = kindOfType(document.contentType);
    return `<li>${e(document.displayName)} (${kind ? w.kinds[kind] : e(document.contentType)}, ${e(megabytes(document.size, locale))}) <a href="${e(url)}" rel="noreferrer">${w.download}<span class="note"> ${e(document.displayName)}</span></a></li>`;
  });
  const list = items.length ? `<ul class="documents">\n${items.join('\n')}\n</ul>` : `<p>${w.none}</p>`;
  const forms = input.forms
    ? DOCUMENT_KIND_NAMES.flatMap((kind) => {
        const form = input.forms?.[kind];
        return form ? [uploadForm(w, kind, form)] : [];
      }).join('\n')
    : '';
  const adding = input.unavailable
    ? `<p>${e(w.unavailable[input.unavailable])}</p>`
    : `<p>${e(w.limits)}</p>\n${forms}`;
  return page(
    language,
    w.title,
    `<h1>${w.title}</h1>
${input.added ? `<p role="status">${w.added}</p>` : ''}
<p>${e(w.intro)}</p>
<h2>${w.yours}</h2>
${list}
${adding}
<p><a href="${e(hrefTo(view))}">${w.back}</a></p>`,
    chromeFor(view),
  );
}

/** What went wrong with an upload, in plain words, and the way back to try again. */
export function documentProblemPage(input: { view: PortalView; problem: DocumentProblem }): string {
  const { view } = input;
  const { language } = view;
  const w = WORDS[language];
  return page(
    language,
    w.problemTitle,
    `<h1>${w.problemTitle}</h1>
<p role="alert">${e(w.problems[input.problem])}</p>
<p><a href="${e(documentsHref(view))}">${w.tryAgain}</a></p>
<p><a href="${e(hrefTo(view))}">${w.back}</a></p>`,
    chromeFor(view),
  );
}

/**
 * The link to the documents page, for the account page and the dispute confirmation: while a
 * dispute is open, or once there are documents to see. Empty otherwise.
 */
export function documentsLink(record: CaseRecord, view: PortalView): string {
  const count = record.disputeDocuments?.length ?? 0;
  if (record.dispute?.status !== 'open' && count === 0) return '';
  const w = WORDS[view.language];
  return `<p><a href="${e(documentsHref(view))}">${e(w.link(count))}</a></p>`;
}
