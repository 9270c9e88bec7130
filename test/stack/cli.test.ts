import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../lib/collections-stack.ts';
import { powertoolsLayerParameter, powertoolsVersion } from '../../lib/constructs/powertools-layer.ts';
import { type EnvName, FUNCTIONS, type FunctionSpec } from '../../lib/functions.ts';
import { STACK_NAME, type TemplateJson, type TemplateResource } from './synth.ts';

/**
 * The real thing: `npx cdk synth --no-notices -q` from the repository root, as a user runs it, with
 * no AWS credentials, telemetry and version checks off, and a dead proxy for any network call.
 * It writes to a temporary directory instead of cdk.out, so parallel runs cannot trample each other.
 */
const OUT = mkdtempSync(path.join(tmpdir(), 'collections-synth-'));
const DEAD_PROXY = 'http://127.0.0.1:9';
let result: ReturnType<typeof spawnSync>;
/** The template the CLI wrote (read once, after it ran). */
let template: TemplateJson;

beforeAll(() => {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    CDK_DISABLE_CLI_TELEMETRY: 'true',
    CDK_DISABLE_VERSION_CHECK: 'true',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    HTTP_PROXY: DEAD_PROXY,
    HTTPS_PROXY: DEAD_PROXY,
    http_proxy: DEAD_PROXY,
    https_proxy: DEAD_PROXY,
    npm_config_offline: 'true',
  };
  for (const key of [
    'AWS_ACCESS_KEY_ID',
    'AWS_SECRET_ACCESS_KEY',
    'AWS_SESSION_TOKEN',
    'AWS_PROFILE',
    'NO_PROXY',
    'no_proxy',
  ]) {
    delete env[key];
  }
  result = spawnSync('npx', ['cdk', 'synth', '--no-notices', '-q', '--output', OUT], {
    cwd: PROJECT_ROOT,
    env,
    encoding: 'utf8',
    timeout: 180_000,
  });
  if (result.status === 0)
    template = JSON.parse(
      readFileSync(path.join(OUT, `${STACK_NAME}.template.json`), 'utf8'),
    ) as TemplateJson;
}, 200_000);

afterAll(() => rmSync(OUT, { recursive: true, force: true }));

it('synthesizes offline with the CLI, cdk-nag included', () => {
  expect(result.error).toBeUndefined();
  expect(result.status, `${result.stderr}`).toBe(0);
  expect(existsSync(path.join(OUT, `${STACK_NAME}.template.json`))).toBe(true);
  const report = JSON.parse(readFileSync(path.join(OUT, 'validation-report.json'), 'utf8')) as {
    pluginReports: {
      pluginName: string;
      conclusion: string;
      violations: { ruleName: string; severity: string; violatingConstructs: { constructPath: string }[] }[];
    }[];
  };
  // No cdk-nag finding. With `@aws-cdk/core:annotationsInValidationReport` the report also lists the
  // construct annotations: here exactly the warnings that no senderAddress and no creditor were given.
  expect(
    report.pluginReports.map(({ pluginName, conclusion, violations }) => ({
      pluginName,
      conclusion,
      violations: violations.map((v) => [
        v.ruleName,
        v.severity,
        v.violatingConstructs.map((c) => c.constructPath),
      ]),
    })),
  ).toStrictEqual([
    {
      pluginName: 'Construct Annotations',
      conclusion: 'success',
      violations: [
        ['Annotation::@customer-first-collections/placeholder-sender', 'warning', [STACK_NAME]],
        ['Annotation::@customer-first-collections/placeholder-creditor', 'warning', [STACK_NAME]],
      ],
    },
  ]);
});

it('tags the stack, and so everything CloudFormation can tag, with the application; each resource with its component', () => {
  const manifest = JSON.parse(readFileSync(path.join(OUT, 'manifest.json'), 'utf8')) as {
    artifacts: Record<string, { properties?: { tags?: Record<string, string> } }>;
  };
  expect(manifest.artifacts[STACK_NAME]?.properties?.tags).toStrictEqual({
    application: 'customer-first-collections',
  });
  const bucket = Object.values(template.Resources).find((r) => r.Type === 'AWS::S3::Bucket');
  expect(bucket?.Properties.Tags).toStrictEqual([
    { Key: 'application', Value: 'customer-first-collections' },
    { Key: 'component', Value: 'data' },
  ]);
});

