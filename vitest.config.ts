import { defineConfig } from "vitest/config";

// Unit and integration tests that need nothing beyond Node itself.
// Tests that need a Debian package live in test/system and run with
// `npm run test:system` (vitest.system.config.ts).
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    exclude: ["test/system/**", "test/e2e/**", "node_modules/**"],
  },
});
