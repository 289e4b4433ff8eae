/**
 * Synthesises a stage once per test file into a temp directory, with cdk-nag's AwsSolutions pack
 * registered, and hands back the template(s), the nag findings and the assembly directory (for bundle
 * sizes) — either in-process (`synthStack`) or through the real CLI and cdk.json (`cliSynth`).
 * The shipped stage configs hold placeholders and fail validation by design, so both take a complete
 * test config (fixtures/stage-configs.ts); the CLI gets it as context `modelCommons:<stage>`.
 *
 * CDK's built-in CloudFormation schema validation is switched off here: it only ever warns, and its
 * WebAssembly start-up costs seconds per synth (tens of seconds on a busy 2-core CI machine).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { parseStageConfig, type StageConfig } from '#infra/config/stage-config.js';
import { addStageStacks } from '#infra/stage-stacks.js';
import { testStageConfig } from './fixtures/stage-configs.js';

export interface NagViolation {
  ruleName: string;
  severity: string;
  constructs: string[];
}

export interface Synthesised {
  template: Template;
  json: Record<string, unknown>;
  /** The us-east-1 edge stack's template, when the config has an edge. */
  edgeTemplate: Template | undefined;
  outdir: string;
  violations: NagViolation[];
  synthMs: number;
  /** Each stack's `terminationProtection` as written to the cloud assembly manifest. */
  terminationProtection: Record<string, boolean | undefined>;
}

export const NOOP_ENTRY = new URL('./fixtures/noop-handler.ts', import.meta.url).pathname;

export function synthStack(options: { config?: StageConfig; realHandlers?: boolean } = {}): Synthesised {
  const started = performance.now();
  const outdir = mkdtempSync(join(tmpdir(), 'mc-synth-'));
  const app = new App({ outdir, builtinCloudFormationValidation: false });
  const config = options.config ?? parseStageConfig(testStageConfig('dev'), 'test');
  const { main, edge } = addStageStacks(app, config, {
    id: 'ModelCommons-test',
    env: config.account || config.region ? { account: config.account, region: config.region } : undefined,
    ...(options.realHandlers === false ? { entries: { api: NOOP_ENTRY, indexer: NOOP_ENTRY } } : {}),
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  try {
    app.synth();
  } catch (error) {
    // Validation failures throw after the template and the report are written; the tests read both.
    if (readNagViolations(outdir).length === 0) throw error;
  }
  const json = JSON.parse(readFileSync(join(outdir, `${main.artifactId}.template.json`), 'utf8'));
  const edgeJson = edge
    ? JSON.parse(readFileSync(join(outdir, `${edge.artifactId}.template.json`), 'utf8'))
    : undefined;
  return {
    template: Template.fromJSON(json),
    json,
    edgeTemplate: edgeJson ? Template.fromJSON(edgeJson) : undefined,
    outdir,
    violations: readNagViolations(outdir),
    synthMs: performance.now() - started,
    terminationProtection: readTerminationProtection(outdir),
  };
}

/** `terminationProtection` per stack artifact, from the cloud assembly's manifest.json. */
export function readTerminationProtection(outdir: string): Record<string, boolean | undefined> {
  const manifest = JSON.parse(readFileSync(join(outdir, 'manifest.json'), 'utf8')) as {
    artifacts: Record<string, { type: string; properties?: { terminationProtection?: boolean } }>;
  };
  return Object.fromEntries(
    Object.entries(manifest.artifacts)
      .filter(([, artifact]) => artifact.type === 'aws:cloudformation:stack')
      .map(([name, artifact]) => [name, artifact.properties?.terminationProtection]),
  );
}

const ROOT = new URL('../../', import.meta.url).pathname;

export interface CliSynthesised extends Synthesised {
  status: number | null;
  stderr: string;
}

/**
 * `cdk synth --quiet` as CI runs it — the real CLI, cdk.json and infra/app.ts (which registers cdk-nag)
 * — with no AWS credentials or config files, instance metadata disabled and any proxied network call
 * pointed at a dead port. `config` (default: the test config of `stage`) goes in as the JSON-string
 * context value `modelCommons:<stage>`, as docs/deploy.md tells operators; `null` passes none, so the
 * shipped file is used.
 */
export function cliSynth(stage = 'dev', config: unknown = testStageConfig(stage)): CliSynthesised {
  const started = performance.now();
  const outdir = mkdtempSync(join(tmpdir(), 'mc-cdk-out-'));
  const result = spawnSync(
    process.execPath,
    [
      join(ROOT, 'node_modules/aws-cdk/bin/cdk'),
      'synth',
      '--quiet',
      '--output',
      outdir,
      '-c',
      `stage=${stage}`,
      ...(config === null ? [] : ['-c', `modelCommons:${stage}=${JSON.stringify(config)}`]),
    ],
    {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 240_000,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: mkdtempSync(join(tmpdir(), 'mc-home-')),
        AWS_EC2_METADATA_DISABLED: 'true',
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        HTTP_PROXY: 'http://127.0.0.1:9',
        HTTPS_PROXY: 'http://127.0.0.1:9',
        npm_config_update_notifier: 'false',
        CDK_VALIDATION: 'false',
      },
    },
  );
  const templateFile = join(outdir, `ModelCommons-${stage}.template.json`);
  const json = existsSync(templateFile) ? JSON.parse(readFileSync(templateFile, 'utf8')) : { Resources: {} };
  const manifest = join(outdir, 'manifest.json');
  return {
    template: Template.fromJSON(json),
    json,
    edgeTemplate: undefined,
    outdir,
    violations: readNagViolations(outdir),
    synthMs: performance.now() - started,
    terminationProtection: existsSync(manifest) ? readTerminationProtection(outdir) : {},
    status: result.status,
    stderr: result.stderr,
  };
}

export function readNagViolations(outdir: string): NagViolation[] {
  const file = join(outdir, 'validation-report.json');
  if (!existsSync(file)) return [];
  const report = JSON.parse(readFileSync(file, 'utf8')) as {
    pluginReports: Array<{
      pluginName: string;
      violations: Array<{
        ruleName: string;
        severity: string;
        violatingConstructs: Array<{ constructPath: string }>;
      }>;
    }>;
  };
  return report.pluginReports
    .filter((plugin) => plugin.pluginName === 'AwsSolutions')
    .flatMap((plugin) =>
      plugin.violations.map((violation) => ({
        ruleName: violation.ruleName,
        severity: violation.severity,
        constructs: violation.violatingConstructs.map((construct) => construct.constructPath),
      })),
    );
}
