import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

const root = import.meta.dirname;

export default defineConfig({
  main: {
    build: {
      // Runtime `dependencies` stay external (loaded from node_modules: native better-sqlite3 is
      // unpacked from the asar when packaged); everything else — zod, papaparse, ml-pca — is a
      // devDependency bundled into out/, so electron-builder does not ship it twice.
      rollupOptions: {
        input: {
          index: resolve(root, 'electron/main/index.ts'),
          worker: resolve(root, 'electron/worker/index.ts'),
          'sweep-thread': resolve(root, 'electron/worker/sweepThread.ts'),
          'team-thread': resolve(root, 'electron/worker/teamThread.ts'),
          'read-thread': resolve(root, 'electron/worker/readThread.ts'),
          'measures-thread': resolve(root, 'electron/worker/measuresThread.ts'),
          'staging-thread': resolve(root, 'electron/worker/stagingThread.ts'),
          cli: resolve(root, 'electron/cli/index.ts'),
          serve: resolve(root, 'electron/server/serve.ts'),
        },
        // Shared chunks sit beside the entries, so paths computed from import.meta.url agree.
        output: { chunkFileNames: '[name]-[hash].js' },
      },
    },
  },
  preload: {
    build: {
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(root, 'electron/preload/index.ts') },
        // A sandboxed preload must be CommonJS.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(root, 'renderer'),
    plugins: [react()],
    // Each component's styles are a CSS module beside it (Foo.module.css, read as styles.fooBar).
    css: { modules: { localsConvention: 'camelCaseOnly' } },
    build: {
      rollupOptions: { input: resolve(root, 'renderer/index.html') },
    },
  },
});
