// Everything the sugar writes passes the validation any config gets: for 1,
// 3 and 5 nodes, each world's contribution merged into a minimal node config
// transpiles and validates cleanly (Butane, then Ignition); the legacy
// cloud-config passes kindling's coreos-cloudinit validator. The sections
// each world writes are pinned for a three-node lab.
import { describe, expect, it } from "vitest";
import { type ClusterSpec, expandCluster, type World } from "../../src/cluster/cluster.js";
import { clusterToken } from "../../src/cluster/etcd.js";
import { cloudConfigDocument } from "../../src/cluster/fragment.js";
import { validateCloudConfig } from "../../src/validate-cloud-config/validate.js";
import { labNodes, mergeAndValidate, minimalNodeConfig } from "./helpers.js";

const FULL: ClusterSpec = {
  name: "lab",
  etcd: { tls: true },
  flannel: { network: "10.1.0.0/16", backend: "host-gw" },
  updates: { strategy: "etcd-lock", window: "Sun 04:00/1h" },
};
const FCOS_FULL: ClusterSpec = { ...FULL, updates: { strategy: "periodic", window: "Sat,Sun 22:30/90m" } };
const PLAIN: ClusterSpec = { name: "lab" };

function expand(spec: ClusterSpec, count: number, world: World, options = {}) {
  const r = expandCluster(spec, labNodes(count), world, options);
  expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  return r;
}

type Unit = { name: string; enabled?: boolean; contents?: string; dropins?: { name: string; contents: string }[] };

describe.each([
  ["fcos", "fcos", "1.5.0", FCOS_FULL],
  ["fcos", "fcos", "1.6.0", FCOS_FULL],
  ["flatcar", "flatcar", "1.1.0", FULL],
  ["flatcar", "flatcar", "1.0.0", FULL],
] as const)("%s world (Butane %s %s)", (world, variant, version, full) => {
  for (const count of [1, 3, 5]) {
    for (const [label, spec] of [
      ["etcd only", PLAIN],
      ["TLS, flannel and updates", full],
    ] as const) {
      it(`${count} node(s), ${label}: every snippet merges into the node config and validates cleanly`, () => {
        const r = expand(spec, count, world, { butaneVariant: variant, butaneVersion: version });
        expect(r.contributions.size).toBe(count);
        for (const node of labNodes(count)) {
          const c = r.contributions.get(node.name)!;
          expect(c.butane).toMatch(new RegExp(`^variant: ${variant}\nversion: ${version.replace(/\./g, "\\.")}\n`));
          const merged = mergeAndValidate(minimalNodeConfig(variant, version, node.name), c.butane!);
          expect(merged.diagnostics).toEqual([]);
          const config = merged.config as { storage: { files: { path: string; mode: number }[] }; systemd: { units: Unit[] } };
          const paths = config.storage.files.map((f) => f.path);
          expect(paths).toContain("/etc/hostname");
          expect(paths).toContain("/etc/etcd/etcd.env");
          const units = config.systemd.units.map((u) => u.name);
          expect(units).toContain("etcd-member.service");
          if (spec === full) {
            expect(units).toContain("flanneld.service");
            expect(config.storage.files.find((f) => f.path === "/etc/etcd/tls/server-key.pem")?.mode).toBe(0o600);
            expect(c.secrets?.map((s) => s.path)).toContain(`tls/${node.name}/server-key.pem`);
          } else expect(c.secrets).toBeUndefined();
        }
      });
    }
  }
});

