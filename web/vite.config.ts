// The werkplek is built to web/dist and served by the Loket server itself (same origin, so the
// session cookie and /api/v1 need no proxy in production). `npm run dev -w web` proxies the API.
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [react()],
  // One React, whatever npm hoisted where: peer ranges (^18 || ^19) can leave an 18 at the root.
  resolve: { dedupe: ['react', 'react-dom'] },
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false, chunkSizeWarningLimit: 800 },
  server: { proxy: { '/api': 'http://localhost:8080' } },
});
