/**
 * The CDK app: the only place that reads process.env at synth time. Pick the stage with
 * `cdk synth -c stage=prod` (default `dev`); its config comes from context `modelCommons:<stage>` (an
 * object in cdk.json, or a JSON string on the command line) or `infra/config/<stage>.json`, and is
 * validated before any construct is built. The shipped files hold `SET-ME` placeholders, so synth
 * fails, naming the field, until an operator fills them in.
 */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { loadStageConfig, StageConfigError } from './config/stage-config.js';
import { addStageStacks } from './stage-stacks.js';

const app = new App();
const stage = String(app.node.tryGetContext('stage') ?? 'dev');

let config: ReturnType<typeof loadStageConfig>;
try {
  config = loadStageConfig(stage, app.node.tryGetContext(`modelCommons:${stage}`));
} catch (error) {
  if (error instanceof StageConfigError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}

// An account/region in the stage config pins the target; otherwise the CLI's profile decides at
// deploy time, and synth stays environment-agnostic (no credentials, no look-ups).
const account = config.account ?? process.env.CDK_DEFAULT_ACCOUNT;
const region = config.region ?? process.env.CDK_DEFAULT_REGION;

// Termination protection (prod) is set by the stacks themselves from `protectData`.
addStageStacks(app, config, {
  env: config.account || config.region ? { account, region } : undefined,
});

// cdk-nag's AwsSolutions pack: an unacknowledged finding fails `cdk synth` (and so CI and deploys).
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));

app.synth();
