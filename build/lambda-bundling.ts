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
 * The same, as `NodejsFunction`'s `bundling.esbuildArgs`: CDK writes each as
 * `--alias:<package>=<module>` and bundles with the project root as working directory.
 */
export const lambdaEsbuildArgs = (): { '--alias': string[] } => ({
  '--alias': Object.entries(LAMBDA_ALIASES).map(([name, module]) => `${name}=${module}`),
});
