/**
 * The dev stack as `npm run synth` produces it — the real CLI, offline, no AWS credentials, real
 * handlers bundled, cdk-nag's AwsSolutions pack applied by infra/app.ts, the stage config passed as
 * context `modelCommons:dev` (the shipped file holds placeholders) — then every property: data,
 * compute (the API, the chain indexer), secrets, the licence signer key, least
 * privilege, observability, nag findings and the bundle budgets.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROUTE_GROUPS } from '#api/routes/index.js';
import { ARTIFACT_BUCKET_LOGICAL_ID } from '#infra/constructs/artifact-bucket.js';
import { CHAIN_INDEXER_DESCRIPTION } from '#infra/constructs/chain-indexer.js';
import { splitBundleFiles } from '#infra/constructs/code-splitting.js';
import { DATA_TABLE_LOGICAL_ID } from '#infra/constructs/data-table.js';
import { LICENCE_SIGNER_KEY_LOGICAL_ID } from '#infra/constructs/licence-signer-key.js';
import { INDEXER_METRIC_NAMES } from '#infra/constructs/monitoring.js';
import { INDEXER_TABLE_ACCESS, partitionPattern } from '#infra/stacks/model-commons-stack.js';
import { loadConfig } from '#shared/config.js';
import { ARTIFACT_STAGING_PREFIX } from '#shared/deployment-contract.js';
import { METRIC_NAMES, METRICS_NAMESPACE } from '#shared/metrics.js';
import { GLOBAL_INDEXES, TABLE_KEYS, tableKeys } from '#shared/table-layout.js';
import { startPrivateChain } from '#test/helpers/chain.js';
import { stack } from '#test/helpers/stack.js';
import { TEST_ADDRESSES, TEST_MARKET_DEPLOY_BLOCK } from './fixtures/stage-configs.js';
import {
  actionsOf,
  functionByDescription,
  only,
  type PolicyStatement,
  referencedIds,
  secretByDescription,
  statementsOf,
} from './helpers.js';
import { type CliSynthesised, cliSynth } from './synth.js';

/**
 * Budgets for the API bundle as deployed (minified ESM, split at each import()). Eager: what a cold
 * start reads (issue 6: ≤ 1 MiB), measured 0.31 MiB on 2026-11-25. Total: every chunk, ethers, siwe and
 * S3 included, measured 1.8 MiB; the budget leaves room for new routes, not for a new SDK.
 */
const API_EAGER_BUDGET_BYTES = 1024 * 1024;
const API_BUNDLE_BUDGET_BYTES = 2.25 * 1024 * 1024;
/**
 * The chain indexer's bundle: one file, not split (a scheduled worker's cold start is off any user's
 * path). Measured 1.63 MiB on 2026-12-06 (every adapter the composition root can load is inlined);
 * the budget catches a new SDK or a duplicated ethers, not a new module.
 */
const INDEXER_BUNDLE_BUDGET_BYTES = 2 * 1024 * 1024;

let synth: CliSynthesised;
beforeAll(() => {
  synth = cliSynth('dev');
  console.info(
    `[infra] cdk synth --quiet (CLI, offline, bundling + cdk-nag) took ${Math.round(synth.synthMs)} ms`,
  );
}, 240_000);

const API = 'Model Commons HTTP API';
const INDEXER = CHAIN_INDEXER_DESCRIPTION;

describe('cdk synth', () => {
  it('succeeds offline without AWS credentials', () => {
    expect(synth.status, synth.stderr).toBe(0);
    expect(synth.json).toHaveProperty('Resources.DataTable');
  });

  it('reports no unacknowledged cdk-nag AwsSolutions finding', () => {
    expect(synth.violations).toEqual([]);
  });

  it('leaves termination protection off outside production', () => {
    expect(synth.terminationProtection).toEqual({ 'ModelCommons-dev': false });
  });

  it('fails with the shipped dev config, naming the placeholder to fill in (npm run synth)', () => {
    const shipped = cliSynth('dev', null);
    expect(shipped.status).not.toBe(0);
    expect(shipped.stderr).toContain(
      'Invalid stage config (infra/config/dev.json): chains.0.market: not set yet ("SET-ME: the marketplace contract',
    );
  }, 120_000);
});

describe('outputs', () => {
  it('names the API function (for the smoke script) and the licence signer key, and no signer secret', () => {
    const outputs = synth.template.toJSON().Outputs as Record<string, { Value: unknown }>;
    const [apiFunctionId] = functionByDescription(synth.template, API);
    expect(outputs.ApiFunctionName?.Value).toEqual({ Ref: apiFunctionId });
    expect(referencedIds(outputs.LicenceSignerKmsKeyId?.Value)).toEqual([LICENCE_SIGNER_KEY_LOGICAL_ID]);
    expect(outputs).not.toHaveProperty('LicenceSignerKeySecretArn');
  });

  it('names the chain indexer function and the chains it follows', () => {
    const outputs = synth.template.toJSON().Outputs as Record<
      string,
      { Value: unknown; Description: string }
    >;
    const [indexerId] = functionByDescription(synth.template, INDEXER);
    expect(outputs.IndexerFunctionName?.Value).toEqual({ Ref: indexerId });
    expect(outputs.IndexerFunctionName?.Description).toBe('The chain indexer (chains 84532)');
  });
});

describe('data table', () => {
  it('has the keys, indexes and TTL attribute the code uses, under a pinned logical id', () => {
    const table = synth.template.findResources('AWS::DynamoDB::Table');
    expect(Object.keys(table)).toEqual([DATA_TABLE_LOGICAL_ID]);
    synth.template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [
        { AttributeName: TABLE_KEYS.partitionKey, KeyType: 'HASH' },
        { AttributeName: TABLE_KEYS.sortKey, KeyType: 'RANGE' },
      ],
      TimeToLiveSpecification: { AttributeName: TABLE_KEYS.ttlAttribute, Enabled: true },
      GlobalSecondaryIndexes: GLOBAL_INDEXES.map((index) => ({
        IndexName: index.indexName,
        KeySchema: [
          { AttributeName: index.partitionKey, KeyType: 'HASH' },
          { AttributeName: index.sortKey, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      })),
    });
  });

  it('is on-demand, point-in-time recoverable and encrypted', () => {
    synth.template.hasResourceProperties('AWS::DynamoDB::Table', {
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      SSESpecification: { SSEEnabled: true },
    });
  });

  it('is deletable outside production (no deletion protection, Delete policy)', () => {
    const [, table] = only(synth.template, 'AWS::DynamoDB::Table');
    expect(table.Properties?.DeletionProtectionEnabled).toBe(false);
    expect(table.DeletionPolicy).toBe('Delete');
  });

  it('has Contributor Insights on, for the table and every index', () => {
    const [, table] = only(synth.template, 'AWS::DynamoDB::Table');
    expect(table.Properties?.ContributorInsightsSpecification).toEqual({ Enabled: true });
    for (const index of table.Properties?.GlobalSecondaryIndexes ?? []) {
      expect(index.ContributorInsightsSpecification).toEqual({ Enabled: true });
    }
  });

  it('has no stream (nothing consumes one yet)', () => {
    const [, table] = only(synth.template, 'AWS::DynamoDB::Table');
    expect(table.Properties?.StreamSpecification).toBeUndefined();
  });
});

