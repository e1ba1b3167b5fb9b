import { defineConfig } from "vitest/config";

// End-to-end tests: a real PXE boot of a small Linux guest under qemu
// (test/e2e/guest). They need the Debian packages qemu-system-x86, ipxe-qemu
// and busybox-static, and apt's package lists for the kernel download; a
// missing one is a failure, never a skip. One file at a time in one fork:
// each boot takes a core or two under TCG.
export default defineConfig({
  test: {
    include: ["test/e2e/**/*.test.ts"],
    testTimeout: 900_000,
    hookTimeout: 900_000,
    pool: "forks",
    poolOptions: { forks: { singleFork: true } },
    fileParallelism: false,
  },
});
