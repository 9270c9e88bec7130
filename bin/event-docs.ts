import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { EVENTS_DOC_PATH, renderEventDocs } from '../lib/event-docs.ts';

/** `npm run docs:events`: writes docs/events.md from the event schemas. */
const rootDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const target = path.join(rootDir, EVENTS_DOC_PATH);
mkdirSync(path.dirname(target), { recursive: true });
writeFileSync(target, renderEventDocs());
console.log(`Wrote ${EVENTS_DOC_PATH}`);
