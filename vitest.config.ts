import { defineConfig } from 'vitest/config';

/**
 * Three projects, chosen by file name: `*.redis.test.ts` needs a throwaway redis-server (or another
 * subprocess or the network), `*.slow.test.ts` is slow on purpose (the seeded fuzz, the synthetic tsc
 * compile, the packed-package install), every other `*.test.ts` is a pure, fast unit test.
 * `vitest run` runs all three; `vitest run --project unit` (npm run test:unit) only the fast ones.
 */
/** The folders that hold tests (testing/test-projects.test.ts checks that no test file lives elsewhere). */
export const TEST_ROOMS = ['spec', 'generator', 'conformance', 'cli', 'diff', 'examples', 'testing', 'lsp', 'infer'];
const files = (suffix: string): string[] => TEST_ROOMS.map((room) => `${room}/**/*${suffix}`);
const redis = files('.redis.test.ts');
const slow = files('.slow.test.ts');

export default defineConfig({
  test: {
    reporters: ['default', './scripts/plain-summary-reporter.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    projects: [
      { extends: true, test: { name: 'unit', include: files('.test.ts'), exclude: [...redis, ...slow], isolate: false } },
      { extends: true, test: { name: 'redis', include: redis } },
      { extends: true, test: { name: 'slow', include: slow } },
    ],
  },
});
