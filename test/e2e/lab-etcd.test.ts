// A lab that forms, booted for real: three guests on a private network of
// their own, each running Debian's etcd with the settings kindling rendered
// for it. (Harness check: the settings are hand-written here until the lab
// renderer lands.)
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildGuest, type Guest } from "./guest/build.js";
import { bootLab, type LabNode } from "./guest/lab.js";
import { markers } from "./guest/qemu.js";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "../..");
const NAMES = ["core-01", "core-02", "core-03"];
const IPS = ["172.17.8.101", "172.17.8.102", "172.17.8.103"];

let work: string;
let guest: Guest;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "kindling-e2e-lab-"));
  guest = await buildGuest(join(ROOT, "test/e2e/.cache"), {
    programs: [
      { path: "/usr/bin/etcd", aptPackage: "etcd-server" },
      { path: "/usr/bin/etcdctl", aptPackage: "etcd-client" },
    ],
  });
}, 600_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

const env = (i: number) =>
  [
    `ETCD_NAME=${NAMES[i]}`,
    `ETCD_DATA_DIR=/var/lib/etcd`,
    `ETCD_INITIAL_CLUSTER=${NAMES.map((n, j) => `${n}=http://${IPS[j]}:2380`).join(",")}`,
    "ETCD_INITIAL_CLUSTER_STATE=new",
    "ETCD_INITIAL_CLUSTER_TOKEN=kindling-lab",
    `ETCD_LISTEN_PEER_URLS=http://${IPS[i]}:2380`,
    `ETCD_LISTEN_CLIENT_URLS=http://${IPS[i]}:2379,http://127.0.0.1:2379`,
    `ETCD_ADVERTISE_CLIENT_URLS=http://${IPS[i]}:2379`,
    `ETCD_INITIAL_ADVERTISE_PEER_URLS=http://${IPS[i]}:2380`,
  ].join("\n");

/** The seed lab's walk-through: node 1 puts, node 3 gets and watches; every node stays up until node 3 is done. */
const scenario = (name: string) => `set -u
say() { echo "KINDLING-LAB: $*"; }
set -a
. /etc/etcd/etcd.env
set +a
export ETCDCTL_API=3 ETCDCTL_ENDPOINTS=$ETCD_ADVERTISE_CLIENT_URLS ETCDCTL_DIAL_TIMEOUT=3s
mkdir -p "$ETCD_DATA_DIR"
etcd > /tmp/etcd.log 2>&1 &
i=0
until etcdctl endpoint health > /dev/null 2>&1; do
  i=$((i + 1))
  if [ "$i" -gt 400 ]; then say "unhealthy"; tail -n 30 /tmp/etcd.log; exit 1; fi
  sleep 0.5
done
say "healthy ${name}"
etcdctl member list | while read -r line; do say "member $line"; done
case ${name} in
  ${NAMES[0]})
    until [ "$(etcdctl get /lab/watching --print-value-only)" = yes ]; do sleep 0.5; done
    etcdctl put /lab/message "hello from ${NAMES[0]}" > /dev/null && say "put /lab/message"
    ;;
  ${NAMES[2]})
    etcdctl watch /lab/message > /tmp/watch.out 2>&1 &
    sleep 1
    etcdctl put /lab/watching yes > /dev/null
    i=0
    until grep -q "hello from ${NAMES[0]}" /tmp/watch.out; do
      i=$((i + 1)); [ "$i" -gt 240 ] && { say "watch saw nothing"; exit 1; }
      sleep 0.5
    done
    say "watch saw $(tr '\\n' ' ' < /tmp/watch.out)"
    say "get $(etcdctl get /lab/message --print-value-only)"
    etcdctl put /lab/done yes > /dev/null
    ;;
esac
until [ "$(etcdctl get /lab/done --print-value-only)" = yes ]; do sleep 0.5; done
sleep 2
say "done ${name}"
`;

describe("a three-node lab on a private network", () => {
  it("forms one etcd cluster: three members, a put on node 1 read and watched on node 3", async () => {
    const nodes: LabNode[] = NAMES.map((name, i) => ({
      name,
      address: `${IPS[i]}/24`,
      apply: `#!/bin/sh\nmkdir -p "$ROOT/etc/etcd"\ncat > "$ROOT/etc/etcd/etcd.env" <<'ENV'\n${env(i)}\nENV\n`,
      after: scenario(name),
    }));
    const { runs, frames } = await bootLab(guest, nodes, { work, logDir: join(ROOT, "test/e2e/.cache/logs"), timeoutMs: 600_000 });
    console.log(`lab switch forwarded ${frames} frames`);
    const lab = (text: string) => [...text.matchAll(/KINDLING-LAB: ([^\n]*)/g)].map((m) => m[1]!.trim());
    for (const { node, run } of runs) {
      console.log(`${node.name} booted in ${(run.ms / 1000).toFixed(1)} s`);
      expect(
        markers(run.console).filter((m) => m.startsWith("failed")),
        run.console,
      ).toEqual([]);
      expect(lab(run.console), run.console).toContain(`done ${node.name}`);
      const members = lab(run.console).filter((l) => l.startsWith("member "));
      expect(members.map((m) => m.split(", ")[2]).sort()).toEqual(NAMES);
    }
    const third = lab(runs[2]!.run.console);
    expect(third).toContain("get hello from core-01");
    expect(third.find((l) => l.startsWith("watch saw"))).toMatch(/PUT \/lab\/message hello from core-01/);
  }, 900_000);
});
