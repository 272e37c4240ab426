import { defineConfig } from 'vitest/config';

// Hardware tests (*.hw.test.ts) need a real reader and run only with SIMPAY_HW=1.
const hardware = process.env['SIMPAY_HW'] === '1';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: hardware ? ['node_modules/**'] : ['node_modules/**', 'test/**/*.hw.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    reporters: ['default', './test/support/summary-reporter.ts'],
  },
});
