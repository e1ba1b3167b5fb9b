import { describe, expect, test } from "vitest";
import { type BootProfile, bootIpxe, grubScript, ipxeScript } from "../../../../src/deliver/pxe/render/boot.js";

const FCOS = "/assets/fedora-coreos";
const fcosLive: BootProfile = {
  id: "fedora-coreos-live",
  name: "Fedora CoreOS live",
  boot: {
    kernel: `${FCOS}/fedora-coreos-live-kernel-x86_64`,
    initrd: [`--name main ${FCOS}/fedora-coreos-live-initramfs.x86_64.img`],
    args: [
      "initrd=main",
      `coreos.live.rootfs_url=http://kindling.example.com:8080${FCOS}/fedora-coreos-live-rootfs.x86_64.img`,
      "ignition.firstboot",
      "ignition.platform.id=metal",
      "ignition.config.url=http://kindling.example.com:8080/ignition?uuid=${uuid}&mac=${mac:hexhyp}",
      "console=tty0",
      "console=ttyS0",
    ],
  },
};

const flatcar: BootProfile = {
  id: "flatcar-live",
  boot: {
    kernel: "/assets/flatcar/flatcar_production_pxe.vmlinuz",
    initrd: ["/assets/flatcar/flatcar_production_pxe_image.cpio.gz"],
    args: [
      "initrd=flatcar_production_pxe_image.cpio.gz",
      "flatcar.first_boot=1",
      "ignition.config.url=http://kindling.example.com:8080/ignition?mac=${mac:hexhyp}",
    ],
  },
};

const KERNEL_ARGS =
  "initrd=main coreos.live.rootfs_url=http://kindling.example.com:8080/assets/fedora-coreos/fedora-coreos-live-rootfs.x86_64.img " +
  "ignition.firstboot ignition.platform.id=metal " +
  "ignition.config.url=http://kindling.example.com:8080/ignition?uuid=${uuid}&mac=${mac:hexhyp} console=tty0 console=ttyS0";

describe("/boot.ipxe", () => {
  test("chains to /ipxe with the machine's labels as iPXE variables, by a relative URL", () => {
    expect(bootIpxe()).toBe(
      "#!ipxe\n" +
        "chain ipxe?uuid=${uuid}&mac=${mac:hexhyp}&domain=${domain}&hostname=${hostname}&serial=${serial}&arch=${buildarch:uristring}\n",
    );
  });
});

describe("iPXE script", () => {
  test("Fedora CoreOS live: kernel with its arguments in order, the named initrd, boot", () => {
    expect(ipxeScript(fcosLive)).toBe(
      "#!ipxe\n" +
        `kernel /assets/fedora-coreos/fedora-coreos-live-kernel-x86_64 ${KERNEL_ARGS}\n` +
        "initrd --name main /assets/fedora-coreos/fedora-coreos-live-initramfs.x86_64.img\n" +
        "boot\n",
    );
  });
  test("Flatcar: an initrd without a name", () => {
    expect(ipxeScript(flatcar)).toBe(
      "#!ipxe\n" +
        "kernel /assets/flatcar/flatcar_production_pxe.vmlinuz initrd=flatcar_production_pxe_image.cpio.gz flatcar.first_boot=1 " +
        "ignition.config.url=http://kindling.example.com:8080/ignition?mac=${mac:hexhyp}\n" +
        "initrd /assets/flatcar/flatcar_production_pxe_image.cpio.gz\n" +
        "boot\n",
    );
  });
  test("several initrds: one line each, in order; no arguments: the kernel alone", () => {
    const profile: BootProfile = {
      id: "multi",
      boot: { kernel: "/k", initrd: ["--name main /a.img", "/b.img", "--name extra http://other.example.com/c.cpio"], args: [] },
    };
    expect(ipxeScript(profile)).toBe(
      "#!ipxe\nkernel /k\ninitrd --name main /a.img\ninitrd /b.img\ninitrd --name extra http://other.example.com/c.cpio\nboot\n",
    );
  });
  test("no initrd: kernel then boot", () => {
    expect(ipxeScript({ id: "bare", boot: { kernel: "/k", initrd: [], args: ["quiet"] } })).toBe("#!ipxe\nkernel /k quiet\nboot\n");
  });
  test("values are written verbatim: no HTML escaping, no template expansion", () => {
    const profile: BootProfile = { id: "v", boot: { kernel: "/k?a=1&b=<2>", initrd: ["/i\"x'"], args: ["x={{y}}", "a&b"] } };
    expect(ipxeScript(profile)).toBe("#!ipxe\nkernel /k?a=1&b=<2> x={{y}} a&b\ninitrd /i\"x'\nboot\n");
  });
});

