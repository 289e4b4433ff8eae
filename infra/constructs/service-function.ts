/**
 * One Lambda function with the project's defaults: esbuild bundling with the local esbuild (no Docker),
 * ESM, minified, tree-shaken, linked source maps, arm64, Node.js 22, its own log group with retention.
 * The API and every worker use it, and `bench/cold-start.ts` bundles through it, so what we measure is
 * what we deploy.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { type PackageFiles, withCodeSplitting } from './code-splitting.js';

export interface ServiceFunctionProps {
  /** Absolute path of the TypeScript entry that exports `handler`. */
  entry: string;
  /** Directory holding package.json and the lock file (esbuild resolves modules from here). */
  projectRoot: string;
  lockFile: string;
  bundling: nodejs.BundlingOptions;
  description: string;
  environment: Record<string, string>;
  logRetention: logs.RetentionDays;
  memorySize?: number;
  timeout?: Duration;
  reservedConcurrentExecutions?: number;
  /** Removal policy of the log group (RETAIN in production). */
  logRemovalPolicy?: RemovalPolicy;
  /**
   * Split the bundle at each dynamic `import()` (code-splitting.ts), so a cold start reads and parses
   * only the code it runs. The API uses it; single-purpose workers gain nothing from it.
   */
  codeSplitting?: boolean;
  /** Package files the function reads at run time, copied beside the split bundle (codeSplitting only). */
  packageFiles?: readonly PackageFiles[];
  /** Extra function props (DLQ, retry attempts...) for workers. */
  extra?: Partial<nodejs.NodejsFunctionProps>;
}

/**
 * The esbuild settings every function shares (exported for tests and the benchmark).
 * `ethersEsmEntry`: siwe is CommonJS and `require`s ethers while our code `import`s it, so esbuild
 * would bundle both of ethers' builds (~0.5 MB twice); aliasing ethers to its ESM entry keeps one copy.
 */
export function bundlingOptions(ethersEsmEntry: string): nodejs.BundlingOptions {
  return { ...BUNDLING, esbuildArgs: { ...BUNDLING.esbuildArgs, '--alias:ethers': ethersEsmEntry } };
}

const BUNDLING: nodejs.BundlingOptions = {
  format: nodejs.OutputFormat.ESM,
  target: 'node22',
  minify: true,
  sourceMap: true,
  sourceMapMode: nodejs.SourceMapMode.DEFAULT,
  sourcesContent: false,
  // Prefer packages' ESM builds so esbuild can tree-shake them.
  mainFields: ['module', 'main'],
  // Bundle the AWS SDK too: pinned versions, tree-shaken, no dependence on the runtime's copy.
  externalModules: [],
  // Some bundled CommonJS modules call require() for Node built-ins, which ESM output lacks.
  banner:
    "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  esbuildArgs: { '--tree-shaking': 'true' },
  forceDockerBundling: false,
};

export class ServiceFunction extends Construct {
  readonly fn: nodejs.NodejsFunction;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: ServiceFunctionProps) {
    super(scope, id);
    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.logRetention,
      removalPolicy: props.logRemovalPolicy ?? RemovalPolicy.DESTROY,
    });
    this.fn = new nodejs.NodejsFunction(this, 'Function', {
      entry: props.entry,
      handler: 'handler',
      projectRoot: props.projectRoot,
      depsLockFilePath: props.lockFile,
      description: props.description,
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize ?? 1024,
      timeout: props.timeout ?? Duration.seconds(15),
      reservedConcurrentExecutions: props.reservedConcurrentExecutions,
      logGroup: this.logGroup,
      bundling: props.codeSplitting
        ? withCodeSplitting(props.bundling, props.entry, props.projectRoot, props.packageFiles)
        : props.bundling,
      environment: {
        // Stack traces point into the TypeScript sources (the .map ships next to the bundle).
        NODE_OPTIONS: '--enable-source-maps',
        ...props.environment,
      },
      ...props.extra,
    });
  }
}
