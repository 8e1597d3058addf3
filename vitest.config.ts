import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: { name: 'node', include: ['tests/**/*.test.ts'], environment: 'node' },
      },
      {
        // Components in jsdom, with a typed fake `window.api` (tests/renderer/fakeClient.tsx).
        extends: true,
        test: { name: 'renderer', include: ['tests/renderer/**/*.test.tsx'], environment: 'jsdom' },
      },
    ],
  },
});
