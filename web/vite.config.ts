/// <reference types="vitest/config" />
import { defineConfig } from 'vite';

// The app is served by sync-api at /app/; the build lands in target/classes/META-INF/resources/app, which the
// Maven module packs into a jar that sync-api serves (Quarkus serves META-INF/resources of its dependencies).
// The service worker is built on its own (vite.sw.config.ts) as one classic script, which every browser runs.
export const OUT_DIR = 'target/classes/META-INF/resources/app';

export default defineConfig({
  base: '/app/',
  build: { outDir: OUT_DIR, emptyOutDir: true, target: 'es2022' },
  test: { environment: 'node', include: ['test/**/*.test.ts'] },
});
