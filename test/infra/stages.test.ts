/**
 * Stage configuration and stage differences, without bundling the real handlers (stack.test.ts does):
 * the typed config's validation, the prod stack's protections, and a proof that the cdk-nag harness
 * can fail.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadStageConfig, parseStageConfig, StageConfigError } from '../../infra/config/stage-config.js';
import { ARTIFACT_BUCKET_LOGICAL_ID } from '../../infra/constructs/artifact-bucket.js';
import { DATA_TABLE_LOGICAL_ID } from '../../infra/constructs/data-table.js';
import { functionByDescription, only } from './helpers.js';
import { readNagViolations, type Synthesised, synthStack } from './synth.js';

const valid = {
  stage: 'staging',
  allowedOrigins: ['https://app.example.com'],
  chains: [
    {
      chainId: 8453,
      name: 'base',
      publicRpcUrl: 'https://mainnet.base.org',
      confirmations: 12,
      payTo: '0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266',
      currencies: [{ address: 'native', symbol: 'ETH', decimals: 18 }],
    },
  ],
  fees: { platformBps: 250, referrerBps: 100 },
};

const parse = (raw: unknown) => parseStageConfig(raw, 'test');

describe('stage config', () => {
  it.each(['dev', 'prod'])('loads the shipped %s config', (stage) => {
    const config = loadStageConfig(stage, undefined);
    expect(config.stage).toBe(stage);
    expect(config.protectData).toBe(stage === 'prod');
  });

  it('applies defaults and checksums pay-to addresses', () => {
    const config = parse(valid);
    expect(config.chains[0]?.payTo).toBe('0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266');
    expect(config.api).toEqual({
      throttleRateLimit: 50,
      throttleBurstLimit: 100,
      memoryMb: 1024,
      timeoutSeconds: 15,
    });
    expect(config.artifacts).toEqual({
      abortIncompleteMultipartUploadDays: 7,
      noncurrentVersionExpirationDays: 30,
    });
    expect(config.logRetentionDays).toBe(30);
    expect(config.protectData).toBe(false);
  });

  it('prefers the context value over the file', () => {
    expect(loadStageConfig('dev', { ...valid, stage: 'dev', logRetentionDays: 7 }).logRetentionDays).toBe(7);
  });

  it('names a missing field', () => {
    const { fees: _omitted, ...rest } = valid;
    expect(() => parse(rest)).toThrowError(
      new StageConfigError(
        'Invalid stage config (test): fees: Invalid input: expected object, received undefined',
      ),
    );
  });

  it('names a pay-to address with a bad checksum by its path', () => {
    const chains = [{ ...valid.chains[0], payTo: '0xF39fd6e51aad88F6F4ce6aB8827279cffFb92266' }];
    expect(() => parse({ ...valid, chains })).toThrowError(
      /^Invalid stage config \(test\): chains\.0\.payTo: must be/,
    );
  });

  it('rejects an origin with a path', () => {
    expect(() => parse({ ...valid, allowedOrigins: ['https://app.example.com/app'] })).toThrowError(
      /allowedOrigins\.0: must be an origin/,
    );
  });

  it('rejects a log retention CloudWatch does not offer', () => {
    expect(() => parse({ ...valid, logRetentionDays: 10 })).toThrowError(
      /logRetentionDays: must be one of 1, 3, 5/,
    );
  });

  it('rejects fees that add up to more than the price', () => {
    expect(() => parse({ ...valid, fees: { platformBps: 9000, referrerBps: 1001 } })).toThrowError(
      /fees: platformBps \+ referrerBps must not exceed 10000/,
    );
  });

  it('rejects a chain listed twice', () => {
    expect(() => parse({ ...valid, chains: [valid.chains[0], valid.chains[0]] })).toThrowError(
      /chains: chain 8453 is listed twice/,
    );
  });

  it('refuses to unprotect production data', () => {
    expect(() => parse({ ...valid, stage: 'prod', protectData: false })).toThrowError(
      /protectData: cannot be false in prod/,
    );
  });

  it('names a stage without a config', () => {
    expect(() => loadStageConfig('qa', undefined)).toThrowError(
      'No config for stage "qa": add infra/config/qa.json or context "modelCommons:qa"',
    );
  });

  it('rejects a stage name that could escape the config folder', () => {
    expect(() => loadStageConfig('../dev', undefined)).toThrowError(/Invalid stage name/);
  });
});

let synth: Synthesised;
beforeAll(() => {
  synth = synthStack({ config: loadStageConfig('prod', undefined), realHandlers: false });
}, 180_000);

describe('prod stack', () => {
  it('passes cdk-nag AwsSolutions with no unacknowledged finding', () => {
    expect(synth.violations).toEqual([]);
  });

  it('protects the table from deletion and retains it', () => {
    const table = synth.template.findResources('AWS::DynamoDB::Table')[DATA_TABLE_LOGICAL_ID];
    expect(table?.Properties.DeletionProtectionEnabled).toBe(true);
    expect(table?.DeletionPolicy).toBe('Retain');
    expect(table?.UpdateReplacePolicy).toBe('Retain');
  });

  it('retains the artifact bucket and does not auto-delete its objects', () => {
    const bucket = synth.template.findResources('AWS::S3::Bucket')[ARTIFACT_BUCKET_LOGICAL_ID];
    expect(bucket?.DeletionPolicy).toBe('Retain');
    expect(Object.keys(synth.template.findResources('Custom::S3AutoDeleteObjects'))).toEqual([]);
  });

  it('retains log groups with the prod retention', () => {
    for (const logGroup of Object.values(synth.template.findResources('AWS::Logs::LogGroup'))) {
      expect(logGroup.DeletionPolicy).toBe('Retain');
      expect(logGroup.Properties.RetentionInDays).toBe(90);
    }
  });

  it('uses the configured public origin for SIWE and the prod CORS origins and throttles', () => {
    const [, fn] = functionByDescription(synth.template, 'Model Commons HTTP API');
    expect(fn.Properties?.Environment.Variables).toMatchObject({
      STAGE: 'prod',
      PUBLIC_ORIGIN: 'https://api.modelcommons.example',
      ALLOWED_ORIGINS: 'https://modelcommons.example',
    });
    const [, stage] = only(synth.template, 'AWS::ApiGatewayV2::Stage');
    expect(stage.Properties?.DefaultRouteSettings).toEqual({
      ThrottlingRateLimit: 200,
      ThrottlingBurstLimit: 400,
    });
    synth.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'Latency',
      Threshold: 1500,
    });
  });
});

function nagCareless(acknowledge: boolean) {
  const outdir = mkdtempSync(join(tmpdir(), 'mc-nag-'));
  const app = new App({ outdir, builtinCloudFormationValidation: false });
  const stack = new Stack(app, 'Careless');
  const bucket = new s3.Bucket(stack, 'Bucket');
  if (acknowledge) {
    Validations.of(bucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'test: access logs not wanted here',
    });
  }
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  expect(() => app.synth()).toThrow(/AwsSolutions-S10/);
  return readNagViolations(outdir).map((violation) => violation.ruleName);
}

describe('cdk-nag harness', { timeout: 120_000 }, () => {
  it('reports the findings of a careless bucket', () => {
    expect(nagCareless(false)).toEqual(expect.arrayContaining(['AwsSolutions-S1', 'AwsSolutions-S10']));
  });

  it('clears an acknowledged finding and only that one', () => {
    const findings = nagCareless(true);
    expect(findings).not.toContain('AwsSolutions-S1');
    expect(findings).toContain('AwsSolutions-S10');
  });
});
