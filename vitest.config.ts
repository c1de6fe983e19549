import { defineConfig } from 'vitest/config';

// Three projects, so `npm run test:unit` runs the quick pure-logic tests alone:
// unit (next to the code), http (real servers on both databases), e2e (Chromium).
export default defineConfig({
  test: {
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // A poll waits for something a busy machine may take a few seconds to do (an upload's resizing,
    // a page's script); a second is Vitest's default and too short on two shared cores.
    expect: { poll: { timeout: 15_000 } },
    reporters: ['default'],
    projects: [
      { extends: true, test: { name: 'unit', include: ['src/**/*.test.ts'] } },
      { extends: true, test: { name: 'http', include: ['test/**/*.test.ts'], exclude: ['test/e2e/**'] } },
      { extends: true, test: { name: 'e2e', include: ['test/e2e/**/*.test.ts'] } },
    ],
  },
});