describe('artifact bucket', () => {
  const bucket = () => synth.template.findResources('AWS::S3::Bucket')[ARTIFACT_BUCKET_LOGICAL_ID];

  it('keeps its pinned logical id', () => {
    expect(bucket()).toBeDefined();
  });

  it('blocks public access, encrypts, versions and enforces bucket-owner object ownership', () => {
    expect(bucket()?.Properties).toMatchObject({
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      VersioningConfiguration: { Status: 'Enabled' },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
    });
  });

  it('refuses requests without TLS', () => {
    synth.template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: ARTIFACT_BUCKET_LOGICAL_ID },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Action: 's3:*',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      },
    });
  });

  it('allows CORS only from the configured origins, for PUT/GET/HEAD, exposing ETag and the checksum', () => {
    expect(bucket()?.Properties?.CorsConfiguration).toEqual({
      CorsRules: [
        {
          AllowedOrigins: ['http://localhost:5173'],
          AllowedMethods: ['PUT', 'GET', 'HEAD'],
          AllowedHeaders: ['content-type', 'x-amz-checksum-sha256', 'range'],
          ExposedHeaders: ['ETag', 'x-amz-checksum-sha256'],
          MaxAge: 3600,
        },
      ],
    });
  });

  it('aborts stale multipart uploads, expires staged uploads and noncurrent versions', () => {
    expect(bucket()?.Properties?.LifecycleConfiguration.Rules).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          Id: 'abort-incomplete-multipart-uploads',
          AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 },
          Status: 'Enabled',
        }),
        // Only the staging prefix: the verified copies under artifacts/<modelId>/ never expire.
        expect.objectContaining({
          Id: 'expire-staged-uploads',
          Prefix: ARTIFACT_STAGING_PREFIX,
          ExpirationInDays: 7,
          Status: 'Enabled',
        }),
        expect.objectContaining({
          Id: 'expire-noncurrent-versions',
          NoncurrentVersionExpiration: { NoncurrentDays: 30 },
          Status: 'Enabled',
        }),
      ]),
    );
  });

  it('writes server access logs to a separate private bucket', () => {
    const target = bucket()?.Properties?.LoggingConfiguration.DestinationBucketName;
    const [logBucketId] = referencedIds(target);
    expect(logBucketId).toBeDefined();
    expect(logBucketId).not.toBe(ARTIFACT_BUCKET_LOGICAL_ID);
    expect(synth.template.findResources('AWS::S3::Bucket')[logBucketId as string]?.Properties).toMatchObject({
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, RestrictPublicBuckets: true },
    });
  });
});

