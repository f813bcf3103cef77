import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['spec/**/*.test.ts', 'generator/**/*.test.ts', 'conformance/**/*.test.ts', 'cli/**/*.test.ts', 'examples/**/*.test.ts'],
    reporters: ['default', './scripts/plain-summary-reporter.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