describe("GRUB config", () => {
  test("Fedora CoreOS live: an EFI entry and a BIOS fallback, the initrd name dropped", () => {
    expect(grubScript(fcosLive)).toBe(
      "default=0\n" +
        "fallback=1\n" +
        "timeout=1\n" +
        "\n" +
        'menuentry "Fedora CoreOS live (EFI)" {\n' +
        `  linuxefi /assets/fedora-coreos/fedora-coreos-live-kernel-x86_64 ${KERNEL_ARGS}\n` +
        "  initrdefi /assets/fedora-coreos/fedora-coreos-live-initramfs.x86_64.img\n" +
        "}\n" +
        "\n" +
        'menuentry "Fedora CoreOS live (BIOS)" {\n' +
        `  linux /assets/fedora-coreos/fedora-coreos-live-kernel-x86_64 ${KERNEL_ARGS}\n` +
        "  initrd /assets/fedora-coreos/fedora-coreos-live-initramfs.x86_64.img\n" +
        "}\n",
    );
  });
  test("Flatcar without a name: the entries are titled by the profile id", () => {
    const args =
      "initrd=flatcar_production_pxe_image.cpio.gz flatcar.first_boot=1 ignition.config.url=http://kindling.example.com:8080/ignition?mac=${mac:hexhyp}";
    expect(grubScript(flatcar)).toBe(
      "default=0\nfallback=1\ntimeout=1\n\n" +
        'menuentry "flatcar-live (EFI)" {\n' +
        `  linuxefi /assets/flatcar/flatcar_production_pxe.vmlinuz ${args}\n` +
        "  initrdefi /assets/flatcar/flatcar_production_pxe_image.cpio.gz\n" +
        "}\n\n" +
        'menuentry "flatcar-live (BIOS)" {\n' +
        `  linux /assets/flatcar/flatcar_production_pxe.vmlinuz ${args}\n` +
        "  initrd /assets/flatcar/flatcar_production_pxe_image.cpio.gz\n" +
        "}\n",
    );
  });
  test("several initrds go on one initrd line (a second initrd command would replace the first)", () => {
    const profile: BootProfile = { id: "m", name: "M", boot: { kernel: "/k", initrd: ["--name main /a.img", "/b.img"], args: ["x"] } };
    const out = grubScript(profile);
    expect(out).toContain("  initrdefi /a.img /b.img\n");
    expect(out).toContain("  initrd /a.img /b.img\n");
  });
  test("no initrd: no initrd line", () => {
    expect(grubScript({ id: "bare", boot: { kernel: "/k", initrd: [], args: [] } })).toBe(
      'default=0\nfallback=1\ntimeout=1\n\nmenuentry "bare (EFI)" {\n  linuxefi /k\n}\n\nmenuentry "bare (BIOS)" {\n  linux /k\n}\n',
    );
  });
  test("the title is a GRUB double-quoted string: quote, backslash and dollar are escaped", () => {
    const out = grubScript({ id: "t", name: 'a "b" \\ $c', boot: { kernel: "/k", initrd: [], args: [] } });
    expect(out).toContain('menuentry "a \\"b\\" \\\\ \\$c (EFI)" {\n');
  });
});

describe("refused values", () => {
  const base = (): BootProfile => ({ id: "bad", name: "Bad", boot: { kernel: "/k", initrd: ["/i"], args: ["a", "b"] } });
  const renderers = { ipxe: ipxeScript, grub: grubScript };
  for (const [kind, render] of Object.entries(renderers)) {
    test(`${kind}: a line break in an argument is an error naming the profile and the field`, () => {
      const p = base();
      p.boot.args[1] = "b\nboot http://evil.example.com/x";
      expect(() => render(p)).toThrowError('profile "bad": boot.args[1] contains a line break');
    });
    test(`${kind}: a carriage return in the kernel or an initrd is refused`, () => {
      const p = base();
      p.boot.kernel = "/k\r";
      expect(() => render(p)).toThrowError('profile "bad": boot.kernel contains a line break');
      const q = base();
      q.boot.initrd = ["/i", "--name x\n/j"];
      expect(() => render(q)).toThrowError('profile "bad": boot.initrd[1] contains a line break');
    });
    test(`${kind}: a line break in the name is refused`, () => {
      const p = base();
      p.name = "x\ny";
      expect(() => render(p)).toThrowError('profile "bad": name contains a line break');
    });
    test(`${kind}: a missing kernel or a non-list of arguments is refused`, () => {
      const p = base() as unknown as { id: string; boot: Record<string, unknown> };
      p.boot.kernel = undefined;
      expect(() => render(p as unknown as BootProfile)).toThrowError('profile "bad": boot.kernel must be a non-empty string');
      const q = base() as unknown as { id: string; boot: Record<string, unknown> };
      q.boot.args = "a b";
      expect(() => render(q as unknown as BootProfile)).toThrowError('profile "bad": boot.args must be a list of strings');
    });
  }
  test("an initrd given as --name with nothing after it is refused", () => {
    const p = base();
    p.boot.initrd = ["--name main"];
    expect(() => ipxeScript(p)).toThrowError('profile "bad": boot.initrd[0] has --name without a name and a URL');
  });
});