describe("fcos world", () => {
  it("runs etcd with podman from the environment file, the image pinned", () => {
    const c = expand(PLAIN, 3, "fcos").contributions.get("core-02")!;
    expect(c.butane).toContain(
      "ExecStart=/usr/bin/podman run --name etcd-member --rm --net=host --env-file /etc/etcd/etcd.env --volume /var/lib/etcd:/var/lib/etcd:z quay.io/coreos/etcd:v3.5.17 /usr/local/bin/etcd",
    );
    expect(c.butane).toContain("ETCD_INITIAL_CLUSTER=core-01=http://172.17.8.101:2380,core-02=http://172.17.8.102:2380");
    expect(c.butane).toContain("      mode: 0644\n");
  });

  it("writes Zincati's periodic window and its fleet_lock server", () => {
    const periodic = expand(FCOS_FULL, 1, "fcos").contributions.get("core-01")!.butane!;
    expect(periodic).toContain("path: /etc/zincati/config.d/55-updates-strategy.toml");
    expect(periodic).toContain(
      '          strategy = "periodic"\n\n          [[updates.periodic.window]]\n          days = [ "Sat", "Sun" ]\n          start_time = "22:30"\n          length_minutes = 90\n',
    );
    const fleet = expand({ name: "lab", updates: { strategy: "fleet_lock", url: "http://10.0.0.1:3333/" } }, 1, "fcos");
    expect(fleet.contributions.get("core-01")!.butane).toContain(
      '          strategy = "fleet_lock"\n\n          [updates.fleet_lock]\n          base_url = "http://10.0.0.1:3333/"\n',
    );
  });

  it("puts flannel's network config with etcdctl v3 before running flanneld", () => {
    const b = expand({ name: "lab", flannel: { network: "10.1.0.0/16" } }, 3, "fcos").contributions.get("core-03")!.butane!;
    expect(b).toContain(
      `ExecStartPre=/usr/bin/podman run --rm --net=host quay.io/coreos/etcd:v3.5.17 etcdctl --endpoints=http://127.0.0.1:2379 put /coreos.com/network/config '{"Network":"10.1.0.0/16","SubnetLen":24,"Backend":{"Type":"vxlan"}}'`,
    );
    expect(b).toContain("--etcd-endpoints=http://127.0.0.1:2379 --iface=172.17.8.103 --ip-masq");
  });
});

describe("flatcar world", () => {
  it("adds a drop-in to Flatcar's etcd-member.service reading the environment file", () => {
    const b = expand({ name: "lab", updates: { strategy: "etcd-lock", window: "Sun 04:00/1h" } }, 3, "flatcar").contributions.get(
      "core-01",
    )!.butane!;
    expect(b).toContain("    - name: etcd-member.service\n      enabled: true\n      dropins:\n        - name: 20-kindling-cluster.conf\n");
    expect(b).toContain("          EnvironmentFile=/etc/etcd/etcd.env\n");
    expect(b).toContain("--env-file /etc/etcd/etcd.env");
    expect(b).toContain(
      "    - path: /etc/flatcar/update.conf\n      mode: 0644\n      overwrite: true\n      contents:\n        inline: |\n          REBOOT_STRATEGY=etcd-lock\n          LOCKSMITHD_REBOOT_WINDOW_START=Sun 04:00\n          LOCKSMITHD_REBOOT_WINDOW_LENGTH=1h\n",
    );
  });
});

