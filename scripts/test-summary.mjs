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
const failed = report.numFailedTests ?? 0;
const skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(passed > 0 && failed === 0 && report.success !== false ? 0 : 1);
