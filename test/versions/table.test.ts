// The version table against upstream's registries (test/fixtures/versions),
// against itself, and against what the built CLI accepts: every row is
// walked through `kindling transpile` / `kindling validate`, versions next to
// the rows are refused, and every field filter a row names fires for exactly
// the rows that name it.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { BUTANE_VERSIONS, IGNITION_SPECS } from "../../src/versions/table.js";
import { run } from "../helpers/transpile.js";

const CLI = fileURLToPath(new URL("../../dist/cli.js", import.meta.url));
const fixture = (name: string) =>
  readFileSync(new URL(`../fixtures/versions/${name}`, import.meta.url), "utf8")
    .split("\n")
    .filter((l) => l && !l.startsWith("#"))
    .map((l) => l.split(" "));

type Row = (typeof BUTANE_VERSIONS)[number];
const name = (row: Row) => `${row.variant} ${row.version}`;
const specOf = (row: Row) => IGNITION_SPECS.find((s) => s.base === row.base)!;
const forbids = (row: Row): readonly string[] => ("forbids" in row ? row.forbids : []);

const METADATA = ["metadata:", "  name: 99-worker-x", "  labels:", "    machineconfiguration.openshift.io/role: worker"];
const header = (row: { variant: string; version: string }) => [
  `variant: ${row.variant}`,
  `version: ${row.version}`,
  ...(row.variant === "openshift" ? METADATA : []),
];