describe('functions', () => {
  it.each([API, INDEXER])(
    '%s runs Node.js 22 on arm64 with source maps and its own log group',
    (description) => {
      const [, fn] = functionByDescription(synth.template, description);
      expect(fn.Properties).toMatchObject({
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        Environment: { Variables: expect.objectContaining({ NODE_OPTIONS: '--enable-source-maps' }) },
      });
      const [logGroupId] = referencedIds(fn.Properties?.LoggingConfig);
      expect(synth.template.findResources('AWS::Logs::LogGroup')[logGroupId as string]?.Properties).toEqual({
        RetentionInDays: 14,
      });
    },
  );

  it('gives the API its memory, timeout and the table/bucket names', () => {
    const [, fn] = functionByDescription(synth.template, API);
    expect(fn.Properties).toMatchObject({ MemorySize: 1024, Timeout: 15 });
    expect(fn.Properties?.Environment.Variables).toMatchObject({
      STAGE: 'dev',
      TABLE_NAME: { Ref: DATA_TABLE_LOGICAL_ID },
      BUCKET_NAME: { Ref: ARTIFACT_BUCKET_LOGICAL_ID },
      ALLOWED_ORIGINS: 'http://localhost:5173',
      PLATFORM_FEE_BPS: '250',
      REFERRER_FEE_BPS: '100',
      PLATFORM_FEE_RECIPIENT: TEST_ADDRESSES.platformRecipient,
      REFERRER_ADDRESSES: TEST_ADDRESSES.referrer,
      OPERATOR_ADDRESSES: '',
    });
    expect(JSON.parse(fn.Properties?.Environment.Variables.CHAINS)).toEqual([
      expect.objectContaining({
        chainId: 84532,
        rpcUrl: 'https://sepolia.base.org',
        confirmations: 3,
        market: TEST_ADDRESSES.market,
        marketDeployBlock: TEST_MARKET_DEPLOY_BLOCK,
      }),
    ]);
  });

  it('gives the chain indexer the chains with their market, the block range, the KMS key and the table name', () => {
    const [, fn] = functionByDescription(synth.template, INDEXER);
    const variables = fn.Properties?.Environment.Variables;
    expect(variables).toMatchObject({
      STAGE: 'dev',
      TABLE_NAME: { Ref: DATA_TABLE_LOGICAL_ID },
      INDEXER_MAX_BLOCK_RANGE: '2000',
      PLATFORM_FEE_RECIPIENT: TEST_ADDRESSES.platformRecipient,
    });
    const [, api] = functionByDescription(synth.template, API);
    // The same chains as the API's (one EIP-712 domain for the licence tokens both sign).
    expect(variables.CHAINS).toBe(api.Properties?.Environment.Variables.CHAINS);
    expect(JSON.parse(variables.CHAINS)).toEqual([
      expect.objectContaining({
        chainId: 84532,
        market: TEST_ADDRESSES.market,
        marketDeployBlock: TEST_MARKET_DEPLOY_BLOCK,
      }),
    ]);
  });

  /** A function's variables as deployed, CloudFormation references replaced by plausible values. */
  function deployedEnv(description: string): Record<string, string> {
    const variables = functionByDescription(synth.template, description)[1].Properties?.Environment
      .Variables as Record<string, unknown>;
    const resolved = (name: string, value: unknown) => {
      if (typeof value === 'string') return value;
      if (name === 'PUBLIC_ORIGIN') return 'https://abc123.execute-api.eu-west-1.amazonaws.com';
      return `resolved-${name.toLowerCase()}`;
    };
    return Object.fromEntries(
      Object.entries(variables).map(([name, value]) => [name, resolved(name, value)]),
    );
  }

  // Each entry calls loadConfig (after reading its secrets) at start-up; an environment it refuses is a
  // function that fails every cold start. A scheduled worker's once lacked PLATFORM_FEE_RECIPIENT.
  it.each([API, INDEXER])('%s: its environment is one loadConfig accepts in the stage', (description) => {
    const config = loadConfig(deployedEnv(description));
    expect(config.stage).toBe('dev');
    expect(config.chains.map((chain) => chain.market)).toEqual([TEST_ADDRESSES.market]);
  });

  it('defaults PUBLIC_ORIGIN (the SIWE domain) to the HTTP API endpoint when the config names none', () => {
    const [, fn] = functionByDescription(synth.template, API);
    const [apiId] = only(synth.template, 'AWS::ApiGatewayV2::Api');
    expect(referencedIds(fn.Properties?.Environment.Variables.PUBLIC_ORIGIN)).toEqual([apiId]);
  });

  it('bundles the API as minified ESM split at each import(), with source maps, within the size budgets', () => {
    const [, fn] = functionByDescription(synth.template, API);
    const assetHash = String(fn.Properties?.Code.S3Key).replace(/\.zip$/, '');
    const dir = join(synth.outdir, `asset.${assetHash}`);
    const files = splitBundleFiles(dir);
    console.info(
      `[infra] API bundle: ${files.eagerBytes} bytes in ${files.eager.length} eager files ` +
        `(budget ${API_EAGER_BUDGET_BYTES}), ${files.totalBytes} bytes in ${files.fileCount} files ` +
        `(budget ${API_BUNDLE_BUDGET_BYTES})`,
    );
    expect(files.eager[0]).toBe('index.mjs');
    // Split for real: chunks behind import() exist and are not read at a cold start.
    expect(files.fileCount).toBeGreaterThan(files.eager.length);
    for (const file of files.eager) expect(statSync(join(dir, `${file}.map`)).size).toBeGreaterThan(0);
    const entry = readFileSync(join(dir, 'index.mjs'), 'utf8');
    expect(entry.startsWith("import { createRequire as __createRequire } from 'node:module';")).toBe(true);
    expect(entry.split('\n').length).toBeLessThan(entry.length / 1000); // minified: long lines
    expect(files.eagerBytes).toBeLessThanOrEqual(API_EAGER_BUDGET_BYTES);
    expect(files.totalBytes).toBeLessThanOrEqual(API_BUNDLE_BUDGET_BYTES);
  });

  /** Runs the deployed API bundle in a fresh process: the requests in order, the first one cold. */
  function invokeBundle(requests: string[]) {
    const [, fn] = functionByDescription(synth.template, API);
    const dir = join(synth.outdir, `asset.${String(fn.Properties?.Code.S3Key).replace(/\.zip$/, '')}`);
    const harness = fileURLToPath(new URL('../helpers/invoke-bundle.mjs', import.meta.url));
    const output = execFileSync(
      process.execPath,
      ['--enable-source-maps', harness, join(dir, 'index.mjs'), ...requests],
      {
        encoding: 'utf8',
        env: {
          ...process.env,
          ...stack().env,
          STAGE: 'test',
          LOG_LEVEL: 'silent',
          AWS_ACCESS_KEY_ID: 'test',
          AWS_SECRET_ACCESS_KEY: 'test',
        },
        timeout: 60_000,
      },
    );
    const line = output.split('\n').find((text) => text.startsWith('@@invoke '));
    return (JSON.parse(String(line?.slice('@@invoke '.length))) as { results: InvokeResult[] }).results;
  }
  interface InvokeResult {
    request: string;
    status: number;
    body?: string;
  }

  // The tests run the sources; these run what esbuild made of them. Chunks evaluate in an order the
  // sources never show, and it depends on which request comes first: a schema module once ran before
  // zod had .openapi(), so a cold start whose first request was `GET /models` broke the catalogue.
  it('serves from the bundle as deployed: liveness, readiness, a catalogue query, the whole document, the reference page', () => {
    const requests = [
      '/health',
      '/models',
      '/.well-known/model-commons.json',
      '/openapi.json',
      '/health/ready',
      // Swagger UI's files, copied beside the bundle (the reference page loads nothing from a CDN).
      '/docs/assets/swagger-ui-dist/swagger-ui.css',
      '/docs/assets/swagger-ui-dist/swagger-ui-bundle.js',
    ];
    expect(invokeBundle(requests).map(({ request, status }) => [request, status])).toEqual(
      requests.map((request) => [request, 200]),
    );
  });

  it("loads every route group without error when its operation is a cold start's first request", () => {
    const firstOperations = ROUTE_GROUPS.filter((group) => !group.serve).map((group) =>
      String(group.operations[0]).replace(/\{[^}]+\}/g, 'x'),
    );
    expect(firstOperations.length).toBeGreaterThan(8);
    for (const operation of firstOperations) {
      const [result] = invokeBundle([operation]);
      // 4xx is fine (no credentials, no body): the group's module loaded and answered.
      expect(result, JSON.stringify(result)).toMatchObject({ request: operation });
      expect(result?.status, JSON.stringify(result)).toBeLessThan(500);
    }
  });

  it('loads S3, KMS, ethers, siwe, zod and the secret readers only behind import()', () => {
    const [, fn] = functionByDescription(synth.template, API);
    const dir = join(synth.outdir, `asset.${String(fn.Properties?.Code.S3Key).replace(/\.zip$/, '')}`);
    const eagerSources = splitBundleFiles(dir).eager.flatMap(
      (file) => (JSON.parse(readFileSync(join(dir, `${file}.map`), 'utf8')) as { sources: string[] }).sources,
    );
    // What a cold start does load, so the check below reads real source paths.
    expect(eagerSources.some((source) => source.includes('node_modules/@aws-sdk/client-dynamodb/'))).toBe(
      true,
    );
    const lazyOnly = [
      'node_modules/@aws-sdk/client-s3/',
      'node_modules/@aws-sdk/s3-request-presigner/',
      'node_modules/@aws-sdk/client-kms/',
      'node_modules/@aws-sdk/client-secrets-manager/',
      'node_modules/ethers/',
      'node_modules/siwe/',
      'node_modules/zod/',
      'shared/adapters/secrets/',
    ];
    expect(eagerSources.filter((source) => lazyOnly.some((path) => source.includes(path)))).toEqual([]);
  });
});

