// Prints vitest's JSON report as one "N passed, N failed" line for CI. Exits non-zero when the report
// is missing or no test ran, so a run that executed nothing cannot pass unnoticed.
import { existsSync, readFileSync } from 'node:fs';

const file = process.argv[2] ?? 'test-results.json';
if (!existsSync(file)) {
  console.log('0 passed, 1 failed');
  console.error(`test-summary: ${file} not found (the test run did not finish)`);
  process.exit(1);
}
const report = JSON.parse(readFileSync(file, 'utf8'));
const passed = report.numPassedTests ?? 0;
// A file whose setup (beforeAll, an import) failed reports its tests as skipped, not failed: they
// count as failed here, and a failed file with no test at all counts as one failure.
let failedInFailedFiles = 0;
for (const file of report.testResults ?? []) {
  if (file.status !== 'failed') continue;
  const results = file.assertionResults ?? [];
  if (results.some((test) => test.status === 'failed')) continue;
  failedInFailedFiles += Math.max(1, results.length);
}
const failed = (report.numFailedTests ?? 0) + failedInFailedFiles;
const skipped = Math.max(0, (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0) - failedInFailedFiles);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(passed > 0 && failed === 0 && report.success !== false ? 0 : 1);
