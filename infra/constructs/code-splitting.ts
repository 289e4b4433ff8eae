/**
 * Code splitting for NodejsFunction. NodejsFunction runs esbuild with `--outfile`, so everything the
 * handler can ever reach lands in one file that Node reads, parses and source-maps in full at a cold
 * start, even the parts behind `import()`. esbuild can split at each `import()` (`--splitting`, ESM
 * only, needs `--outdir`), which NodejsFunction does not expose; this hook re-runs esbuild after
 * NodejsFunction's own step with the same options plus splitting, into the same asset directory:
 * `index.mjs` (the handler, same name) and `chunks/*.mjs` loaded on first use. bench/cold-start.ts
 * measures what it buys.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';

/** The directory inside the asset that holds the lazily loaded chunks. */
const CHUNK_DIR = 'chunks';

/**
 * Static files of an npm package that the function reads at run time (esbuild bundles code, not
 * files): copied into the asset as `node_modules/<name>/<file>`, where Node's resolution finds them.
 */
export interface PackageFiles {
  name: string;
  files: readonly string[];
}

/**
 * The bundling options used by `ServiceFunction`, now also splitting the handler at each `import()`,
 * and copying `packageFiles` beside the bundle.
 */
export function withCodeSplitting(
  bundling: nodejs.BundlingOptions,
  entry: string,
  projectRoot: string,
  packageFiles: readonly PackageFiles[] = [],
): nodejs.BundlingOptions {
  if (bundling.commandHooks)
    throw new Error('withCodeSplitting: the bundling options already have command hooks');
  const args = splitBuildArgs(bundling);
  const entryInProject = relative(projectRoot, entry);
  return {
    ...bundling,
    commandHooks: {
      beforeBundling: () => [],
      beforeInstall: () => [],
      afterBundling: (inputDir, outputDir) => [
        [esbuildBinary(), join(inputDir, entryInProject), `--outdir=${outputDir}`, ...args]
          .map(shellQuote)
          .join(' '),
        ...packageFiles.flatMap((pkg) => copyPackageFiles(pkg, outputDir)),
      ],
    },
  };
}

/**
 * esbuild arguments equivalent to `bundling` (what NodejsFunction passes) with splitting. Options this
 * translation does not cover throw, so a new bundling option cannot silently differ between the two.
 */
export function splitBuildArgs(bundling: nodejs.BundlingOptions): string[] {
  const supported = new Set([
    'format',
    'target',
    'minify',
    'sourceMap',
    'sourceMapMode',
    'sourcesContent',
    'mainFields',
    'externalModules',
    'banner',
    'esbuildArgs',
    'forceDockerBundling',
  ]);
  const unsupported = Object.keys(bundling).filter((key) => !supported.has(key));
  if (unsupported.length > 0)
    throw new Error(`withCodeSplitting: unsupported bundling options: ${unsupported}`);
  if (bundling.format !== nodejs.OutputFormat.ESM) throw new Error('withCodeSplitting: needs ESM output');
  // The hook runs the project's own esbuild by its path on this machine, not inside a container.
  if (bundling.forceDockerBundling) throw new Error('withCodeSplitting: needs local bundling');
  if (bundling.sourceMapMode && bundling.sourceMapMode !== nodejs.SourceMapMode.DEFAULT) {
    throw new Error('withCodeSplitting: only linked source maps (SourceMapMode.DEFAULT) are supported');
  }
  return [
    '--bundle',
    '--splitting',
    '--platform=node',
    '--format=esm',
    // Same file name and extension as NodejsFunction's (the function's handler is index.handler).
    '--entry-names=index',
    `--chunk-names=${CHUNK_DIR}/[name]-[hash]`,
    '--out-extension:.js=.mjs',
    ...(bundling.target ? [`--target=${bundling.target}`] : []),
    ...(bundling.minify ? ['--minify'] : []),
    ...(bundling.sourceMap ? ['--sourcemap'] : []),
    ...(bundling.sourcesContent === false ? ['--sources-content=false'] : []),
    ...(bundling.mainFields ? [`--main-fields=${bundling.mainFields.join(',')}`] : []),
    ...(bundling.externalModules ?? []).map((name) => `--external:${name}`),
    ...(bundling.banner ? [`--banner:js=${bundling.banner}`] : []),
    ...Object.entries(bundling.esbuildArgs ?? {}).map(([flag, value]) =>
      value === true ? flag : `${flag}=${value}`,
    ),
    '--log-level=warning',
  ];
}

/** Shell commands copying a package's listed files from this checkout into `outputDir/node_modules/`. */
function copyPackageFiles(pkg: PackageFiles, outputDir: string): string[] {
  const source = dirname(createRequire(import.meta.url).resolve(`${pkg.name}/package.json`));
  const target = join(outputDir, 'node_modules', pkg.name);
  return [
    ['mkdir', '-p', target].map(shellQuote).join(' '),
    ['cp', ...pkg.files.map((file) => join(source, file)), target].map(shellQuote).join(' '),
  ];
}

/** The esbuild binary NodejsFunction itself runs locally (the project's devDependency). */
function esbuildBinary(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('esbuild/package.json')), 'bin', 'esbuild');
}

function shellQuote(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

/** The files of a split bundle, and which of them a cold start reads (index.mjs and its static imports). */
export interface SplitBundleFiles {
  /** Relative paths of the eagerly loaded `.mjs` files, `index.mjs` first. */
  eager: string[];
  eagerBytes: number;
  /** Every `.mjs` file: the eager ones plus the chunks behind `import()`. */
  totalBytes: number;
  fileCount: number;
}

/**
 * Reads a split bundle's static-import graph from its (minified) output: `import…from"./x.mjs"` is
 * loaded with the module, `import("./x.mjs")` only when called. esbuild writes static imports at the
 * top of each file, before any code.
 */
export function splitBundleFiles(assetDir: string): SplitBundleFiles {
  const eager: string[] = [];
  const queue = ['index.mjs'];
  while (queue.length > 0) {
    const file = queue.shift() as string;
    if (eager.includes(file)) continue;
    eager.push(file);
    const source = readFileSync(join(assetDir, file), 'utf8');
    const base = dirname(file);
    for (const match of source.matchAll(STATIC_IMPORT)) {
      queue.push(join(base, match[1] as string));
    }
  }
  const all = readdirSync(assetDir, { recursive: true, encoding: 'utf8' }).filter((file) =>
    file.endsWith('.mjs'),
  );
  const size = (file: string) => statSync(join(assetDir, file)).size;
  return {
    eager,
    eagerBytes: eager.reduce((sum, file) => sum + size(file), 0),
    totalBytes: all.reduce((sum, file) => sum + size(file), 0),
    fileCount: all.length,
  };
}

/**
 * `import{a as b}from"./chunks/chunk-X.mjs"`, `import"./x.mjs"` or `export{a}from"./x.mjs"`, but not
 * `import("./x.mjs")`.
 */
const STATIC_IMPORT =
  /\b(?:import\s*(?:[\w$*{][^;()"']*?from\s*)?|export\s*[*{][^;()"']*?from\s*)["'](\.{1,2}\/[^"']+\.mjs)["']/g;