describe('chain indexer bundle', () => {
  const bundleDir = () => {
    const [, fn] = functionByDescription(synth.template, INDEXER);
    return join(synth.outdir, `asset.${String(fn.Properties?.Code.S3Key).replace(/\.zip$/, '')}`);
  };

  it('is one minified ESM file with its source map, within its size budget', () => {
    const dir = bundleDir();
    const bytes = statSync(join(dir, 'index.mjs')).size;
    console.info(`[infra] indexer bundle: ${bytes} bytes (budget ${INDEXER_BUNDLE_BUDGET_BYTES})`);
    expect(readdirSync(dir).sort()).toEqual(['index.mjs', 'index.mjs.map']);
    const entry = readFileSync(join(dir, 'index.mjs'), 'utf8');
    expect(entry.startsWith("import { createRequire as __createRequire } from 'node:module';")).toBe(true);
    expect(bytes).toBeLessThanOrEqual(INDEXER_BUNDLE_BUDGET_BYTES);
  });

  // The sources are tested against anvil elsewhere (test/adapters/chain-indexer.test.ts); this runs what
  // esbuild made of the entry, config loading and composition root included, on a private chain.
  it('catches a chain with a market up to its final head, as deployed, and emits its metrics with the Stage dimension only', async () => {
    const chainId = 31_351;
    const chain = await startPrivateChain(chainId);
    try {
      await chain.provider.send('anvil_mine', ['0x8']);
      const latest = await chain.provider.getBlockNumber();
      const chains = [
        {
          chainId,
          name: 'indexer-bundle',
          rpcUrl: chain.rpcUrl,
          confirmations: 2,
          // No code there: the run reads empty logs, which is all this test needs of the contract.
          market: TEST_ADDRESSES.market,
          marketDeployBlock: 1,
          currencies: [{ address: 'native', symbol: 'ETH', decimals: 18 }],
        },
      ];
      const harness = fileURLToPath(new URL('./fixtures/invoke-worker.mjs', import.meta.url));
      const output = execFileSync(process.execPath, [harness, join(bundleDir(), 'index.mjs')], {
        encoding: 'utf8',
        env: {
          ...process.env,
          ...stack().env,
          STAGE: 'test',
          LOG_LEVEL: 'silent',
          CHAINS: JSON.stringify(chains),
          AWS_ACCESS_KEY_ID: 'test',
          AWS_SECRET_ACCESS_KEY: 'test',
        },
        timeout: 60_000,
      });
      const lines = output.split('\n');
      const result = JSON.parse(String(lines.find((line) => line.startsWith('@@invoke '))?.slice(9)));
      expect(result).toEqual({
        reports: [{ chainId, to: latest - 2, applied: 0, undone: 0, caughtUp: true }],
      });
      const emf = lines
        .filter((line) => line.includes('"_aws"'))
        .map((line) => JSON.parse(line) as { _aws: { CloudWatchMetrics: Array<Record<string, unknown>> } });
      const runs = emf.find((point) => INDEXER_METRIC_NAMES.runs in point);
      expect(runs?._aws.CloudWatchMetrics[0]).toMatchObject({
        Namespace: METRICS_NAMESPACE,
        Dimensions: [['Stage']],
      });
      expect(runs).toMatchObject({ Stage: 'test', [INDEXER_METRIC_NAMES.runs]: 1 });
    } finally {
      await chain.stop();
    }
  }, 90_000);
});

describe('secrets', () => {
  const SECRET_VARS = ['SESSION_KEYS', 'LICENCE_SIGNER_KEY', 'RPC_URLS'];

  it('hands functions secret ARNs only, never secret values', () => {
    for (const description of [API, INDEXER]) {
      const variables = functionByDescription(synth.template, description)[1].Properties?.Environment
        .Variables;
      for (const name of SECRET_VARS) expect(variables).not.toHaveProperty(name);
    }
    const apiVars = functionByDescription(synth.template, API)[1].Properties?.Environment.Variables;
    expect(referencedIds(apiVars.SESSION_KEYS_SECRET_ARN)).toEqual(['SessionKeysSecret']);
    expect(referencedIds(apiVars.RPC_URLS_SECRET_ARN)).toEqual(['RpcUrlsSecret']);
    const indexerVars = functionByDescription(synth.template, INDEXER)[1].Properties?.Environment.Variables;
    expect(Object.keys(indexerVars).filter((name) => name.endsWith('_SECRET_ARN'))).toEqual([
      'RPC_URLS_SECRET_ARN',
    ]);
    expect(referencedIds(indexerVars.RPC_URLS_SECRET_ARN)).toEqual(['RpcUrlsSecret']);
  });

  it('has exactly the session and RPC secrets, under pinned logical ids (no licence signer secret)', () => {
    const secrets = synth.template.findResources('AWS::SecretsManager::Secret');
    expect(Object.keys(secrets).sort()).toEqual(['RpcUrlsSecret', 'SessionKeysSecret']);
    expect(secretByDescription(synth.template, 'session')).toBe('SessionKeysSecret');
    expect(secretByDescription(synth.template, 'JSON-RPC')).toBe('RpcUrlsSecret');
    // Outside production a deleted stack takes its secrets with it.
    for (const secret of Object.values(secrets)) expect(secret.DeletionPolicy).toBe('Delete');
  });

  it('gives the API the Parameters and Secrets extension (arm64 layer, port variable); the indexer reads through the SDK', () => {
    const [, api] = functionByDescription(synth.template, API);
    // The stack is region-agnostic: the layer ARN is looked up per region in a mapping.
    const [mapName, , key] = api.Properties?.Layers?.[0]?.['Fn::FindInMap'] ?? [];
    const byRegion = Object.values(synth.template.toJSON().Mappings[mapName]) as Array<
      Record<string, string>
    >;
    expect(byRegion.length).toBeGreaterThan(10);
    for (const arns of byRegion) {
      expect(arns[key]).toMatch(
        /^arn:aws[\w-]*:lambda:[\w-]+:\d+:layer:AWS-Parameters-and-Secrets-Lambda-Extension-Arm64:\d+$/,
      );
    }
    const apiVars = api.Properties?.Environment.Variables;
    expect(apiVars.PARAMETERS_SECRETS_EXTENSION_HTTP_PORT).toBe('2773');
    expect(apiVars.PARAMETERS_SECRETS_EXTENSION_LOG_LEVEL).toBe('warn');
    const [, indexer] = functionByDescription(synth.template, INDEXER);
    expect(indexer.Properties?.Layers).toBeUndefined();
    expect(indexer.Properties?.Environment.Variables).not.toHaveProperty(
      'PARAMETERS_SECRETS_EXTENSION_HTTP_PORT',
    );
  });

  // CloudFormation generates a NEW secret value whenever GenerateSecretString changes: every session
  // signed out at once. These values are frozen on purpose; change them only as a planned rotation (docs/deploy.md, "Key rotation").
  it('keeps every secret generation setting exactly as deployed (a change would regenerate the value)', () => {
    const secrets = synth.template.findResources('AWS::SecretsManager::Secret');
    expect(secrets.SessionKeysSecret?.Properties.GenerateSecretString).toEqual({
      SecretStringTemplate: '{"kid":"k1"}',
      GenerateStringKey: 'secret',
      PasswordLength: 64,
      ExcludePunctuation: true,
      IncludeSpace: false,
    });
    expect(secrets.RpcUrlsSecret?.Properties.GenerateSecretString).toBeUndefined();
    expect(secrets.RpcUrlsSecret?.Properties.SecretString).toBe('{}');
  });
});

