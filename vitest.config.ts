import { defineConfig } from "vitest/config";

// Unit and integration tests that need nothing beyond Node itself.
// Tests that need a Debian package live in test/system and run with
// `npm run test:system` (vitest.system.config.ts).
// Many tests spawn kindling or a server as a real process; on a 2-core
// machine under load one can take seconds, so a test gets 30 s before it
// counts as hung (a bound, not a speed check: benchmarks measure speed).
export default defineConfig({
  test: {
    testTimeout: 30_000,
    include: ["test/**/*.test.ts"],
    exclude: ["test/system/**", "test/e2e/**", "node_modules/**"],
  },
});
