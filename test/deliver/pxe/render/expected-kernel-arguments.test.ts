// Which of a profile's boot arguments the first-boot agent expects in
// /proc/cmdline: those of a profile that boots the system that reports (a
// live PXE boot), less the ones that system cannot be known to have; none of
// a profile that installs to disk, whose system boots from its disk with the
// config's own kernel arguments. Profiles as in examples/matchbox (from
// matchbox's Fedora CoreOS and Flatcar examples).
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { expectedKernelArguments } from "../../../../src/deliver/pxe/render/expected-kernel-arguments.js";

const profiles = join(dirname(fileURLToPath(import.meta.url)), "../../../../examples/matchbox/profiles");
const argsOf = (file: string): string[] => JSON.parse(readFileSync(join(profiles, file), "utf8")).boot.args;

const ROOTFS = "coreos.live.rootfs_url=http://kindling.example.com:8080/assets/fedora-coreos/fedora-coreos-live-rootfs.x86_64.img";

describe("a profile's kernel arguments the agent expects", () => {
  it("a Fedora CoreOS live profile: its own, without initrd= (for the loader) and iPXE's ${…} ones", () => {
    expect(argsOf("fedora-coreos-live.json")).toContain("initrd=main");
    expect(expectedKernelArguments(argsOf("fedora-coreos-live.json"))).toEqual([
      ROOTFS,
      "ignition.firstboot",
      "ignition.platform.id=metal",
      "console=tty0",
      "console=ttyS0",
    ]);
  });

  it("a Flatcar live profile: its own, without initrd=", () => {
    expect(expectedKernelArguments(argsOf("flatcar-live.json"))).toEqual(["flatcar.first_boot=1", "console=tty0", "console=ttyS0"]);
  });

  it("a Fedora CoreOS install-to-disk profile: none (the installed system boots from disk)", () => {
    expect(argsOf("fedora-coreos-install.json")).toContain("console=ttyS0");
    expect(expectedKernelArguments(argsOf("fedora-coreos-install.json"))).toEqual([]);
  });

  // Each installer argument alone makes a profile one that installs to disk: the legacy
  // coreos.inst=yes switch and every coreos.inst.* setting coreos-installer reads.
  const INSTALLER = [
    "coreos.inst=yes",
    "coreos.inst.install_dev=/dev/sda",
    "coreos.inst.ignition_url=http://kindling.example.com:8080/ignition",
    "coreos.inst.image_url=http://kindling.example.com:8080/assets/fcos.raw.xz",
    "coreos.inst.platform_id=metal",
    "coreos.inst.insecure",
    "coreos.inst.skip_reboot",
    "coreos.inst.save_partlabel=data*",
    "coreos.inst.save_partindex=5-",
  ];
  it.each(INSTALLER)("%s: none, not even the live system's own", (arg) => {
    expect(expectedKernelArguments(["console=ttyS0", ROOTFS, "ignition.platform.id=metal", arg])).toEqual([]);
    expect(expectedKernelArguments([arg, "console=ttyS0"])).toEqual([]);
  });

  it("initrd= is never expected, whatever its form", () => {
    expect(
      expectedKernelArguments(["initrd=main", "initrd=flatcar_production_pxe_image.cpio.gz", "initrd=\\EFI\\initrd.img", "quiet"]),
    ).toEqual(["quiet"]);
  });

  it("arguments that only begin like the installer's are the system's own", () => {
    expect(expectedKernelArguments(["coreos.instance=1", "coreos.installed", "mycoreos.inst.x=1", "quiet"])).toEqual([
      "coreos.instance=1",
      "coreos.installed",
      "mycoreos.inst.x=1",
      "quiet",
    ]);
  });

  it("an argument iPXE expands (${…}) cannot be known, the rest stay in order", () => {
    expect(expectedKernelArguments(["console=ttyS0", "kindling.url=http://x/script?mac=${mac:hexhyp}", "panic=-1"])).toEqual([
      "console=ttyS0",
      "panic=-1",
    ]);
  });
});
