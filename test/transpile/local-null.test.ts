// A null (or empty) item where a local file is named: decoded as Go decodes
// it (the zero value, "") and reported as Butane reports reading "" inside
// the files directory, never a crash. Single `local`/`contents_local` fields
// set to null are simply unset.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { transpile } from "../../src/transpile.js";

const filesDir = mkdtempSync(join(tmpdir(), "kindling-local-null-"));
writeFileSync(join(filesDir, "keys"), "ssh-ed25519 AAAA one\n");
const head = "variant: fcos\nversion: 1.5.0\n";

function raw(yaml: string, dir: string | null = filesDir) {
  let r: ReturnType<typeof transpile> | undefined;
  expect(() => (r = transpile(head + yaml, dir === null ? {} : { filesDir: dir }))).not.toThrow();
  return {
    output: r!.output,
    failure: r!.failure,
    diagnostics: r!.diagnostics.map((d) => `${d.severity} ${d.path.join(".")} ${d.span?.line}:${d.span?.column} ${d.message}`),
  };
}

describe("null items among local files", () => {
  it("ssh_authorized_keys_local: [null] reads the files directory itself, as Butane does", () => {
    expect(raw("passwd:\n  users:\n    - name: core\n      ssh_authorized_keys_local: [null, keys]\n")).toEqual({
      output: undefined,
      failure: "source config is invalid",
      diagnostics: [`error passwd.users.0.ssh_authorized_keys_local.0 6:35 read ${filesDir}: is a directory`],
    });
  });

  it("an empty - item is the same null", () => {
    const r = raw("passwd:\n  users:\n    - name: core\n      ssh_authorized_keys_local:\n        -\n        - keys\n");
    expect(r.diagnostics).toEqual([`error passwd.users.0.ssh_authorized_keys_local.0 7:10 read ${filesDir}: is a directory`]);
  });

  it("without a files directory it is the usual error, on the field", () => {
    expect(raw("passwd:\n  users:\n    - name: core\n      ssh_authorized_keys_local: [null]\n", null).diagnostics).toEqual([
      "error passwd.users.0.ssh_authorized_keys_local 6:34 local file paths are relative to a files directory that must be specified with -d/--files-dir",
    ]);
  });

  it.each([
    [
      "files.contents.local",
      "storage:\n  files:\n    - path: /etc/a\n      contents:\n        local: null\n",
      '{"ignition":{"version":"3.4.0"},"storage":{"files":[{"path":"/etc/a"}]}}',
    ],
    [
      "files.append.local",
      "storage:\n  files:\n    - path: /etc/a\n      append:\n        - local: ~\n",
      '{"ignition":{"version":"3.4.0"},"storage":{"files":[{"path":"/etc/a","append":[{}]}]}}',
    ],
    [
      "units.contents_local",
      "systemd:\n  units:\n    - name: a.service\n      contents_local: ~\n",
      '{"ignition":{"version":"3.4.0"},"systemd":{"units":[{"name":"a.service"}]}}',
    ],
    [
      "dropins.contents_local",
      "systemd:\n  units:\n    - name: a.service\n      dropins:\n        - name: b.conf\n          contents_local: null\n",
      '{"ignition":{"version":"3.4.0"},"systemd":{"units":[{"dropins":[{"name":"b.conf"}],"name":"a.service"}]}}',
    ],
  ])("%s: null leaves the field unset", (_name, yaml, output) => {
    expect(raw(yaml)).toEqual({ output, failure: undefined, diagnostics: [] });
  });
});
