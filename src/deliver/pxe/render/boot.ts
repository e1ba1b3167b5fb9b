/**
 * The boot scripts `kindling serve` answers with (DESIGN.md §4): the
 * `/boot.ipxe` chain script, the `/ipxe` script and the `/grub` config of a
 * profile. Pure functions over a profile; the shapes are the handlebars
 * templates templates/boot.ipxe.hbs, templates/ipxe.hbs and templates/grub.hbs.
 *
 * Values are written verbatim (iPXE variables such as ${mac:hexhyp} in an
 * argument stay for iPXE to expand), except that a value holding a line
 * break is refused: it would end the command and start another one.
 */
import { loadTemplate } from "../../../templates.js";

export interface BootProfile {
  id: string;
  name?: string;
  boot: {
    kernel: string;
    /** URLs, each optionally preceded by `--name NAME` (iPXE's image name, which `initrd=NAME` refers to on UEFI). */
    initrd: string[];
    args: string[];
  };
}

/** Characters that end a line of an iPXE script or a GRUB config (NUL ends the C string either reads). */
const LINE_BREAK = /[\n\r\0]/;

function refuse(profile: BootProfile, field: string, why: string): never {
  throw new Error(`profile ${JSON.stringify(String(profile.id))}: ${field} ${why}`);
}

function checkLine(profile: BootProfile, field: string, value: string): string {
  if (LINE_BREAK.test(value)) refuse(profile, field, "contains a line break");
  return value;
}

function checkList(profile: BootProfile, field: string, value: unknown): string[] {
  if (!Array.isArray(value) || !value.every((v) => typeof v === "string")) refuse(profile, field, "must be a list of strings");
  return value.map((v, i) => checkLine(profile, `${field}[${i}]`, v));
}

interface Initrd {
  /** The entry as given: iPXE's `initrd` takes `--name` itself. */
  line: string;
  /** The URL alone, for GRUB. */
  url: string;
}

const NAMED = /^--name[ \t]+(\S+)[ \t]+(\S.*)$/;

interface CheckedBoot {
  title: string;
  kernel: string;
  args: string[];
  initrds: Initrd[];
}

/** The profile's values, checked, in the shapes the templates take. */
function checked(profile: BootProfile): CheckedBoot {
  if (typeof profile !== "object" || profile === null) throw new Error("boot profile: not an object");
  if (typeof profile.boot !== "object" || profile.boot === null) refuse(profile, "boot", "must be an object");
  const { kernel } = profile.boot;
  if (typeof kernel !== "string" || kernel === "") refuse(profile, "boot.kernel", "must be a non-empty string");
  checkLine(profile, "boot.kernel", kernel);
  if (profile.name !== undefined) {
    if (typeof profile.name !== "string") refuse(profile, "name", "must be a string");
    checkLine(profile, "name", profile.name);
  }
  const args = checkList(profile, "boot.args", profile.boot.args);
  const initrds = checkList(profile, "boot.initrd", profile.boot.initrd).map((line, i): Initrd => {
    if (/^--name(\s|$)/.test(line)) {
      const named = NAMED.exec(line);
      if (!named) refuse(profile, `boot.initrd[${i}]`, "has --name without a name and a URL");
      return { line, url: named[2] };
    }
    return { line, url: line };
  });
  return { title: profile.name || profile.id, kernel, args, initrds };
}

/** `/boot.ipxe`: chain to `/ipxe` (relative, so any host and port) with the machine's labels. */
export function bootIpxe(): string {
  return loadTemplate("boot.ipxe.hbs")({});
}

/** `/ipxe`: the kernel with its arguments, each initrd, boot. */
export function ipxeScript(profile: BootProfile): string {
  const boot = checked(profile);
  return loadTemplate("ipxe.hbs")({ kernel: boot.kernel, args: boot.args, initrds: boot.initrds.map((i) => i.line) });
}

/** GRUB's double-quoted string: `\` escapes `"`, `\` and `$` in it. */
function grubQuoted(text: string): string {
  return `"${text.replace(/["\\$]/g, "\\$&")}"`;
}

/** `/grub`: a GRUB2 config with an EFI entry and, as its fallback, a BIOS one. */
export function grubScript(profile: BootProfile): string {
  const boot = checked(profile);
  const urls = boot.initrds.map((i) => i.url);
  return loadTemplate("grub.hbs")({
    efiTitle: grubQuoted(`${boot.title} (EFI)`),
    biosTitle: grubQuoted(`${boot.title} (BIOS)`),
    kernel: boot.kernel,
    args: boot.args,
    initrd: urls.join(" "),
    hasInitrd: urls.length > 0,
  });
}
