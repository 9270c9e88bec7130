import { deflateSync } from 'node:zlib';
import { HELVETICA_BOLD_WIDTHS, HELVETICA_WIDTHS } from './helvetica-widths.ts';

/**
 * A small PDF writer for text and rules (issue 16's statement of account), instead of a PDF library
 * of 370 KB that would take the function past its bundle budget (issue 10): the standard fonts
 * Helvetica and Helvetica-Bold (no font is embedded; every reader has them) in WinAnsi encoding,
 * which covers English and Spanish, £, € and ñ; pages of a fixed size; content streams deflated;
 * the document's title, author and language in its metadata. Coordinates are in points from the
 * top-left corner, as a page is read. Pure: bytes out.
 */
export type PdfFont = 'regular' | 'bold';

export type PdfInfo = { title: string; author: string; language: string };

/** Windows-1252 bytes 128–159 (the rest of 128–255 is Latin-1), by the character each shows. */
const CP1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';
const TO_WIN_ANSI = new Map<string, number>([...CP1252_HIGH].map((char, index) => [char, 128 + index]));

/** The WinAnsi code of a character: spaces Intl writes become plain spaces, a minus a hyphen, the unknown `?`. */
function winAnsiCode(char: string): number {
  const code = char.codePointAt(0) ?? 63;
  if (code === 0x202f || code === 0x2009 || code === 0x2007) return 32;
  if (code === 0x2212) return 45;
  if (code >= 32 && code < 127) return code;
  if (code >= 160 && code <= 255) return code;
  return TO_WIN_ANSI.get(char) ?? 63;
}

const encode = (text: string): number[] => [...text].map(winAnsiCode);

/** A PDF literal string of WinAnsi bytes: backslash and parentheses escaped, the rest as it is. */
function literal(codes: number[]): string {
  let out = '(';
  for (const code of codes) {
    if (code === 40 || code === 41 || code === 92) out += `\\${String.fromCharCode(code)}`;
    else out += String.fromCharCode(code);
  }
  return `${out})`;
}

/** A text string outside content streams (metadata): UTF-16BE with its byte-order mark, in hex. */
function utf16(text: string): string {
  let hex = 'FEFF';
  for (let i = 0; i < text.length; i++) hex += text.charCodeAt(i).toString(16).padStart(4, '0').toUpperCase();
  return `<${hex}>`;
}

const number = (value: number) => String(Math.round(value * 100) / 100);

export class PdfDocument {
  private readonly pages: string[][] = [];
  private current: string[] = [];
  private font: PdfFont = 'regular';
  private size = 10;

  constructor(
    private readonly info: PdfInfo,
    readonly width = 595.28,
    readonly height = 841.89,
  ) {
    this.addPage();
  }

  addPage(): void {
    this.current = [];
    this.pages.push(this.current);
  }

  setFont(font: PdfFont, size = this.size): void {
    this.font = font;
    this.size = size;
  }

  /** The width of `text` in points, in the current font and size. */
  widthOf(text: string): number {
    const widths = this.font === 'bold' ? HELVETICA_BOLD_WIDTHS : HELVETICA_WIDTHS;
    const units = encode(text).reduce((sum, code) => sum + (widths[code - 32] ?? 556), 0);
    return (units * this.size) / 1000;
  }

  /** Text with its baseline at `y`, starting at `x` (or ending there, right-aligned). */
  text(value: string, x: number, y: number, align: 'left' | 'right' = 'left'): void {
    const left = align === 'right' ? x - this.widthOf(value) : x;
    const font = this.font === 'bold' ? 'F2' : 'F1';
    this.current.push(
      `BT /${font} ${number(this.size)} Tf ${number(left)} ${number(this.height - y)} Td ${literal(encode(value))} Tj ET`,
    );
  }

  /** A straight rule. */
  line(x1: number, y1: number, x2: number, y2: number, lineWidth = 0.5): void {
    this.current.push(
      `${number(lineWidth)} w ${number(x1)} ${number(this.height - y1)} m ${number(x2)} ${number(this.height - y2)} l S`,
    );
  }

  /** `text` in lines no wider than `maxWidth`, broken between words (a word too long for a line is cut). */
  split(text: string, maxWidth: number): string[] {
    const lines: string[] = [];
    let line = '';
    for (const word of text.split(/\s+/).filter(Boolean)) {
      const candidate = line ? `${line} ${word}` : word;
      if (this.widthOf(candidate) <= maxWidth) {
        line = candidate;
        continue;
      }
      if (line) lines.push(line);
      line = word;
      while (this.widthOf(line) > maxWidth && line.length > 1) {
        let cut = line.length - 1;
        while (cut > 1 && this.widthOf(line.slice(0, cut)) > maxWidth) cut--;
        lines.push(line.slice(0, cut));
        line = line.slice(cut);
      }
    }
    if (line) lines.push(line);
    return lines;
  }

  /** The document: catalog, page tree, the two fonts, metadata, then each page and its content. */
  output(): Uint8Array {
    const objects: Buffer[] = [];
    const add = (body: Buffer | string) => {
      objects.push(typeof body === 'string' ? Buffer.from(body, 'latin1') : body);
      return objects.length;
    };
    const pageIds = this.pages.map((_, index) => 6 + index * 2);
    add(`<< /Type /Catalog /Pages 2 0 R /Lang ${utf16(this.info.language)} >>`);
    add(`<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${pageIds.length} >>`);
    add('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>');
    add('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>');
    add(
      `<< /Title ${utf16(this.info.title)} /Author ${utf16(this.info.author)} /Creator ${utf16(this.info.author)} >>`,
    );
    for (const [index, content] of this.pages.entries()) {
      const id = pageIds[index] ?? 0;
      add(
        `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${number(this.width)} ${number(this.height)}] ` +
          `/Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents ${id + 1} 0 R >>`,
      );
      const stream = deflateSync(Buffer.from(content.join('\n'), 'latin1'));
      add(
        Buffer.concat([
          Buffer.from(`<< /Length ${stream.length} /Filter /FlateDecode >>\nstream\n`, 'latin1'),
          stream,
          Buffer.from('\nendstream', 'latin1'),
        ]),
      );
    }
    const chunks: Buffer[] = [Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
    let offset = chunks[0]?.length ?? 0;
    const offsets: number[] = [];
    for (const [index, body] of objects.entries()) {
      offsets.push(offset);
      const chunk = Buffer.concat([
        Buffer.from(`${index + 1} 0 obj\n`, 'latin1'),
        body,
        Buffer.from('\nendobj\n', 'latin1'),
      ]);
      chunks.push(chunk);
      offset += chunk.length;
    }
    const xref = [
      'xref',
      `0 ${objects.length + 1}`,
      '0000000000 65535 f ',
      ...offsets.map((at) => `${String(at).padStart(10, '0')} 00000 n `),
      'trailer',
      `<< /Size ${objects.length + 1} /Root 1 0 R /Info 5 0 R >>`,
      'startxref',
      String(offset),
      '%%EOF',
      '',
    ].join('\n');
    chunks.push(Buffer.from(xref, 'latin1'));
    return new Uint8Array(Buffer.concat(chunks));
  }
}
