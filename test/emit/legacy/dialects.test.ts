// The two cloud-config dialects, read back as YAML values and compared with
// what the Butane config asked for.

import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { run } from "../../helpers/transpile.js";
import { parseYamlValue } from "../../helpers/yaml-value.js";

/** One entry of write_files, as far as these tests read it. */
interface WrittenFile {
  path: string;
  content: string;
  encoding?: string;
  [key: string]: unknown;
}

/** An emitted cloud-config document read back, as far as these tests read it. */
interface EmittedDoc {
  write_files?: WrittenFile[];
  coreos?: Record<string, unknown>;
  [key: string]: unknown;
}

const readBack = (output: string) => parseYamlValue(output) as EmittedDoc;

const CONFIG = [
  "variant: fcos",
  "version: 1.5.0",
  "passwd:",
  "  users:",
  "    - name: core",
  "      ssh_authorized_keys: [ssh-ed25519 AAAAcore core@laptop]",
  "    - name: app",
  "      gecos: App Service",
  "      home_dir: /srv/app",
  "      shell: /bin/bash",
  "      system: true",
  "      groups: [docker, wheel]",
  "      password_hash: $6$salt$hash",
  "      ssh_authorized_keys: [ssh-rsa AAAAapp app@ci]",
  "storage:",
  "  files:",
  "    - path: /etc/hostname",
  "      mode: 0644",
  "      contents:",
  "        inline: node-1",
  "    - path: /etc/app/app.conf",
  "      mode: 0640",
  "      user: {name: app}",
  "      group: {name: app}",
  "      contents:",
  "        inline: |",
  "          listen: yes",
  "          port: 0644",
  "    - path: /etc/coreos/update.conf",
  "      mode: 0644",
  "      contents:",
  "        inline: |",
  "          GROUP=stable",
  "          REBOOT_STRATEGY=etcd-lock",
  "          LOCKSMITHD_REBOOT_WINDOW_START=Sun 04:00",
  "          LOCKSMITHD_REBOOT_WINDOW_LENGTH=1h",
  "    - path: /opt/big.txt",
  "      contents:",
  "        inline: " + "'" + "0123456789abcdef\\n".repeat(1).replace(/\\n/g, "") + "'",
  "    - path: /var/lib/owned-by-id",
  "      mode: 0600",
  "      user: {id: 1000}",
  "      contents:",
  "        inline: secret",
  "systemd:",
  "  units:",
  "    - name: app.service",
  "      enabled: true",
  "      contents: |",
  "        [Service]",
  "        ExecStart=/usr/bin/app",
  "        [Install]",
  "        WantedBy=multi-user.target",
  "    - name: docker.service",
  "      dropins:",
  "        - name: 10-opts.conf",
  "          contents: |",
  "            [Service]",
  "            Environment=DOCKER_OPTS=--debug",
  "    - name: sshd.socket",
  "      mask: true",
];

