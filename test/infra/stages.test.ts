/**
 * Stage configuration and stage differences, without bundling the real handlers (stack.test.ts does):
 * the typed config's validation (placeholders, development accounts, required settings), the prod
 * stacks' protections, the licence signer key, the edge (CloudFront + WAF), alarm delivery, the chain
 * indexer only where a chain names its market, and a proof that the cdk-nag harness can fail.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { WELL_KNOWN_DEV_ADDRESSES } from '#domain/dev-accounts.js';
import { loadStageConfig, parseStageConfig, StageConfigError } from '#infra/config/stage-config.js';
import { ARTIFACT_BUCKET_LOGICAL_ID } from '#infra/constructs/artifact-bucket.js';
import { CHAIN_INDEXER_DESCRIPTION } from '#infra/constructs/chain-indexer.js';
import { DATA_TABLE_LOGICAL_ID } from '#infra/constructs/data-table.js';
import { LICENCE_SIGNER_KEY_LOGICAL_ID } from '#infra/constructs/licence-signer-key.js';
import {
  TEST_ADDRESSES,
  TEST_EDGE,
  TEST_MARKET_DEPLOY_BLOCK,
  testStageConfig,
} from './fixtures/stage-configs.js';
import { functionByDescription, only, referencedIds } from './helpers.js';
import { readNagViolations, type Synthesised, synthStack } from './synth.js';

/** anvil's account #0: its private key is printed by every local chain. */
const ANVIL_0 = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266';

const valid = {
  stage: 'staging',
  allowedOrigins: ['https://app.example.com'],
  chains: [
    {
      chainId: 8453,
      name: 'base',
      publicRpcUrl: 'https://mainnet.base.org',
      confirmations: 12,
      currencies: [{ address: 'native', symbol: 'ETH', decimals: 18 }],
    },
  ],
  fees: { platformBps: 250, referrerBps: 100, platformRecipient: TEST_ADDRESSES.platformRecipient },
};

const parse = (raw: unknown) => parseStageConfig(raw, 'test');
const API = 'Model Commons HTTP API';

