// A matchbox directory imported: JSON copied, templates rewritten, what
// cannot be rewritten listed, the result loadable once those are fixed.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { importMatchbox } from "../../../../src/deliver/pxe/store/import-matchbox.js";
import { buildSnapshot } from "../../../../src/deliver/pxe/store/snapshot.js";

const work = mkdtempSync(join(tmpdir(), "kindling-import-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function matchboxDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(work, "matchbox-"));
  for (const [f, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, f)), { recursive: true });
    writeFileSync(join(dir, f), text);
  }
  return dir;
}

describe("kindling store import-matchbox", () => {
  const source = matchboxDir({
    "profiles/worker.json": '{"id":"worker","ignition_id":"worker.yaml","boot":{"kernel":"/assets/k","initrd":[],"args":[]}}',
    "groups/w1.json": '{"id":"w1","profile":"worker","selector":{"mac":"52:54:00:00:00:01"},"metadata":{"name":"w1","keys":["k1"]}}',
    "ignition/worker.yaml":
      'variant: fcos\nversion: 1.5.0\npasswd:\n  users:\n    - name: core\n      ssh_authorized_keys:\n{{range .keys}}        - {{.}}\n{{end}}storage:\n  files:\n    - path: /etc/hostname\n      contents:\n        inline: {{.name | printf "%s"}}\n',
  });

  it("copies JSON, rewrites templates, and lists what it cannot rewrite", async () => {
    const target = join(work, "kindling");
    const report = await importMatchbox(source, target);
    expect(report.written.sort()).toEqual(["groups/w1.json", "ignition/worker.yaml", "profiles/worker.json"]);
    expect(report.rewritten).toEqual([{ file: "ignition/worker.yaml", count: 3 }]);
    expect(report.unrewritten.map((u) => `${u.file}:${u.line}:${u.column} ${u.action}`)).toEqual([
      'ignition/worker.yaml:12:17 {{.name | printf "%s"}}',
    ]);
    expect(report.problems).toEqual([]);
    expect(readFileSync(join(target, "groups/w1.json"), "utf8")).toBe(readFileSync(join(source, "groups/w1.json"), "utf8"));
    expect(readFileSync(join(target, "ignition/worker.yaml"), "utf8")).toContain("{{#each keys}}        - {{this}}\n{{/each}}storage:");
  });

  it("gives a directory that loads once the listed actions are rewritten by hand", () => {
    const target = join(work, "kindling");
    const fixed = readFileSync(join(target, "ignition/worker.yaml"), "utf8").replace('{{.name | printf "%s"}}', "{{name}}");
    const files = ["profiles/worker.json", "groups/w1.json"].map((file) => ({ file, bytes: readFileSync(join(target, file)) }));
    const loaded = buildSnapshot([...files, { file: "ignition/worker.yaml", bytes: Buffer.from(fixed) }], 1);
    expect(loaded.problems).toEqual([]);
    const rendered = loaded.snapshot!.templates.get("ignition/worker.yaml")!.template.render({ name: "w1", keys: ["k1", "k2"] });
    expect(rendered).toContain("      ssh_authorized_keys:\n        - k1\n        - k2\nstorage:");
  });

  it("sets allow_query on the profiles whose templates read request.*, and lists them", async () => {
    const install = '{\n  "id": "install",\n  "name": "Installer",\n  "ignition_id": "install.yaml"\n}\n';
    const dir = matchboxDir({
      "profiles/install.json": install,
      "profiles/worker.json": '{"id":"worker","ignition_id":"worker.yaml"}',
      "groups/default.json": '{"id":"default","profile":"install","metadata":{"ignition_endpoint":"http://m/ignition"}}',
      "ignition/install.yaml": 'variant: fcos\nversion: 1.5.0\n# curl "{{.ignition_endpoint}}?{{.request.raw_query}}&os=installed"\n',
      "ignition/worker.yaml": "variant: fcos\nversion: 1.5.0\n# {{.requested}} is metadata, not the request\n",
    });
    const target = join(work, "allow-query");
    const report = await importMatchbox(dir, target);
    expect(report.allowQuery).toEqual([{ file: "profiles/install.json", templates: ["ignition/install.yaml"] }]);
    // the setting is added, the rest of the file kept as written
    expect(readFileSync(join(target, "profiles/install.json"), "utf8")).toBe(
      '{\n  "allow_query": true,\n  "id": "install",\n  "name": "Installer",\n  "ignition_id": "install.yaml"\n}\n',
    );
    expect(readFileSync(join(target, "profiles/worker.json"), "utf8")).toBe('{"id":"worker","ignition_id":"worker.yaml"}');
    expect(report.problems).toEqual([]);
  });

  it("refuses to write into a directory that is not empty", async () => {
    await expect(importMatchbox(source, source)).rejects.toThrow(/exists and is not empty/);
  });
});
