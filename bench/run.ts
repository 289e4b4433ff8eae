/**
 * `npm run bench`: runs every benchmark file directly in bench/ (`*.ts` except this runner), one after
 * another, each in its own Node process so they cannot disturb each other's timings. Add a benchmark by
 * adding a file; helpers live in sub-folders (`bench/lib/`, `bench/<name>/`) and are not run.
 *   npm run bench                 # all
 *   npm run bench -- cold-start   # only files whose name contains "cold-start"
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';

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

const failed: string[] = [];
for (const file of files) {
  console.log(`\n=== bench/${file} ===`);
  const started = performance.now();
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(here, file)], {
    stdio: 'inherit',
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  if (result.status !== 0) failed.push(file);
  console.log(
    `=== bench/${file}: ${result.status === 0 ? 'done' : `FAILED (exit ${result.status})`} in ${seconds} s ===`,
  );
}
if (failed.length > 0) {
  console.error(`\nFailed: ${failed.join(', ')}`);
  process.exit(1);
}
