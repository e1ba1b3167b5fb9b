// Every feature a legacy target cannot express is an error at the YAML line
// and column that asked for it, naming the target; targets that can express
// the same config succeed.
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { run } from "../helpers/transpile.js";

const TITLE = { "cloud-config": "cloud-config (coreos-cloudinit)", "cloud-init": "cloud-init", script: "the script target" } as const;
type Target = keyof typeof TITLE;
const ALL: Target[] = ["cloud-config", "cloud-init", "script"];

interface Case {
  name: string;
  yaml: string[];
  /** Per target: the raw errors expected, as "$.path L:C what". */
  refused: Partial<Record<Target, string[]>>;
}

const head = ["variant: fcos", "version: 1.6.0"];
const every = (...e: string[]) => Object.fromEntries(ALL.map((t) => [t, e])) as Record<Target, string[]>;

const CASES: Case[] = [
  {
    name: "merged configs",
    yaml: [...head, "ignition:", "  config:", "    merge:", "      - source: https://example.com/a.ign"],
    refused: every("$.ignition.config.merge.0 6:9 ignition.config merge/replace"),
  },
  {
    name: "a replaced config",
    yaml: [...head, "ignition:", "  config:", "    replace:", "      source: https://example.com/a.ign"],
    refused: every("$.ignition.config.replace 6:7 ignition.config merge/replace"),
  },
  {
    name: "timeouts",
    yaml: [...head, "ignition:", "  timeouts:", "    http_total: 10"],
    refused: every("$.ignition.timeouts 5:5 ignition.timeouts"),
  },
  {
    name: "TLS certificate authorities",
    yaml: [
      ...head,
      "ignition:",
      "  security:",
      "    tls:",
      "      certificate_authorities:",
      "        - source: https://example.com/ca.pem",
    ],
    refused: every("$.ignition.security.tls.certificate_authorities.0 7:11 ignition.security.tls"),
  },
  {
    name: "a proxy",
    yaml: [...head, "ignition:", "  proxy:", "    http_proxy: http://proxy:3128"],
    refused: every("$.ignition.proxy 5:5 ignition.proxy"),
  },
  {
    name: "kernel arguments",
    yaml: [...head, "kernel_arguments:", "  should_exist:", "    - quiet", "  should_not_exist:", "    - debug"],
    refused: every("$.kernel_arguments.should_exist.0 5:7 kernel_arguments", "$.kernel_arguments.should_not_exist.0 7:7 kernel_arguments"),
  },
  {
    name: "disks",
    yaml: [...head, "storage:", "  disks:", "    - device: /dev/sdb", "      wipe_table: true"],
    refused: every("$.storage.disks.0 5:7 storage.disks (partitioning)"),
  },
  {
    name: "raid",
    yaml: [...head, "storage:", "  raid:", "    - name: md0", "      level: raid1", "      devices: [/dev/sda, /dev/sdb]"],
    refused: every("$.storage.raid.0 5:7 storage.raid"),
  },
  {
    name: "luks",
    yaml: [...head, "storage:", "  luks:", "    - name: data", "      device: /dev/sdb"],
    refused: every("$.storage.luks.0 5:7 storage.luks"),
  },
  {
    name: "filesystems",
    yaml: [
      ...head,
      "storage:",
      "  filesystems:",
      "    - device: /dev/sdb",
      "      format: ext4",
      "      path: /var/data",
      "      with_mount_unit: true",
    ],
    refused: every("$.storage.filesystems.0 5:7 storage.filesystems (creating and mounting)"),
  },
  {
    name: "remote contents",
    yaml: [
      ...head,
      "storage:",
      "  files:",
      "    - path: /etc/a",
      "      contents:",
      "        source: https://example.com/a",
      "      append:",
      "        - source: tftp://example.com/b",
    ],
    refused: {
      ...every(
        "$.storage.files.0.contents.source 7:17 file contents from a remote source (http, https, tftp, s3, gs, arn)",
        "$.storage.files.0.append.0.source 9:19 file contents from a remote source (http, https, tftp, s3, gs, arn)",
      ),
      "cloud-config": [
        "$.storage.files.0.contents.source 7:17 file contents from a remote source (http, https, tftp, s3, gs, arn)",
        "$.storage.files.0.append.0 9:11 storage.files append",
      ],
    },
  },
  {
    name: "appends",
    yaml: [...head, "storage:", "  files:", "    - path: /etc/a", "      append:", "        - inline: more"],
    refused: { "cloud-config": ["$.storage.files.0.append.0 7:11 storage.files append"] },
  },
  {
    name: "overwrite: false",
    yaml: [
      ...head,
      "storage:",
      "  files:",
      "    - path: /etc/a",
      "      overwrite: false",
      "      contents:",
      "        inline: x",
      "  links:",
      "    - path: /etc/l",
      "      target: /etc/a",
      "      overwrite: false",
    ],
    refused: {
      "cloud-config": [
        "$.storage.files.0.overwrite 6:18 overwrite: false on files and links",
        "$.storage.links.0 10:7 storage.links (symbolic and hard)",
      ],
      "cloud-init": [
        "$.storage.files.0.overwrite 6:18 overwrite: false on files and links",
        "$.storage.links.0.overwrite 12:18 overwrite: false on files and links",
      ],
    },
  },
  {
    name: "a file under /usr",
    yaml: [...head, "storage:", "  files:", "    - path: /usr/local/bin/tool", "      mode: 0755", "      contents:", "        inline: x"],
    refused: { "cloud-config": ["$.storage.files.0.path 5:13 files under /usr"] },
  },
  {
    name: "directories",
    yaml: [...head, "storage:", "  directories:", "    - path: /var/lib/app", "      mode: 0750"],
    refused: { "cloud-config": ["$.storage.directories.0 5:7 storage.directories"] },
  },
  {
    name: "links",
    yaml: [...head, "storage:", "  links:", "    - path: /etc/l", "      target: /etc/a", "      hard: false"],
    refused: { "cloud-config": ["$.storage.links.0 5:7 storage.links (symbolic and hard)"] },
  },
  {
    name: "a disabled unit",
    yaml: [...head, "systemd:", "  units:", "    - name: a.service", "      enabled: false"],
    refused: { "cloud-config": ["$.systemd.units.0.enabled 6:16 unit enabled: false"] },
  },
  {
    name: "a uid",
    yaml: [...head, "passwd:", "  users:", "    - name: app", "      uid: 1001"],
    refused: { "cloud-config": ["$.passwd.users.0.uid 6:12 user uid"] },
  },
  {
    name: "a user that should not exist",
    yaml: [...head, "passwd:", "  users:", "    - name: app", "      should_exist: false"],
    refused: every("$.passwd.users.0.should_exist 6:21 user should_exist: false"),
  },
  {
    name: "groups",
    yaml: [
      ...head,
      "passwd:",
      "  groups:",
      "    - name: ops",
      "    - name: db",
      "      gid: 2000",
      "    - name: svc",
      "      system: true",
    ],
    refused: {
      "cloud-config": ["$.passwd.groups.0 5:7 passwd.groups", "$.passwd.groups.1 6:7 passwd.groups", "$.passwd.groups.2 8:7 passwd.groups"],
      "cloud-init": [
        "$.passwd.groups.1.gid 7:12 group gid, password hash or system",
        "$.passwd.groups.2.system 9:15 group gid, password hash or system",
      ],
    },
  },
];

