// bootMachine: one boot of the e2e guest under qemu. A PXE boot: the NIC's
// iPXE ROM (Debian's ipxe-qemu) takes the DHCP boot file qemu's user-mode
// network hands out, which may be an http:// URL. A cloud boot: the kernel
// and initrd are loaded directly (as a cloud image boots its own), and the
// platform's metadata service is reached at 169.254.169.254 through a qemu
// guestfwd (one relay process per connection, see metadata-relay.mjs), or
// its provisioning ISO is attached as a CD-ROM. The guest reaches the host's
// loopback as the network's .2 address (10.0.2.2 by default). The serial console (ttyS0) is the result;
// qemu is killed at the deadline.
import { spawn } from "node:child_process";
import { createWriteStream, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Accel, chooseAccel } from "./accel.js";
import { requireFile, requireTool } from "./tools.js";

/**
 * The virtio-net iPXE ROM (Debian's ipxe-qemu). qemu loads it by default from
 * its data directories; naming it with romfile= made SeaBIOS skip the NIC
 * (qemu 7.2), so it is only checked for, not passed.
 */
export const VIRTIO_ROM = "/usr/lib/ipxe/qemu/efi-virtio.rom";

/** A kernel and initrd booted directly, with their command line. */
export interface DirectBoot {
  kernel: string;
  initrd: string;
  append: string;
}

/** Guest connections to address:port are relayed to 127.0.0.1:hostPort (a metadata service emulator). */
export interface GuestForward {
  address: string;
  port: number;
  hostPort: number;
}

export interface BootOptions {
  /** DHCP boot file for a PXE boot, e.g. http://10.0.2.2:PORT/boot.ipxe for a server on 127.0.0.1:PORT. */
  bootUrl?: string;
  /** Boot this kernel instead of PXE. */
  direct?: DirectBoot;
  guestForwards?: GuestForward[];
  /** The user network's address range (qemu's default 10.0.2.0/24; its host is .2). */
  network?: string;
  /** An ISO image attached as a CD-ROM (virtio-scsi, read-only). */
  cdrom?: string;
  /** A second NIC on a lab's private network (lab-switch.ts): qemu sends its frames from localPort to the switch. */
  labNic?: { mac: string; localPort: number; switchPort: number };
  /** Files handed to the guest through qemu's fw_cfg (as Vagrant's libvirt provider hands Ignition configs over). */
  fwCfg?: { name: string; file: string }[];
  /** The NIC's MAC, e.g. 52:54:00:12:34:56. */
  mac: string;
  timeoutMs: number;
  /** The console is also written here as it arrives. */
  logFile?: string;
  /** Guest memory in MiB (512). */
  memoryMb?: number;
}

export interface BootResult {
  /** What the serial console printed (CRLF made LF), then qemu's stderr if any. */
  console: string;
  /** qemu's exit status; null when it was killed (timeout). */
  exitCode: number | null;
  timedOut: boolean;
  ms: number;
  accel: Accel;
}

export function qemuArgs(opts: BootOptions, accel: Accel): string[] {
  if (!/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/i.test(opts.mac)) throw new Error(`bootMachine: bad MAC ${opts.mac}`);
  if ((opts.bootUrl === undefined) === (opts.direct === undefined))
    throw new Error("bootMachine: give bootUrl (PXE) or direct, one of them");
  const optionValue = (value: string) => value.replace(/,/g, ",,"); // qemu option values escape commas by doubling
  const netdev = ["user", "id=n0", ...(opts.network ? [`net=${opts.network}`] : [])];
  if (opts.bootUrl !== undefined) netdev.push(`bootfile=${optionValue(opts.bootUrl)}`);
  for (const f of opts.guestForwards ?? [])
    netdev.push(`guestfwd=tcp:${f.address}:${f.port}-cmd:${optionValue(`${process.execPath} ${RELAY} ${f.hostPort}`)}`);
  const boot = opts.direct ? ["-kernel", opts.direct.kernel, "-initrd", opts.direct.initrd, "-append", opts.direct.append] : ["-boot", "n"];
  const cdrom = opts.cdrom
    ? [
        "-device",
        "virtio-scsi-pci,id=scsi0",
        "-drive",
        `file=${optionValue(opts.cdrom)},if=none,id=cd0,media=cdrom,readonly=on,format=raw`,
        "-device",
        "scsi-cd,drive=cd0",
      ]
    : [];
  const lab = opts.labNic
    ? [
        "-netdev",
        `dgram,id=lab,local.type=inet,local.host=127.0.0.1,local.port=${opts.labNic.localPort},remote.type=inet,remote.host=127.0.0.1,remote.port=${opts.labNic.switchPort}`,
        "-device",
        `virtio-net-pci,netdev=lab,mac=${opts.labNic.mac}`,
      ]
    : [];
  const fwCfg = (opts.fwCfg ?? []).flatMap((f) => ["-fw_cfg", `name=${optionValue(f.name)},file=${optionValue(f.file)}`]);
  return [
    "-machine",
    `accel=${accel}`,
    ...(accel === "kvm" ? ["-cpu", "host"] : []),
    "-m",
    String(opts.memoryMb ?? 512),
    "-nographic",
    "-no-reboot",
    ...boot,
    "-netdev",
    netdev.join(","),
    "-device",
    `virtio-net-pci,netdev=n0,mac=${opts.mac}`,
    ...cdrom,
    ...lab,
    ...fwCfg,
  ];
}

/** The guestfwd relay: stdin and stdout are the guest's connection. */
const RELAY = join(dirname(fileURLToPath(import.meta.url)), "metadata-relay.mjs");

export function bootMachine(opts: BootOptions): Promise<BootResult> {
  requireTool("qemu-system-x86_64", "qemu-system-x86");
  if (opts.bootUrl !== undefined) requireFile(VIRTIO_ROM, "ipxe-qemu");
  const accel = chooseAccel();
  const args = qemuArgs(opts, accel);
  if (opts.logFile) mkdirSync(dirname(opts.logFile), { recursive: true });
  const log = opts.logFile ? createWriteStream(opts.logFile) : undefined;
  log?.write(`# qemu-system-x86_64 ${args.join(" ")}\n`);
  const started = Date.now();
  const child = spawn("qemu-system-x86_64", args, { stdio: ["ignore", "pipe", "pipe"] });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout.on("data", (b: Buffer) => {
    out.push(b);
    log?.write(b);
  });
  child.stderr.on("data", (b: Buffer) => {
    err.push(b);
    log?.write(b);
  });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill("SIGKILL");
  }, opts.timeoutMs);
  return new Promise((resolve, reject) => {
    child.on("error", (e) => {
      clearTimeout(timer);
      log?.end();
      reject(e);
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      const ms = Date.now() - started;
      const stderr = Buffer.concat(err).toString("utf8").trim();
      let text = Buffer.concat(out).toString("utf8").replace(/\r\n?/g, "\n");
      if (stderr) text += `\n--- qemu stderr ---\n${stderr}\n`;
      if (timedOut) text += `\n--- killed after ${opts.timeoutMs} ms ---\n`;
      log?.end(timedOut ? `\n# killed after ${opts.timeoutMs} ms\n` : `\n# qemu exited ${code} after ${ms} ms\n`);
      resolve({ console: text, exitCode: timedOut ? null : code, timedOut, ms, accel });
    });
  });
}

/** The "KINDLING-E2E: ..." lines /init printed, marker prefix removed. */
export function markers(console: string): string[] {
  return [...console.matchAll(/KINDLING-E2E: ([^\n]*)/g)].map((m) => m[1]!.trim());
}
