// Every cloud-config kindling writes for the examples and fixtures passes
// coreos-cloudinit's validator rules (kindling validate --target
// cloud-config), and the transpiler refuses to hand out a document that
// would not.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { transpile } from "../../../src/transpile.js";
import { validateCloudConfig } from "../../../src/validate-cloud-config/validate.js";

const root = join(import.meta.dirname, "../../..");
const inputs = [
  ...readdirSync(join(root, "examples"))
    .filter((f) => f.endsWith(".bu"))
    .map((f) => ({ file: join("examples", f), filesDir: join(root, "examples") })),
  ...readdirSync(join(root, "test/fixtures/legacy"))
    .filter((f) => f.endsWith(".bu"))
    .map((f) => ({ file: join("test/fixtures/legacy", f), filesDir: undefined })),
];

describe("generated cloud-config against coreos-cloudinit's rules", () => {
  for (const { file, filesDir } of inputs) {
    it(file, () => {
      const r = transpile(readFileSync(join(root, file), "utf8"), { target: "cloud-config", filesDir });
      if (r.failure) {
        expect(r.diagnostics.filter((d) => d.severity === "error").every((d) => d.code === "legacy.unsupported" && d.span)).toBe(true);
        return;
      }
      expect(validateCloudConfig(r.output!)).toEqual([]);
    });
  }

  it("at least one example is carried whole", () => {
    const carried = inputs.filter(
      ({ file, filesDir }) => !transpile(readFileSync(join(root, file), "utf8"), { target: "cloud-config", filesDir }).failure,
    );
    expect(carried.map((i) => i.file)).toContain(join("examples", "container-host.bu"));
  });
});

describe("the transpiler's own check", () => {
  it("turns anything the validator reports into an error that says it is kindling's fault", async () => {
    const { selfCheck } = await import("../../../src/emit/legacy/index.js");
    expect(selfCheck('#cloud-config\nwrite_files:\n  - path: /etc/a\n    permissions: "0999"\n')).toEqual([
      {
        severity: "error",
        code: "legacy.invalid-output",
        message: "kindling wrote cloud-config that coreos-cloudinit rejects (a kindling bug; please report it): line 4: invalid value 0999",
        hint: expect.any(String),
        path: [],
      },
    ]);
    expect(selfCheck("#cloud-config\nhostname: a\n")).toEqual([]);
  });
});
