import { defineConfig } from 'vitest/config';

// One project per workspace; workspace packages resolve to their TypeScript source ("source" condition).
const shared = {
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'] } },
};

export default defineConfig({
  test: {
    reporters: ['default', './.ci/plain-summary-reporter.ts'],
    // A fixed shuffle seed keeps runs reproducible; it is printed in the summary.
    sequence: { shuffle: { files: false, tests: true }, seed: 20261122 },
    testTimeout: 30_000,
    // Two test files at a time: most tests wait on sockets and timers, and the machine has two cores
    // (vitest's default leaves one of them idle). Every test has its own database and ports.
    maxWorkers: 2,
    hookTimeout: 60_000,
    projects: [
      { ...shared, extends: true, test: { name: 'contracts', root: 'core/contracts', include: ['test/**/*.test.ts'] } },
      { ...shared, extends: true, test: { name: 'core', root: 'core', include: ['test/**/*.test.ts'] } },
      { ...shared, extends: true, test: { name: 'bot', root: 'bot', include: ['test/**/*.test.ts'] } },
      { ...shared, extends: true, test: { name: 'windows-bridge', root: 'windows-bridge', include: ['test/**/*.test.ts'] } },
    ],
  },
});
