// The agent's HMAC-SHA256, written in sh with sha256sum and printf, signs as
// the server checks: signReport(key, body), for keys whose inner pad has NUL
// bytes and bodies whose inner digest has 00 bytes.

import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { reportKey, signReport } from "../../src/verify/report-signature.js";
import { agentScript, KEY, requireShell, SHELLS, tempDir } from "./verify-agent.js";

/** The agent's signing functions, cut from the rendered script as they ship. */
function signingCode(): string {
  const script = agentScript([]);
  const from = script.indexOf("# --- signing");
  const to = script.indexOf("# --- sending");
  expect(from).toBeGreaterThan(0);
  expect(to).toBeGreaterThan(from);
  return script.slice(from, to);
}

/** The inner digest of HMAC-SHA256 with a 64-byte key: sha256((key ^ ipad) || body). */
function innerDigest(key: string, body: Buffer): Buffer {
  const pad = Buffer.from(key, "latin1").map((b) => b ^ 0x36);
  return createHash("sha256").update(pad).update(body).digest();
}

/** A body whose inner digest under `key` has a 00 byte (at the start when `first`). */
function bodyWithZeroInInnerDigest(key: string, first: boolean): Buffer {
  for (let i = 0; ; i++) {
    const body = Buffer.from(`{"n":${i}}\n`);
    const d = innerDigest(key, body);
    if (first ? d[0] === 0 : d.subarray(1).includes(0)) return body;
  }
}

const KEYS = [KEY, "0123456789abcdef".repeat(4), reportKey("a server secret", "web"), "6".repeat(64)];

describe.each(SHELLS)("HMAC-SHA256 in %s", (_name, shell) => {
  beforeAll(() => requireShell(shell));

  const sign = (key: string, body: Buffer): string => {
    const dir = tempDir("kindling-hmac-");
    const file = join(dir, "body");
    writeFileSync(file, body);
    const prelude = 'set -eu\nk_log() { printf "%s\\n" "$1" >&2; }\nk_die() { k_log "$2"; exit "$1"; }\n';
    const r = spawnSync(shell[0]!, [...shell.slice(1), "-c", `${prelude}K_KEY=$1\n${signingCode()}\nk_hmac "$2"`, "sh", key, file], {
      encoding: "utf8",
    });
    if (r.error) throw r.error;
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    return "sha256=" + r.stdout;
  };

  it.each(KEYS)("signs as signReport with key %s", (key) => {
    const bodies = [
      Buffer.from(""),
      Buffer.from('{"version":1}\n'),
      Buffer.from("\n\n\n"),
      Buffer.from(Array.from({ length: 256 }, (_, i) => i)),
      Buffer.from("Zoë 日本 \\ \" ' %s %d \\000".repeat(3000)),
      bodyWithZeroInInnerDigest(key, false),
      bodyWithZeroInInnerDigest(key, true),
    ];
    for (const body of bodies) expect(sign(key, body), JSON.stringify(body.subarray(0, 40).toString("latin1"))).toBe(signReport(key, body));
  });

  it("really meets NUL bytes: in the inner pad and in the inner digest", () => {
    expect(Buffer.from(KEY, "latin1").map((b) => b ^ 0x36)).toContain(0);
    expect(innerDigest(KEY, bodyWithZeroInInnerDigest(KEY, true))[0]).toBe(0);
  });
});
