// A lab that forms, booted for real: `kindling lab init` and `kindling lab
// render` make a three-node Fedora CoreOS lab with its etcd cluster and the
// first-boot agent; each node's rendered Ignition config becomes the script
// target (`kindling transpile --target script node.ign`), handed to a qemu
// guest through fw_cfg as Vagrant's libvirt provider hands a node its config.
// The guests share a private network of their own with the lab's static
// addresses; each starts Debian's etcd from exactly the /etc/etcd/etcd.env
// kindling rendered for it (as the node's etcd-member unit would), and the
// seed lab's walk-through runs: three members with the lab's names and peer
// URLs, a put through node 1 read through node 3, a watch on node 3 that
// sees node 1's update. All three agents report to a real kindling serve and
// `kindling status` shows them verified.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildGuest, type Guest } from "./guest/build.js";
import { bootLab, type LabNode } from "./guest/lab.js";
import { markers } from "./guest/qemu.js";
import { kindling, type RunningServe, startServe } from "./guest/serve.js";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "../..");
const NAMES = ["core-01", "core-02", "core-03"];
const IPS = ["172.17.8.101", "172.17.8.102", "172.17.8.103"];

let work: string;
let guest: Guest;
let serve: RunningServe;
let lab: string;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "kindling-e2e-lab-"));
  guest = await buildGuest(join(ROOT, "test/e2e/.cache"), {
    programs: [
      { path: "/usr/bin/etcd", aptPackage: "etcd-server" },
      { path: "/usr/bin/etcdctl", aptPackage: "etcd-client" },
    ],
  });
  const data = join(work, "data");
  mkdirSync(join(data, "profiles"), { recursive: true });
  mkdirSync(join(data, "groups"), { recursive: true });
  writeFileSync(join(data, "profiles/lab.json"), JSON.stringify({ id: "lab" }));
  writeFileSync(join(data, "groups/lab.json"), JSON.stringify({ id: "lab", profile: "lab", selector: { lab: "e2e" }, metadata: {} }));
  serve = await startServe(work, data);

  lab = join(work, "lab");
  const init = kindling(["lab", "init", lab, "--box", "fcos", "--nodes", "3", "--name", "e2e"]);
  expect(init.code, init.err).toBe(0);
  // The agent reports to the server on qemu's user network (the host is 10.0.2.2 there).
  const key = kindling(["report-key", "--secret-file", serve.secretFile, "--group", "lab"]);
  writeFileSync(join(lab, "report.key"), key.out);
  const yaml = readFileSync(join(lab, "lab.yaml"), "utf8");
  writeFileSync(
    join(lab, "lab.yaml"),
    `${yaml}verify:\n  url: http://10.0.2.2:${serve.port}/reports\n  group: lab\n  key_file: report.key\n`,
  );
  // The guests boot their own kernel with its command line, as a PXE profile
  // sets it: node.bu's kernel argument (classic NIC names) has no place in a
  // script, so it goes.
  const nodeBu = readFileSync(join(lab, "node.bu"), "utf8");
  const withoutKargs = nodeBu.replace(/^kernel_arguments:\n(?:[ #].*\n)*/m, "");
  expect(withoutKargs).not.toBe(nodeBu);
  writeFileSync(join(lab, "node.bu"), withoutKargs);
  const render = kindling(["lab", "render", lab]);
  expect(render.code, render.err).toBe(0);
}, 600_000);

afterAll(() => {
  serve?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

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

describe("a kindling lab on a private network", () => {
  it("forms one etcd cluster from the rendered settings: three members, a put on node 1 read and watched on node 3, all verified", async () => {
    const nodes: LabNode[] = NAMES.map((name, i) => {
      const script = kindling(["transpile", "--target", "script", join(lab, ".kindling", `${name}.ign`)]);
      expect(script.code, script.err).toBe(0);
      return { name, address: `${IPS[i]}/24`, apply: script.out, after: scenario(name) };
    });
    const { runs, frames } = await bootLab(guest, nodes, { work, logDir: join(ROOT, "test/e2e/.cache/logs"), timeoutMs: 600_000 });
    console.log(`lab switch forwarded ${frames} frames`);
    const labLines = (text: string) => [...text.matchAll(/KINDLING-LAB: ([^\n]*)/g)].map((m) => m[1]!.trim());
    for (const { node, run } of runs) {
      console.log(`${node.name} booted in ${(run.ms / 1000).toFixed(1)} s`);
      expect(
        markers(run.console).filter((m) => m.startsWith("failed")),
        run.console,
      ).toEqual([]);
      expect(labLines(run.console), run.console).toContain(`done ${node.name}`);
      expect(run.console).toContain("kindling-verify: report accepted");
      // Each member with the lab's name and its peer URL on the lab's address.
      const members = labLines(run.console)
        .filter((l) => l.startsWith("member "))
        .map((m) => m.split(", "));
      expect(members.map((m) => `${m[2]} ${m[3]}`).sort()).toEqual(NAMES.map((n, i) => `${n} http://${IPS[i]}:2380`));
    }
    const third = labLines(runs[2]!.run.console);
    expect(third).toContain("get hello from core-01");
    expect(third.find((l) => l.startsWith("watch saw"))).toMatch(/PUT \/lab\/message hello from core-01/);
    const r = serve.status("--format", "json");
    expect(r.code, r.out + r.err + serve.log()).toBe(0);
    const machines = JSON.parse(r.out).machines as { hostname: string; group: string; state: string; failed: number }[];
    expect(machines.map((m) => [m.hostname, m.group, m.state, m.failed]).sort()).toEqual(NAMES.map((n) => [n, "lab", "verified", 0]));
  }, 900_000);
});
