/**
 * `npm run bench`: runs every benchmark file directly in bench/ (`*.ts` except this runner), one after
 * another, each in its own Node process so they cannot disturb each other's timings. Add a benchmark by
 * adding a file; helpers live in sub-folders (`bench/lib/`, `bench/<name>/`) and are not run.
 *   npm run bench                 # all
 *   npm run bench -- cold-start   # only files whose name contains "cold-start"
 * Each file records its headline figures with `recordResult` (bench/lib/report.ts); after the last file
 * the runner prints them as one table, goals beside measured figures. docs/benchmarks.md describes them.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { printSummary, RESULTS_FILE_ENV, readResults } from './lib/report.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const filters = process.argv.slice(2);
const files = readdirSync(here)
  .filter((name) => name.endsWith('.ts') && name !== basename(fileURLToPath(import.meta.url)))
  .filter((name) => filters.length === 0 || filters.some((filter) => name.includes(filter)))
  .sort();

if (files.length === 0) {
  console.error(`No benchmark in bench/ matches ${filters.join(', ') || '(any)'}`);
  process.exit(1);
}

const resultsDir = mkdtempSync(join(tmpdir(), 'mc-bench-results-'));
const resultsFile = join(resultsDir, 'results.jsonl');
const failed: string[] = [];
for (const file of files) {
  console.log(`\n=== bench/${file} ===`);
  const started = performance.now();
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(here, file)], {
    stdio: 'inherit',
    env: {
      ...process.env,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      [RESULTS_FILE_ENV]: resultsFile,
    },
  });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  if (result.status !== 0) failed.push(file);
  console.log(
    `=== bench/${file}: ${result.status === 0 ? 'done' : `FAILED (exit ${result.status})`} in ${seconds} s ===`,
  );
}
const results = readResults(resultsFile);
rmSync(resultsDir, { recursive: true, force: true });
for (const file of failed) {
  results.push({
    benchmark: `bench/${file}`,
    metric: 'run',
    measured: 'FAILED',
    goal: 'completes',
    met: false,
  });
}
console.log('\n=== Summary: goals beside measured figures ===');
printSummary(results);
if (failed.length > 0) {
  console.error(`\nFailed: ${failed.join(', ')}`);
  process.exit(1);
}