describe('licence signer key', () => {
  it('is a secp256k1 sign/verify KMS key under its pinned logical id, deletable outside production', () => {
    const key = synth.template.findResources('AWS::KMS::Key')[LICENCE_SIGNER_KEY_LOGICAL_ID];
    expect(key?.Properties).toMatchObject({ KeySpec: 'ECC_SECG_P256K1', KeyUsage: 'SIGN_VERIFY' });
    expect(key?.DeletionPolicy).toBe('Delete');
    expect(key?.Properties.PendingWindowInDays).toBe(7);
    synth.template.hasResourceProperties('AWS::KMS::Alias', {
      AliasName: 'alias/model-commons-dev-licence-signer',
    });
  });

  it('is handed to the API and the chain indexer as LICENCE_SIGNER_KMS_KEY_ID, replacing the signer secret', () => {
    for (const description of [API, INDEXER]) {
      const variables = functionByDescription(synth.template, description)[1].Properties?.Environment
        .Variables;
      expect(referencedIds(variables.LICENCE_SIGNER_KMS_KEY_ID)).toEqual([LICENCE_SIGNER_KEY_LOGICAL_ID]);
      expect(variables).not.toHaveProperty('LICENCE_SIGNER_KEY_SECRET_ARN');
    }
  });

  // Deliberately two signers since issue 16: the API signs orders' authorizations and licence tokens,
  // the chain indexer issues the tokens of the sales it indexes (and re-signs them on transfers).
  it('lets only the API and chain indexer roles sign: no other policy in the template grants kms:Sign, and the key policy names only the account', () => {
    const roleOf = (description: string) =>
      referencedIds(functionByDescription(synth.template, description)[1].Properties?.Role)[0];
    const signers = Object.values(synth.template.findResources('AWS::IAM::Policy')).filter((policy) =>
      (policy.Properties.PolicyDocument.Statement as PolicyStatement[]).some((statement) =>
        actionsOf(statement).some((action) => /^kms:(Sign|\*)$|^\*$/.test(action)),
      ),
    );
    expect(signers.flatMap((policy) => referencedIds(policy.Properties.Roles)).sort()).toEqual(
      [roleOf(API), roleOf(INDEXER)].sort(),
    );
    const key = synth.template.findResources('AWS::KMS::Key')[LICENCE_SIGNER_KEY_LOGICAL_ID];
    for (const statement of key?.Properties.KeyPolicy.Statement ?? []) {
      // CDK's default statement: the account's IAM policies decide (and only those two roles' do).
      expect(JSON.stringify(statement.Principal)).toMatch(/:root"/);
    }
  });
});

/**
 * Every action each function's role may perform, measured from the synthesised template. Anything
 * outside these lists fails the test, whatever grant added it.
 */
const ALLOWED_ACTIONS: Record<string, string[]> = {
  [API]: [
    'dynamodb:GetItem',
    'dynamodb:PutItem',
    'dynamodb:UpdateItem',
    'dynamodb:DeleteItem',
    'dynamodb:Query',
    's3:GetObject',
    's3:PutObject',
    's3:DeleteObject',
    's3:AbortMultipartUpload',
    's3:ListMultipartUploadParts',
    's3:ListBucket',
    'secretsmanager:GetSecretValue',
    'secretsmanager:DescribeSecret',
    'kms:Sign',
    'kms:GetPublicKey',
  ],
  // No sqs:SendMessage: its dead-letter queue receives from EventBridge (a queue policy), not the function.
  [INDEXER]: [
    'dynamodb:GetItem',
    'dynamodb:PutItem',
    'dynamodb:UpdateItem',
    'dynamodb:DeleteItem',
    'dynamodb:Query',
    'secretsmanager:GetSecretValue',
    'secretsmanager:DescribeSecret',
    'kms:Sign',
    'kms:GetPublicKey',
  ],
};

describe('least privilege', () => {
  const statementsFor = (description: string) =>
    statementsOf(synth.template, functionByDescription(synth.template, description)[1]);
  const withAction = (description: string, action: string) =>
    statementsFor(description).filter((statement) => actionsOf(statement).includes(action));

  it.each([API, INDEXER])('%s: every IAM action is on its allow-list, all Allow', (description) => {
    const statements = statementsFor(description);
    expect(statements.length).toBeGreaterThan(0);
    for (const statement of statements) expect(statement.Effect).toBe('Allow');
    const granted = [...new Set(statements.flatMap(actionsOf))].sort();
    expect(granted).toEqual([...(ALLOWED_ACTIONS[description] as string[])].sort());
  });

  it('has no managed policy beyond basic Lambda logging on any role', () => {
    for (const description of [API, INDEXER]) {
      const [, fn] = functionByDescription(synth.template, description);
      const roleId = referencedIds(fn.Properties?.Role)[0] as string;
      const role = synth.template.findResources('AWS::IAM::Role')[roleId];
      expect(JSON.stringify(role?.Properties.ManagedPolicyArns)).toBe(
        JSON.stringify([
          {
            'Fn::Join': [
              '',
              [
                'arn:',
                { Ref: 'AWS::Partition' },
                ':iam::aws:policy/service-role/AWSLambdaBasicExecutionRole',
              ],
            ],
          },
        ]),
      );
    }
  });

  it('lets the API read the session and RPC secrets only', () => {
    const read = withAction(API, 'secretsmanager:GetSecretValue').flatMap((s) => referencedIds(s.Resource));
    expect(read.sort()).toEqual(['RpcUrlsSecret', 'SessionKeysSecret']);
  });

  it('lets the chain indexer read the RPC secret only, and sign with the licence key only', () => {
    const read = withAction(INDEXER, 'secretsmanager:GetSecretValue').flatMap((s) =>
      referencedIds(s.Resource),
    );
    expect(read).toEqual(['RpcUrlsSecret']);
    const signing = withAction(INDEXER, 'kms:Sign');
    expect(signing.map((s) => [actionsOf(s).sort(), referencedIds(s.Resource)])).toEqual([
      [['kms:GetPublicKey', 'kms:Sign'], [LICENCE_SIGNER_KEY_LOGICAL_ID]],
    ]);
  });

  it('confines each DynamoDB action of the chain indexer to the partitions it sends it to, on the table only', () => {
    const tableArn = { 'Fn::GetAtt': [DATA_TABLE_LOGICAL_ID, 'Arn'] };
    const dynamo = statementsFor(INDEXER).filter((s) => actionsOf(s).some((a) => a.startsWith('dynamodb:')));
    const byAction = Object.fromEntries(
      dynamo.map((statement) => {
        expect(statement.Resource).toEqual(tableArn);
        return [
          actionsOf(statement).join(','),
          (statement as PolicyStatement & { Condition: unknown }).Condition,
        ];
      }),
    );
    const leadingKeys = (patterns: string[]) => ({
      'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': patterns },
    });
    expect(byAction).toEqual({
      'dynamodb:GetItem': leadingKeys(['CHAINCURSOR#*', 'ORDERTOKEN#*', 'ORDER#*', 'LICENCE#*']),
      'dynamodb:PutItem': leadingKeys(['CHAINCURSOR#*', 'CHAINEVENTS#*', 'LICENCE#*', 'SALE#*', 'CREDITS#*']),
      'dynamodb:UpdateItem': leadingKeys(['ORDER#*', 'LICENCE#*', 'MODEL#*']),
      'dynamodb:DeleteItem': leadingKeys(['CHAINEVENTS#*', 'SALE#*', 'CREDITS#*']),
      'dynamodb:Query': leadingKeys(['CHAINEVENTS#*']),
    });
  });

  it("matches the indexer's LeadingKeys patterns to the keys the market index repository really builds", () => {
    // StringLike with one trailing `*` (the only wildcard these patterns use): a prefix match.
    const like = (pattern: string, value: string) =>
      /^[A-Z]+#\*$/.test(pattern) && value.startsWith(pattern.slice(0, -1));
    const keys = {
      chainCursor: tableKeys.chainCursor.key({ chainId: 8453 }).pk,
      chainEvent: tableKeys.chainEvent.partition({ chainId: 8453 }),
      orderToken: tableKeys.orderToken.key({ chainId: 8453, tokenPrefix: 'ab'.repeat(28) }).pk,
      order: tableKeys.order.key({ orderId: 'ord_1' }).pk,
      licence: tableKeys.licence.key({ licenceId: 'lic_1' }).pk,
      offer: tableKeys.offer.key({ modelId: 'mdl_1', offerId: 'off_1' }).pk,
      sale: tableKeys.sale.key({ saleId: 'sale_1' }).pk,
      credit: tableKeys.credit.key({
        recipient: TEST_ADDRESSES.platformRecipient,
        settledAt: '2026-01-01',
        saleId: 's',
      }).pk,
    } as const;
    for (const [action, entities] of Object.entries(INDEXER_TABLE_ACCESS)) {
      for (const [entity, pk] of Object.entries(keys)) {
        const granted = entities.some((granted) => like(partitionPattern(granted), pk));
        // Granted exactly where the access list names the entity (an offer shares MODEL# with its model).
        expect([action, entity, granted]).toEqual([action, entity, entities.includes(entity as never)]);
      }
    }
    expect(like('ORDER#*', keys.orderToken)).toBe(false);
    expect(like('CHAINEVENTS#*', keys.chainCursor)).toBe(false);
  });

  it('scopes the API object grant to the artifacts/ key prefix of the artifact bucket', () => {
    const [object] = withAction(API, 's3:PutObject');
    expect(object?.Resource).toEqual({
      'Fn::Join': ['', [{ 'Fn::GetAtt': [ARTIFACT_BUCKET_LOGICAL_ID, 'Arn'] }, '/artifacts/*']],
    });
    const [list] = withAction(API, 's3:ListBucket');
    expect(actionsOf(list!)).toEqual(['s3:ListBucket']);
    expect(list?.Resource).toEqual({ 'Fn::GetAtt': [ARTIFACT_BUCKET_LOGICAL_ID, 'Arn'] });
  });

  it("scopes the API's DynamoDB access to the data table and its two indexes, by name", () => {
    const tableArn = { 'Fn::GetAtt': [DATA_TABLE_LOGICAL_ID, 'Arn'] };
    const indexArn = (name: string) => ({ 'Fn::Join': ['', [tableArn, `/index/${name}`]] });
    for (const action of [
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
      'dynamodb:DeleteItem',
    ]) {
      expect(withAction(API, action).map((s) => s.Resource)).toEqual([tableArn]);
    }
    expect(withAction(API, 'dynamodb:Query').map((s) => s.Resource)).toEqual([
      [tableArn, ...GLOBAL_INDEXES.map((index) => indexArn(index.indexName))],
    ]);
  });
});