it('bundles every handler as one minified ESM file with its source map, under 3 MB', () => {
  const sizes: Record<string, string> = {};
  for (const spec of Object.values(FUNCTIONS) as FunctionSpec[]) {
    const bundle = path.join(deployed(spec).asset, 'index.mjs');
    const source = readFileSync(bundle, 'utf8');
    expect(
      source.startsWith("import { createRequire as __collectionsCreateRequire } from 'node:module';"),
    ).toBe(true);
    expect(existsSync(`${bundle}.map`)).toBe(true);
    const bytes = statSync(bundle).size;
    expect(bytes).toBeLessThan(3 * 1024 * 1024);
    sizes[spec.id] = `${(bytes / 1024).toFixed(1)} KiB`;
  }
  console.info('Lambda bundle sizes (index.mjs):', sizes);
});

// One Node process per bundle, each loading it: about 15 s on two idle cores, more than the default
// 20 s allows on a busy machine.
it('loads every bundle as an ES module on Node 24 with a handler export (the require banner works)', () => {
  // Plausible values, as the deployed stack sets them; handlers validate their configuration at load.
  const sample: Record<EnvName | 'AWS_REGION', string> = {
    AWS_REGION: 'eu-west-1',
    TABLE_NAME: 'CustomerFirstCollections-CaseTable',
    STATE_MACHINE_ARN: 'arn:aws:states:eu-west-1:123456789012:stateMachine:CollectionsCase',
    EVENT_BUS_NAME: 'collections',
    SENDER_ADDRESS: 'collections@acme.example',
    SES_CONFIGURATION_SET: 'CustomerFirstCollections-emails',
    PORTAL_BASE_URL: 'https://abc123.execute-api.eu-west-1.amazonaws.com',
    LINK_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:LinkSigningSecret-AbCdEf',
    DAY_SECONDS: '86400',
    DELIVERY_SWEEP_AFTER_SECONDS: '30',
    CLOCK_ORIGIN: '2026-01-01T00:00:00Z',
    CLOCK_ORIGIN_POLICY: '2026-01-01T00:00:00Z',
    INVOICE_OVERDUE_DLQ_URL: 'https://sqs.eu-west-1.amazonaws.com/123456789012/invoice-dlq',
    PAYMENT_RECEIVED_DLQ_URL: 'https://sqs.eu-west-1.amazonaws.com/123456789012/payment-dlq',
    CASE_UPDATE_DLQ_URL: 'https://sqs.eu-west-1.amazonaws.com/123456789012/case-update-dlq',
    INVOICE_DUE_SOON_DLQ_URL: 'https://sqs.eu-west-1.amazonaws.com/123456789012/invoice-due-soon-dlq',
    EMAIL_EVENTS_DLQ_URL: 'https://sqs.eu-west-1.amazonaws.com/123456789012/email-events-dlq',
    AR_TEAM_TOPIC_ARN: 'arn:aws:sns:eu-west-1:123456789012:CustomerFirstCollections-ArTeamTopic',
    DOCUMENT_BUCKET_NAME: 'customerfirstcollections-disputedocumentsbucket-abc123',
    STAFF_TOKEN_ISSUER: 'https://cognito-idp.eu-west-2.amazonaws.com/eu-west-2_AbCdEf123',
    STAFF_CLIENT_ID: '1example23456789',
    CREDITOR: JSON.stringify({
      name: 'Acme accounts team',
      email: 'accounts@acme.example',
      phone: '+44 20 7946 0000',
      supportHours: 'Weekdays, 9am to 5pm',
    }),
    SMS_ORIGINATION_IDENTITY:
      'arn:aws:sms-voice:eu-west-1:123456789012:phone-number/phone-1234567890abcdef1234567890abcdef',
    SMS_CONFIGURATION_SET: 'CustomerFirstCollections-texts',
    AGENCIES:
      '[{"agencyId":"northwind-recoveries","name":"Northwind Recoveries","segments":["consumer"],"currencies":["GBP"],"termDays":90,"contact":{"phone":"+44 20 7946 0123"},"reportSecretArn":"arn:aws:secretsmanager:eu-west-1:123456789012:secret:agency-AbCdEf"}]',
  };
  // The Powertools layer (its tracer), as Lambda offers it to a bundle's imports: the installed
  // packages, the layer's version, found from the assets' folder. Without it a bundle that takes the
  // tracer from the layer cannot load, as on a Lambda function missing the layer.
  if (!existsSync(path.join(OUT, 'node_modules')))
    symlinkSync(path.join(PROJECT_ROOT, 'node_modules'), path.join(OUT, 'node_modules'), 'dir');
  for (const spec of Object.values(FUNCTIONS) as FunctionSpec[]) {
    const bundle = path.join(deployed(spec).asset, 'index.mjs');
    const load = spawnSync(
      process.execPath,
      [
        '--enable-source-maps',
        '--input-type=module',
        '-e',
        `const m = await import(${JSON.stringify(bundle)}); console.log(typeof m.handler);`,
      ],
      { env: { PATH: process.env.PATH, ...sample }, encoding: 'utf8', timeout: 30_000 },
    );
    expect([spec.id, load.stdout.trim(), load.stderr]).toStrictEqual([spec.id, 'function', '']);
  }
  expect(process.versions.node.split('.')[0]).toBe('24');
}, 90_000);

