/**
 * Ends the run with one plain line, "N passed, N failed[, N skipped]", that any log reader
 * (CI included) can parse without knowing vitest's coloured output.
 */
import type { Reporter, TestModule } from 'vitest/node';

export default class SummaryReporter implements Reporter {
  onTestRunEnd(modules: readonly TestModule[]): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const mod of modules) {
      // A file that failed to load has no failed test, but it is a failure all the same.
      if (mod.state() === 'failed' && ![...mod.children.allTests('failed')].length) failed++;
      for (const test of mod.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') passed++;
        else if (state === 'failed') failed++;
        else skipped++;
      }
    }
    process.stdout.write(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`);
  }
}
