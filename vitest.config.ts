import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // Tests start real servers (Dovecot, SMTP); two cores are shared between them.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 2,
    // The JSON report is what .ci/run counts (it prints its own "N passed, N failed" line).
    reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
  },
});
