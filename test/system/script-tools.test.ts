// The README's promises about the script target, kept by running them: the
// script needs only `sh` and the tools the README lists (each a busybox
// applet, nothing else on PATH), and the README's one-line skeleton is a root
// it applies to. Run under dash and under busybox sh.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { transpile } from "../../src/transpile.js";

const root = join(import.meta.dirname, "../..");
const readme = readFileSync(join(root, "README.md"), "utf8");
const BUSYBOX = "/bin/busybox";

/** "It needs only `sh` and awk, cat, …, tail and wc" */
function listedTools(): string[] {
  const m = /It needs only `sh` and ([a-z, \n]+?) and ([a-z]+),/.exec(readme);
  if (!m) throw new Error("README.md no longer says which tools the script needs");
  return [
    ...m[1]!
      .split(/,\s*/)
      .map((t) => t.trim())
      .filter(Boolean),
    m[2]!,
  ];
}

function skeletonCommand(): string {
  const at = readme.indexOf("<!-- example: script root");
  if (at < 0) throw new Error("README.md has no script root example");
  return /```sh\n(.*)\n```/.exec(readme.slice(at))![1]!;
}

const work = mkdtempSync(join(tmpdir(), "kindling-script-tools-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("the script target's README", () => {
  const tools = listedTools();
  const bin = join(work, "bin");
  mkdirSync(bin);
  if (spawnSync(BUSYBOX, ["true"]).status !== 0) throw new Error(`${BUSYBOX} is needed (apt-get install busybox-static)`);
  for (const tool of tools) symlinkSync(BUSYBOX, join(bin, tool));

  it("lists date among the tools", () => {
    expect(tools).toContain("date");
  });

  // Something of every kind the script applies, on a root that has nothing but the skeleton.
  const source = `variant: fcos
version: 1.5.0
passwd:
  groups:
    - name: ops
      gid: 2000
  users:
    - name: core
      ssh_authorized_keys: [ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHk core@example]
    - name: deploy
      uid: 2001
      primary_group: ops
      groups: [ops]
storage:
  directories:
    - path: /var/lib/app
      mode: 0750
      user: {name: deploy}
  files:
    - path: /etc/hostname
      contents: {inline: node1}
    - path: /etc/app/app.conf
      mode: 0640
      group: {name: ops}
      contents: {inline: "listen = 8080\\n"}
    - path: /etc/app/blob
      contents: {source: "data:;base64,AAECAwT/"}
    - path: /etc/motd
      append: [{inline: "welcome\\n"}]
  links:
    - path: /etc/app/current
      target: app.conf
systemd:
  units:
    - name: app.service
      enabled: true
      contents: |
        [Service]
        ExecStart=/bin/true
        [Install]
        WantedBy=multi-user.target
    - name: telnet.socket
      mask: true
`;
  const r = transpile(source, { target: "script" });
  if (r.failure) throw new Error(`the test's config: ${r.failure} ${JSON.stringify(r.diagnostics)}`);
  const script = join(work, "apply.sh");
  writeFileSync(script, r.output!);

  for (const shell of [["/bin/dash"], [BUSYBOX, "sh"]]) {
    it(`applies to the README's skeleton with only the listed tools on PATH (${shell.join(" ")})`, () => {
      const image = join(work, `image-${shell.length}`);
      const skeleton = skeletonCommand().replaceAll("/tmp/image", image);
      const made = spawnSync("/bin/sh", ["-c", skeleton], { encoding: "utf8" });
      expect(made.status, made.stderr).toBe(0);
      for (const round of ["first", "second"]) {
        const run = spawnSync(shell[0]!, [...shell.slice(1), script], { env: { PATH: bin, ROOT: image }, encoding: "utf8" });
        expect({ round, status: run.status, stderr: run.status === 0 ? "" : run.stderr }).toEqual({ round, status: 0, stderr: "" });
      }
      expect(readFileSync(join(image, "etc/passwd"), "utf8")).toMatch(/^deploy:[^:]*:2001:2000:/m);
      // An enablement link points into the machine's own tree, as systemctl enable makes it.
      expect(readlinkSync(join(image, "etc/systemd/system/multi-user.target.wants/app.service"))).toBe("/etc/systemd/system/app.service");
      expect(readFileSync(join(image, "etc/app/blob"))).toEqual(Buffer.from([0, 1, 2, 3, 4, 255]));
    });
  }
});
