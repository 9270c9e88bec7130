import { describe, expect, it } from 'vitest';
import {
  EMPTY,
  escapeHtml,
  html,
  type Interpolation,
  join,
  raw,
  SafeHtml,
} from '../../functions/views/html.ts';

describe('the html tag', () => {
  it('escapes every interpolated string: markup, both quotes and ampersands', () => {
    const text = `<script>alert("x")</script> & 'y'`;
    expect(html`<p title="${text}">${text}</p>`.toString()).toBe(
      '<p title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;</p>',
    );
  });

  it('writes the template itself as it is, and numbers as numbers', () => {
    expect(html`<td style="a:b;c:d">${42}</td>\n`.toString()).toBe('<td style="a:b;c:d">42</td>\n');
    expect(html`${0}${-1.5}`.toString()).toBe('0-1.5');
  });

  it('escapes once: a fragment made by the tag passes through untouched', () => {
    const inner = html`<b>${'&'}</b>`;
    expect(html`<p>${inner}</p>`.toString()).toBe('<p><b>&amp;</b></p>');
  });

  it('joins arrays, escaping each string in them', () => {
    expect(html`<ul>${['<a>', html`<li>x</li>`]}</ul>`.toString()).toBe('<ul>&lt;a&gt;<li>x</li></ul>');
    expect(join([html`<li>1</li>`, '<2>']).toString()).toBe('<li>1</li>\n&lt;2&gt;');
    expect(join(['a', 'b'], html`<br>`).toString()).toBe('a<br>b');
    expect(join(['a', 'b'], '<hr>').toString()).toBe('a&lt;hr&gt;b');
    expect(join([]).toString()).toBe('');
  });

  it('refuses what is neither text, a number nor html, instead of printing "undefined"', () => {
    const odd = [undefined, null, true, false, {}, { toString: () => '<b>forged</b>' }, Number.NaN, Infinity];
    for (const value of odd)
      expect(() => html`<p>${value as unknown as Interpolation}</p>`).toThrow(TypeError);
    expect(() => join([undefined as unknown as string])).toThrow(TypeError);
  });

  it('lets trusted markup through only when asked by name', () => {
    expect(html`<style>${raw('a>b{c:"d"}')}</style>`.toString()).toBe('<style>a>b{c:"d"}</style>');
    expect(html`${EMPTY}`.toString()).toBe('');
    expect(raw('<i>')).toBeInstanceOf(SafeHtml);
  });

  it('escapeHtml covers the five characters and nothing else', () => {
    expect(escapeHtml(`&<>"'`)).toBe('&amp;&lt;&gt;&quot;&#39;');
    expect(escapeHtml('Señor · ’ € 1/2 =')).toBe('Señor · ’ € 1/2 =');
  });
});
