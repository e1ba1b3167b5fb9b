// KVM or TCG for the e2e guest. /dev/kvm can exist, open, and still be useless
// (nested virtualization that runs a kernel at a crawl), so KVM is used only
// when a one-sector probe guest exits under it within a second (a
// usable KVM runs it in a few hundred ms; nested KVM on the dev machine took 2.4-4.6 s);
// anything else means TCG. KINDLING_E2E_ACCEL=kvm|tcg overrides the probe.
import { spawnSync } from "node:child_process";
import { accessSync, constants, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export type Accel = "kvm" | "tcg";

let chosen: Accel | undefined;

export function chooseAccel(): Accel {
  const forced = process.env.KINDLING_E2E_ACCEL;
  if (forced === "kvm" || forced === "tcg") return forced;
  if (forced) throw new Error(`KINDLING_E2E_ACCEL must be kvm or tcg, not ${forced}`);
  chosen ??= kvmUsable() ? "kvm" : "tcg";
  return chosen;
}

/** A boot sector that writes 1 to qemu's isa-debug-exit port: qemu exits with status 3. */
function probeSector(): Buffer {
  const code = [0xba, 0xf4, 0x00, 0xb0, 0x01, 0xee, 0xf4, 0xeb, 0xfd]; // mov dx,0xf4; mov al,1; out dx,al; hlt; jmp $-1
  const sector = Buffer.alloc(512);
  Buffer.from(code).copy(sector);
  sector[510] = 0x55;
  sector[511] = 0xaa;
  return sector;
}

function kvmUsable(): boolean {
  try {
    accessSync("/dev/kvm", constants.R_OK | constants.W_OK);
  } catch {
    return false;
  }
  const dir = mkdtempSync(join(tmpdir(), "kindling-kvm-probe-"));
  try {
    const disk = join(dir, "probe.img");
    writeFileSync(disk, probeSector());
    const r = spawnSync(
      "qemu-system-x86_64",
      ["-machine", "accel=kvm", "-nodefaults", "-display", "none", "-m", "16", "-no-reboot",
        "-drive", `format=raw,if=floppy,file=${disk}`, "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04"],
      { stdio: "ignore", timeout: 1000, killSignal: "SIGKILL" },
    );
    return r.status === 3;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