/** A function's resource in the template the CLI wrote, and the folder of its bundle (its asset). */
function deployed(spec: FunctionSpec): { resource: TemplateResource | undefined; asset: string } {
  const resource = Object.values(template.Resources).find(
    (r) => r.Metadata?.['aws:cdk:path'] === `${STACK_NAME}/${spec.id}/Function/Resource`,
  );
  return { resource, asset: path.join(OUT, resource?.Metadata?.['aws:asset:path'] as string) };
}

/** A bundle's code and the sources its source map names. */
function bundleOf(spec: FunctionSpec): { code: string; sources: string[] } {
  const { asset } = deployed(spec);
  return {
    code: readFileSync(path.join(asset, 'index.mjs'), 'utf8'),
    sources: (JSON.parse(readFileSync(path.join(asset, 'index.mjs.map'), 'utf8')) as { sources: string[] })
      .sources,
  };
}

it('bundles every handler with the Lambda aliases (build/lambda-bundling.ts)', () => {
  for (const spec of Object.values(FUNCTIONS) as FunctionSpec[]) {
    const { sources } = bundleOf(spec);
    expect([spec.id, sources.some((source) => source.endsWith('build/lambda-credentials.ts'))]).toEqual([
      spec.id,
      true,
    ]);
    expect([
      spec.id,
      sources.filter((source) => /credential-provider-(sso|ini|process|web-identity)/.test(source)),
    ]).toEqual([spec.id, []]);
  }
});

it('takes Powertools Tracer from the Powertools layer of the installed version, or none (spec.tracer)', () => {
  const parameter = Object.entries(template.Parameters ?? {}).find(
    ([, value]) => value.Default === powertoolsLayerParameter(powertoolsVersion(PROJECT_ROOT)),
  );
  expect(parameter?.[1]).toMatchObject({ Type: 'AWS::SSM::Parameter::Value<String>' });
  for (const spec of Object.values(FUNCTIONS) as FunctionSpec[]) {
    const { code, sources } = bundleOf(spec);
    const layers = (deployed(spec).resource?.Properties.Layers as unknown[] | undefined) ?? [];
    // Never bundled: the X-Ray SDK and the tracer are the layer's, or absent.
    expect([
      spec.id,
      sources.filter((source) => /aws-xray-sdk|@aws-lambda-powertools\/tracer/.test(source)),
    ]).toEqual([spec.id, []]);
    if (spec.tracer === false) {
      expect(layers).not.toContainEqual({ Ref: parameter?.[0] });
      expect(code).not.toContain('@aws-lambda-powertools/tracer');
      expect(sources.some((source) => source.endsWith('build/no-tracer-middleware.ts'))).toBe(true);
    } else {
      expect({ id: spec.id, layers }).toEqual({
        id: spec.id,
        layers: expect.arrayContaining([{ Ref: parameter?.[0] }]),
      });
      expect(code).toMatch(/from\s*"@aws-lambda-powertools\/tracer(\/middleware)?"/);
    }
  }
});