describe("cloud-config (coreos-cloudinit)", () => {
  it("carries hostname, keys, users, files, update settings and units in its own keys", () => {
    const r = run(CONFIG, { target: "cloud-config" });
    expect(r.failure).toBeUndefined();
    expect(r.output!.split("\n")[0]).toBe("#cloud-config");
    expect(r.report).toEqual([]);
    const doc = readBack(r.output!);
    expect(Object.keys(doc)).toEqual(["hostname", "ssh_authorized_keys", "users", "write_files", "coreos"]);
    expect(doc.hostname).toBe("node-1");
    expect(doc.ssh_authorized_keys).toEqual(["ssh-ed25519 AAAAcore core@laptop"]);
    expect(doc.users).toEqual([
      {
        name: "app",
        passwd: "$6$salt$hash",
        gecos: "App Service",
        homedir: "/srv/app",
        groups: ["docker", "wheel"],
        shell: "/bin/bash",
        system: true,
        ssh_authorized_keys: ["ssh-rsa AAAAapp app@ci"],
      },
    ]);
    expect(doc.write_files).toEqual([
      { path: "/etc/app/app.conf", owner: "app:app", permissions: "0640", content: "listen: yes\nport: 0644\n" },
      { path: "/opt/big.txt", permissions: "0644", content: "0123456789abcdef" },
      { path: "/var/lib/owned-by-id", owner: "1000:root", permissions: "0600", content: "secret" },
    ]);
    expect(doc.coreos!.update).toEqual({ group: "stable", reboot_strategy: "etcd-lock" });
    expect(doc.coreos!.locksmith).toEqual({ window_start: "Sun 04:00", window_length: "1h" });
    expect(doc.coreos!.units).toEqual([
      {
        name: "app.service",
        content: "[Service]\nExecStart=/usr/bin/app\n[Install]\nWantedBy=multi-user.target\n",
        enable: true,
        command: "start",
      },
      { name: "docker.service", "drop-ins": [{ name: "10-opts.conf", content: "[Service]\nEnvironment=DOCKER_OPTS=--debug\n" }] },
      { name: "sshd.socket", mask: true },
    ]);
  });

  it("quotes what YAML 1.1 would read as another type", () => {
    const out = run(CONFIG, { target: "cloud-config" }).output!;
    expect(out).toContain('permissions: "0640"');
  });

  it("keeps update.conf as a file when lifting it would lose something", () => {
    const r = run(
      [
        "variant: fcos",
        "version: 1.5.0",
        "storage:",
        "  files:",
        "    - path: /etc/coreos/update.conf",
        "      contents:",
        "        inline: |",
        "          # pinned",
        "          GROUP=beta",
      ],
      { target: "cloud-config" },
    );
    const doc = readBack(r.output!);
    expect(doc.coreos).toBeUndefined();
    expect(doc.write_files).toEqual([{ path: "/etc/coreos/update.conf", permissions: "0644", content: "# pinned\nGROUP=beta\n" }]);
  });

  it("keeps /etc/hostname as a file when it is not a plain name", () => {
    const r = run(
      [
        "variant: fcos",
        "version: 1.5.0",
        "storage:",
        "  files:",
        "    - path: /etc/hostname",
        "      mode: 0600",
        "      contents:",
        "        inline: node-1",
      ],
      { target: "cloud-config" },
    );
    const doc = readBack(r.output!);
    expect(doc.hostname).toBeUndefined();
    expect(doc.write_files).toEqual([{ path: "/etc/hostname", permissions: "0600", content: "node-1" }]);
  });

  it("warns that an existing core user only takes passwd and keys", () => {
    const r = run(
      ["variant: fcos", "version: 1.5.0", "passwd:", "  users:", "    - name: core", "      groups: [docker]", "      shell: /bin/zsh"],
      { target: "cloud-config" },
    );
    expect(r.failure).toBeUndefined();
    expect(r.report).toEqual([
      "warning at $.passwd.users.0.groups, line 6 col 15: coreos-cloudinit applies only passwd and ssh_authorized_keys to core, which already exists on Container Linux; groups has no effect",
      "warning at $.passwd.users.0.shell, line 7 col 14: coreos-cloudinit applies only passwd and ssh_authorized_keys to core, which already exists on Container Linux; shell has no effect",
    ]);
    expect(
      run(["variant: fcos", "version: 1.5.0", "passwd:", "  users:", "    - name: core", "      groups: [docker]"], {
        target: "cloud-config",
        strict: true,
      }).failure,
    ).toBeDefined();
  });
});

