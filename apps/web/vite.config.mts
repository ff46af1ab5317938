import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

// Built into dist/web, which the API process serves at /app (apps/api/src/settings-app.ts).
export default defineConfig({
  root,
  base: '/app/',
  // JSX is compiled by Vite itself (tsconfig's react-jsx); no plugin is needed without a dev server's fast refresh.
  build: {
    outDir: fileURLToPath(new URL('../../dist/web', import.meta.url)),
    emptyOutDir: true,
    // The page must not need inline scripts (CSP): no module-preload polyfill injected into the HTML.
    modulePreload: { polyfill: false },
    reportCompressedSize: true,
    rolldownOptions: {
      // The component library marks its modules "use client" (for server rendering, which the app does not do).
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
});
