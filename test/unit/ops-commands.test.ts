import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { COMMANDS, HELP } from '../../bin/ops/cli.ts';

const rootDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Every `npm run ops -- …` a person is told to run: in the alarms, the dashboard, the runbook, the README. */
const SOURCES = [
  'lib/constructs/operations-alarms.ts',
  'lib/constructs/operations-dashboard.ts',
  'docs/operations.md',
  'README.md',
];

function citations(file: string): string[] {
  const text = readFileSync(path.join(rootDir, file), 'utf8');
  return [...text.matchAll(/npm run ops -- ([^`);\n]+)/g)].map((match) => (match[1] as string).trim());
}

describe('the ops commands the alarms and docs cite', () => {
  it.each(SOURCES)('%s cites only commands the CLI has', (file) => {
    for (const cited of citations(file)) {
      // Target and options first (`--stack <name> link-key rotate`), then the command.
      const words = cited
        .replace(/--(stack|region|endpoints) \S+ ?/g, '')
        .replace(/--\w[\w-]* ?/g, '')
        .trim();
      if (words === '' || words === '…' || words.startsWith('<command>') || words.startsWith('[target]'))
        continue;
      expect(
        COMMANDS.some((command) => words === command || words.startsWith(`${command} `)),
        `${file}: npm run ops -- ${cited}`,
      ).toBe(true);
    }
  });

  it('are all in the help, and the alarms cite the ones that act on what they report', () => {
    for (const command of COMMANDS) expect(HELP).toContain(`  ${command}`);
    const alarms = citations('lib/constructs/operations-alarms.ts').join('\n');
    for (const command of [
      'executions failed',
      'executions redrive',
      'dlq list',
      'dlq redrive',
      'outbox list',
      'case',
    ])
      expect(alarms).toContain(command);
  });
});
