/**
 * The soak's fleet: a generated data directory for `kindling serve` (node
 * profiles with Butane templates, one group per machine, shared groups and
 * machines of a profile with first-boot verification, assets) and the
 * catalogue the load and the edits work from. Everything derives from the
 * sizes given, so two runs with the same options serve the same fleet.
 *
 *   m<i>   plain machines (mac 52:54:00:…), profile node-<i mod P>
 *   v<j>   shared verified groups (role=verified, zone=z<j>): one config
 *          with the agent for every machine of the zone
 *   r<k>   reporting machines (mac 52:54:02:…), profile verified: they post
 *          signed reports, one at a time each; their configs are not
 *          fetched (a fetch would issue a key of its own where the server
 *          gives one per delivery). 32 by default: kindling serve takes 32
 *          report uploads at once and answers more with 503 and
 *          Retry-After, which a soak at 80% must never see
 *   unknown machines use 52:54:01:…, extra machines the edits add 52:54:03:…
 */
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

export const mac = (prefix, i) =>
  `52:54:${prefix}:` + [(i >> 16) & 255, (i >> 8) & 255, i & 255].map((b) => b.toString(16).padStart(2, "0")).join(":");

const SSH_KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHNvYWt0ZXN0a2V5Zm9ya2luZGxpbmdzb2FrdGVzdHM soak@example.com";

/** Writes a file atomically (a hidden temporary renamed over it), as an editor or a config tool does. */
export function writeAtomic(path, text) {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = join(dirname(path), `.soak-${process.pid}-${Math.random().toString(36).slice(2)}.tmp`);
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}

export function nodeTemplate(profile, motd) {
  return `variant: fcos
version: 1.5.0
passwd:
  users:
    - name: core
      ssh_authorized_keys:
        - {{ssh_key}}
storage:
  files:
    - path: /etc/hostname
      mode: 0644
      contents:
        inline: {{hostname}}
    - path: /etc/motd
      mode: 0644
      contents:
        inline: ${motd}
    - path: /etc/soak/rack.env
      mode: 0644
      contents:
        inline: |
          RACK={{rack}}
          PROFILE=${profile}
systemd:
  units:
    - name: soak-${profile}.service
      enabled: true
      contents: |
        [Unit]
        Description=soak unit for ${profile}
        [Service]
        Type=oneshot
        ExecStart=/usr/bin/true
        [Install]
        WantedBy=multi-user.target
`;
}

const VERIFIED_TEMPLATE = `variant: fcos
version: 1.5.0
storage:
  files:
    - path: /etc/hostname
      mode: 0644
      contents:
        inline: {{hostname}}
    - path: /etc/soak/verified
      mode: 0600
      contents:
        inline: verified
`;

export function nodeProfile(p, edit = 0) {
  return {
    id: `node-${p}`,
    name: `soak node profile ${p}`,
    ignition_id: `node-${p}.bu`,
    boot: {
      kernel: "/assets/vmlinuz",
      initrd: ["/assets/initrd.img"],
      args: [
        "console=ttyS0",
        "ignition.firstboot",
        "ignition.platform.id=metal",
        "ignition.config.url=http://soak.test/ignition?mac=${mac:hexhyp}",
        `soak.edit=${edit}`,
      ],
    },
  };
}

export function machineGroup(i, profiles, hostname = `m${i}.soak.test`) {
  return {
    id: `m${i}`,
    profile: `node-${i % profiles}`,
    selector: { mac: mac("00", i) },
    metadata: { hostname, rack: `rack-${i % 40}`, ssh_key: SSH_KEY },
  };
}

/** The catalogue: sizes and who is who (plain data, for worker threads too). */
export function makeFleet({
  machines = 1000,
  profiles = 8,
  shared = 8,
  reporters = 32,
  assets = { vmlinuz: 2 << 20, "initrd.img": 8 << 20 },
} = {}) {
  return {
    profiles,
    machines: Array.from({ length: machines }, (_, i) => ({ id: `m${i}`, mac: mac("00", i), profile: `node-${i % profiles}` })),
    shared: Array.from({ length: shared }, (_, j) => ({ id: `v${j}`, query: `role=verified&zone=z${j}` })),
    reporters: Array.from({ length: reporters }, (_, k) => ({
      id: `r${k}`,
      mac: mac("02", k),
      label: `mac=${mac("02", k)}`,
      machineId: k.toString(16).padStart(32, "0"),
    })),
    assets: Object.entries(assets).map(([name, size]) => ({ name, size })),
  };
}

/** Deterministic asset bytes: the load checks every range it gets against them. */
export function assetBytes(name, size) {
  const out = Buffer.alloc(size);
  let x = [...name].reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, 7);
  for (let i = 0; i < size; i += 4) {
    x = (x * 1664525 + 1013904223) >>> 0;
    out.writeUInt32LE(x, i);
  }
  return out;
}

/** Writes the data directory and the assets directory for a catalogue. */
export function writeFleet(fleet, { data, assets }) {
  const put = (file, value) => writeAtomic(join(data, file), typeof value === "string" ? value : JSON.stringify(value, null, 2) + "\n");
  for (let p = 0; p < fleet.profiles; p++) {
    put(`profiles/node-${p}.json`, nodeProfile(p));
    put(`ignition/node-${p}.bu`, nodeTemplate(`node-${p}`, "soak-edit-0"));
  }
  put("profiles/verified.json", { id: "verified", name: "soak verified machines", ignition_id: "verified.bu", verify: true });
  put("ignition/verified.bu", VERIFIED_TEMPLATE);
  for (const i of fleet.machines.keys()) put(`groups/m${i}.json`, machineGroup(i, fleet.profiles));
  for (const [j, s] of fleet.shared.entries()) {
    put(`groups/${s.id}.json`, {
      id: s.id,
      profile: "verified",
      selector: { role: "verified", zone: `z${j}` },
      metadata: { hostname: `${s.id}.soak.test` },
    });
  }
  for (const r of fleet.reporters) {
    put(`groups/${r.id}.json`, { id: r.id, profile: "verified", selector: { mac: r.mac }, metadata: { hostname: `${r.id}.soak.test` } });
  }
  mkdirSync(assets, { recursive: true });
  for (const a of fleet.assets) writeFileSync(join(assets, a.name), assetBytes(a.name, a.size));
}
