// The dashboard's build (docs/server.md, "The dashboard"): web/dashboard ->
// web/dist (or NETVET_WEB_OUT), served by `netvet serve` at "/".
// Nothing in the output needs more than the server's CSP `default-src 'self'`:
// no inline script, no inline style, no data: URI (assetsInlineLimit 0 keeps
// Leaflet's CSS images as files), no module preload polyfill (an inline script).
import { defineConfig } from "vitest/config";
import { resolve } from "node:path";

export default defineConfig({
  root: resolve(__dirname, "dashboard"),
  base: "/",
  resolve: {
    // The base map cut by scripts/cut-countries.mjs: web/dashboard/generated
    // (npm run build), or where NETVET_COUNTRIES says (the ctest build writes
    // it into the build tree, never into the sources).
    alias: {
      "netvet-countries": process.env.NETVET_COUNTRIES ?? resolve(__dirname, "dashboard/generated/countries.json"),
    },
  },
  build: {
    outDir: process.env.NETVET_WEB_OUT ?? resolve(__dirname, "dist"),
    emptyOutDir: true,
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    target: "es2020",
    sourcemap: false,
    chunkSizeWarningLimit: 800,
  },
  test: {
    root: __dirname,
    include: ["test/**/*.test.ts"],
    environment: "node",
    cache: false,
  },
});
