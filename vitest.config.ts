import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    setupFiles: ['test/setup.ts'],
    env: { LOG_LEVEL: 'silent' },
    testTimeout: 20_000,
    // Files that seed hundreds of records before their tests need more than the default 10 s on a busy machine.
    hookTimeout: 30_000,
    // Each worker imports the service once for all its files, not once per file (about 2 s each):
    // no test depends on a fresh module, and each builds its app on its own database.
    isolate: false,
    // Both cores: the default leaves one for the main thread, which here has little to do.
    maxWorkers: 2,
  },
});
