// Merging a contribution into a node config: Butane through Ignition's merge
// rules (the node config's own diagnostics keep their positions), and
// cloud-config keys with lists appended.
import { describe, expect, it } from "vitest";
import { expandCluster } from "../../src/cluster/cluster.js";
import { mergeDocumentKeys, transpileWithCluster } from "../../src/cluster/merge.js";
import { labNodes, minimalNodeConfig } from "./helpers.js";

describe("transpileWithCluster", () => {
  const snippet = expandCluster({ name: "lab" }, labNodes(3), "fcos").contributions.get("core-01")!.butane!;

  it("merges the snippet's files and units into the node config", () => {
    const r = transpileWithCluster(minimalNodeConfig("fcos", "1.5.0", "core-01"), snippet);
    expect(r.diagnostics).toEqual([]);
    const config = JSON.parse(r.output!);
    expect(config.ignition.version).toBe("3.4.0");
    expect(config.storage.files.map((f: { path: string }) => f.path)).toEqual(["/etc/hostname", "/etc/etcd/etcd.env"]);
    expect(config.systemd.units.map((u: { name: string }) => u.name)).toEqual(["etcd-member.service"]);
  });

  it("keeps the node config's failures with their positions", () => {
    const r = transpileWithCluster("variant: fcos\nversion: 1.5.0\nstorage:\n  files:\n    - path: etc/x\n", snippet);
    expect(r.output).toBeUndefined();
    expect(r.diagnostics[0]).toMatchObject({ path: ["storage", "files", 0, "path"], span: { line: 5, column: 13 } });
  });

  it("refuses a snippet made for another spec version", () => {
    const r = transpileWithCluster(minimalNodeConfig("fcos", "1.6.0", "core-01"), snippet);
    expect(r.failure).toMatch(/^the cluster snippet is for Ignition 3\.4\.0, the node config for 3\.5\.0/);
  });
});

describe("mergeDocumentKeys", () => {
  it("merges mappings, appends lists, replaces the rest", () => {
    const doc = { hostname: "a", coreos: { units: [{ name: "x.service" }], update: { group: "stable" } }, write_files: [{ path: "/a" }] };
    const add = {
      coreos: { units: [{ name: "etcd2.service" }], update: { reboot_strategy: "off" } },
      write_files: [{ path: "/b" }],
      hostname: "b",
    };
    expect(mergeDocumentKeys(doc, add)).toEqual({
      hostname: "b",
      coreos: { units: [{ name: "x.service" }, { name: "etcd2.service" }], update: { group: "stable", reboot_strategy: "off" } },
      write_files: [{ path: "/a" }, { path: "/b" }],
    });
  });
});
