// Deterministic Butane inputs for the transpile benchmarks (issue targets):
//   small  — one user with a key, one file, one unit
//   medium — 60 inline files of 30 lines and 30 units (~125 KB of YAML)
//   large  — storage.trees over 1,500 files in 30 folders (~9.5 MB)
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export function smallConfig() {
  return `variant: fcos
version: 1.6.0
passwd:
  users:
    - name: core
      ssh_authorized_keys:
        - ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDyS4fUptnAQmV2a9J7dW1C8rK4DGgDnRydZmmR7hYkz ops@example.com
storage:
  files:
    - path: /etc/hostname
      mode: 0644
      contents:
        inline: node-01
systemd:
  units:
    - name: hello.service
      enabled: true
      contents: |
        [Service]
        Type=oneshot
        ExecStart=/usr/bin/echo hello
        [Install]
        WantedBy=multi-user.target
`;
}

const WORDS =
  "alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima mike november oscar papa quebec romeo sierra tango".split(" ");
function line(seed) {
  let s = `${String(seed).padStart(5, "0")}`;
  let x = seed * 2654435761;
  for (let i = 0; i < 6 + (seed % 6); i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    s += " " + WORDS[x % WORDS.length];
  }
  return s;
}

export function mediumConfig() {
  let y = "variant: fcos\nversion: 1.6.0\nstorage:\n  files:\n";
  for (let f = 0; f < 60; f++) {
    y += `    - path: /etc/app/conf-${f}.conf\n      mode: 0644\n      contents:\n        inline: |\n`;
    for (let l = 0; l < 30; l++) y += `          ${line(f * 100 + l)}\n`;
  }
  y += "systemd:\n  units:\n";
  for (let u = 0; u < 30; u++) {
    y += `    - name: worker-${u}.service\n      enabled: true\n      contents: |\n        [Unit]\n        Description=worker ${u}\n        [Service]\n        ExecStart=/usr/bin/worker --id ${u}\n        [Install]\n        WantedBy=multi-user.target\n`;
  }
  return y;
}

/** Writes the large tree under `dir` (once) and returns the config text. */
export function largeConfig(dir) {
  const root = join(dir, "tree");
  if (!existsSync(join(root, "folder-29"))) {
    for (let d = 0; d < 30; d++) {
      const folder = join(root, `folder-${d}`);
      mkdirSync(folder, { recursive: true });
      for (let f = 0; f < 50; f++) {
        const n = d * 50 + f;
        let body = "";
        for (let l = 0; body.length < 6300; l++) body += line(n * 1000 + l) + "\n";
        writeFileSync(join(folder, `file-${f}.txt`), body);
      }
    }
  }
  return "variant: fcos\nversion: 1.6.0\nstorage:\n  trees:\n    - local: tree\n      path: /var/lib/data\n";
}
