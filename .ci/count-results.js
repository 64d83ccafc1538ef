#!/usr/bin/env node
// Counts a vitest JSON report (vitest.config.ts writes it, with the run's unhandled errors) and
// prints what did not pass, then one plain "N passed, N failed" line; exits 1 if anything failed.
//
// Failed = failed tests
//        + test files that failed without a failed test (did not load, or a hook threw: their
//          tests never ran, and vitest reports them as skipped, not failed)
//        + unhandled errors (thrown outside any test; vitest fails the run for them)
//        + skipped and todo tests: CI installs every tool the tests need, so a test that skips
//          itself there (e.g. "openssl is not installed") did not test anything
//        + a run that was interrupted, or in which no test passed.
//
// Usage: node .ci/count-results.js [REPORT=test-results/vitest.json] [VITEST_EXIT_STATUS=0]
// (a run vitest failed for a reason its report does not show is one more failure).
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';

const reportFile = process.argv[2] ?? 'test-results/vitest.json';
const vitestStatus = Number(process.argv[3] ?? 0);

/** @param {string} text */
const firstLine = (text) => text.split('\n').find((line) => line.trim() !== '') ?? '';

/**
 * @param {{
 *   numPassedTests: number,
 *   testResults: Array<{ name: string, status: string, message?: string,
 *     assertionResults: Array<{ status: string, fullName: string }> }>,
 *   unhandledErrors?: string[],
 *   runEndReason?: string,
 * }} report
 */
function countResults(report) {
  const failedTests = [];
  const brokenFiles = [];
  const notRun = [];
  for (const file of report.testResults) {
    const name = relative(process.cwd(), file.name);
    const failedHere = file.assertionResults.filter((test) => test.status === 'failed');
    for (const test of failedHere) failedTests.push(`${name} > ${test.fullName}`);
    if (file.status === 'failed' && (failedHere.length === 0 || file.message))
      brokenFiles.push(`${name}: ${firstLine(file.message ?? '') || 'failed outside its tests'}`);
    for (const test of file.assertionResults)
      if (test.status !== 'passed' && test.status !== 'failed')
        notRun.push(`${name} > ${test.fullName} (${test.status})`);
  }
  // A report written without them (by the stock json reporter) cannot tell: one failure.
  const unhandled = report.unhandledErrors ?? ['the report does not list unhandled errors'];
  const nothing = report.numPassedTests === 0 ? ['no test passed: nothing was tested'] : [];
  const interrupted = report.runEndReason === 'interrupted' ? ['the run was interrupted'] : [];
  const sections = [
    ['failed tests', failedTests],
    ['test files that failed outside their tests', brokenFiles],
    ['tests that did not run (skipped, todo)', notRun],
    ['unhandled errors', unhandled.map(firstLine)],
    ['empty run', nothing],
    ['interrupted', interrupted],
  ];
  return { passed: report.numPassedTests, sections };
}

let report;
try {
  report = JSON.parse(readFileSync(reportFile, 'utf8'));
} catch (error) {
  console.log(`no test report (${reportFile}): ${error instanceof Error ? error.message : error}`);
  console.log('0 passed, 1 failed');
  process.exit(1);
}
const { passed, sections } = countResults(report);
let failed = sections.reduce((sum, [, lines]) => sum + lines.length, 0);
if (vitestStatus !== 0 && failed === 0) {
  sections.push([
    'vitest failed the run',
    [`exit status ${vitestStatus}, no failure in its report`],
  ]);
  failed = 1;
}
for (const [title, lines] of sections) {
  if (lines.length === 0) continue;
  console.log(`${title}: ${lines.length}`);
  for (const line of lines) console.log(`  ${line}`);
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
