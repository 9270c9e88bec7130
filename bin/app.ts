#!/usr/bin/env node
import { App, Tags, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { CollectionsStack } from '../lib/collections-stack.ts';

/**
 * The CDK app: `npx cdk synth` / `npx cdk deploy`. Deploy parameters come from CDK context; see
 * "Deploy parameters" in the README. The stack is environment-agnostic: it deploys to the account
 * and region of the credentials `cdk deploy` runs with. cdk-nag's AwsSolutions pack runs on every
 * synth: an unacknowledged finding stops synth (and so deploy) with a report.
 */
const app = new App();
const tags = { application: 'customer-first-collections' };
// Stack tags (CloudFormation applies them to every resource it can), explicitly: with the
// `@aws-cdk/core:explicitStackTags` flag, Tags.of() no longer reaches the stack's own tags.
new CollectionsStack(app, 'CustomerFirstCollections', { tags });
// And on each resource in the template, as before.
for (const [key, value] of Object.entries(tags)) Tags.of(app).add(key, value);
Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
app.synth();
