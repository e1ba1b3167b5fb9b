// Deterministic generated Ignition configs for benchmarks.

/** A spec 3.6.0 config of roughly `targetBytes`: files with data URLs, directories, links, units, users. */
export function largeConfig(targetBytes) {
  const files = [];
  const directories = [];
  const links = [];
  const units = [];
  const users = [];
  let size = 0;
  for (let i = 0; size < targetBytes; i++) {
    const dir = `/var/lib/app${i % 97}`;
    if (i % 97 === i) directories.push({ path: dir, mode: 0o755, user: { name: "app" } });
    const body = `line ${i} of generated content for benchmarking the validator\n`.repeat(1 + (i % 5));
    files.push({
      path: `${dir}/file-${i}.conf`,
      mode: 0o644,
      overwrite: true,
      contents: { source: "data:," + encodeURIComponent(body), verification: {} },
    });
    if (i % 10 === 0) links.push({ path: `${dir}/link-${i}`, target: `${dir}/file-${i}.conf` });
    if (i % 25 === 0) {
      units.push({
        name: `worker-${i}.service`,
        enabled: true,
        contents: `[Unit]\nDescription=worker ${i}\n\n[Service]\nExecStart=/usr/bin/worker --id ${i}\n\n[Install]\nWantedBy=multi-user.target\n`,
        dropins: [{ name: "10-env.conf", contents: `[Service]\nEnvironment=ID=${i}\n` }],
      });
    }
    if (i % 50 === 0)
      users.push({ name: `user${i}`, uid: 2000 + i, sshAuthorizedKeys: [`ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAA${i} u${i}@example`] });
    size += body.length * 1.6 + 180;
  }
  return JSON.stringify(
    { ignition: { version: "3.6.0" }, passwd: { users }, storage: { directories, files, links }, systemd: { units } },
    null,
    2,
  );
}
