import { execFileSync } from 'node:child_process';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * The architecture, checked (README "Architecture"): the linter's import rules bite where they
 * should, and no module imports itself back through others.
 */
const ROOT = path.resolve(import.meta.dirname, '../..');

/**
 * Lints one probe file with the project's own biome.json, in a scratch folder that mirrors the
 * repository's layout (the rules are scoped by path), so no probe ever lands in the source tree.
 */
const scratch = mkdtempSync(path.join(tmpdir(), 'architecture-'));
copyFileSync(path.join(ROOT, 'biome.json'), path.join(scratch, 'biome.json'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function lint(file: string, source: string): string {
  const probe = path.join(scratch, file);
  mkdirSync(path.dirname(probe), { recursive: true });
  writeFileSync(probe, source);
  try {
    execFileSync(path.join(ROOT, 'node_modules/.bin/biome'), ['lint', '--vcs-enabled=false', file], {
      cwd: scratch,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return '';
  } catch (error) {
    const { stdout, stderr } = error as { stdout: string; stderr: string };
    return `${stdout}${stderr}`;
  } finally {
    rmSync(probe);
  }
}

const importing = (specifier: string) => `import { x } from '${specifier}';\nexport const y = x;\n`;

describe('the import rules', () => {
  it.each([
    ['functions/domain/probe.ts', '@aws-sdk/client-dynamodb'],
    ['functions/domain/probe.ts', '../adapters/dynamodb/cases.ts'],
    ['functions/domain/probe.ts', '../use-cases/open-case.ts'],
    ['functions/domain/probe.ts', '../handlers/portal-actions.ts'],
    ['functions/contract/probe.ts', '@aws-sdk/client-eventbridge'],
    ['functions/views/probe.ts', '../shared/config.ts'],
    ['functions/ports/probe.ts', '../adapters/dynamodb/cases.ts'],
    ['functions/use-cases/probe.ts', '@aws-sdk/client-sfn'],
    ['functions/use-cases/probe.ts', '../adapters/sfn/workflow.ts'],
    ['functions/use-cases/probe.ts', '../handlers/open-case.ts'],
    ['functions/portal/probe.ts', '../use-cases/debtor-action.ts'],
    ['functions/adapters/probe.ts', '../use-cases/open-case.ts'],
    ['functions/handlers/probe.ts', '../../local/runtime/index.ts'],
    ['functions/handlers/probe.ts', '../../lib/functions.ts'],
    ['lib/probe.ts', '../local/runtime/index.ts'],
    ['lib/probe.ts', '../functions/handlers/portal-actions.ts'],
    // cognito-local pulls the end-of-support AWS SDK v2: the local runtime's stand-in, never a function's.
    ['functions/handlers/probe.ts', 'cognito-local'],
    ['functions/adapters/probe.ts', 'cognito-local'],
    ['functions/adapters/probe.ts', 'aws-sdk'],
    ['functions/staff/probe.ts', '../adapters/dynamodb/cases.ts'],
    ['functions/staff/probe.ts', '../use-cases/staff-action.ts'],
    ['functions/staff/probe.ts', '@aws-sdk/client-dynamodb'],
  ])('refuse %s importing %s', (file, specifier) => {
    expect(lint(file, importing(specifier))).toContain('lint/style/noRestrictedImports');
  });

  it.each([
    ['functions/domain/probe.ts', './money.ts'],
    ['functions/use-cases/probe.ts', '../ports/case-store.ts'],
    ['functions/adapters/probe.ts', '@aws-sdk/client-dynamodb'],
    ['functions/handlers/probe.ts', '../use-cases/open-case.ts'],
    ['lib/probe.ts', '../functions/contract/environment.ts'],
    ['local/probe.ts', '../functions/handlers/portal-actions.ts'],
    ['functions/staff/probe.ts', '../domain/staff.ts'],
    ['local/probe.ts', 'cognito-local'],
  ])('allow %s importing %s', (file, specifier) => {
    expect(lint(file, importing(specifier))).not.toContain('noRestrictedImports');
  });
});

/** Every .ts file under the folders that make up the system and its local runtime. */
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) return sources(file);
    return file.endsWith('.ts') ? [file] : [];
  });
}

/** The relative imports of a file (static, dynamic and type-only alike), resolved to files. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const found = [...text.matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)];
  return found.map((match) => path.resolve(path.dirname(file), match[1] as string));
}

/** Tarjan's strongly connected components; a component of more than one file is a cycle. */
function cycles(graph: Map<string, string[]>): string[][] {
  let index = 0;
  const indices = new Map<string, number>();
  const lowlinks = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const found: string[][] = [];
  const visit = (node: string) => {
    indices.set(node, index);
    lowlinks.set(node, index);
    index += 1;
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!graph.has(next)) continue;
      if (!indices.has(next)) {
        visit(next);
        lowlinks.set(node, Math.min(lowlinks.get(node) as number, lowlinks.get(next) as number));
      } else if (onStack.has(next)) {
        lowlinks.set(node, Math.min(lowlinks.get(node) as number, indices.get(next) as number));
      }
    }
    if (lowlinks.get(node) === indices.get(node)) {
      const component: string[] = [];
      let member: string | undefined;
      do {
        member = stack.pop() as string;
        onStack.delete(member);
        component.push(path.relative(ROOT, member));
      } while (member !== node);
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const node of graph.keys()) if (!indices.has(node)) visit(node);
  return found;
}

describe('the import graph', () => {
  const files = ['functions', 'lib', 'bin', 'local', 'build'].flatMap((dir) => sources(path.join(ROOT, dir)));
  const graph = new Map(files.map((file) => [file, importsOf(file)]));

  it('reads the imports it checks (a sanity check of the reader)', () => {
    const portal = graph.get(path.join(ROOT, 'functions/handlers/portal-actions.ts')) ?? [];
    expect(portal.length).toBeGreaterThan(5);
    expect(
      cycles(
        new Map([
          ['a', ['b']],
          ['b', ['a']],
        ]),
      ),
    ).toEqual([['a', 'b']]);
  });

  it('has no cycles', () => {
    expect(cycles(graph)).toEqual([]);
  });
});
