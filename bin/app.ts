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
new CollectionsStack(app, 'CustomerFirstCollections');
Tags.of(app).add('application', 'customer-first-collections');
Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
app.synth();