describe('HTTP API', () => {
  it('is an HTTP API with CORS for the configured origins only', () => {
    synth.template.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      ProtocolType: 'HTTP',
      CorsConfiguration: {
        AllowOrigins: ['http://localhost:5173'],
        AllowCredentials: true,
        AllowMethods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
        AllowHeaders: ['authorization', 'content-type', 'if-match', 'x-request-id'],
        ExposeHeaders: ['etag', 'x-request-id', 'retry-after'],
        MaxAge: 600,
      },
    });
  });

  it('throttles the default stage and writes JSON access logs to a retained-period log group', () => {
    const [, stage] = only(synth.template, 'AWS::ApiGatewayV2::Stage');
    expect(stage.Properties).toMatchObject({
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 },
    });
    const format = JSON.parse(stage.Properties?.AccessLogSettings.Format);
    expect(format).toMatchObject({ requestId: '$context.requestId', status: '$context.status' });
    const [logGroupId] = referencedIds(stage.Properties?.AccessLogSettings.DestinationArn);
    expect(synth.template.findResources('AWS::Logs::LogGroup')[logGroupId as string]?.Properties).toEqual({
      RetentionInDays: 14,
    });
  });

  it('routes every request ($default) to the API function through a v2 proxy integration', () => {
    const [apiFunctionId] = functionByDescription(synth.template, API);
    synth.template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: '$default' });
    const [, integration] = only(synth.template, 'AWS::ApiGatewayV2::Integration');
    expect(integration.Properties).toMatchObject({
      IntegrationType: 'AWS_PROXY',
      PayloadFormatVersion: '2.0',
    });
    expect(referencedIds(integration.Properties?.IntegrationUri)).toContain(apiFunctionId);
  });
});

