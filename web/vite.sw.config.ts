import { defineConfig } from 'vite';
import { OUT_DIR } from './vite.config.ts';

// /app/sw.js: a fixed name at the app's root so its scope is /app/; one self-contained classic script.
export default defineConfig({
  base: '/app/',
  publicDir: false,
  build: {
    outDir: OUT_DIR,
    emptyOutDir: false,
    target: 'es2022',
    rollupOptions: {
      input: 'src/sw.ts',
      output: { format: 'iife', entryFileNames: 'sw.js' },
    },
  },
});
