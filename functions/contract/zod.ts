/**
 * zod for the functions: `zod/mini` (the same schemas and checks as classic zod, as functions
 * rather than methods, so a bundle carries only the ones it uses: about 15–30 KB instead of 90),
 * with classic zod's English messages, which dead-letter reasons and form errors show. Every module
 * under functions/ imports zod from here, so the messages are configured before any schema parses.
 */
import { config } from 'zod/mini';
import en from 'zod/v4/locales/en.js';

config(en());

// Named re-exports, imported as `import * as z from '.../contract/zod.ts'`: esbuild keeps only what
// a bundle uses (a namespace object exported as a value would carry all of zod/mini and its locales).
export * from 'zod/mini';