describe("coreos-legacy world", () => {
  for (const count of [1, 3, 5]) {
    for (const [label, spec] of [
      ["etcd only", PLAIN],
      ["TLS, flannel and updates", FULL],
    ] as const) {
      it(`${count} node(s), ${label}: the cloud-config passes coreos-cloudinit's validation`, () => {
        const r = expand(spec, count, "coreos-legacy");
        for (const node of labNodes(count)) {
          const doc = cloudConfigDocument({ hostname: node.name, ...r.contributions.get(node.name)!.cloudConfig });
          expect(validateCloudConfig(doc)).toEqual([]);
        }
      });
    }
  }

  it("writes coreos.etcd2, coreos.flannel, coreos.update and coreos.locksmith, and starts the units", () => {
    const spec: ClusterSpec = { ...FULL, etcd: {} };
    const c = expand(spec, 3, "coreos-legacy").contributions.get("core-02")!;
    expect(c.cloudConfig).toEqual({
      coreos: {
        etcd2: {
          name: "core-02",
          initial_cluster: "core-01=http://172.17.8.101:2380,core-02=http://172.17.8.102:2380,core-03=http://172.17.8.103:2380",
          initial_cluster_state: "new",
          initial_cluster_token: clusterToken("lab"),
          initial_advertise_peer_urls: "http://172.17.8.102:2380",
          listen_peer_urls: "http://172.17.8.102:2380",
          listen_client_urls: "http://172.17.8.102:2379,http://127.0.0.1:2379",
          advertise_client_urls: "http://172.17.8.102:2379",
        },
        flannel: { etcd_endpoints: "http://127.0.0.1:2379", interface: "172.17.8.102" },
        update: { reboot_strategy: "etcd-lock" },
        locksmith: { window_start: "Sun 04:00", window_length: "1h" },
        units: [
          { name: "etcd2.service", command: "start" },
          {
            name: "flanneld.service",
            command: "start",
            drop_ins: [
              {
                name: "50-network-config.conf",
                content: `[Service]\nExecStartPre=/usr/bin/etcdctl --endpoints=http://127.0.0.1:2379 set /coreos.com/network/config '{"Network":"10.1.0.0/16","SubnetLen":24,"Backend":{"Type":"host-gw"}}'\n`,
              },
            ],
          },
        ],
      },
    });
  });

  it("with TLS: https, the certificate keys as booleans, the files owned by etcd", () => {
    const c = expand(FULL, 1, "coreos-legacy").contributions.get("core-01")!;
    const coreos = c.cloudConfig!.coreos as Record<string, Record<string, unknown>>;
    expect(coreos.etcd2).toMatchObject({ client_cert_auth: true, peer_client_cert_auth: true, cert_file: "/etc/etcd/tls/server.pem" });
    expect(coreos.locksmith).toMatchObject({ endpoint: "https://127.0.0.1:2379", etcd_cafile: "/etc/etcd/tls/ca.pem" });
    const files = c.cloudConfig!.write_files as { path: string; owner: string; permissions: string }[];
    expect(files.map((f) => [f.path, f.owner, f.permissions])).toEqual([
      ["/etc/etcd/tls/ca.pem", "etcd:etcd", "0644"],
      ["/etc/etcd/tls/server.pem", "etcd:etcd", "0644"],
      ["/etc/etcd/tls/server-key.pem", "etcd:etcd", "0600"],
      ["/etc/etcd/tls/peer.pem", "etcd:etcd", "0644"],
      ["/etc/etcd/tls/peer-key.pem", "etcd:etcd", "0600"],
    ]);
  });
});

describe("cloud-init world", () => {
  it("installs etcd-server, writes the environment file, /etc/default/etcd and a drop-in, restarts etcd", () => {
    const r = expand({ name: "lab" }, 3, "cloud-init");
    const c = r.contributions.get("core-03")!;
    const env = (c.cloudInit!.write_files as { content: string }[])[0]!.content;
    expect(env).toContain("ETCD_NAME=core-03\n");
    expect(c.cloudInit).toEqual({
      packages: ["etcd-server", "etcd-client"],
      write_files: [
        { path: "/etc/etcd/etcd.env", content: env, permissions: "0644", defer: true },
        { path: "/etc/default/etcd", content: env, permissions: "0644", defer: true },
        {
          path: "/etc/systemd/system/etcd.service.d/20-kindling-cluster.conf",
          content: "[Service]\nEnvironmentFile=/etc/etcd/etcd.env\n",
          permissions: "0644",
          defer: true,
        },
      ],
      runcmd: [
        ["systemctl", "daemon-reload"],
        ["systemctl", "restart", "etcd"],
      ],
    });
  });

  it("puts flannel's network config from runcmd and warns that flanneld is not there", () => {
    const r = expandCluster({ name: "lab", flannel: { network: "10.1.0.0/16" } }, labNodes(1), "cloud-init");
    expect(r.diagnostics.map((d) => [d.severity, d.code, d.path.join(".")])).toEqual([
      ["warning", "cluster.flannel.cloud-init", "cluster.flannel"],
    ]);
    const runcmd = r.contributions.get("core-01")!.cloudInit!.runcmd as string[][];
    expect(runcmd[2]).toEqual([
      "sh",
      "-c",
      `for i in $(seq 60); do etcdctl --endpoints=http://127.0.0.1:2379 put /coreos.com/network/config '{"Network":"10.1.0.0/16","SubnetLen":24,"Backend":{"Type":"vxlan"}}' && exit 0; sleep 5; done; exit 1`,
    ]);
  });
});

