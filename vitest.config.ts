import { defineConfig } from 'vitest/config';
import { JsonReportWithErrors } from './tests/helpers/json-report.js';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // Tests start real servers (Dovecot, SMTP); two cores are shared between them.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 2,
    // The JSON report is what .ci/count-results.js counts (its "N passed, N failed" line).
    reporters: ['default', new JsonReportWithErrors({ outputFile: 'test-results/vitest.json' })],
  },
});
