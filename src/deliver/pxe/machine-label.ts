/**
 * The label a machine is known by, between the config it is served and the
 * report it sends back: `mac=52:54:00:12:34:56` when the request names a MAC
 * address, else `uuid=…`, else the first of its group's selectors, else
 * empty (a group-wide identity). Its report key derives from it, and
 * deliveries and reports are joined on it.
 */
import type { Group } from "./model.js";
import { normaliseValue as normalise } from "./selection.js";

function lowerKeys(o: Record<string, string>): Map<string, string> {
  return new Map(Object.entries(o).map(([k, v]) => [k.toLowerCase(), v]));
}

export function machineLabel(group: Group, query: Record<string, string>): string {
  const asked = lowerKeys(query);
  for (const key of ["mac", "uuid"]) {
    const raw = asked.get(key);
    const value = raw === undefined ? undefined : normalise(key, raw);
    if (value) return `${key}=${value}`;
  }
  const selector = lowerKeys(group.selector);
  const first = [...selector.keys()].sort()[0];
  if (first === undefined) return "";
  return `${first}=${normalise(first, selector.get(first)!) ?? selector.get(first)}`;
}

/** Whether a label can belong to the group: the group's selector does not name that key, or names the same value. */
export function labelFits(group: Group, label: string): boolean {
  const eq = label.indexOf("=");
  if (eq <= 0) return false;
  const key = label.slice(0, eq).toLowerCase();
  const value = normalise(key, label.slice(eq + 1));
  if (value === undefined) return false;
  const pinned = lowerKeys(group.selector).get(key);
  return pinned === undefined || normalise(key, pinned) === value;
}
