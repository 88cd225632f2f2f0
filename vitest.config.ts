import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    setupFiles: ['test/setup.ts'],
    env: { LOG_LEVEL: 'silent' },
    testTimeout: 20_000,
    // Both cores: the default leaves one for the main thread, which here has little to do.
    maxWorkers: 2,
  },
});
