import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';

const outDir = resolve(import.meta.dirname, '../../dist/console');

/**
 * Gzip and Brotli copies of the text assets beside them, which the ledger serves to browsers
 * that accept them (@fastify/static's preCompressed), so no compression runs per request.
 */
function precompress(): Plugin {
  return {
    name: 'privacy-ledger:precompress',
    apply: 'build',
    closeBundle() {
      const assets = join(outDir, 'assets');
      for (const name of readdirSync(assets)) {
        if (!/\.(js|css|svg)$/.test(name)) continue;
        const bytes = readFileSync(join(assets, name));
        writeFileSync(join(assets, `${name}.gz`), gzipSync(bytes, { level: 9 }));
        writeFileSync(join(assets, `${name}.br`), brotliCompressSync(bytes));
      }
    },
  };
}

/** The DPO console: built into dist/console, served by the ledger at /console (same origin as the API). */
export default defineConfig({
  root: import.meta.dirname,
  base: '/console/',
  plugins: [precompress()],
  build: {
    outDir,
    emptyOutDir: true,
    target: 'es2022',
    // Fonts and images as files, never data: URLs, so the CSP needs no data: source.
    assetsInlineLimit: 0,
    sourcemap: false,
    reportCompressedSize: true,
    rolldownOptions: {
      onwarn(warning, warn) {
        // React libraries mark modules "use client" for server components; meaningless in a SPA bundle.
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
  server: {
    // `npx vite apps/console` during development, against a ledger on :3000.
    proxy: { '/v1': 'http://localhost:3000' },
  },
});