/** The schedule rule whose one target is the function `functionId`. */
function ruleInvoking(functionId: string) {
  return only(synth.template, 'AWS::Events::Rule', (rule) =>
    referencedIds(rule.Properties?.Targets).includes(functionId),
  )[1];
}

/** The Lambda async invocation settings of the function `functionId`. */
function invokeConfigOf(functionId: string) {
  return only(synth.template, 'AWS::Lambda::EventInvokeConfig', (config) =>
    referencedIds(config.Properties?.FunctionName).includes(functionId),
  )[1];
}

describe('chain indexer', () => {
  it('runs every minute, one at a time, for up to 5 minutes', () => {
    const [indexerId, indexer] = functionByDescription(synth.template, INDEXER);
    expect(indexer.Properties).toMatchObject({ ReservedConcurrentExecutions: 1, Timeout: 300 });
    const rule = ruleInvoking(indexerId);
    expect(rule.Properties).toMatchObject({
      ScheduleExpression: 'rate(1 minute)',
      State: 'ENABLED',
      Description: 'Runs the chain indexer every minute',
    });
  });

  it('drops a tick it could not run within a minute and never retries a run: the next tick does the work', () => {
    const [indexerId, indexer] = functionByDescription(synth.template, INDEXER);
    expect(invokeConfigOf(indexerId).Properties).toMatchObject({
      MaximumRetryAttempts: 0,
      MaximumEventAgeInSeconds: 60,
    });
    // Nothing to replay in a tick: no function-level dead-letter queue.
    expect(indexer.Properties?.DeadLetterConfig).toBeUndefined();
    expect(invokeConfigOf(indexerId).Properties?.DestinationConfig).toBeUndefined();
  });

  it("dead-letters the schedule events EventBridge could not deliver, to the stack's only queue", () => {
    const [indexerId] = functionByDescription(synth.template, INDEXER);
    const target = ruleInvoking(indexerId).Properties?.Targets[0];
    const [queueId] = referencedIds(target.DeadLetterConfig);
    expect(Object.keys(synth.template.findResources('AWS::SQS::Queue'))).toEqual([queueId]);
    expect(target.RetryPolicy).toEqual({ MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 60 });
  });

  it('keeps its dead-letter queue encrypted and TLS-only', () => {
    const [indexerId] = functionByDescription(synth.template, INDEXER);
    const [queueId] = referencedIds(ruleInvoking(indexerId).Properties?.Targets[0].DeadLetterConfig);
    const queue = synth.template.findResources('AWS::SQS::Queue')[queueId as string];
    expect(queue?.Properties).toMatchObject({ SqsManagedSseEnabled: true });
    synth.template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: queueId }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });
});

