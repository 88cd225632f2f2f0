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
    // Both cores: the default leaves one for the main thread, which here has little to do.
    maxWorkers: 2,
  },
});
