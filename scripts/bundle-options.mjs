// The esbuild options of the command bundles (scripts/bundle.mjs), shared
// with the tests that check code works once bundled (templates found, etc.).
//
// CommonJS because only a classic script can take V8's cached data on
// Node 20 (vm.Script); import.meta.url becomes the bundle's own file URL.
export const bundleOptions = {
  bundle: true,
  format: "cjs",
  platform: "node",
  target: "node20",
  define: { "import.meta.url": "__kindlingFileUrl" },
  banner: { js: 'const __kindlingFileUrl = require("node:url").pathToFileURL(__filename).href;' },
  logLevel: "warning",
};
