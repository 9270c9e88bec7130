import { runOps } from './ops/cli.ts';

/** `npm run ops -- <command>`: see bin/ops/cli.ts (HELP) and docs/operations.md. */
process.exitCode = await runOps(process.argv.slice(2), {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
});
// An SDK client's keep-alive sockets must not hold the process once the answer is out.
setTimeout(() => process.exit(), 2000).unref();
