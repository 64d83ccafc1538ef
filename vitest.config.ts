import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';
import { JsonReportWithErrors } from './tests/helpers/json-report.js';

export default defineConfig({
  // Component tests (tests/renderer/*.test.tsx) are JSX; each picks its DOM with a
  // `// @vitest-environment jsdom` line, every other test runs in plain Node.
  plugins: [react()],
  test: {
    include: ['tests/**/*.test.{ts,tsx}'],
    // Tests start real servers (Dovecot, SMTP); two cores are shared between them.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 2,
    // The JSON report is what .ci/count-results.js counts (its "N passed, N failed" line).
    reporters: ['default', new JsonReportWithErrors({ outputFile: 'test-results/vitest.json' })],
  },
});
