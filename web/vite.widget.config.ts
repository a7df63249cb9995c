// The chat widget for municipal websites: one self-contained script, web/dist/widget/loket-chat.js,
// built after the werkplek (same dist, not emptied) and served by the same Loket server.
import { defineConfig } from 'vite';

export default defineConfig({
  publicDir: false,
  build: {
    outDir: 'dist/widget',
    emptyOutDir: false,
    sourcemap: false,
    lib: {
      entry: 'widget/loket-chat.ts',
      formats: ['iife'],
      name: 'LoketChat',
      fileName: () => 'loket-chat.js',
    },
  },
});
