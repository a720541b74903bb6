// Vite build of gust's web UI. The output goes to web/assets/dist, which the
// Go package web/assets embeds. base './' makes every asset URL relative, so
// the page works under --web-base-path.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  base: './',
  build: {
    outDir: '../assets/dist',
    // scripts/clean-dist.mjs empties the folder but keeps the committed .gitkeep.
    emptyOutDir: false,
    assetsInlineLimit: 0,
    target: 'es2020',
    reportCompressedSize: true,
    sourcemap: false,
  },
  server: {
    // `npm run dev` proxies the API to the mock server (npm run mock) or a real gust.
    proxy: {
      '^/(ui-config|swarm|stop|stats|exceptions|tasks|logs)': 'http://127.0.0.1:8089',
      '/ws': { target: 'ws://127.0.0.1:8089', ws: true },
    },
  },
  test: {
    environment: 'node',
    include: ['test/**/*.test.ts'],
  },
});
