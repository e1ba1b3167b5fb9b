import { defineConfig } from "vitest/config";

// System tests: the real tools a user has (the packed npm package today;
// etcd, cloud-init and qemu as the issues that need them arrive). A missing
// tool is a failure, never a skip.
export default defineConfig({
  test: {
    include: ["test/system/**/*.test.ts"],
    testTimeout: 180_000,
    hookTimeout: 180_000,
  },
});