describe("what a world cannot express", () => {
  it.each([
    ["coreos-legacy", { strategy: "fleet_lock", url: "http://x/" }, "cluster.updates.unsupported", "strategy"],
    ["flatcar", { strategy: "fleet_lock", url: "http://x/" }, "cluster.updates.unsupported", "strategy"],
    ["fcos", { strategy: "etcd-lock" }, "cluster.updates.unsupported", "strategy"],
    ["cloud-init", { strategy: "reboot" }, "cluster.updates.unsupported", "strategy"],
    ["fcos", { strategy: "periodic" }, "cluster.updates.needs-window", "strategy"],
    ["coreos-legacy", { strategy: "periodic" }, "cluster.updates.needs-window", "strategy"],
    ["fcos", { strategy: "fleet_lock" }, "cluster.updates.needs-url", "strategy"],
    ["flatcar", { strategy: "reboot", window: "Sat,Sun 04:00/1h" }, "cluster.updates.window-days", "window"],
  ] as const)("%s with %j is an error at cluster.updates", (world, updates, code, key) => {
    const r = expandCluster({ name: "lab", updates: updates as ClusterSpec["updates"] }, labNodes(3), world);
    expect(r.diagnostics.map((d) => [d.severity, d.code, d.path.join(".")])).toEqual([["error", code, `cluster.updates.${key}`]]);
    expect(r.contributions.size).toBe(0);
    expect(r.diagnostics[0]!.message).not.toBe("");
  });

  it("a window with a strategy Zincati runs without one is a warning", () => {
    const r = expandCluster({ name: "lab", updates: { strategy: "reboot", window: "04:00/1h" } }, labNodes(1), "fcos");
    expect(r.diagnostics.map((d) => [d.severity, d.code])).toEqual([["warning", "cluster.updates.window-ignored"]]);
    expect(r.contributions.get("core-01")!.butane).toContain('strategy = "immediate"');
  });

  it("periodic on locksmith worlds is reboot inside the window", () => {
    const r = expand({ name: "lab", updates: { strategy: "periodic", window: "mon 3:00/30m" } }, 1, "coreos-legacy");
    const coreos = r.contributions.get("core-01")!.cloudConfig!.coreos as Record<string, unknown>;
    expect(coreos.update).toEqual({ reboot_strategy: "reboot" });
    expect(coreos.locksmith).toEqual({ window_start: "Mon 03:00", window_length: "30m" });
  });
});

describe("determinism and given TLS material", () => {
  it("renders the same bytes twice without TLS", () => {
    for (const world of ["fcos", "flatcar", "coreos-legacy", "cloud-init"] as const) {
      const spec: ClusterSpec = { name: "lab", flannel: { network: "10.1.0.0/16" } };
      if (world !== "cloud-init") spec.updates = { strategy: "reboot" };
      expect(expand(spec, 3, world).contributions).toEqual(expand(spec, 3, world).contributions);
    }
  });

  it("uses the TLS material given, and refuses material that misses a node", () => {
    const first = expand(FULL, 3, "coreos-legacy");
    const tls = {
      ca: first.contributions.get("core-01")!.secrets![0]!.contents,
      nodes: new Map(
        labNodes(3).map((n) => {
          const s = first.contributions.get(n.name)!.secrets!;
          return [n.name, { cert: s[1]!.contents, key: s[2]!.contents, peerCert: s[3]!.contents, peerKey: s[4]!.contents }];
        }),
      ),
    };
    expect(expand(FULL, 3, "flatcar", { tls }).contributions.get("core-02")!.secrets).toEqual(first.contributions.get("core-02")!.secrets);
    const partial = { ca: tls.ca, nodes: new Map([...tls.nodes].slice(0, 2)) };
    const r = expandCluster(FULL, labNodes(3), "fcos", { tls: partial });
    expect(r.diagnostics.map((d) => [d.code, d.path.join(".")])).toEqual([["cluster.etcd.tls-material", "cluster.etcd.tls"]]);
  });
});