function expectedRaw(target: Target, spec: string): string {
  const m = /^(\S+) (\d+):(\d+) (.*)$/.exec(spec)!;
  return `error at ${m[1]}, line ${m[2]} col ${m[3]}: ${TITLE[target]} cannot express ${m[4]}`;
}

describe("what a legacy target cannot express", () => {
  for (const c of CASES) {
    for (const target of ALL) {
      const refused = c.refused[target];
      it(`${c.name}: ${target} ${refused ? "refuses it" : "carries it"}`, () => {
        const r = run(c.yaml, { target });
        if (!refused) {
          expect(r.report).toEqual([]);
          expect(r.failure).toBeUndefined();
          expect(r.output).toBeDefined();
          return;
        }
        expect(r.failure).toBe(`the config cannot be expressed as ${target}`);
        expect(r.output).toBeUndefined();
        expect(r.report).toEqual(refused.map((s) => expectedRaw(target, s)).sort());
      });
    }
  }

  it("the same configs transpile to Ignition", () => {
    for (const c of CASES) expect(run(c.yaml).failure, c.name).toBeUndefined();
  });
});

describe("accounts useradd would refuse", () => {
  it("a relative home directory or shell is an error at its line for every legacy target", () => {
    const yaml = [
      "variant: fcos",
      "version: 1.5.0",
      "passwd:",
      "  users:",
      "    - name: svc",
      "      home_dir: 1.5",
      "      shell: bash",
      "    - name: ok",
      "      shell: /bin/sh",
    ];
    for (const target of ALL) {
      const r = run(yaml, { target });
      expect(r.failure).toBe(`the config cannot be expressed as ${target}`);
      expect(r.report).toEqual([
        'error at $.passwd.users.0.home_dir, line 6 col 17: home_dir "1.5" is not an absolute path; useradd refuses it',
        'error at $.passwd.users.0.shell, line 7 col 14: shell "bash" is not an absolute path; useradd refuses it',
      ]);
    }
  });
});

describe("embedded contents checked at transpile time", () => {
  const file = (contents: string[]) => [
    "variant: fcos",
    "version: 1.5.0",
    "storage:",
    "  files:",
    "    - path: /etc/a",
    "      contents:",
    ...contents,
  ];

  it("a verification hash that does not match the embedded contents is an error at the hash", () => {
    const sha512 = (text: string) => createHash("sha512").update(text).digest("hex");
    const good = `sha512-${sha512("hello")}`;
    for (const target of ALL) {
      expect(run(file(["        inline: hello", "        verification:", `          hash: ${good}`]), { target }).failure).toBeUndefined();
      const bad = run(file(["        inline: hello!", "        verification:", `          hash: ${good}`]), { target });
      expect(bad.failure).toBe(`the config cannot be expressed as ${target}`);
      expect(bad.report).toEqual([
        `error at $.storage.files.0.contents.verification.hash, line 9 col 17: the embedded contents do not match verification.hash (their sha512 is ${sha512("hello!")})`,
      ]);
    }
  });

  it("gzip compression over data that is not gzip is an error at compression", () => {
    for (const target of ALL) {
      const r = run(file(["        compression: gzip", "        inline: not gzip"]), { target });
      expect(r.failure).toBe(`the config cannot be expressed as ${target}`);
      expect(r.report).toEqual([
        "error at $.storage.files.0.contents.compression, line 7 col 22: compression is gzip but the data is not valid gzip: incorrect header check",
      ]);
    }
  });
});
