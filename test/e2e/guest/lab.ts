// bootLab: the nodes of a lab booted at once, each a qemu guest with two
// NICs: qemu's user network (DHCP; the host, and kindling serve on it, as
// 10.0.2.2) and the lab's private network (lab-switch.ts), on which /init
// gives the node its static address. Each node's config (the script target)
// is handed over through fw_cfg, as Vagrant's libvirt provider hands a
// Fedora CoreOS node its Ignition config, and so is the script /init runs
// after the apply and the agent (the test's scenario).

import { createSocket } from "node:dgram";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Guest } from "./build.js";
import { type LabSwitch, startLabSwitch } from "./lab-switch.js";
import { type BootResult, bootMachine } from "./qemu.js";

export interface LabNode {
  name: string;
  /** The lab address with its prefix, 172.17.8.101/24. */
  address: string;
  /** The script-target config the node applies. */
  apply: string;
  /** The scenario /init runs after the agent. */
  after: string;
}

export interface LabRun {
  node: LabNode;
  run: BootResult;
}

/** A free UDP port on 127.0.0.1 (for a guest's end of the lab network). */
function freeUdpPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createSocket("udp4");
    s.once("error", reject);
    s.bind(0, "127.0.0.1", () => {
      const port = s.address().port;
      s.close(() => resolve(port));
    });
  });
}

const hex = (n: number) => n.toString(16).padStart(2, "0");

export async function bootLab(
  guest: Guest,
  nodes: LabNode[],
  options: { work: string; logDir: string; timeoutMs: number },
): Promise<{ runs: LabRun[]; frames: number }> {
  const lab: LabSwitch = await startLabSwitch();
  try {
    const booted = await Promise.all(
      nodes.map(async (node, i) => {
        const localPort = await freeUdpPort();
        lab.attach(localPort);
        const apply = join(options.work, `${node.name}.apply.sh`);
        const after = join(options.work, `${node.name}.after.sh`);
        writeFileSync(apply, node.apply);
        writeFileSync(after, node.after);
        const labMac = `52:54:00:17:08:${hex(i + 1)}`;
        const run = await bootMachine({
          direct: {
            kernel: guest.kernel,
            initrd: guest.initrd,
            append: [
              "console=ttyS0",
              "panic=-1",
              "kindling.fwcfg=opt/kindling/apply.sh",
              "kindling.after=opt/kindling/after.sh",
              `kindling.lab.mac=${labMac}`,
              `kindling.lab.ip=${node.address}`,
            ].join(" "),
          },
          mac: `52:54:00:00:02:${hex(i + 1)}`,
          labNic: { mac: labMac, localPort, switchPort: lab.port },
          fwCfg: [
            { name: "opt/kindling/apply.sh", file: apply },
            { name: "opt/kindling/after.sh", file: after },
          ],
          memoryMb: 768,
          timeoutMs: options.timeoutMs,
          logFile: join(options.logDir, `lab-${node.name}.log`),
        });
        return { node, run };
      }),
    );
    return { runs: booted, frames: lab.frames() };
  } finally {
    await lab.close();
  }
}
