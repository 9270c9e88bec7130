/**
 * What AWS charges for what a case uses: every price the bench's cost report multiplies, in one
 * place, with where it comes from. US East (N. Virginia), on-demand, list prices, no free tier, no
 * volume tiers beyond the first (a business with a million customers stays in the first tier of
 * every one of these; see docs/scale.md). Change a price here and `npm run bench` reprices every
 * scenario.
 *
 * Recorded 2026-12-02 from the AWS pricing pages below (the DynamoDB on-demand figures are the ones
 * in force since the 1 November 2024 reduction). Re-check them before quoting a bill.
 */
export const PRICES = {
  region: 'us-east-1',
  recordedOn: '2026-12-02',
  stepFunctions: {
    /** Standard workflows: per state transition ($0.025 per 1,000). */
    perTransition: 0.025 / 1_000,
    source: 'https://aws.amazon.com/step-functions/pricing/',
  },
  lambda: {
    /** Per request ($0.20 per million). */
    perRequest: 0.2 / 1_000_000,
    /** arm64 (Graviton), per GB-second of billed duration, first tier (the functions run on arm64). */
    perGbSecondArm64: 0.0000133334,
    source: 'https://aws.amazon.com/lambda/pricing/',
  },
  dynamodb: {
    /** On-demand, Standard table class: per write request unit ($0.625 per million). */
    perWriteUnit: 0.625 / 1_000_000,
    /** On-demand, Standard table class: per read request unit ($0.125 per million). */
    perReadUnit: 0.125 / 1_000_000,
    source: 'https://aws.amazon.com/dynamodb/pricing/on-demand/',
  },
  ses: {
    /** Per outbound email ($0.10 per 1,000). */
    perEmail: 0.1 / 1_000,
    /** Per GB of attachments ($0.12). */
    perAttachmentGb: 0.12,
    source: 'https://aws.amazon.com/ses/pricing/',
  },
  eventBridge: {
    /** Custom events put on a bus, per 64 KB chunk ($1.00 per million). Events AWS services publish (SES's) are free. */
    perCustomEvent: 1 / 1_000_000,
    source: 'https://aws.amazon.com/eventbridge/pricing/',
  },
  sqs: {
    /** Standard queues, per request of up to 64 KB ($0.40 per million). */
    perRequest: 0.4 / 1_000_000,
    source: 'https://aws.amazon.com/sqs/pricing/',
  },
  apiGateway: {
    /** HTTP APIs, per request of up to 512 KB, first 300 million a month ($1.00 per million). */
    perHttpRequest: 1 / 1_000_000,
    source: 'https://aws.amazon.com/api-gateway/pricing/',
  },
  cloudWatchLogs: {
    /** Standard log class, per GB ingested ($0.50). Storage after ingestion is not counted. */
    perGbIngested: 0.5,
    source: 'https://aws.amazon.com/cloudwatch/pricing/',
  },
  secretsManager: {
    /** Per API call ($0.05 per 10,000). The $0.40 a month per secret is a fixed cost, not a case's. */
    perCall: 0.05 / 10_000,
    source: 'https://aws.amazon.com/secrets-manager/pricing/',
  },
  kms: {
    /** Symmetric requests ($0.03 per 10,000). The $1 a month per key is fixed, not a case's. */
    perRequest: 0.03 / 10_000,
    source: 'https://aws.amazon.com/kms/pricing/',
  },
} as const;

export type Prices = typeof PRICES;
