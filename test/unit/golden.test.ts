import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { renderAll } from '../golden/render-all.ts';

/**
 * The golden record: every email and page as the debtor gets it, byte for byte. Written once from
 * the code before the presentation was restructured (`UPDATE_GOLDEN=1 npx vitest run
 * test/unit/golden.test.ts`); a change here is a change in what debtors receive, and must be one on
 * purpose, in a commit of its own that says why.
 */
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', 'golden', 'record');
/** Recorded files end in `.golden`, so that tools which read source (linters, duplicate finders) pass over them. */
const SUFFIX = '.golden';
const fileOf = (name: string) => join(ROOT, `${name}${SUFFIX}`);
const renderings = renderAll();

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [relative(ROOT, path).slice(0, -SUFFIX.length)];
  });
}

if (process.env.UPDATE_GOLDEN === '1') {
  for (const { name, content } of renderings) {
    mkdirSync(dirname(fileOf(name)), { recursive: true });
    writeFileSync(fileOf(name), content);
  }
}

describe('the golden record', () => {
  it('names every rendering once', () => {
    const names = renderings.map((rendering) => rendering.name);
    expect(new Set(names).size).toBe(names.length);
  });

  it('holds exactly the renderings there are (none missing, none left over)', () => {
    expect(filesUnder(ROOT).sort()).toEqual(renderings.map((rendering) => rendering.name).sort());
  });

  it.each(renderings.map((rendering) => [rendering.name, rendering.content] as const))(
    '%s is byte for byte as recorded',
    (name, content) => {
      expect(content).toBe(readFileSync(fileOf(name), 'utf8'));
    },
  );
});
