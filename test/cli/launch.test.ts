// kindling launch's own part, before any platform's launcher: usage and
// platform errors. Each platform's launches are tested in launch-<platform>.test.ts.
import { describe, expect, test } from "vitest";
import { launchCommand } from "../../src/cli/launch.js";
import { memoryIO } from "../helpers/io.js";

const run = async (args: string[]) => {
  const m = memoryIO();
  const code = await launchCommand(args, m.io);
  return { code, stdout: m.stdout(), stderr: m.stderr() };
};

describe("kindling launch", () => {
  test("without a platform it shows how to call it and exits 2", async () => {
    const r = await run([]);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain("kindling launch ec2|gce|azure");
  });

  test("an unknown platform is a usage error naming the platforms", async () => {
    const r = await run(["digitalocean", "x.bu"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("Error: unknown platform \"digitalocean\": one of ec2, gce, azure\nSee 'kindling launch --help'.\n");
  });
});
