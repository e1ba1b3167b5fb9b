/**
 * The label a machine is known by, between the config it is served and the
 * report it sends back. A group names one machine when its selector has one
 * of matchbox's machine selectors (`mac`, else `uuid`, `serial`, `hostname`):
 * its label is that selector (`mac=52:54:00:12:34:56`), so labels, delivery
 * records and per-delivery keys are bounded by the groups in the store. Any
 * other group (a default group, `role=worker`) is shared: its label is empty
 * (a group-wide identity), whatever labels a request sends, since anyone can
 * send any. Deliveries and reports are joined on the label.
 */
import type { Group } from "../store/model.js";
import { normaliseValue as normalise } from "./group-index.js";

/** matchbox's selectors that name one machine, in the order a label is taken from. */
export const MACHINE_SELECTORS = ["mac", "uuid", "serial", "hostname"] as const;

function lowerKeys(o: Record<string, string>): Map<string, string> {
  return new Map(Object.entries(o).map(([k, v]) => [k.toLowerCase(), v]));
}

/** The machine a group names (`mac=…`), or "" for a group machines share. */
export function machineLabel(group: Group): string {
  const selector = lowerKeys(group.selector);
  for (const key of MACHINE_SELECTORS) {
    const raw = selector.get(key);
    const value = raw === undefined ? undefined : normalise(key, raw);
    if (value) return `${key}=${value}`;
  }
  return "";
}

/** A label as compared: key lower-cased, value normalised (a MAC in any form, a UUID in either case); undefined when unreadable. */
export function canonicalLabel(label: string): string | undefined {
  const eq = label.indexOf("=");
  if (eq <= 0) return undefined;
  const key = label.slice(0, eq).toLowerCase();
  const value = normalise(key, label.slice(eq + 1));
  return value === undefined ? undefined : `${key}=${value}`;
}

/** Whether a label can belong to the group: the group's selector does not name that key, or names the same value. */
export function labelFits(group: Group, label: string): boolean {
  const canonical = canonicalLabel(label);
  if (canonical === undefined) return false;
  const key = canonical.slice(0, canonical.indexOf("="));
  const pinned = lowerKeys(group.selector).get(key);
  return pinned === undefined || `${key}=${normalise(key, pinned)}` === canonical;
}
