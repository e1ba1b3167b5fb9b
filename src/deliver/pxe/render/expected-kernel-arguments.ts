/**
 * Which of a profile's boot arguments the first-boot agent expects in
 * /proc/cmdline: the one rule, for every profile with "verify".
 *
 * The agent runs on the system the machine ends up running, and only a
 * profile that boots that system itself (a live PXE boot) puts its
 * arguments on that system's command line. A profile that installs to disk
 * (any coreos-installer argument: `coreos.inst=yes`, `coreos.inst.*`) boots
 * the installer; the installed system boots from its disk with the config's
 * own kernel arguments, so none of the profile's are expected. Of a live
 * profile's arguments, all are expected but two kinds:
 * - `initrd=…`, which names what the boot loader (or the kernel's EFI stub)
 *   loads: it speaks to the loader, not the system, and whether and in what
 *   form it reaches /proc/cmdline is up to the loader;
 * - arguments with iPXE variables (`${mac:hexhyp}`), which iPXE expands on
 *   the machine: what they become is not known here.
 */
const INSTALLER = /^coreos\.inst(=|\.)/;
const LOADER = /^initrd=/;

export function expectedKernelArguments(bootArgs: readonly string[]): string[] {
  if (bootArgs.some((a) => INSTALLER.test(a))) return [];
  return bootArgs.filter((a) => !LOADER.test(a) && !a.includes("${"));
}
