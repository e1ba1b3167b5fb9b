// Helpers of the script target's system tests: a small root to apply a
// config to, the shells to apply it with, and a snapshot of the tree after.

import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { chmodSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { expect, onTestFinished } from "vitest";
import { buildPlan } from "../../src/emit/legacy/plan.js";
import { renderScript } from "../../src/emit/legacy/script.js";

/** The shells the script must run under unchanged; a missing one fails the tests. */
export const SHELLS: [string, string[]][] = [
  ["dash", ["dash"]],
  ["busybox sh", ["busybox", "sh"]],
];

export function requireShell(argv: string[]): void {
  const r = spawnSync(argv[0]!, [...argv.slice(1), "-c", "exit 0"], { encoding: "utf8" });
  if (r.error || r.status !== 0)
    throw new Error(`${argv.join(" ")} is needed by the script target's system tests (apt-get install dash busybox-static)`);
}

export const PASSWD =
  "root:x:0:0:root:/root:/bin/sh\napp:x:1500:1500:App:/srv/app:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n";
export const GROUP = "root:x:0:\nwheel:x:10:root\nusers:x:100:\napp:x:1500:\nnogroup:x:65534:\n";
export const SHADOW = "root:*:19000:0:99999:7:::\napp:!:19000:0:99999:7:::\nnobody:*:19000:0:99999:7:::\n";
export const GSHADOW = "root:*::\nwheel:*::root\nusers:*::\napp:!::\nnogroup:*::\n";

/** A temporary directory, removed when the test that made it finishes. */
function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A fresh root with /etc/passwd, group, shadow and gshadow (shadow files 0640), plus `extra` files. */
export function makeRoot(extra: Record<string, string> = {}, { shadow = true } = {}): string {
  const root = tempDir("kindling-script-");
  const files: Record<string, string> = {
    "/etc/passwd": PASSWD,
    "/etc/group": GROUP,
    ...(shadow ? { "/etc/shadow": SHADOW, "/etc/gshadow": GSHADOW } : {}),
    ...extra,
  };
  for (const [path, text] of Object.entries(files)) put(root, path, text);
  if (shadow) for (const f of ["/etc/shadow", "/etc/gshadow"]) chmodSync(join(root, f), 0o640);
  return root;
}

export function put(root: string, path: string, text: string | Uint8Array): void {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
}

export const dataUrl = (s: string | Uint8Array): string => "data:;base64," + Buffer.from(s).toString("base64");

/** The script for an Ignition config. */
export function scriptFor(config: Record<string, unknown>): string {
  const { plan, diagnostics } = buildPlan({ ignition: { version: "3.4.0" }, ...config });
  expect(diagnostics).toEqual([]);
  return renderScript(plan);
}

export interface Run {
  status: number | null;
  stderr: string;
  stdout: string;
}

/** Runs the script with `shell` and ROOT=root; the script comes on a file, as a user would run it. */
export function runScript(shell: string[], script: string, root: string, env: Record<string, string> = {}): Run {
  const file = join(tempDir("kindling-sh-"), "apply.sh");
  writeFileSync(file, script);
  const r = spawnSync(shell[0]!, [...shell.slice(1), file], {
    encoding: "utf8",
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", ROOT: root, ...env },
  });
  if (r.error) throw r.error;
  return { status: r.status, stderr: r.stderr, stdout: r.stdout };
}

/** Runs a config's script and expects success. */
export function apply(shell: string[], config: Record<string, unknown>, root: string): Run {
  const r = runScript(shell, scriptFor(config), root);
  expect(r.stderr).toMatch(/kindling: done\n$/);
  expect(r.status).toBe(0);
  return r;
}

export interface Node {
  type: "file" | "dir" | "link" | "other";
  mode: string;
  uid: number;
  gid: number;
  /** sha256 of a file's bytes, a link's target. */
  data?: string;
}

/** Every node under root (relative path → type, mode, owner, contents hash or link target). */
export function snapshot(root: string): Record<string, Node> {
  const out: Record<string, Node> = {};
  const walk = (rel: string) => {
    const path = join(root, rel);
    const st = lstatSync(path);
    const type = st.isSymbolicLink() ? "link" : st.isDirectory() ? "dir" : st.isFile() ? "file" : "other";
    const node: Node = { type, mode: (st.mode & 0o7777).toString(8), uid: st.uid, gid: st.gid };
    if (type === "file") node.data = createHash("sha256").update(readFileSync(path)).digest("hex");
    if (type === "link") node.data = readlinkSync(path);
    out[rel || "/"] = node;
    if (type === "dir") for (const name of readdirSync(path).sort()) walk(`${rel}/${name}`);
  };
  walk("");
  return out;
}

/** lstat's owner and permission bits of a path under root. */
export function stat(root: string, path: string): { mode: number; uid: number; gid: number; ino: number } {
  const st = lstatSync(join(root, path));
  return { mode: st.mode & 0o7777, uid: st.uid, gid: st.gid, ino: st.ino };
}

export const read = (root: string, path: string): string => readFileSync(join(root, path), "utf8");

/** The line of a colon-separated /etc file whose first field is `name`. */
export function entry(root: string, file: string, name: string): string | undefined {
  return read(root, `/etc/${file}`)
    .split("\n")
    .find((l) => l.split(":")[0] === name);
}