describe("cloud-init", () => {
  it("carries users, groups, files, units and their commands", () => {
    const r = run(CONFIG, { target: "cloud-init" });
    expect(r.failure).toBeUndefined();
    expect(r.report).toEqual([]);
    const doc = readBack(r.output!);
    expect(Object.keys(doc)).toEqual(["hostname", "users", "write_files", "runcmd"]);
    expect(doc.hostname).toBe("node-1");
    expect(doc.users).toEqual([
      { name: "core", ssh_authorized_keys: ["ssh-ed25519 AAAAcore core@laptop"] },
      {
        name: "app",
        gecos: "App Service",
        homedir: "/srv/app",
        groups: ["docker", "wheel"],
        shell: "/bin/bash",
        system: true,
        hashed_passwd: "$6$salt$hash",
        lock_passwd: false,
        ssh_authorized_keys: ["ssh-rsa AAAAapp app@ci"],
      },
    ]);
    const files = Object.fromEntries(doc.write_files!.map((f) => [f.path, f]));
    expect(files["/etc/app/app.conf"]).toEqual({
      path: "/etc/app/app.conf",
      owner: "app:app",
      defer: true,
      permissions: "0640",
      content: "listen: yes\nport: 0644\n",
    });
    expect(files["/etc/coreos/update.conf"].content).toBe(
      "GROUP=stable\nREBOOT_STRATEGY=etcd-lock\nLOCKSMITHD_REBOOT_WINDOW_START=Sun 04:00\nLOCKSMITHD_REBOOT_WINDOW_LENGTH=1h\n",
    );
    expect(files["/var/lib/owned-by-id"]).toEqual({ path: "/var/lib/owned-by-id", permissions: "0600", content: "secret" });
    expect(files["/etc/systemd/system/app.service"]).toEqual({
      path: "/etc/systemd/system/app.service",
      permissions: "0644",
      content: "[Service]\nExecStart=/usr/bin/app\n[Install]\nWantedBy=multi-user.target\n",
    });
    expect(files["/etc/systemd/system/docker.service.d/10-opts.conf"].content).toBe("[Service]\nEnvironment=DOCKER_OPTS=--debug\n");
    expect(files["/etc/hostname"]).toBeUndefined();
    expect(doc.runcmd).toEqual([
      "chown 1000:root /var/lib/owned-by-id",
      "systemctl daemon-reload",
      "systemctl enable app.service",
      "systemctl mask sshd.socket",
      "systemctl start --no-block app.service",
    ]);
  });

  it("makes directories and links with commands, appends with append, mounts with mounts", () => {
    const r = run(
      [
        "variant: fcos",
        "version: 1.5.0",
        "passwd:",
        "  groups:",
        "    - name: ops",
        "storage:",
        "  directories:",
        "    - path: /var/lib/app",
        "      mode: 0750",
        "      group: {name: ops}",
        "  links:",
        "    - path: /etc/localtime",
        "      target: /usr/share/zoneinfo/UTC",
        "    - path: /etc/app-hard",
        "      target: /etc/app.conf",
        "      hard: true",
        "  files:",
        "    - path: /etc/motd",
        "      append:",
        "        - inline: |",
        "            welcome",
        "systemd:",
        "  units:",
        "    - name: data.mount",
        "      enabled: true",
        "      contents: |",
        "        [Unit]",
        "        Description=Data disk",
        "        [Mount]",
        "        What=/dev/disk/by-label/data",
        "        Where=/data",
        "        Type=xfs",
        "        Options=noatime",
        "        [Install]",
        "        WantedBy=local-fs.target",
        "    - name: web.mount",
        "      enabled: true",
        "      contents: |",
        "        [Unit]",
        "        After=network-online.target",
        "        [Mount]",
        "        What=nfs:/web",
        "        Where=/web",
        "        [Install]",
        "        WantedBy=remote-fs.target",
      ],
      { target: "cloud-init" },
    );
    expect(r.failure).toBeUndefined();
    const doc = readBack(r.output!);
    expect(doc.groups).toEqual(["ops"]);
    expect(doc.mounts).toEqual([["/dev/disk/by-label/data", "/data", "xfs", "noatime", "0", "0"]]);
    expect(doc.write_files).toEqual([
      { path: "/etc/motd", permissions: "0644", content: "welcome\n", append: true },
      {
        path: "/etc/systemd/system/web.mount",
        permissions: "0644",
        content: "[Unit]\nAfter=network-online.target\n[Mount]\nWhat=nfs:/web\nWhere=/web\n[Install]\nWantedBy=remote-fs.target\n",
      },
    ]);
    expect(doc.runcmd).toEqual([
      "mkdir -p /var/lib/app",
      "chmod 0750 /var/lib/app",
      "chown root:ops /var/lib/app",
      "mkdir -p /etc",
      "ln -sfn /usr/share/zoneinfo/UTC /etc/localtime",
      "mkdir -p /etc",
      "ln -f /etc/app.conf /etc/app-hard",
      "systemctl daemon-reload",
      "systemctl enable web.mount",
      "systemctl start --no-block web.mount",
    ]);
  });

  it("quotes runcmd words for sh and names owners the config creates by uid", () => {
    const r = run(
      [
        "variant: fcos",
        "version: 1.5.0",
        "passwd:",
        "  users:",
        "    - name: app",
        "      uid: 1600",
        "storage:",
        "  directories:",
        '    - path: "/srv/it\'s a dir $HOME"',
        "      user: {id: 1600}",
        "  files:",
        "    - path: /srv/f",
        "      user: {id: 1600}",
        "      group: {id: 1700}",
      ],
      { target: "cloud-init" },
    );
    const doc = readBack(r.output!);
    expect(doc.runcmd).toEqual([
      "mkdir -p '/srv/it'\\''s a dir $HOME'",
      "chmod 0755 '/srv/it'\\''s a dir $HOME'",
      "chown app:root '/srv/it'\\''s a dir $HOME'",
      "chown app:1700 /srv/f",
    ]);
    expect(doc.write_files).toEqual([{ path: "/srv/f", owner: "app:root", defer: true, permissions: "0644", content: "" }]);
  });

  it("gives users the sudo rules a sudoers.d file asks for, and keeps any other sudoers file", () => {
    const yaml = (mode: string, body: string[]) => [
      "variant: fcos",
      "version: 1.5.0",
      "passwd:",
      "  users:",
      "    - name: ops",
      "    - name: ci",
      "storage:",
      "  files:",
      "    - path: /etc/sudoers.d/kindling",
      "      mode: " + mode,
      "      contents:",
      "        inline: |",
      ...body.map((l) => "          " + l),
    ];
    const lifted = readBack(
      run(yaml("0440", ["ops ALL=(ALL) NOPASSWD:ALL", "ci ALL=(root) /usr/bin/systemctl restart app"]), { target: "cloud-init" }).output!,
    );
    expect(lifted.users).toEqual([
      { name: "ops", sudo: "ALL=(ALL) NOPASSWD:ALL" },
      { name: "ci", sudo: "ALL=(root) /usr/bin/systemctl restart app" },
    ]);
    expect(lifted.write_files).toBeUndefined();

    for (const [mode, body] of [
      ["0440", ["Defaults !requiretty", "ops ALL=(ALL) ALL"]],
      ["0644", ["ops ALL=(ALL) ALL"]],
      ["0440", ["stranger ALL=(ALL) ALL"]],
      ["0440", ["ops ALL=(ALL) ALL", "ops ALL=(root) /bin/ls"]],
    ] as const) {
      const kept = readBack(run(yaml(mode, [...body]), { target: "cloud-init" }).output!);
      expect(kept.users).toEqual([{ name: "ops" }, { name: "ci" }]);
      expect(kept.write_files!.map((f) => f.path)).toEqual(["/etc/sudoers.d/kindling"]);
    }
  });

  it("never chowns a hard link (Ignition ignores its user/group; chown would change the target)", () => {
    const r = run(
      [
        "variant: fcos",
        "version: 1.5.0",
        "storage:",
        "  links:",
        "    - path: /etc/b",
        "      target: /etc/a",
        "      hard: true",
        "      user: {name: nobody}",
      ],
      { target: "cloud-init" },
    );
    expect(readBack(r.output!).runcmd).toEqual(["mkdir -p /etc", "ln -f /etc/a /etc/b"]);
  });

  it("compresses large text with gzip+base64", () => {
    const big = Array.from({ length: 400 }, (_, i) => `line ${i % 10}`).join("\n");
    const r = run(
      [
        "variant: fcos",
        "version: 1.5.0",
        "storage:",
        "  files:",
        "    - path: /etc/big",
        "      contents:",
        "        inline: |",
        ...big.split("\n").map((l) => "          " + l),
      ],
      { target: "cloud-init" },
    );
    const f = readBack(r.output!).write_files![0];
    expect(f.encoding).toBe("gzip+base64");
    expect(gunzipSync(Buffer.from(f.content, "base64")).toString()).toBe(big + "\n");
  });
});
