/**
 * What the Lambda bundles need beyond the construct's esbuild settings, in one place for the
 * construct (lib/constructs/collections-function.ts, through `bundling.esbuildArgs`) and the bench
 * (bench/bundles.ts, through esbuild's `alias`), so that what is measured is what is deployed.
 *
 * Only bundling changes: tests, `npm start` and the local runtime run the sources through tsx,
 * with the SDK's own modules.
 */

/** Package → module, resolved from the project root (esbuild resolves an alias from its working directory). */
export const LAMBDA_ALIASES: Readonly<Record<string, string>> = {
  // Lambda hands a function its credentials in environment variables: the rest of the default
  // chain (SSO, ini, process, web identity, container and instance metadata) is dead weight there.
  '@aws-sdk/credential-provider-node': './build/lambda-credentials.ts',
  // The codec of event streams, which no function of this system uses.
  '@smithy/core/event-streams': './build/no-event-streams.ts',
  // The DynamoDB client's endpoint-discovery cache, over a Map instead of mnemonist's LRU cache.
  '@aws-sdk/endpoint-cache': './build/endpoint-cache.ts',
  // SigV4a (global endpoints, multi-region access points): never used here; SigV4 as the package signs.
  '@aws-sdk/signature-v4-multi-region': './build/sigv4-only.ts',
};

/**
 * Powertools Tracer (issue 13) with its X-Ray SDK weighs about 127 KB and 100–190 ms of import: too
 * much for a bundle budget of 400 KB (issue 10). A function that carries it takes it from the
 * Powertools Lambda layer of the same version (lib/constructs/powertools-layer.ts), so the package
 * stays out of its bundle.
 */
export const TRACER_MODULE = '@aws-lambda-powertools/tracer';

/**
 * A function without the tracer (the debtor's first click) is bundled with these stand-ins, which
 * keep the same calls and do nothing; a subpath has its own alias (esbuild matches the longer one).
 */
export const NO_TRACER_ALIASES: Readonly<Record<string, string>> = {
  [TRACER_MODULE]: './build/no-tracer.ts',
  [`${TRACER_MODULE}/middleware`]: './build/no-tracer-middleware.ts',
};

/**
 * Every Powertools package: a function with the layer takes them all from it (the layer carries the
 * logger, metrics, batch and commons of the same version as the tracer), as Powertools advises, so
 * its bundle carries none of them.
 */
export const POWERTOOLS_MODULES = '@aws-lambda-powertools/*';

/** What a function's bundling adds for its tracer: the layer's packages left out, or the stand-ins in. */
export const tracerBundling = (
  tracer: boolean,
): { alias: Readonly<Record<string, string>>; external: readonly string[] } =>
  tracer ? { alias: {}, external: [POWERTOOLS_MODULES] } : { alias: NO_TRACER_ALIASES, external: [] };

/**
 * The same, as `NodejsFunction`'s `bundling.esbuildArgs`: CDK writes each as
 * `--alias:<package>=<module>` and bundles with the project root as working directory.
 */
export const lambdaEsbuildArgs = (tracer = true): { '--alias': string[] } => ({
  '--alias': Object.entries({ ...LAMBDA_ALIASES, ...tracerBundling(tracer).alias }).map(
    ([name, module]) => `${name}=${module}`,
  ),
});
