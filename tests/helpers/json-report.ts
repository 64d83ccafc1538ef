import type { SerializedError } from 'vitest';
import { JsonReporter, type TestModule, type TestRunEndReason } from 'vitest/node';

/**
 * vitest's JSON report plus what it leaves out: the errors thrown outside any test (vitest fails
 * the run for them, the stock report does not mention them) and whether the run was interrupted.
 * .ci/count-results.js counts it.
 */
export class JsonReportWithErrors extends JsonReporter {
  private extra: { unhandledErrors: string[]; runEndReason: TestRunEndReason } = {
    unhandledErrors: [],
    runEndReason: 'passed',
  };

  override async onTestRunEnd(
    testModules: ReadonlyArray<TestModule>,
    unhandledErrors: ReadonlyArray<SerializedError> = [],
    reason: TestRunEndReason = 'passed',
  ): Promise<void> {
    this.extra = {
      unhandledErrors: unhandledErrors.map((error) => error.stack ?? error.message),
      runEndReason: reason,
    };
    await super.onTestRunEnd(testModules);
  }

  override async writeReport(report: string): Promise<void> {
    await super.writeReport(
      JSON.stringify({ ...(JSON.parse(report) as Record<string, unknown>), ...this.extra }),
    );
  }
}
