import { createHmac } from 'node:crypto';
import { request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { BodyTooLargeError, httpServer, listen, readBody } from '../http-server.ts';

/**
 * s3rver stores a browser POST upload without reading its policy (lib/controllers/object.js marks
 * `policy` "unimplemented"): no signature, expiry, key, Content-Type or content-length-range check.
 * This gate sits in front of it and checks a POST upload's policy as S3 does, answering S3's
 * AccessDenied / EntityTooLarge errors; every other request passes through unchanged.
 */
export type PolicyProblem = { status: number; code: string; message: string };

/** Larger bodies are refused before they are read (S3 would answer EntityTooLarge from the policy). */
const MAX_POST_BYTES = 64 * 1024 * 1024;

const hmac = (key: Buffer | string, data: string) => createHmac('sha256', key).update(data).digest();

function signingKey(secretAccessKey: string, date: string, region: string, service: string): Buffer {
  return hmac(hmac(hmac(hmac(`AWS4${secretAccessKey}`, date), region), service), 'aws4_request');
}

const denied = (message: string): PolicyProblem => ({ status: 403, code: 'AccessDenied', message });

/** Fields a POST may carry without a condition (S3's documented exceptions). */
const UNCONDITIONED = new Set(['policy', 'x-amz-signature', 'file']);

/**
 * Checks a POST upload's fields and file size against its signed policy, as S3 does; undefined
 * when S3 would accept it.
 */
export function checkPostPolicy(input: {
  bucket: string;
  fields: Map<string, string>;
  fileSize: number;
  secretAccessKey: string;
  now: Date;
}): PolicyProblem | undefined {
  const field = (name: string) => {
    for (const [key, value] of input.fields) if (key.toLowerCase() === name.toLowerCase()) return value;
    return undefined;
  };
  const encoded = field('policy');
  const signature = field('x-amz-signature');
  const credential = field('x-amz-credential');
  if (!encoded || !signature || !credential) return denied('Policy, signature and credential are required');
  const [, date = '', region = '', service = ''] = credential.split('/');
  const expected = hmac(signingKey(input.secretAccessKey, date, region, service), encoded).toString('hex');
  if (expected !== signature)
    return denied('The request signature we calculated does not match the signature you provided.');
  let policy: { expiration?: string; conditions?: unknown[] };
  try {
    policy = JSON.parse(Buffer.from(encoded, 'base64').toString('utf8'));
  } catch {
    return { status: 400, code: 'InvalidPolicyDocument', message: 'Invalid Policy: Invalid JSON.' };
  }
  if (!policy.expiration || Date.parse(policy.expiration) <= input.now.getTime())
    return denied('Invalid according to Policy: Policy expired.');

  const covered = new Set<string>();
  const submitted = (name: string) => (name === 'bucket' ? input.bucket : (field(name) ?? ''));
  for (const condition of policy.conditions ?? []) {
    const failed = denied(
      `Invalid according to Policy: Policy Condition failed: ${JSON.stringify(condition)}`,
    );
    if (Array.isArray(condition)) {
      const [operator, target, value] = condition as [string, string | number, string | number];
      if (operator === 'content-length-range') {
        if (input.fileSize > Number(value))
          return {
            status: 400,
            code: 'EntityTooLarge',
            message: 'Your proposed upload exceeds the maximum allowed size',
          };
        if (input.fileSize < Number(target))
          return {
            status: 400,
            code: 'EntityTooSmall',
            message: 'Your proposed upload is smaller than the minimum allowed size',
          };
        continue;
      }
      const name = String(target).replace(/^\$/, '').toLowerCase();
      covered.add(name);
      if (operator === 'eq' && submitted(name) !== String(value)) return failed;
      if (operator === 'starts-with' && !submitted(name).startsWith(String(value))) return failed;
      if (operator !== 'eq' && operator !== 'starts-with') return failed;
    } else if (condition && typeof condition === 'object') {
      for (const [name, value] of Object.entries(condition)) {
        covered.add(name.toLowerCase());
        if (submitted(name) !== String(value)) return failed;
      }
    }
  }
  const extra = [...input.fields.keys()].filter(
    (name) =>
      !UNCONDITIONED.has(name.toLowerCase()) &&
      !name.toLowerCase().startsWith('x-ignore-') &&
      !covered.has(name.toLowerCase()),
  );
  if (extra.length) return denied(`Invalid according to Policy: Extra input fields: ${extra.join(', ')}`);
  return undefined;
}

function sendError(response: ServerResponse, problem: PolicyProblem) {
  const body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${problem.code}</Code><Message>${problem.message.replaceAll('&', '&amp;').replaceAll('<', '&lt;')}</Message></Error>`;
  response.writeHead(problem.status, {
    'content-type': 'application/xml',
    'content-length': Buffer.byteLength(body),
  });
  response.end(body);
}

function forward(upstream: URL, request: IncomingMessage, response: ServerResponse, body?: Buffer) {
  return new Promise<void>((resolve, reject) => {
    const outgoing = httpRequest(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: request.method,
        path: request.url,
        // The Host header stays as the client sent it: it is part of what SigV4 signed.
        headers: request.headers,
      },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
        answer.on('end', resolve);
        answer.on('error', reject);
      },
    );
    outgoing.on('error', reject);
    if (body) outgoing.end(body);
    else request.pipe(outgoing);
  });
}

/** A browser POST upload: path-style `/<bucket>` with a multipart body. */
function postUploadBucket(request: IncomingMessage): string | undefined {
  if (request.method !== 'POST') return undefined;
  if (!String(request.headers['content-type'] ?? '').startsWith('multipart/form-data')) return undefined;
  const path = new URL(request.url ?? '/', 'http://local').pathname;
  return /^\/([^/]+)\/?$/.exec(path)?.[1];
}

/** The policy gate in front of s3rver at `upstreamUrl`, on 127.0.0.1. */
export async function startS3PolicyGate(options: { upstreamUrl: string; secretAccessKey: string }) {
  const upstream = new URL(options.upstreamUrl);
  const server = httpServer(async (request, response) => {
    const bucket = postUploadBucket(request);
    if (!bucket) return forward(upstream, request, response);
    let body: Buffer;
    try {
      body = await readBody(request, MAX_POST_BYTES);
    } catch (error) {
      if (error instanceof BodyTooLargeError)
        return sendError(response, { status: 400, code: 'EntityTooLarge', message: error.message });
      throw error;
    }
    const form = await new Request('http://local/', {
      method: 'POST',
      headers: { 'content-type': String(request.headers['content-type']) },
      body,
    }).formData();
    const fields = new Map<string, string>();
    let fileSize = 0;
    for (const [name, value] of form) {
      if (name === 'file') fileSize = typeof value === 'string' ? Buffer.byteLength(value) : value.size;
      else if (typeof value === 'string') fields.set(name, value);
    }
    const problem = checkPostPolicy({
      bucket,
      fields,
      fileSize,
      secretAccessKey: options.secretAccessKey,
      now: new Date(),
    });
    if (problem) return sendError(response, problem);
    return forward(upstream, request, response, body);
  });
  return listen(server);
}
