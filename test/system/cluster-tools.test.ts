// The cluster sugar against the real tools a user has: every cloud-init
// document it writes passes Debian's `cloud-init schema`; the TLS material
// passes `openssl verify` with the node's name and address as SANs; and
// Debian's etcd forms a three-member TLS cluster from the environment files
// kindling rendered (data directory, TLS file paths and the loopback client
// URL moved, since the three members share this one host). A missing tool
// fails loudly.
import { type ChildProcess, execFileSync, spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, openSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { type ClusterNode, type ClusterSpec, expandCluster } from "../../src/cluster/cluster.js";
import { cloudConfigDocument } from "../../src/cluster/fragment.js";
import { waitFor } from "../helpers/wait-for.js";
import { freePort, requireEtcd } from "./etcd-cluster.js";

const work = mkdtempSync(join(tmpdir(), "kindling-cluster-"));

function tool(cmd: string, args: string[]): { status: number | null; output: string } {
  const r = spawnSync(cmd, args, { encoding: "utf8" });
  if (r.error) throw new Error(`${cmd} is required for the system tests: ${r.error.message}`);
  return { status: r.status, output: r.stdout + r.stderr };
}

const nodes = (count: number, base = "172.17.8.") =>
  Array.from({ length: count }, (_, i): ClusterNode => ({ name: `core-0${i + 1}`, ip: `${base}${101 + i}`, index: i + 1 }));

describe("cloud-init schema (the real tool)", () => {
  it("rejects a bad document, so it really checks", () => {
    writeFileSync(join(work, "bad.yaml"), "#cloud-config\nwrite_files:\n  - path: /x\n    defer: maybe\n");
    expect(tool("cloud-init", ["schema", "--config-file", join(work, "bad.yaml")]).status).not.toBe(0);
  });

  for (const count of [1, 3, 5]) {
    for (const spec of [{ name: "lab" }, { name: "lab", etcd: { tls: true }, flannel: { network: "10.1.0.0/16" } }] as ClusterSpec[]) {
      it(`accepts every node's document, ${count} node(s)${spec.etcd ? ", TLS and flannel" : ""}`, () => {
        const r = expandCluster(spec, nodes(count), "cloud-init");
        expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
        for (const node of nodes(count)) {
          const file = join(work, `${node.name}-${count}-${spec.etcd ? "tls" : "plain"}.yaml`);
          writeFileSync(file, cloudConfigDocument({ hostname: node.name, ...r.contributions.get(node.name)!.cloudInit }));
          const checked = tool("cloud-init", ["schema", "--config-file", file]);
          expect(checked.output).toContain("Valid cloud-config");
          expect(checked.output).not.toMatch(/deprecat/i);
          expect(checked.status).toBe(0);
        }
      });
    }
  }
});

describe("TLS material (openssl)", () => {
  const r = expandCluster({ name: "lab", etcd: { tls: true } }, nodes(3), "fcos");
  const dir = join(work, "tls");
  for (const [, c] of r.contributions) {
    for (const s of c.secrets!) {
      mkdirSync(join(dir, s.path, ".."), { recursive: true });
      writeFileSync(join(dir, s.path), s.contents, { mode: s.mode });
    }
  }

  it("rejects a certificate from another CA, so it really checks", () => {
    const other = expandCluster({ name: "other", etcd: { tls: true } }, nodes(1), "fcos").contributions.get("core-01")!.secrets!;
    writeFileSync(join(work, "other-ca.pem"), other[0]!.contents);
    expect(tool("openssl", ["verify", "-CAfile", join(work, "other-ca.pem"), join(dir, "tls/core-01/server.pem")]).status).not.toBe(0);
  });

  for (const node of nodes(3)) {
    for (const role of ["server", "peer"]) {
      it(`${node.name}'s ${role} certificate verifies against the CA for TLS servers and clients, with its SANs`, () => {
        const cert = join(dir, `tls/${node.name}/${role}.pem`);
        for (const purpose of ["sslserver", "sslclient"]) {
          const v = tool("openssl", ["verify", "-x509_strict", "-purpose", purpose, "-CAfile", join(dir, "tls/ca.pem"), cert]);
          expect(v.output).toBe(`${cert}: OK\n`);
          expect(v.status).toBe(0);
        }
        const san = tool("openssl", ["x509", "-in", cert, "-noout", "-ext", "subjectAltName"]);
        expect(san.output).toBe(
          `X509v3 Subject Alternative Name: \n    DNS:${node.name}, DNS:localhost, IP Address:${node.ip}, IP Address:127.0.0.1\n`,
        );
        const key = join(dir, `tls/${node.name}/${role}-key.pem`);
        const pub = (args: string[]) => execFileSync("openssl", args, { encoding: "utf8" });
        expect(pub(["pkey", "-in", key, "-pubout"])).toBe(pub(["x509", "-in", cert, "-noout", "-pubkey"]));
      });
    }
  }
});

describe("Debian's etcd from the rendered settings", () => {
  const procs: ChildProcess[] = [];
  afterAll(async () => {
    for (const p of procs) {
      if (p.exitCode === null && p.signalCode === null) {
        const exited = new Promise((r) => p.once("exit", r));
        p.kill("SIGTERM");
        await exited;
      }
    }
  });

  it("forms a three-member TLS cluster: member list, put through one, get through another", async () => {
    requireEtcd();
    const [clientPort, peerPort] = [await freePort(), await freePort()];
    const lab = nodes(3, "127.0.8.");
    const spec: ClusterSpec = { name: "systest", etcd: { tls: true, clientPort, peerPort } };
    const r = expandCluster(spec, lab, "cloud-init");
    expect(r.diagnostics).toEqual([]);
    const tlsDir = (name: string) => join(work, "etcd", name, "tls");
    for (const node of lab) {
      const c = r.contributions.get(node.name)!;
      const files = c.cloudInit!.write_files as { path: string; content: string }[];
      const env = Object.fromEntries(
        files[0]!.content
          .split("\n")
          .filter((l) => /^ETCD_[A-Z_]+=/.test(l))
          .map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]),
      );
      mkdirSync(tlsDir(node.name), { recursive: true });
      for (const f of files.filter((f) => f.path.startsWith("/etc/etcd/tls/"))) {
        writeFileSync(join(tlsDir(node.name), f.path.slice("/etc/etcd/tls/".length)), f.content, { mode: 0o600 });
      }
      for (const k of Object.keys(env))
        if (env[k]!.startsWith("/etc/etcd/tls/")) env[k] = env[k]!.replace("/etc/etcd/tls", tlsDir(node.name));
      env.ETCD_DATA_DIR = join(work, "etcd", node.name, "data");
      // Three members on one host cannot all listen on 127.0.0.1:clientPort.
      expect(env.ETCD_LISTEN_CLIENT_URLS).toBe(`https://${node.ip}:${clientPort},https://127.0.0.1:${clientPort}`);
      env.ETCD_LISTEN_CLIENT_URLS = `https://${node.ip}:${clientPort}`;
      const log = openSync(join(work, "etcd", `${node.name}.log`), "w");
      const proc = spawn("etcd", [], { env: { PATH: process.env.PATH, ...env }, stdio: ["ignore", log, log] });
      procs.push(proc);
    }
    const ctl = (node: ClusterNode, ...args: string[]) =>
      execFileSync(
        "etcdctl",
        [
          `--endpoints=https://${node.ip}:${clientPort}`,
          `--cacert=${join(tlsDir(node.name), "ca.pem")}`,
          `--cert=${join(tlsDir(node.name), "server.pem")}`,
          `--key=${join(tlsDir(node.name), "server-key.pem")}`,
          ...args,
        ],
        { encoding: "utf8", env: { PATH: process.env.PATH, ETCDCTL_API: "3" }, stdio: ["ignore", "pipe", "pipe"] },
      );
    // etcdctl exits 0 only when the member answers through TLS and the cluster has a leader.
    await waitFor("every member to be healthy", () => lab.every((n) => ctl(n, "endpoint", "health") !== undefined), {
      timeoutMs: 60_000,
      intervalMs: 500,
    });
    const members = JSON.parse(ctl(lab[2]!, "member", "list", "-w", "json")) as { members: { name: string; peerURLs: string[] }[] };
    expect(members.members.map((m) => [m.name, m.peerURLs]).sort()).toEqual(lab.map((n) => [n.name, [`https://${n.ip}:${peerPort}`]]));
    ctl(lab[0]!, "put", "/kindling/greeting", "hello from core-01");
    expect(ctl(lab[2]!, "get", "/kindling/greeting", "--print-value-only")).toBe("hello from core-01\n");
  });
});
