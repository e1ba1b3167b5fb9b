// The AWS SDK is loaded only when an AWS bucket, s3:// reference or EC2
// launch is used: no static import chain from the library or a command
// (each loaded lazily by cli.ts) reaches it (type-only imports are erased and do not count).
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, test } from "vitest";

const src = resolve(dirname(fileURLToPath(import.meta.url)), "../../../../src");

/** The packages reached by static (non-type) imports from `entry`, and the modules visited. */
function staticPackages(entry: string): { packages: Set<string>; modules: Set<string> } {
  const packages = new Set<string>();
  const modules = new Set<string>();
  const visit = (file: string) => {
    if (modules.has(file)) return;
    modules.add(file);
    const text = readFileSync(file, "utf8");
    for (const m of text.matchAll(/^(?:import|export)\s+(?!type\s)[^;]*?\sfrom\s+"([^"]+)";/gms)) {
      const spec = m[1]!;
      if (spec.startsWith(".")) visit(join(dirname(file), spec.replace(/\.js$/, ".ts")));
      else packages.add(spec);
    }
    for (const m of text.matchAll(/^import\s+"([^"]+)";/gm)) if (!m[1]!.startsWith(".")) packages.add(m[1]!);
  };
  visit(entry);
  return { packages, modules };
}

const ENTRIES = [
  "index.ts",
  "cli/transpile.ts",
  "cli/validate.ts",
  "cli/user-data.ts",
  "cli/launch.ts",
  "cli/resolve.ts",
  "cli/terraform.ts",
];

test.each(ENTRIES)("nothing imported statically from src/%s loads an AWS SDK module", (entry) => {
  const { packages, modules } = staticPackages(join(src, entry));
  expect(modules.size).toBeGreaterThan(5);
  expect([...packages].filter((p) => p.startsWith("@aws-sdk/") || p.startsWith("@smithy/"))).toEqual([]);
  expect([...modules].some((m) => m.includes("/cloud/aws/") || m.endsWith("s3-store.ts") || m.endsWith("launch/ec2.ts"))).toBe(false);
});

test("the walk does find the SDK behind the AWS modules", () => {
  expect([...staticPackages(join(src, "deliver/cloud/launch/ec2.ts")).packages]).toContain("@aws-sdk/client-ec2");
});
