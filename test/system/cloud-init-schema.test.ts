// Every cloud-init document kindling writes for the examples and the legacy
// fixtures is accepted by Debian's real `cloud-init schema`; a document it
// must reject is rejected, so the tool is really checking. The tool is
// required: `.ci/run` installs it, and its absence fails here.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { transpile } from "../../src/transpile.js";

const root = join(import.meta.dirname, "../..");
const work = mkdtempSync(join(tmpdir(), "kindling-cloud-init-"));

function cloudInitSchema(doc: string, name: string): { status: number | null; output: string } {
  const file = join(work, name);
  writeFileSync(file, doc);
  const r = spawnSync("cloud-init", ["schema", "--config-file", file], { encoding: "utf8" });
  if (r.error) throw new Error(`cloud-init is required for the system tests (apt-get install cloud-init): ${r.error.message}`);
  return { status: r.status, output: r.stdout + r.stderr };
}

const inputs = [
  ...readdirSync(join(root, "examples"))
    .filter((f) => f.endsWith(".bu"))
    .map((f) => ({ file: join(root, "examples", f), filesDir: join(root, "examples") })),
  ...readdirSync(join(root, "test/fixtures/legacy"))
    .filter((f) => f.endsWith(".bu"))
    .map((f) => ({ file: join(root, "test/fixtures/legacy", f), filesDir: undefined })),
];

describe("cloud-init schema (the real tool)", () => {
  it("is installed", () => {
    expect(execFileSync("cloud-init", ["--version"], { encoding: "utf8" }) + "").toMatch(/cloud-init \d+\./);
  });

  it("rejects a document with an unknown user key, so it really checks", () => {
    const r = cloudInitSchema("#cloud-config\nusers:\n  - name: x\n    bogus: 1\n", "bad.yaml");
    expect(r.status).not.toBe(0);
    expect(r.output).toMatch(/users\.0/);
  });

  for (const { file, filesDir } of inputs) {
    const name = file.slice(root.length + 1);
    it(`accepts what ${name} becomes, or the config is refused with positions`, () => {
      const r = transpile(readFileSync(file, "utf8"), { target: "cloud-init", filesDir });
      if (r.failure) {
        expect(r.failure).toBe("the config cannot be expressed as cloud-init");
        const errors = r.diagnostics.filter((d) => d.severity === "error");
        expect(errors.length).toBeGreaterThan(0);
        for (const d of errors) {
          expect(d.code).toBe("legacy.unsupported");
          expect(d.span?.line).toBeGreaterThan(0);
        }
        return;
      }
      const checked = cloudInitSchema(r.output!, name.replace(/\W/g, "_") + ".yaml");
      expect(checked.output).toContain("Valid cloud-config");
      expect(checked.output).not.toMatch(/deprecat/i);
      expect(checked.status).toBe(0);
    });
  }

  it("covers documents that use every cloud-init key kindling writes", () => {
    const docs = inputs
      .map(({ file, filesDir }) => transpile(readFileSync(file, "utf8"), { target: "cloud-init", filesDir }).output ?? "")
      .join("\n");
    for (const key of [
      "hostname:",
      "groups:",
      "users:",
      "write_files:",
      "mounts:",
      "runcmd:",
      "append: true",
      "defer: true",
      "lock_passwd: false",
      "sudo:",
      "uid:",
      "encoding: base64",
    ]) {
      expect(docs, key).toContain(key);
    }
  });
});