describe('stage config', () => {
  it.each(['dev', 'prod'])(
    'refuses the shipped %s config until its placeholders are set, saying what to set',
    (stage) => {
      expect(() => loadStageConfig(stage, undefined)).toThrowError(
        new RegExp(
          `^Invalid stage config \\(infra/config/${stage}\\.json\\): chains\\.0\\.market: not set yet \\("SET-ME: the marketplace contract`,
        ),
      );
    },
  );

  it('names every placeholder the shipped prod config still holds, one at a time', () => {
    const raw = JSON.parse(readFileSync(new URL('../../infra/config/prod.json', import.meta.url), 'utf8'));
    const fill = (path: string[], value: unknown) => {
      let node = raw;
      for (const key of path.slice(0, -1)) node = node[key];
      node[path.at(-1) as string] = value;
    };
    const expectPlaceholder = (field: string, text: string) =>
      expect(() => parse(raw)).toThrowError(`${field}: not set yet ("SET-ME: ${text}`);
    expectPlaceholder('chains.0.market', 'the marketplace contract');
    fill(['chains', '0', 'market'], TEST_ADDRESSES.market);
    expectPlaceholder('chains.0.marketDeployBlock', 'the block it was deployed in');
    fill(['chains', '0', 'marketDeployBlock'], TEST_MARKET_DEPLOY_BLOCK);
    expectPlaceholder('fees.platformRecipient', 'the address that earns the platform fee');
    fill(['fees', 'platformRecipient'], TEST_ADDRESSES.platformRecipient);
    expectPlaceholder('edge.domainName', 'the public API host name');
    fill(['edge'], TEST_EDGE);
    expectPlaceholder('alarms.email', 'the e-mail address that receives alarms');
    fill(['alarms', 'email'], 'oncall@modelcommons.test');
    expect(parse(raw).stage).toBe('prod');
  });

  it('applies defaults, and ignores the retired payTo of a chain', () => {
    const config = parse({
      ...valid,
      chains: [{ ...valid.chains[0], payTo: '0xab5801a7d398351b8be11c439e05c5b3259aec9b' }],
    });
    expect(config.chains[0]).not.toHaveProperty('payTo');
    expect(config.fees.referrers).toEqual([]);
    expect(config.operators).toEqual([]);
    expect(config.api).toEqual({
      throttleRateLimit: 50,
      throttleBurstLimit: 100,
      memoryMb: 1024,
      timeoutSeconds: 15,
    });
    expect(config.artifacts).toEqual({
      abortIncompleteMultipartUploadDays: 7,
      stagedUploadExpirationDays: 7,
      noncurrentVersionExpirationDays: 30,
    });
    expect(config.logRetentionDays).toBe(30);
    expect(config.protectData).toBe(false);
  });

  it("reads a chain's market, checksummed, and its deploy block (default 0), with the indexer's defaults", () => {
    const market = '0xab5801a7d398351b8be11c439e05c5b3259aec9b';
    const config = parse({ ...valid, chains: [{ ...valid.chains[0], market, marketDeployBlock: 123 }] });
    expect(config.chains[0]).toMatchObject({
      market: '0xAb5801a7D398351b8bE11C439e05C5B3259aeC9B',
      marketDeployBlock: 123,
    });
    expect(config.indexer).toEqual({ scheduleMinutes: 1, maxBlockRange: 2000 });
    const withoutMarket = parse(valid).chains[0];
    expect(withoutMarket?.market).toBeUndefined();
    expect(withoutMarket?.marketDeployBlock).toBe(0);
  });

  it.each([
    [
      '0x000000000000000000000000000000000000000',
      {},
      'chains.0.market: must be a 0x-prefixed 20-byte address',
    ],
    [
      '0xAB5801a7D398351b8bE11C439e05C5B3259aeC9B',
      {},
      'chains.0.market: must be a 0x-prefixed 20-byte address with a valid checksum',
    ],
    ['0x0000000000000000000000000000000000000000', {}, 'chains.0.market: must not be the zero address'],
    [TEST_ADDRESSES.market, { marketDeployBlock: -1 }, 'chains.0.marketDeployBlock: '],
    [TEST_ADDRESSES.market, { marketDeployBlock: 1.5 }, 'chains.0.marketDeployBlock: '],
    [TEST_ADDRESSES.market, { marketDeployBlock: '12' }, 'chains.0.marketDeployBlock: '],
  ])('refuses market %s %j', (market, extra, message) => {
    expect(() => parse({ ...valid, chains: [{ ...valid.chains[0], market, ...extra }] })).toThrowError(
      `Invalid stage config (test): ${message}`,
    );
  });

  it("bounds the indexer's schedule and block range", () => {
    expect(() => parse({ ...valid, indexer: { scheduleMinutes: 0 } })).toThrowError(
      /indexer\.scheduleMinutes: /,
    );
    expect(() => parse({ ...valid, indexer: { maxBlockRange: 0 } })).toThrowError(/indexer\.maxBlockRange: /);
    expect(parse({ ...valid, indexer: { maxBlockRange: 500 } }).indexer).toEqual({
      scheduleMinutes: 1,
      maxBlockRange: 500,
    });
  });

  it('prefers the context value over the file', () => {
    expect(loadStageConfig('dev', { ...valid, stage: 'dev', logRetentionDays: 7 }).logRetentionDays).toBe(7);
  });

  it('reads a context value given as a JSON string (cdk synth -c modelCommons:<stage>=<json>)', () => {
    const config = loadStageConfig('dev', JSON.stringify({ ...valid, stage: 'dev' }));
    expect(config.fees.platformRecipient).toBe('0x2000000000000000000000000000000000000002');
    expect(() => loadStageConfig('dev', '{not json')).toThrowError(
      'Invalid stage config (context modelCommons:dev): not valid JSON',
    );
  });

  describe.each(['dev', 'staging', 'prod'])('refuses public development accounts in %s', (stage) => {
    const config = stage === 'prod' ? testStageConfig('prod') : { ...valid, stage };
    const fees = config.fees as Record<string, unknown>;
    it.each([
      ['fees.platformRecipient', { ...config, fees: { ...fees, platformRecipient: ANVIL_0 } }],
      ['fees.referrers.1', { ...config, fees: { ...fees, referrers: [TEST_ADDRESSES.referrer, ANVIL_0] } }],
      ['operators.0', { ...config, operators: [ANVIL_0] }],
    ])('as %s', (field, raw) => {
      expect(() => parse(raw)).toThrowError(
        new StageConfigError(
          `Invalid stage config (test): ${field}: ${ANVIL_0} is a public development account (its private key is published); use an address you control`,
        ),
      );
    });
  });

  it('refuses every account of the development mnemonic, not only the first', () => {
    for (const address of WELL_KNOWN_DEV_ADDRESSES) {
      expect(() => parse({ ...valid, fees: { ...valid.fees, platformRecipient: address } })).toThrowError(
        /fees\.platformRecipient: .* is a public development account/,
      );
    }
  });

  it('requires an explicit platform fee recipient', () => {
    const { platformRecipient: _omitted, ...fees } = valid.fees;
    expect(() => parse({ ...valid, fees })).toThrowError(
      /^Invalid stage config \(test\): fees\.platformRecipient: /,
    );
  });

  it('requires someone to receive alarms in prod: alarms.email or alarms.topicArn', () => {
    const prod = testStageConfig('prod');
    expect(() => parse({ ...prod, alarms: {} })).toThrowError(
      'Invalid stage config (test): alarms: prod needs someone to receive alarms: set alarms.email or alarms.topicArn',
    );
    const topicArn = 'arn:aws:sns:eu-west-1:123456789012:oncall';
    expect(parse({ ...prod, alarms: { topicArn } }).alarms.topicArn).toBe(topicArn);
    expect(() => parse({ ...prod, alarms: { topicArn: 'oncall' } })).toThrowError(
      /alarms\.topicArn: must be an SNS topic ARN/,
    );
    expect(parse({ ...valid, alarms: {} }).alarms.email).toBeUndefined();
  });

  it('requires the edge in prod and checks its certificates and domains', () => {
    const prod = testStageConfig('prod');
    const { edge: _omitted, ...withoutEdge } = prod;
    expect(() => parse(withoutEdge)).toThrowError(
      /^Invalid stage config \(test\): edge: required in prod \(CloudFront \+ WAF in front of the API\): set domainName, certificateArn \(us-east-1\)/,
    );
    const edge = prod.edge as typeof TEST_EDGE;
    expect(() =>
      parse({ ...prod, edge: { ...edge, certificateArn: edge.originCertificateArn } }),
    ).toThrowError(/edge\.certificateArn: must be a certificate in us-east-1/);
    expect(() =>
      parse({ ...prod, edge: { ...edge, originCertificateArn: edge.certificateArn } }),
    ).toThrowError(/edge\.originCertificateArn: must be a certificate in the stack's region eu-west-1/);
    expect(() => parse({ ...prod, edge: { ...edge, domainName: 'https://api.example.com' } })).toThrowError(
      /edge\.domainName: must be a lower-case DNS host name/,
    );
    expect(() => parse({ ...prod, publicOrigin: 'https://other.example.com' })).toThrowError(
      /publicOrigin: must be https:\/\/api\.modelcommons\.test/,
    );
    expect(parse({ ...valid, edge: TEST_EDGE }).edge?.rateLimitPer5Minutes).toBe(2000);
  });

  it('names a missing field', () => {
    const { fees: _omitted, ...rest } = valid;
    expect(() => parse(rest)).toThrowError(
      new StageConfigError(
        'Invalid stage config (test): fees: Invalid input: expected object, received undefined',
      ),
    );
  });

  it('names a market address with a bad checksum by its path', () => {
    const chains = [{ ...valid.chains[0], market: '0xF39fd6e51aad88F6F4ce6aB8827279cffFb92266' }];
    expect(() => parse({ ...valid, chains })).toThrowError(
      /^Invalid stage config \(test\): chains\.0\.market: must be/,
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
    expect(() =>
      parse({ ...valid, fees: { ...valid.fees, platformBps: 9000, referrerBps: 1001 } }),
    ).toThrowError(/fees: platformBps \+ referrerBps must not exceed 10000/);
  });

  // A stage that ran the custodial path may still have this section (issue 16 retired the payout worker):
  // its config must keep synthesising while the operator upgrades (docs/deploy.md).
  it('accepts a config that still has the retired payouts section, and drops it', () => {
    const config = parse({ ...valid, payouts: { scheduleMinutes: 5 } });
    expect(config.stage).toBe('staging');
    expect(config).not.toHaveProperty('payouts');
  });

  it('rejects a chain listed twice', () => {
    expect(() => parse({ ...valid, chains: [valid.chains[0], valid.chains[0]] })).toThrowError(
      /chains: chain 8453 is listed twice/,
    );
  });

  it('refuses to unprotect production data', () => {
    expect(() => parse({ ...testStageConfig('prod'), protectData: false })).toThrowError(
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
  synth = synthStack({ config: parse(testStageConfig('prod')), realHandlers: false });
}, 180_000);

describe('prod stack', () => {
  it('has termination protection on, for the main and the edge stack', () => {
    expect(synth.terminationProtection).toEqual({
      'ModelCommons-test': true,
      'ModelCommons-test-Edge': true,
    });
  });

  it('retains every secret under its pinned logical id, and has no licence signer secret', () => {
    const secrets = synth.template.findResources('AWS::SecretsManager::Secret');
    expect(Object.keys(secrets).sort()).toEqual(['RpcUrlsSecret', 'SessionKeysSecret']);
    for (const secret of Object.values(secrets)) {
      expect(secret.DeletionPolicy).toBe('Retain');
      expect(secret.UpdateReplacePolicy).toBe('Retain');
    }
  });

  it('signs licences with a retained secp256k1 KMS key under a pinned logical id, with an alias', () => {
    const key = synth.template.findResources('AWS::KMS::Key')[LICENCE_SIGNER_KEY_LOGICAL_ID];
    expect(key?.Properties).toMatchObject({ KeySpec: 'ECC_SECG_P256K1', KeyUsage: 'SIGN_VERIFY' });
    expect(key?.DeletionPolicy).toBe('Retain');
    expect(key?.UpdateReplacePolicy).toBe('Retain');
    const [, alias] = only(synth.template, 'AWS::KMS::Alias');
    expect(alias.Properties?.AliasName).toBe('alias/model-commons-prod-licence-signer');
    expect(referencedIds(alias.Properties?.TargetKeyId)).toEqual([LICENCE_SIGNER_KEY_LOGICAL_ID]);
  });

  it('passes cdk-nag AwsSolutions with no unacknowledged finding', () => {
    expect(synth.violations).toEqual([]);
  });

  it('deploys the chain indexer for the chain with a market, its market passed through to every function', () => {
    const [, indexer] = functionByDescription(synth.template, CHAIN_INDEXER_DESCRIPTION);
    for (const description of [API, CHAIN_INDEXER_DESCRIPTION]) {
      const [, fn] = functionByDescription(synth.template, description);
      expect(JSON.parse(fn.Properties?.Environment.Variables.CHAINS)).toEqual([
        expect.objectContaining({
          chainId: 8453,
          market: TEST_ADDRESSES.market,
          marketDeployBlock: TEST_MARKET_DEPLOY_BLOCK,
        }),
      ]);
    }
    expect(indexer.Properties?.Environment.Variables.STAGE).toBe('prod');
    expect(synth.template.toJSON().Outputs.IndexerFunctionName.Description).toBe(
      'The chain indexer (chains 8453)',
    );
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

  it("uses the edge's domain as the public origin for SIWE, and the prod CORS origins and throttles", () => {
    const [, fn] = functionByDescription(synth.template, 'Model Commons HTTP API');
    expect(fn.Properties?.Environment.Variables).toMatchObject({
      STAGE: 'prod',
      PUBLIC_ORIGIN: 'https://api.modelcommons.test',
      ALLOWED_ORIGINS: 'https://modelcommons.example',
      PLATFORM_FEE_RECIPIENT: '0x2000000000000000000000000000000000000002',
      REFERRER_ADDRESSES: '0x3000000000000000000000000000000000000003',
      OPERATOR_ADDRESSES: '0x4000000000000000000000000000000000000004',
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

describe('a stage whose chains name no market', () => {
  let unindexed: Synthesised;
  beforeAll(() => {
    unindexed = synthStack({
      config: parse({ ...valid, indexer: { maxBlockRange: 500 } }),
      realHandlers: false,
    });
  }, 120_000);

  it('has no chain indexer: no function, schedule, queue, alarm, output or signing grant of its own', () => {
    const functions = Object.values(unindexed.template.findResources('AWS::Lambda::Function'));
    const descriptions = functions.map((fn) => fn.Properties.Description).filter(Boolean);
    expect(descriptions).toContain(API);
    expect(descriptions).not.toContain(CHAIN_INDEXER_DESCRIPTION);
    // The indexer's were the only schedule and queue left once the payout worker was retired (issue 16).
    expect(unindexed.template.findResources('AWS::Events::Rule')).toEqual({});
    expect(unindexed.template.findResources('AWS::SQS::Queue')).toEqual({});
    const alarms = Object.values(unindexed.template.findResources('AWS::CloudWatch::Alarm'));
    // The API's 4 and the table's 2.
    expect(alarms).toHaveLength(6);
    expect(JSON.stringify(alarms)).not.toMatch(/[Ii]ndexer/);
    expect(unindexed.template.toJSON().Outputs).not.toHaveProperty('IndexerFunctionName');
    expect(unindexed.violations).toEqual([]);
  });

  it('passes chains without a market field to the functions', () => {
    const [, api] = functionByDescription(unindexed.template, API);
    const [chain] = JSON.parse(api.Properties?.Environment.Variables.CHAINS);
    expect(chain).not.toHaveProperty('market');
  });
});

describe('a stage with a market in its config', () => {
  it("passes a lower-case market through checksummed and sets the indexer's block range from the config", () => {
    const market = '0xab5801a7d398351b8be11c439e05c5b3259aec9b';
    const staging = synthStack({
      config: parse({
        ...valid,
        chains: [{ ...valid.chains[0], market, marketDeployBlock: 42 }],
        indexer: { maxBlockRange: 500, scheduleMinutes: 2 },
      }),
      realHandlers: false,
    });
    const [indexerId, indexer] = functionByDescription(staging.template, CHAIN_INDEXER_DESCRIPTION);
    const variables = indexer.Properties?.Environment.Variables;
    expect(JSON.parse(variables.CHAINS)).toEqual([
      expect.objectContaining({
        market: '0xAb5801a7D398351b8bE11C439e05C5B3259aeC9B',
        marketDeployBlock: 42,
      }),
    ]);
    expect(variables.INDEXER_MAX_BLOCK_RANGE).toBe('500');
    const [, rule] = only(staging.template, 'AWS::Events::Rule', (resource) =>
      JSON.stringify(resource.Properties?.Targets).includes(indexerId),
    );
    expect(rule.Properties?.ScheduleExpression).toBe('rate(2 minutes)');
    const missed = only(staging.template, 'AWS::CloudWatch::Alarm', (alarm) =>
      String(alarm.Properties?.AlarmDescription).startsWith('The chain indexer has not run'),
    )[1];
    expect(missed.Properties).toMatchObject({ Period: 120, EvaluationPeriods: 3 });
  }, 120_000);
});

describe('prod alarms', () => {
  it('subscribes the configured e-mail to the alarm topic', () => {
    const [topicId] = only(synth.template, 'AWS::SNS::Topic');
    const [, subscription] = only(synth.template, 'AWS::SNS::Subscription');
    expect(subscription.Properties).toMatchObject({
      Protocol: 'email',
      Endpoint: 'oncall@modelcommons.test',
      TopicArn: { Ref: topicId },
    });
  });

  it('sends every alarm to an existing topic when alarms.topicArn is set, creating none', () => {
    const topicArn = 'arn:aws:sns:eu-west-1:123456789012:oncall';
    const staging = synthStack({
      config: parse({ ...valid, stage: 'staging', alarms: { topicArn } }),
      realHandlers: false,
    });
    expect(staging.template.findResources('AWS::SNS::Topic')).toEqual({});
    const alarms = Object.values(staging.template.findResources('AWS::CloudWatch::Alarm'));
    expect(alarms).toHaveLength(6);
    for (const alarm of alarms) {
      expect(alarm.Properties.AlarmActions).toEqual([topicArn]);
      expect(alarm.Properties.OKActions).toEqual([topicArn]);
    }
  });
});

describe('prod edge', () => {
  const edge = () => synth.edgeTemplate!;

  it('passes cdk-nag for the edge stack too (the report covers every stack of the app)', () => {
    expect(edge()).toBeDefined();
    expect(synth.violations).toEqual([]);
  });

  it('disables the default execute-api endpoint and serves the API on the origin custom domain', () => {
    const [apiId, api] = only(synth.template, 'AWS::ApiGatewayV2::Api');
    expect(api.Properties?.DisableExecuteApiEndpoint).toBe(true);
    const [domainId, domain] = only(synth.template, 'AWS::ApiGatewayV2::DomainName');
    expect(domain.Properties).toEqual({
      DomainName: TEST_EDGE.originDomainName,
      DomainNameConfigurations: [
        {
          CertificateArn: TEST_EDGE.originCertificateArn,
          EndpointType: 'REGIONAL',
          SecurityPolicy: 'TLS_1_2',
        },
      ],
    });
    const [, mapping] = only(synth.template, 'AWS::ApiGatewayV2::ApiMapping');
    expect(referencedIds(mapping.Properties)).toEqual(expect.arrayContaining([apiId, domainId]));
    const outputs = synth.template.toJSON().Outputs;
    expect(referencedIds(outputs.OriginDomainTarget.Value)).toEqual([domainId]);
    expect(outputs.ApiUrl.Value).toBe('https://api.modelcommons.test');
    expect(outputs.PublicOrigin.Value).toBe('https://api.modelcommons.test');
  });

  it('puts a CLOUDFRONT-scope web ACL with a per-IP rate limit and the AWS common rule set in us-east-1', () => {
    const [, acl] = only(edge(), 'AWS::WAFv2::WebACL');
    expect(acl.Properties?.Scope).toBe('CLOUDFRONT');
    expect(acl.Properties?.DefaultAction).toEqual({ Allow: {} });
    // biome-ignore lint/suspicious/noExplicitAny: CloudFormation JSON, walked freely; a mismatch fails the test.
    const rules = acl.Properties?.Rules as Array<Record<string, any>>;
    expect(rules.map((rule) => rule.Name)).toEqual(['RateLimitPerIp', 'AWSManagedRulesCommonRuleSet']);
    expect(rules[0]).toMatchObject({
      Action: { Block: {} },
      Statement: { RateBasedStatement: { Limit: 2000, AggregateKeyType: 'IP', EvaluationWindowSec: 300 } },
    });
    expect(rules[1]).toMatchObject({
      OverrideAction: { None: {} },
      Statement: {
        ManagedRuleGroupStatement: {
          VendorName: 'AWS',
          Name: 'AWSManagedRulesCommonRuleSet',
          RuleActionOverrides: [{ Name: 'SizeRestrictions_BODY', ActionToUse: { Count: {} } }],
        },
      },
    });
    const stack = edge().toJSON();
    expect(JSON.stringify(stack)).not.toContain('crossRegion');
  });

  it('fronts the API origin with a CloudFront distribution on the public domain, WAF attached, nothing cached', () => {
    const [aclId] = only(edge(), 'AWS::WAFv2::WebACL');
    const [, distribution] = only(edge(), 'AWS::CloudFront::Distribution');
    const config = distribution.Properties?.DistributionConfig;
    expect(config.Aliases).toEqual([TEST_EDGE.domainName]);
    expect(config.ViewerCertificate).toMatchObject({
      AcmCertificateArn: TEST_EDGE.certificateArn,
      MinimumProtocolVersion: 'TLSv1.2_2021',
      SslSupportMethod: 'sni-only',
    });
    expect(referencedIds(config.WebACLId)).toEqual([aclId]);
    expect(config.Origins).toHaveLength(1);
    expect(config.Origins[0]).toMatchObject({
      DomainName: TEST_EDGE.originDomainName,
      CustomOriginConfig: { OriginProtocolPolicy: 'https-only', OriginSSLProtocols: ['TLSv1.2'] },
    });
    expect(config.DefaultCacheBehavior).toMatchObject({
      TargetOriginId: config.Origins[0].Id,
      ViewerProtocolPolicy: 'https-only',
      AllowedMethods: ['GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'POST', 'DELETE'],
      // Managed CachingDisabled and AllViewerExceptHostHeader.
      CachePolicyId: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad',
      OriginRequestPolicyId: 'b689b0a8-53d0-40ab-baf2-68738e2966ac',
    });
  });

  it('lets a non-prod stage run without the edge, on the execute-api endpoint', () => {
    expect(parse(valid).edge).toBeUndefined();
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
