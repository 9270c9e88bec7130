/**
 * HTML that is safe by default: every page and the HTML part of every email is written with the
 * `html` tagged template, which escapes each interpolation unless it is already `SafeHtml`.
 *
 * Why a tag of our own and not a library. The candidates were JSX-to-string renderers (Preact's
 * render-to-string, hono/jsx, @kitajs/html) and tagged-template libraries (lit-html's server
 * renderer, htm). A JSX renderer decides the whitespace and the attribute quoting itself, so the
 * emails could not stay byte for byte what they were (issue 10 forbids that); it needs a compiler
 * setting for every file that uses it and, for Preact, a runtime of 10 to 20 KB in a portal bundle
 * that has to stay under 400 KB. lit's server renderer is built for hydration markers and streams.
 * What the pages need is small: escape the five characters that matter in text and in quoted
 * attribute values, join lists, and let a trusted constant through on purpose. That is this module,
 * under a hundred lines with no dependency, and its type makes the safe path the easy one: a
 * `SafeHtml` can only come from the tag, from `join`, or from `raw`, which says what it does.
 *
 * Rules: interpolate strings and numbers freely (they are escaped); nest `html` fragments and arrays
 * of them (not escaped twice); anything else (undefined, null, booleans, objects) is a mistake and
 * throws, so a missing word cannot silently print "undefined". `raw` is for constants the code owns
 * (the inline stylesheet the CSP allows by hash) and for HTML another renderer here already made.
 */

export class SafeHtml {
  readonly #text: string;
  private constructor(text: string) {
    this.#text = text;
  }
  /** Only this module makes SafeHtml: through the tag, `join` or `raw`. */
  static fromTrusted(text: string): SafeHtml {
    return new SafeHtml(text);
  }
  toString(): string {
    return this.#text;
  }
}

/** What may stand in `${…}`: text and numbers (escaped), SafeHtml, and lists of these. */
export type Interpolation = SafeHtml | string | number | readonly Interpolation[];

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text made safe for HTML text and for a quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ESCAPES[char] ?? char);
}

function render(value: Interpolation): string {
  if (value instanceof SafeHtml) return value.toString();
  if (typeof value === 'string') return escapeHtml(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`html: cannot write the number ${value}`);
    return String(value);
  }
  if (Array.isArray(value)) return value.map(render).join('');
  throw new TypeError(`html: cannot write ${value === null ? 'null' : typeof value}; pass text or html`);
}

/** The tag: `html\`<p>${text}</p>\`` escapes `text`; fragments made by the tag pass through as they are. */
export function html(strings: TemplateStringsArray, ...values: readonly Interpolation[]): SafeHtml {
  let out = strings[0] ?? '';
  values.forEach((value, index) => {
    out += render(value) + (strings[index + 1] ?? '');
  });
  return SafeHtml.fromTrusted(out);
}

/** Items joined by a separator (a line break by default), each escaped unless already SafeHtml. */
export function join(items: readonly Interpolation[], separator: SafeHtml | string = '\n'): SafeHtml {
  return SafeHtml.fromTrusted(items.map(render).join(render(separator)));
}

/**
 * HTML the code vouches for, written as it is: a constant of ours, or markup another renderer in this
 * codebase made and handed on as a string (the portal handler still passes page parts as strings).
 * Never for anything a debtor, the billing system or a URL supplied.
 */
export function raw(trusted: string): SafeHtml {
  return SafeHtml.fromTrusted(trusted);
}

/** Nothing: for the empty branch of a condition. */
export const EMPTY: SafeHtml = SafeHtml.fromTrusted('');
