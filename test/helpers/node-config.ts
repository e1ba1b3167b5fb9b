// A small Fedora CoreOS Butane config the cloud tests share: the core user
// with a key, /etc/motd saying `motd`, and (unless asked not to) an enabled
// unit; enough for every strategy and target to carry something real.
export function fcosNode(motd: string, options: { unit?: boolean } = {}): string {
  const lines = [
    "variant: fcos",
    "version: 1.5.0",
    "passwd:",
    "  users:",
    "    - name: core",
    "      ssh_authorized_keys: [ssh-ed25519 AAAA test@example.com]",
    "storage:",
    "  files:",
    "    - path: /etc/motd",
    "      contents:",
    `        inline: ${motd}`,
  ];
  if (options.unit !== false)
    lines.push(
      "systemd:",
      "  units:",
      "    - name: app.service",
      "      enabled: true",
      "      contents: |",
      "        [Service]",
      "        ExecStart=/usr/bin/true",
      "        [Install]",
      "        WantedBy=multi-user.target",
    );
  return `${lines.join("\n")}\n`;
}
