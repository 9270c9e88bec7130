import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { LAMBDA_ALIASES, lambdaEsbuildArgs } from '../../build/lambda-bundling.ts';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(path.join(tmpdir(), 'collections-lambda-bundling-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// A client as the handlers make one; it prints the credentials it would sign with.
const ENTRY = `import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
const client = new DynamoDBClient({});
const credentials = await client.config.credentials();
process.stdout.write(JSON.stringify({ accessKeyId: credentials.accessKeyId, sessionToken: credentials.sessionToken }));`;

/** Bundled as the construct bundles a handler, with the Lambda aliases or without. */
async function bundle(alias: Record<string, string>, name: string) {
  const outfile = path.join(dir, `${name}.mjs`);
  const result = await build({
    absWorkingDir: root,
    stdin: { contents: ENTRY, resolveDir: root, loader: 'ts', sourcefile: 'entry.ts' },
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node24',
    minify: true,
    mainFields: ['module', 'main'],
    banner: {
      js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
    },
    metafile: true,
    logLevel: 'error',
    alias,
  });
  const inputs = Object.keys(result.metafile.inputs);
  const bytes = Object.values(result.metafile.outputs).reduce((sum, output) => sum + output.bytes, 0);
  return { outfile, inputs, bytes };
}

const LAMBDA_ENV = {
  PATH: process.env.PATH ?? '',
  AWS_REGION: 'eu-west-2',
  AWS_ACCESS_KEY_ID: 'ASIAEXAMPLEFROMENV',
  AWS_SECRET_ACCESS_KEY: 'secret',
  AWS_SESSION_TOKEN: 'session-token',
};

describe('the Lambda bundles’ credentials', () => {
  it('leave out every link of the default chain but the environment, and sign with the role’s credentials', async () => {
    const [full, lean] = await Promise.all([bundle({}, 'full'), bundle({ ...LAMBDA_ALIASES }, 'lean')]);
    expect(full.inputs.some((input) => input.includes('@aws-sdk/credential-provider-sso/'))).toBe(true);
    for (const left of [
      'credential-provider-node/',
      'credential-provider-sso/',
      'credential-provider-ini/',
      'nested-clients/',
    ])
      expect(lean.inputs.filter((input) => input.includes(`@aws-sdk/${left}`))).toEqual([]);
    expect(lean.inputs).toContain('build/lambda-credentials.ts');
    // At least the ~90 KiB the brief measured.
    expect(full.bytes - lean.bytes).toBeGreaterThan(90 * 1024);

    const { stdout } = await run(process.execPath, [lean.outfile], { env: LAMBDA_ENV });
    expect(JSON.parse(stdout)).toEqual({ accessKeyId: 'ASIAEXAMPLEFROMENV', sessionToken: 'session-token' });
  });

  it('fail plainly without credentials in the environment', async () => {
    const { outfile } = await bundle({ ...LAMBDA_ALIASES }, 'lean-no-env');
    const { AWS_ACCESS_KEY_ID: _, AWS_SECRET_ACCESS_KEY: __, ...withoutKeys } = LAMBDA_ENV;
    await expect(run(process.execPath, [outfile], { env: withoutKeys })).rejects.toThrow(
      /Unable to find environment variable credentials/,
    );
  });

  it('are given to CDK as the esbuild arguments it writes as --alias:<package>=<module>', () => {
    expect(lambdaEsbuildArgs()).toEqual({
      '--alias': ['@aws-sdk/credential-provider-node=./build/lambda-credentials.ts'],
    });
  });
});