function cli(args: string[], input: string) {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build (npm test builds first)`);
  const r = spawnSync(process.execPath, [CLI, ...args], { input, encoding: "utf8" });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("the table is upstream's", () => {
  test("the Ignition specs are Ignition v2.26.0's, oldest first, with their stability", () => {
    expect(IGNITION_SPECS.map((s) => [s.version, s.stable ? "stable" : "experimental"])).toEqual(fixture("ignition-v2.26.0.txt"));
  });
  test("the Butane rows are Butane v0.29.0's registry, each emitting its spec", () => {
    const rows = BUTANE_VERSIONS.map((r) => [r.variant, r.version, specOf(r).version].join(" ")).sort();
    expect(rows).toEqual(
      fixture("butane-v0.29.0.txt")
        .map((l) => l.join(" "))
        .sort(),
    );
  });
});

describe("the table agrees with itself", () => {
  test("each spec has one base and each base one spec", () => {
    expect(new Set(IGNITION_SPECS.map((s) => s.base)).size).toBe(IGNITION_SPECS.length);
  });
  test("each (variant, version) is one row", () => {
    expect(new Set(BUTANE_VERSIONS.map(name)).size).toBe(BUTANE_VERSIONS.length);
  });
  test("fcos rows follow their own rules; an openshift row follows an fcos row on its base", () => {
    for (const row of BUTANE_VERSIONS) {
      const fcos = "fcos" in row ? row.fcos : undefined;
      if (row.variant === "fcos") expect(fcos, name(row)).toBe(row.version);
      else if (row.variant === "openshift") {
        const rules = BUTANE_VERSIONS.find((r) => r.variant === "fcos" && r.version === fcos);
        expect(rules?.base, name(row)).toBe(row.base);
      } else expect(fcos, name(row)).toBeUndefined();
    }
  });
});

describe("kindling transpile accepts every Butane row and emits its spec", () => {
  test.each(BUTANE_VERSIONS.map((r) => [name(r), r] as const))("%s", (_, row) => {
    const r = cli(["transpile", ...(row.variant === "openshift" ? ["--raw"] : [])], header(row).join("\n") + "\n");
    expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: "" });
    expect(JSON.parse(r.stdout).ignition.version).toBe(specOf(row).version);
  });
});

/**
 * Versions next to the rows: the next minor after the newest, the stable twin
 * of an experimental version and the experimental twin of the newest stable one.
 */
function neighbours(versions: readonly string[]): string[] {
  const base = (v: string) => v.replace(/-experimental$/, "");
  const [major, minor] = base(versions.at(-1)!).split(".").map(Number);
  const stable = versions.filter((v) => !v.endsWith("-experimental"));
  const out = [`${major}.${minor + 1}.0`, `${stable.at(-1)}-experimental`, ...versions.filter((v) => v !== base(v)).map(base)];
  return [...new Set(out)].filter((v) => !versions.includes(v));
}

describe("kindling transpile refuses the versions next to the rows", () => {
  const variants = [...new Set(BUTANE_VERSIONS.map((r) => r.variant))];
  const cases = variants.flatMap((variant) =>
    neighbours(BUTANE_VERSIONS.filter((r) => r.variant === variant).map((r) => r.version)).map(
      (version) => [`${variant} ${version}`, variant, version] as const,
    ),
  );
  test("there are some", () => expect(cases.length).toBeGreaterThan(variants.length));
  test.each(cases)("%s", (_, variant, version) => {
    const r = cli(["transpile"], header({ variant, version }).join("\n") + "\n");
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(`Error translating config: No translator exists for variant ${variant} with version ${version}\n`);
  });
});

describe("kindling validate", () => {
  test.each(IGNITION_SPECS.map((s) => s.version))("accepts spec %s", (version) => {
    expect(cli(["validate", "-"], JSON.stringify({ ignition: { version } }))).toEqual({ status: 0, stdout: "", stderr: "" });
  });
  test.each([...neighbours(IGNITION_SPECS.map((s) => s.version)), "2.2.0"])("refuses %s, which is not in the table", (version) => {
    expect(cli(["validate", "-"], JSON.stringify({ ignition: { version } }))).toEqual({
      status: 1,
      stdout: "",
      stderr: "couldn't parse config: unsupported config version\n",
    });
  });
});

/**
 * One config per field filter (Butane's messages, at the YAML path the
 * output field came from), and the filter names that forbid it: the
 * diagnostic must appear exactly for the rows naming one of them.
 */
const SAMPLES: { forbiddenBy: string[]; yaml: string[]; error: string }[] = [
  {
    forbiddenBy: ["clevis"],
    yaml: ["storage:", "  luks:", "    - {name: d, device: /dev/vdb, clevis: {tpm2: true}}"],
    error: "$.storage.luks.0.clevis: clevis is not supported in this spec version",
  },
  {
    forbiddenBy: ["cex"],
    yaml: ["storage:", "  luks:", "    - {name: d, device: /dev/vdb, cex: {enabled: true}}"],
    error: "$.storage.luks.0.cex: cex is not currently supported on the target platform",
  },
  {
    forbiddenBy: ["kernel-arguments"],
    yaml: ["kernel_arguments:", "  should_exist: [quiet]"],
    error: "$.kernel_arguments: kernel argument customization is not supported in this spec version",
  },
  {
    forbiddenBy: ["disks"],
    yaml: ["storage:", "  disks:", "    - {device: /dev/vdb, wipe_table: true}"],
    error: "$.storage.disks: disk customization is not supported in this spec version",
  },
  {
    forbiddenBy: ["filesystems"],
    yaml: ["storage:", "  filesystems:", "    - {device: /dev/vdb, format: ext4}"],
    error: "$.storage.filesystems: filesystem customization is not supported in this spec version",
  },
  {
    forbiddenBy: ["luks"],
    yaml: ["storage:", "  luks:", "    - {name: d, device: /dev/vdb}"],
    error: "$.storage.luks: luks is not supported in this spec version",
  },
  {
    forbiddenBy: ["raid"],
    yaml: ["storage:", "  raid:", "    - {name: md0, level: raid1, devices: [/dev/vdb, /dev/vdc]}"],
    error: "$.storage.raid: raid is not supported in this spec version",
  },
  {
    forbiddenBy: ["mc.groups"],
    yaml: ["passwd:", "  groups:", "    - {name: g}"],
    error: "$.passwd.groups: groups are not supported in this spec version",
  },
  {
    forbiddenBy: ["mc.users", "mc.users-before-4.13"],
    yaml: ["passwd:", "  users:", "    - {name: core, shell: /bin/sh}"],
    error:
      '$.passwd.users.0.shell: fields other than "name", "ssh_authorized_keys", and "password_hash" (4.13.0+) are not supported in this spec version',
  },
  {
    forbiddenBy: ["mc.users-before-4.13"],
    yaml: ["passwd:", "  users:", "    - {name: core, password_hash: $6$x}"],
    error:
      '$.passwd.users.0.password_hash: fields other than "name", "ssh_authorized_keys", and "password_hash" (4.13.0+) are not supported in this spec version',
  },
  {
    forbiddenBy: ["mc.directories"],
    yaml: ["storage:", "  directories:", "    - {path: /etc/d}"],
    error: "$.storage.directories: directories are not supported in this spec version",
  },
  {
    forbiddenBy: ["mc.file-append"],
    yaml: ["storage:", "  files:", "    - {path: /etc/f, append: [{inline: x}]}"],
    error: "$.storage.files.0.append: appending to files is not supported in this spec version",
  },
  {
    forbiddenBy: ["mc.file-http-headers"],
    yaml: ["storage:", "  files:", "    - path: /etc/f", "      contents: {source: 'data:,x', http_headers: [{name: A, value: b}]}"],
    error: "$.storage.files.0.contents.http_headers: file HTTP headers are not supported in this spec version",
  },
  {
    forbiddenBy: ["mc.links"],
    yaml: ["storage:", "  links:", "    - {path: /etc/l, target: /etc/x}"],
    error: "$.storage.links: links are not supported in this spec version",
  },
  {
    forbiddenBy: ["mc.kernel-arguments"],
    yaml: ["kernel_arguments:", "  should_exist: [quiet]"],
    error:
      "$.kernel_arguments: this section cannot be used for kernel arguments in this spec version; use openshift.kernel_arguments instead",
  },
  {
    forbiddenBy: ["mc.file-compression"],
    yaml: ["storage:", "  files:", "    - path: /etc/f", "      contents: {source: 'data:,x', compression: gzip}"],
    error: "$.storage.files.0.contents.compression: file compression is not supported in this spec version",
  },
];

describe("field filters are table entries", () => {
  test("every filter a row names has a sample", () => {
    const named = new Set(BUTANE_VERSIONS.flatMap(forbids));
    expect([...named].filter((f) => !SAMPLES.some((s) => s.forbiddenBy.includes(f)))).toEqual([]);
    expect(SAMPLES.flatMap((s) => s.forbiddenBy).filter((f) => !named.has(f))).toEqual([]);
  });
  test.each(BUTANE_VERSIONS.map((r) => [name(r), r] as const))("%s reports exactly the fields it forbids", (_, row) => {
    const wrong: string[] = [];
    for (const sample of SAMPLES) {
      const [path, message] = sample.error.split(/: (.*)/s);
      const report = run([...header(row), ...sample.yaml]).report;
      const fired = report.some((l) => l.startsWith(`error at ${path}, `) && l.endsWith(`: ${message}`));
      const expected = sample.forbiddenBy.some((f) => forbids(row).includes(f));
      if (fired !== expected) wrong.push(`${expected ? "missing" : "unexpected"} ${sample.error} (report: ${report.join(" | ")})`);
    }
    expect(wrong).toEqual([]);
  });
});
