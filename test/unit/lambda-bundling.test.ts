import { execFile } from 'node:child_process';
import { createHash, createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { EndpointCache as RealEndpointCache } from '@aws-sdk/endpoint-cache';
import { SignatureV4MultiRegion as RealSigner } from '@aws-sdk/signature-v4-multi-region';
import type { SourceData } from '@smithy/types';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EndpointCache as LeanEndpointCache } from '../../build/endpoint-cache.ts';
import { LAMBDA_ALIASES, lambdaEsbuildArgs } from '../../build/lambda-bundling.ts';
import {
  EventStreamSerde,
  eventStreamSerdeProvider,
  resolveEventStreamSerdeConfig,
} from '../../build/no-event-streams.ts';
import { SignatureV4MultiRegion as LeanSigner } from '../../build/sigv4-only.ts';
import { type MimeFixed, mimeMessage } from '../../functions/adapters/ses/mime-message.ts';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(path.join(tmpdir(), 'collections-lambda-bundling-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Clients as the handlers make them: a DynamoDB call (JSON protocol, signed) against ENDPOINT, and an
// S3 client that presigns a download (its configuration resolves event-stream settings).
const ENTRY = `import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
const dynamodb = new DynamoDBClient({ endpoint: process.env.ENDPOINT });
const credentials = await dynamodb.config.credentials();
const got = await dynamodb.send(new GetItemCommand({ TableName: 'collections', Key: { pk: { S: 'CASE#1' } } }));
const url = await getSignedUrl(new S3Client({}), new GetObjectCommand({ Bucket: 'documents', Key: 'a.pdf' }), { expiresIn: 60 });
process.stdout.write(JSON.stringify({
  accessKeyId: credentials.accessKeyId,
  sessionToken: credentials.sessionToken,
  item: got.Item,
  signed: new URL(url).searchParams.get('X-Amz-Credential')?.split('/')[0],
}));`;

/** Answers every request as DynamoDB's GetItem would, and keeps the authorization headers it saw. */
const authorizations: string[] = [];
const dynamodb = createServer((request, response) => {
  authorizations.push(String(request.headers.authorization));
  request.resume().on('end', () => {
    response.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' });
    response.end(JSON.stringify({ Item: { pk: { S: 'CASE#1' }, status: { S: 'open' } } }));
  });
});
beforeAll(() => new Promise<void>((resolve) => dynamodb.listen(0, '127.0.0.1', resolve)));
afterAll(() => new Promise<void>((resolve) => dynamodb.close(() => resolve())));
const endpoint = () => `http://127.0.0.1:${(dynamodb.address() as AddressInfo).port}`;

/** Bundled as the construct bundles a handler, with the Lambda aliases or without. */
async function bundle(alias: Record<string, string>, name: string, entry = ENTRY) {
  const outfile = path.join(dir, `${name}.mjs`);
  const result = await build({
    absWorkingDir: root,
    stdin: { contents: entry, resolveDir: root, loader: 'ts', sourcefile: 'entry.ts' },
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
  /** How many bytes of the output the inputs whose path matches come to. */
  const weightOf = (pattern: RegExp) =>
    Object.values(result.metafile.outputs)
      .flatMap((output) => Object.entries(output.inputs))
      .filter(([input]) => pattern.test(input))
      .reduce((sum, [, input]) => sum + input.bytesInOutput, 0);
  return { outfile, inputs, bytes, weightOf };
}

const LAMBDA_ENV = {
  PATH: process.env.PATH ?? '',
  AWS_REGION: 'eu-west-2',
  AWS_ACCESS_KEY_ID: 'ASIAEXAMPLEFROMENV',
  AWS_SECRET_ACCESS_KEY: 'secret',
  AWS_SESSION_TOKEN: 'session-token',
};

describe('the Lambda bundles’ credentials', () => {
  it('leave out every link of the default chain but the environment, and event streams, and still call AWS', async () => {
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
    expect(full.inputs.some((input) => input.includes('/submodules/event-streams/'))).toBe(true);
    expect(lean.inputs.filter((input) => input.includes('/submodules/event-streams/'))).toEqual([]);
    expect(full.inputs.some((input) => input.includes('mnemonist/'))).toBe(true);
    expect(
      lean.inputs.filter((input) => /mnemonist\/|obliterator\/|@aws-sdk\/endpoint-cache\//.test(input)),
    ).toEqual([]);
    expect(lean.inputs).toContain('build/endpoint-cache.ts');
    // At least the ~90 KiB the brief measured.
    expect(full.bytes - lean.bytes).toBeGreaterThan(90 * 1024);

    authorizations.length = 0;
    const { stdout } = await run(process.execPath, [lean.outfile], {
      env: { ...LAMBDA_ENV, ENDPOINT: endpoint() },
    });
    expect(JSON.parse(stdout)).toEqual({
      accessKeyId: 'ASIAEXAMPLEFROMENV',
      sessionToken: 'session-token',
      item: { pk: { S: 'CASE#1' }, status: { S: 'open' } },
      signed: 'ASIAEXAMPLEFROMENV',
    });
    expect(authorizations).toEqual([
      expect.stringMatching(/^AWS4-HMAC-SHA256 Credential=ASIAEXAMPLEFROMENV\//),
    ]);
  });

  it('fail plainly without credentials in the environment', async () => {
    const { outfile } = await bundle({ ...LAMBDA_ALIASES }, 'lean-no-env');
    const { AWS_ACCESS_KEY_ID: _, AWS_SECRET_ACCESS_KEY: __, ...withoutKeys } = LAMBDA_ENV;
    await expect(
      run(process.execPath, [outfile], { env: { ...withoutKeys, ENDPOINT: endpoint() } }),
    ).rejects.toThrow(/Unable to find environment variable credentials/);
  });

  it('are given to CDK as the esbuild arguments it writes as --alias:<package>=<module>', () => {
    expect(lambdaEsbuildArgs()).toEqual({
      '--alias': [
        '@aws-sdk/credential-provider-node=./build/lambda-credentials.ts',
        '@smithy/core/event-streams=./build/no-event-streams.ts',
        '@aws-sdk/endpoint-cache=./build/endpoint-cache.ts',
        '@aws-sdk/signature-v4-multi-region=./build/sigv4-only.ts',
      ],
    });
  });
});

describe('the endpoint cache of the Lambda bundles', () => {
  // The same cases against the package and the stand-in: same answers.
  for (const [name, Cache] of [
    ['@aws-sdk/endpoint-cache', RealEndpointCache],
    ['build/endpoint-cache.ts', LeanEndpointCache],
  ] as const) {
    it(`${name}: keeps endpoints until they expire, and drops the least recently used beyond its capacity`, () => {
      const cache = new Cache(2);
      expect(cache.has('a')).toBe(false);
      expect(cache.getEndpoint('a')).toBeUndefined();
      cache.set('a', [{ Address: 'a.example', CachePeriodInMinutes: 1 }]);
      cache.set('b', [{ Address: 'b.example', CachePeriodInMinutes: 1 }]);
      expect(cache.getEndpoint('a')).toBe('a.example'); // a is now the most recently used
      cache.set('c', [{ Address: 'c.example', CachePeriodInMinutes: 1 }]);
      expect([cache.has('a'), cache.has('b'), cache.has('c')]).toEqual([true, false, true]);
      cache.delete('a');
      expect([cache.has('a'), cache.get('a')]).toEqual([false, undefined]);
      cache.set('x', [{ Address: 'x.example', CachePeriodInMinutes: 0 }]);
      expect(cache.has('x')).toBe(true);
      expect(cache.get('x')).toBeUndefined(); // expired at once: dropped on read
      expect(cache.has('x')).toBe(false);
      cache.clear();
      expect(cache.has('c')).toBe(false);
    });
  }
});

describe('the SigV4-only signer of the Lambda bundles', () => {
  /** SHA-256 (and its HMAC) as the SDK's Checksum, from node:crypto. */
  const bytes = (data: SourceData) =>
    typeof data === 'string'
      ? Buffer.from(data)
      : ArrayBuffer.isView(data)
        ? Buffer.from(data.buffer, data.byteOffset, data.byteLength)
        : Buffer.from(data);
  class Sha256 {
    private readonly hash;
    constructor(secret?: SourceData) {
      this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', bytes(secret));
    }
    update(data: SourceData) {
      this.hash.update(bytes(data));
    }
    async digest() {
      return new Uint8Array(this.hash.digest());
    }
    reset() {}
  }
  const options = {
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret', sessionToken: 'session' },
    region: 'eu-west-2',
    service: 'events',
    sha256: Sha256,
  };
  const request = () => ({
    method: 'POST',
    protocol: 'https:',
    hostname: 'events.eu-west-2.amazonaws.com',
    path: '/',
    query: {},
    headers: { host: 'events.eu-west-2.amazonaws.com', 'content-type': 'application/x-amz-json-1.1' },
    body: '{"Entries":[]}',
  });
  const signingDate = new Date('2026-12-01T09:30:00Z');
  const express = { accessKeyId: 'AKIDEXPRESS', secretAccessKey: 'express', sessionToken: 's3-session' };

  it('signs, presigns and signs with S3 session credentials exactly as the package does for a region', async () => {
    const [real, lean] = [new RealSigner(options), new LeanSigner(options)];
    expect(await lean.sign(request(), { signingDate })).toEqual(await real.sign(request(), { signingDate }));
    expect(await lean.presign(request(), { signingDate, expiresIn: 60 })).toEqual(
      await real.presign(request(), { signingDate, expiresIn: 60 }),
    );
    expect(await lean.signWithCredentials(request(), express, { signingDate })).toEqual(
      await real.signWithCredentials(request(), express, { signingDate }),
    );
    expect(await lean.presignWithCredentials(request(), express, { signingDate, expiresIn: 60 })).toEqual(
      await real.presignWithCredentials(request(), express, { signingDate, expiresIn: 60 }),
    );
    // The session credentials were used once: the next request is signed with the signer's own again.
    expect(await lean.sign(request(), { signingDate })).toEqual(await real.sign(request(), { signingDate }));
  });

  it('refuses SigV4a (signing region "*") plainly', async () => {
    await expect(new LeanSigner(options).sign(request(), { signingRegion: '*' })).rejects.toThrow(
      /SigV4a .* left out of the Lambda bundles/,
    );
  });
});

describe('the event streams left out of the Lambda bundles', () => {
  it('let a client resolve its configuration, and refuse to read or write a stream', () => {
    const marshaller = eventStreamSerdeProvider({});
    expect(resolveEventStreamSerdeConfig({ eventStreamSerdeProvider }).eventStreamMarshaller).toBe(
      marshaller,
    );
    expect(() => marshaller.deserialize()).toThrow(/left out of the Lambda bundles/);
    expect(() => marshaller.serialize()).toThrow(/left out of the Lambda bundles/);
    expect(() => new EventStreamSerde({})).toThrow(/left out of the Lambda bundles/);
  });
});

describe('nodemailer’s MIME builder in the Lambda bundles', () => {
  // The mailer's message (functions/adapters/ses/mime-message.ts), with what would come from the
  // clock and the random source fixed.
  const email = {
    subject: 'Recordatorio: tiene pendiente 129,50 €',
    text: 'Hola, Zoë:\n\nUna línea larga '.padEnd(200, 'x'),
    html: '<!doctype html><p>Hola, Zoë</p>',
    unsubscribeUrl: 'https://pay.example.com/case/abc.def/stop-emails',
  };
  const fixed: MimeFixed = {
    date: new Date('2026-12-01T09:30:00Z'),
    baseBoundary: 'fixed',
    messageId: '<fixed@example.com>',
  };
  const entry = `import { mimeMessage } from './functions/adapters/ses/mime-message.ts';
const fixed = ${JSON.stringify({ ...fixed, date: fixed.date?.toISOString() })};
const message = await mimeMessage('billing@example.com', 'zoe@example.com', ${JSON.stringify(email)}, { ...fixed, date: new Date(fixed.date) });
process.stdout.write(message.toString('base64'));`;

  it('builds, bundled as the construct bundles, the very message the sources build, and weighs what it did', async () => {
    const lean = await bundle({ ...LAMBDA_ALIASES }, 'mime', entry);
    const { stdout } = await run(process.execPath, [lean.outfile], { env: LAMBDA_ENV });
    const expected = await mimeMessage('billing@example.com', 'zoe@example.com', email, fixed);
    expect(Buffer.from(stdout, 'base64').equals(expected)).toBe(true);
    // The MIME builder alone (mime-node and what it imports), none of nodemailer's transports:
    // 91,141 bytes when measured. Its extension table (mime-funcs/mime-types.js, ~40 KB) and its
    // URL fetch (fetch/*, ~9 KB) are imported by relative paths, which esbuild's aliases cannot
    // reach (it accepts package paths only), so they stay.
    const nodemailer = lean.weightOf(/node_modules\/nodemailer\//);
    expect(nodemailer).toBeGreaterThan(40_000);
    expect(nodemailer).toBeLessThan(95_000);
    expect(
      lean.inputs.filter((input) => /nodemailer\/dist\/esm\/(smtp|ses-transport|mailer|dkim)/.test(input)),
    ).toEqual([]);
  });
});
