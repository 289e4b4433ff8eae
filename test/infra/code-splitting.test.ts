/** The code-splitting step's two pure parts: the esbuild arguments it derives, and the bundle reader. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import { describe, expect, it } from 'vitest';
import { splitBuildArgs, splitBundleFiles } from '#infra/constructs/code-splitting.js';
import { bundlingOptions } from '#infra/constructs/service-function.js';
import { ETHERS_ESM_ENTRY } from '#infra/paths.js';

describe('splitBuildArgs', () => {
  it("repeats the stack's bundling options for esbuild, adding splitting into index.mjs + chunks/", () => {
    const args = splitBuildArgs(bundlingOptions(ETHERS_ESM_ENTRY));
    expect(args).toEqual(
      expect.arrayContaining([
        '--bundle',
        '--splitting',
        '--format=esm',
        '--platform=node',
        '--entry-names=index',
        '--chunk-names=chunks/[name]-[hash]',
        '--out-extension:.js=.mjs',
        '--target=node22',
        '--minify',
        '--sourcemap',
        '--sources-content=false',
        '--main-fields=module,main',
        '--tree-shaking=true',
        `--alias:ethers=${ETHERS_ESM_ENTRY}`,
      ]),
    );
    expect(args.some((arg) => arg.startsWith('--banner:js=import { createRequire'))).toBe(true);
  });

  it('refuses options it does not translate, CommonJS output and Docker bundling', () => {
    const base = bundlingOptions(ETHERS_ESM_ENTRY);
    expect(() => splitBuildArgs({ ...base, define: { X: '1' } })).toThrowError(
      'unsupported bundling options: define',
    );
    expect(() => splitBuildArgs({ ...base, format: nodejs.OutputFormat.CJS })).toThrowError(
      'needs ESM output',
    );
    expect(() => splitBuildArgs({ ...base, forceDockerBundling: true })).toThrowError('needs local bundling');
  });
});

describe('splitBundleFiles', () => {
  it('counts index.mjs and what it imports statically as eager, chunks behind import() as lazy', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mc-split-'));
    mkdirSync(join(dir, 'chunks'));
    writeFileSync(
      join(dir, 'index.mjs'),
      'import{a as b}from"./chunks/shared.mjs";const l=()=>import("./chunks/lazy.mjs");export{b as handler};',
    );
    writeFileSync(join(dir, 'chunks/shared.mjs'), 'export*from"./deep.mjs";export const a=1;');
    writeFileSync(join(dir, 'chunks/deep.mjs'), 'export const d=2;');
    writeFileSync(join(dir, 'chunks/lazy.mjs'), 'import"./shared.mjs";export const z=3;'.padEnd(1000, ' '));
    const files = splitBundleFiles(dir);
    expect(files.eager).toEqual(['index.mjs', 'chunks/shared.mjs', 'chunks/deep.mjs']);
    expect(files.fileCount).toBe(4);
    expect(files.totalBytes - files.eagerBytes).toBe(1000);
  });
});
