/**
 * MAC addresses as Go's net.ParseMAC reads them and HardwareAddr.String writes them
 * (matchbox normalises the `mac` label this way).
 *
 * Accepted: 6, 8 (EUI-64) or 20 (IP over InfiniBand) octets, written either as
 * two-digit hex octets all separated by the same `:` or `-`
 * (`01:23:45:67:89:ab`, `01-23-45-67-89-AB`), or as four-digit groups separated
 * by `.` (`0123.4567.89ab`). Hex digits in either case. Nothing else: no
 * surrounding spaces, no single-digit octets, no mixed separators.
 */

const OCTETS = new Set([6, 8, 20]);
// The separator is captured once and must repeat (\1): ParseMAC takes it from s[2].
const PAIRS = /^[0-9a-fA-F]{2}([:-])[0-9a-fA-F]{2}(?:\1[0-9a-fA-F]{2})*$/;
const QUADS = /^[0-9a-fA-F]{4}(?:\.[0-9a-fA-F]{4})*$/;

/** Already the normal form (what iPXE's ${mac} sends): six lower-case octets, colon-separated. */
const NORMAL = /^[0-9a-f]{2}(?::[0-9a-f]{2}){5}$/;

/** The address as lower-case colon-separated octets, or undefined when ParseMAC would fail. */
export function normaliseMac(value: string): string | undefined {
  if (NORMAL.test(value)) return value;
  let hex: string;
  if (PAIRS.test(value)) hex = value.replace(/[:-]/g, "");
  else if (QUADS.test(value)) hex = value.replace(/\./g, "");
  else return undefined;
  if (!OCTETS.has(hex.length / 2)) return undefined;
  return hex.toLowerCase().replace(/(..)(?!$)/g, "$1:");
}
