/**
 * A NoCloud seed for cloud-init: an ISO 9660 volume labelled `cidata`
 * holding `user-data` and `meta-data` (instance-id, local-hostname), written
 * with Debian's xorriso. A new instance-id whenever the user data changes,
 * so cloud-init applies a re-rendered config as a new instance's.
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export function metaData(lab: string, node: string, userData: string): string {
  const id = createHash("sha256").update(userData).digest("hex").slice(0, 12);
  return `instance-id: ${lab}-${node}-${id}\nlocal-hostname: ${node}\n`;
}

export const XORRISO_MISSING = "xorriso is needed to write the NoCloud seed ISO of an ubuntu lab: apt-get install xorriso";

/** The ISO's bytes, or the one line saying why there are none. */
export function nocloudIso(userData: string, meta: string, env: NodeJS.ProcessEnv = process.env): { iso: Uint8Array } | { error: string } {
  const dir = mkdtempSync(join(tmpdir(), "kindling-nocloud-"));
  try {
    const root = join(dir, "seed");
    mkdirSync(root);
    writeFileSync(join(root, "user-data"), userData);
    writeFileSync(join(root, "meta-data"), meta);
    const out = join(dir, "seed.iso");
    const r = spawnSync("xorriso", ["-as", "mkisofs", "-quiet", "-R", "-J", "-V", "cidata", "-o", out, root], { encoding: "utf8", env });
    if (r.error) return { error: (r.error as NodeJS.ErrnoException).code === "ENOENT" ? XORRISO_MISSING : `xorriso: ${r.error.message}` };
    if (r.status !== 0) return { error: `xorriso failed: ${(r.stderr || r.stdout).trim().split("\n").pop() ?? `exit ${r.status}`}` };
    return { iso: readFileSync(out) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
