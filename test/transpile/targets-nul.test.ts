// A NUL byte in a value the legacy targets use as a path, a name, a key or a
// command argument is an error at its YAML line and column, naming the
// target: never a crash. File and unit contents are bytes, and carry a NUL.
import { describe, expect, it } from "vitest";
import { transpile } from "../../src/transpile.js";

const TARGETS = ["cloud-config", "cloud-init", "script"] as const;
const TITLE = { "cloud-config": "cloud-config (coreos-cloudinit)", "cloud-init": "cloud-init", script: "the script target" } as const;

// Each value with a NUL, its YAML path, and its line:column.
const CASES: { name: string; yaml: string; path: string; at: string }[] = [
  {
    name: "a file path",
    yaml: 'storage:\n  files:\n    - path: "/etc/a\\0b"\n      contents: {inline: x}',
    path: "storage.files.0.path",
    at: "5:13",
  },
  { name: "a user name", yaml: 'passwd:\n  users:\n    - name: "co\\0re"', path: "passwd.users.0.name", at: "5:13" },
  { name: "a gecos", yaml: 'passwd:\n  users:\n    - name: core\n      gecos: "a\\0b"', path: "passwd.users.0.gecos", at: "6:14" },
  {
    name: "an SSH key",
    yaml: 'passwd:\n  users:\n    - name: core\n      ssh_authorized_keys: ["ssh-ed25519 AAAA\\0x"]',
    path: "passwd.users.0.ssh_authorized_keys.0",
    at: "6:29",
  },
  { name: "a group name", yaml: 'passwd:\n  groups:\n    - name: "g\\0x"', path: "passwd.groups.0.name", at: "5:13" },
  { name: "a directory", yaml: 'storage:\n  directories:\n    - path: "/var/d\\0x"', path: "storage.directories.0.path", at: "5:13" },
  {
    name: "a link target",
    yaml: 'storage:\n  links:\n    - path: /etc/l\n      target: "/t\\0x"',
    path: "storage.links.0.target",
    at: "6:15",
  },
  {
    name: "a unit name",
    yaml: 'systemd:\n  units:\n    - name: "a\\0b.service"\n      contents: "[Service]\\nExecStart=/bin/true\\n"',
    path: "systemd.units.0.name",
    at: "5:13",
  },
];

const head = "variant: fcos\nversion: 1.5.0\n";

describe("NUL bytes and the legacy targets", () => {
  for (const c of CASES) {
    for (const target of TARGETS) {
      it(`${c.name} is refused by ${target} with its position`, () => {
        let r: ReturnType<typeof transpile> | undefined;
        expect(() => (r = transpile(head + c.yaml + "\n", { target }))).not.toThrow();
        expect(r!.output).toBeUndefined();
        expect(r!.failure).toBe(`the config cannot be expressed as ${target}`);
        const errors = r!.diagnostics.filter((d) => d.severity === "error");
        const nul = errors.filter((d) => d.code === "legacy.nul-byte");
        // Whatever else the target refuses, each refusal is located; the NUL is one of them unless its entry is refused whole.
        for (const d of errors) expect(d.span?.line, d.message).toBeGreaterThan(0);
        if (nul.length) {
          expect(nul.map((d) => `${d.path.join(".")} ${d.span!.line}:${d.span!.column}`)).toEqual([`${c.path} ${c.at}`]);
          expect(nul[0]!.message).toBe(
            `${TITLE[target]} cannot carry a NUL byte here: paths, names, keys and command arguments end at NUL`,
          );
        } else {
          expect(errors.some((d) => d.code === "legacy.unsupported" && c.path.startsWith(d.path.join(".")))).toBe(true);
        }
      });
    }
  }

  it("Ignition output keeps Butane's behaviour: the NUL goes through", () => {
    const r = transpile(head + CASES[0]!.yaml + "\n");
    expect(r.failure).toBeUndefined();
    expect(r.output).toContain('"path":"/etc/a\\u0000b"');
  });

  for (const target of TARGETS) {
    it(`file and unit contents with a NUL are carried by ${target}`, () => {
      const yaml =
        'storage:\n  files:\n    - path: /etc/blob\n      contents: {inline: "a\\0b"}\nsystemd:\n  units:\n    - name: x.service\n      contents: "[Service]\\nExecStart=/bin/echo \\0\\n"\n';
      const r = transpile(head + yaml, { target });
      expect(r.failure, JSON.stringify(r.diagnostics)).toBeUndefined();
      expect(r.output).toBeDefined();
    });
  }
});