describe('observability', () => {
  const alarms = () => Object.values(synth.template.findResources('AWS::CloudWatch::Alarm'));
  const alarmDescribed = (fragment: string) =>
    only(synth.template, 'AWS::CloudWatch::Alarm', (alarm) =>
      String(alarm.Properties?.AlarmDescription).includes(fragment),
    )[1];

  it('sends every alarm (and its recovery) to the SNS topic', () => {
    const [topicId] = only(synth.template, 'AWS::SNS::Topic');
    // 6 for the API and the table; 5 for the chain indexer.
    expect(alarms()).toHaveLength(11);
    for (const alarm of alarms()) {
      expect(referencedIds(alarm.Properties.AlarmActions)).toEqual([topicId]);
      expect(referencedIds(alarm.Properties.OKActions)).toEqual([topicId]);
    }
  });

  it("treats missing data as healthy, except for the chain indexer's run alarm", () => {
    const breaching = alarms().filter((alarm) => alarm.Properties.TreatMissingData === 'breaching');
    expect(breaching).toEqual([alarmDescribed('The chain indexer has not run')]);
    for (const alarm of alarms()) {
      if (!breaching.includes(alarm)) expect(alarm.Properties.TreatMissingData).toBe('notBreaching');
    }
  });

  it('alarms on the 5xx rate, p99 latency, function errors, throttles and dead letters', () => {
    const metricNames = alarms().flatMap((alarm) =>
      alarm.Properties.MetricName
        ? [alarm.Properties.MetricName]
        : (alarm.Properties.Metrics as Array<{ MetricStat?: { Metric: { MetricName: string } } }>).flatMap(
            (m) => (m.MetricStat ? [m.MetricStat.Metric.MetricName] : []),
          ),
    );
    expect(metricNames).toEqual(
      expect.arrayContaining([
        '5xx',
        'Count',
        'Latency',
        'Errors',
        'Throttles',
        'ApproximateNumberOfMessagesVisible',
      ]),
    );
    synth.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'Latency',
      ExtendedStatistic: 'p99',
      Threshold: 2000,
    });
    synth.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Metrics: Match.arrayWith([Match.objectLike({ Expression: '100 * errors / MAX([requests, 1])' })]),
      Threshold: 5,
    });
  });

  it('alarms on DynamoDB read and write throttle events of the table and each index', () => {
    const alarm = alarmDescribed('DynamoDB throttled');
    // biome-ignore lint/suspicious/noExplicitAny: CloudFormation JSON, walked freely; a mismatch fails the test.
    const metrics = alarm.Properties?.Metrics as Array<Record<string, any>>;
    expect(metrics.find((m) => m.Expression)).toMatchObject({
      Expression: 'SUM(METRICS())',
      ReturnData: true,
    });
    const inputs = metrics
      .filter((m) => m.MetricStat)
      .map((m) => {
        const dims = m.MetricStat.Metric.Dimensions as Array<{ Name: string; Value: unknown }>;
        expect(dims.find((d) => d.Name === 'TableName')?.Value).toEqual({ Ref: DATA_TABLE_LOGICAL_ID });
        const index = dims.find((d) => d.Name === 'GlobalSecondaryIndexName')?.Value ?? 'table';
        return `${m.MetricStat.Metric.MetricName}/${index}/${m.MetricStat.Stat}`;
      });
    expect(inputs.sort()).toEqual(
      ['table', ...GLOBAL_INDEXES.map((index) => index.indexName)]
        .flatMap((name) => [`ReadThrottleEvents/${name}/Sum`, `WriteThrottleEvents/${name}/Sum`])
        .sort(),
    );
    expect(alarm.Properties).toMatchObject({
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
  });

  it('alarms on DynamoDB transaction conflicts above the configured rate', () => {
    const alarm = alarmDescribed('transactions cancelled by conflicts');
    expect(alarm.Properties).toMatchObject({
      Namespace: 'AWS/DynamoDB',
      MetricName: 'TransactionConflict',
      Dimensions: [{ Name: 'TableName', Value: { Ref: DATA_TABLE_LOGICAL_ID } }],
      Statistic: 'Sum',
      Period: 300,
      Threshold: 10,
    });
  });

  it('alarms when the chain indexer has not been invoked for 3 one-minute periods, missing data breaching', () => {
    const [indexerId] = functionByDescription(synth.template, INDEXER);
    const alarm = alarmDescribed('The chain indexer has not run');
    expect(alarm.Properties).toMatchObject({
      AlarmDescription: 'The chain indexer has not run for 3 schedule periods (3 × 1 min)',
      Namespace: 'AWS/Lambda',
      MetricName: 'Invocations',
      Statistic: 'Sum',
      Period: 60,
      EvaluationPeriods: 3,
      DatapointsToAlarm: 3,
      Threshold: 1,
      ComparisonOperator: 'LessThanThreshold',
      TreatMissingData: 'breaching',
    });
    expect(referencedIds(alarm.Properties?.Dimensions)).toEqual([indexerId]);
  });

  it('alarms on chain indexer errors and on its undelivered schedule events', () => {
    const [indexerId, indexer] = functionByDescription(synth.template, INDEXER);
    const errors = alarmDescribed('Chain indexer invocations failed');
    expect(errors.Properties).toMatchObject({
      Namespace: 'AWS/Lambda',
      MetricName: 'Errors',
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
    expect(referencedIds(errors.Properties?.Dimensions)).toEqual([indexerId]);
    const deadLetters = alarmDescribed('Chain indexer schedule events dead-lettered');
    const [queueId] = referencedIds(ruleInvoking(indexerId).Properties?.Targets[0].DeadLetterConfig);
    expect(deadLetters.Properties).toMatchObject({
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Threshold: 1,
    });
    expect(referencedIds(deadLetters.Properties?.Dimensions)).toEqual([queueId]);
    expect(indexer).toBeDefined();
  });

  // The indexer's points carry exactly the dimension set {Stage} (the bundle test above reads one);
  // an alarm on any other set would watch a metric nobody writes.
  it.each([
    [INDEXER_METRIC_NAMES.reorgs, 'rewound'],
    [INDEXER_METRIC_NAMES.orphanSales, 'matches no order'],
  ])(
    'alarms on %s > 0, reported by the indexer through EMF with the stage dimension',
    (metricName, fragment) => {
      expect(alarmDescribed(fragment).Properties).toMatchObject({
        Namespace: METRICS_NAMESPACE,
        MetricName: metricName,
        Dimensions: [{ Name: 'Stage', Value: 'dev' }],
        Statistic: 'Sum',
        Period: 300,
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        TreatMissingData: 'notBreaching',
      });
    },
  );

  it('has a dashboard with the API, the functions and the marketplace metrics', () => {
    const [, dashboard] = only(synth.template, 'AWS::CloudWatch::Dashboard');
    const body = JSON.stringify(dashboard.Properties?.DashboardBody);
    for (const name of [METRIC_NAMES.signIns, METRIC_NAMES.ordersCreated, METRIC_NAMES.settlements]) {
      expect(body).toContain(name);
    }
    for (const name of Object.values(INDEXER_METRIC_NAMES)) expect(body).toContain(name);
    expect(body).toContain('Chain indexer');
    expect(body).toContain('5xx rate');
    expect(body).toContain('TransactionConflict');
  });
});

// Issue 16 retired the custodial path: sales settle in the market contract, whose recipients withdraw
// their own balances. A stage deployed before keeps its RETAINed treasury secret (docs/deploy.md,
// "Upgrading a stage that ran the custodial path"); the template must not bring any of it back.
describe('the retired custodial payout path', () => {
  it('has no payout function, no TREASURY_PRIVATE_KEY* variable and no treasury secret', () => {
    const functions = Object.values(synth.template.findResources('AWS::Lambda::Function'));
    const descriptions = functions.map((fn) => String(fn.Properties?.Description ?? ''));
    expect(descriptions).toEqual(expect.arrayContaining([API, INDEXER]));
    expect(descriptions.filter((description) => /payout/i.test(description))).toEqual([]);

    const variables = functions.flatMap((fn) => Object.keys(fn.Properties?.Environment?.Variables ?? {}));
    expect(variables).toContain('RPC_URLS_SECRET_ARN');
    expect(variables.filter((name) => name.startsWith('TREASURY_PRIVATE_KEY'))).toEqual([]);
    expect(JSON.stringify(synth.json)).not.toContain('TREASURY_PRIVATE_KEY');

    const secrets = Object.values(synth.template.findResources('AWS::SecretsManager::Secret'));
    const secretDescriptions = secrets.map((secret) => String(secret.Properties?.Description ?? ''));
    expect(secretDescriptions).toHaveLength(2);
    expect(secretDescriptions.filter((description) => /treasury/i.test(description))).toEqual([]);
    expect(synth.template.toJSON().Outputs).not.toHaveProperty('TreasuryKeySecretArn');
  });
});
