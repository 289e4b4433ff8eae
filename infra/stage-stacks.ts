/**
 * One stage's stacks from its validated config: the main stack and, when the stage has an `edge`,
 * the us-east-1 edge stack (CloudFront + WAF). infra/app.ts and the tests build stages through this,
 * so what the tests synthesise is what `cdk synth` synthesises.
 */
import type { App, Environment } from 'aws-cdk-lib';
import type { StageConfig } from './config/stage-config.js';
import { EDGE_REGION, EdgeStack } from './stacks/edge-stack.js';
import { ModelCommonsStack, type ModelCommonsStackProps } from './stacks/model-commons-stack.js';

export interface StageStacks {
  main: ModelCommonsStack;
  edge: EdgeStack | undefined;
}

export interface StageStacksOptions {
  /** The main stack's id (default `ModelCommons-<stage>`); the edge stack's is `<id>-Edge`. */
  id?: string;
  /** The main stack's environment; the edge stack keeps its account and uses us-east-1. */
  env?: Environment | undefined;
  entries?: ModelCommonsStackProps['entries'];
}

export function addStageStacks(app: App, config: StageConfig, options: StageStacksOptions = {}): StageStacks {
  const id = options.id ?? `ModelCommons-${config.stage}`;
  const tags = { project: 'model-commons', stage: config.stage };
  const main = new ModelCommonsStack(app, id, {
    config,
    env: options.env,
    entries: options.entries,
    description: `Model Commons marketplace (${config.stage})`,
    tags,
  });
  if (!config.edge) return { main, edge: undefined };
  const edge = new EdgeStack(app, `${id}-Edge`, {
    stage: config.stage,
    edge: config.edge,
    protectData: config.protectData,
    terminationProtection: config.protectData,
    env: { account: options.env?.account, region: EDGE_REGION },
    description: `Model Commons edge: CloudFront + WAF in front of the API (${config.stage})`,
    tags,
  });
  // Ordering only (no values cross): `cdk deploy --all` creates the origin custom domain first.
  edge.addStackDependency(main, 'CloudFront connects to the API custom domain of the main stack');
  return { main, edge };
}
