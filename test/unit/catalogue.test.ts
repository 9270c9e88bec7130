import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CATALOGUES } from '../../functions/i18n/catalogue.ts';
import { en } from '../../functions/i18n/en.ts';
import { es } from '../../functions/i18n/es.ts';
import { plural } from '../../functions/i18n/plural.ts';
import type { Catalogue } from '../../functions/i18n/types.ts';

/** Every path to a leaf, with what kind of leaf it is: the shape a catalogue has. */
function shape(value: unknown, path = ''): string[] {
  if (typeof value === 'function') return [`${path}: function`];
  if (Array.isArray(value)) return [`${path}: array(${value.length})`];
  if (value && typeof value === 'object')
    return Object.keys(value)
      .sort()
      .flatMap((key) => shape((value as Record<string, unknown>)[key], `${path}.${key}`));
  return [`${path}: ${typeof value}`];
}

// The compiler's half of the check: each language is a whole Catalogue, no more and no less.
type Exactly<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameType: Exactly<typeof en, typeof es> & Exactly<typeof en, Catalogue> = true;

describe('the message catalogues', () => {
  it('give Spanish exactly the keys of English, leaf for leaf', () => {
    expect(sameType).toBe(true);
    expect(shape(es)).toEqual(shape(en));
    expect(Object.keys(CATALOGUES).sort()).toEqual(['en', 'es']);
  });

  it('leave no word empty', () => {
    const empty = (value: unknown, path: string): string[] =>
      typeof value === 'string'
        ? value.trim() || /\.intro\.(plan|hardship)$/.test(path)
          ? []
          : [path]
        : value && typeof value === 'object'
          ? Object.entries(value).flatMap(([key, inner]) => empty(inner, `${path}.${key}`))
          : [];
    expect(empty(en, 'en')).toEqual([]);
    expect(empty(es, 'es')).toEqual([]);
  });

  it('carry no markup: words are text, and the html tag or the plain-text email lays them out', () => {
    const strings = (value: unknown): string[] =>
      typeof value === 'string'
        ? [value]
        : value && typeof value === 'object'
          ? Object.values(value).flatMap(strings)
          : [];
    for (const word of [...strings(en), ...strings(es)]) expect(word).not.toMatch(/[<>]|&\w+;/);
  });

  it('count through each language’s plural rules', () => {
    const forms = { one: 'one', other: 'other' };
    expect([0, 1, 2, 21].map((n) => plural('en', n, forms))).toEqual(['other', 'one', 'other', 'other']);
    expect([0, 1, 2].map((n) => plural('es', n, forms))).toEqual(['other', 'one', 'other']);
    // Spanish has a third category for large round numbers; without a form for it, "other" speaks.
    expect(plural('es', 1_000_000, forms)).toBe('other');
    expect(plural('es', 1_000_000, { ...forms, many: 'many' })).toBe('many');
    expect(en.email.invoiceList(['A'])).toBe('invoice A');
    expect(en.email.invoiceList(['A', 'B', 'C'])).toBe('invoices A, B and C');
    expect(es.email.invoiceList(['A', 'B'])).toBe('las facturas A y B');
    expect(en.plans.remainder(1)).toBe('The last payment is one penny/cent more, so the total is exact.');
    expect(es.plans.remainder(3)).toBe(
      'Los últimos 3 pagos llevan un céntimo más para que el total sea exacto.',
    );
  });

  it('are the only place words live: no presentation module keeps a table per language', () => {
    const root = join(import.meta.dirname, '..', '..', 'functions');
    const modules = [
      ...readdirSync(join(root, 'portal')).map((name) => join(root, 'portal', name)),
      join(root, 'domain', 'emails.ts'),
      join(root, 'domain', 'ar-team.ts'),
    ];
    for (const path of modules) {
      const source = readFileSync(path, 'utf8');
      expect(source, path).not.toMatch(/^\s+(en|es): \{/m);
      expect(source, path).not.toMatch(/=== 1\b/);
      expect(source, path).not.toMatch(/escapeHtml|\be\(/);
    }
  });

  it('import nothing but types from the domain, so words never drag domain code into a bundle', () => {
    const dir = join(import.meta.dirname, '..', '..', 'functions', 'i18n');
    for (const name of readdirSync(dir)) {
      const source = readFileSync(join(dir, name), 'utf8');
      for (const [statement] of source.matchAll(/^import [^;]*?from '([^']+)';/gms)) {
        if (statement.includes("'../domain/")) expect(statement, name).toMatch(/^import type /);
      }
    }
  });
});
