/**
 * Reboot coordination, so nodes never reboot together: locksmith (legacy
 * Container Linux's coreos.update/coreos.locksmith, Flatcar's
 * /etc/flatcar/update.conf) and Zincati (Fedora CoreOS:
 * /etc/zincati/config.d/55-updates-strategy.toml, fleet_lock or periodic).
 * A strategy a world cannot express is an error at cluster.updates.strategy.
 * The window is `[DAYS ]HH:MM/LENGTH`: `Sun 04:00/1h`, `Sat,Sun 22:30/90m`.
 */
import { CLUSTER_MSG } from "../diagnostics/catalogue/cluster.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { diagnostic } from "../diagnostics/message.js";

export type Strategy = "etcd-lock" | "reboot" | "off" | "fleet_lock" | "periodic";

export interface Window {
  /** Mon … Sun; empty for every day. */
  days: string[];
  /** HH:MM, 24-hour. */
  start: string;
  minutes: number;
  /** As written, a Go duration (`1h`, `90m`). */
  length: string;
}

export interface UpdateSettings {
  strategy: Strategy;
  window?: Window;
  url?: string;
}

const DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const PATH = ["cluster", "updates"];

/** `Sun 04:00/1h` → its parts; undefined when malformed. */
export function parseWindow(text: string): Window | undefined {
  const m = /^(?:([A-Za-z]{3}(?:,[A-Za-z]{3})*) )?([01]?\d|2[0-3]):([0-5]\d)\/([1-9]\d*)(m|h)$/.exec(text.trim());
  if (!m) return undefined;
  const days: string[] = [];
  for (const d of m[1]?.split(",") ?? []) {
    const day = DAYS.find((x) => x.toLowerCase() === d.toLowerCase());
    if (!day) return undefined;
    if (!days.includes(day)) days.push(day);
  }
  const amount = Number(m[4]);
  const minutes = m[5] === "h" ? amount * 60 : amount;
  if (minutes > 7 * 24 * 60) return undefined;
  return { days: days.length === 7 ? [] : days, start: `${m[2]!.padStart(2, "0")}:${m[3]}`, minutes, length: `${m[4]}${m[5]}` };
}

const unsupported = (strategy: string, world: string, instead: string) =>
  diagnostic("error", CLUSTER_MSG.strategyUnsupported(strategy, world, instead), [...PATH, "strategy"]);

/** What locksmith runs with: its strategy and, optionally, one reboot window. */
export interface LocksmithPlan {
  strategy: "etcd-lock" | "reboot" | "off";
  window?: { start: string; length: string };
}

/** locksmith's settings (legacy Container Linux, Flatcar): periodic is `reboot` inside the window. */
export function locksmithPlan(u: UpdateSettings, world: string): { plan?: LocksmithPlan; diagnostics: Diagnostic[] } {
  if (u.strategy === "fleet_lock") {
    return { diagnostics: [unsupported(u.strategy, world, "use etcd-lock: locksmith takes a reboot lock in the cluster's etcd")] };
  }
  if (u.strategy === "periodic" && !u.window) {
    return { diagnostics: [diagnostic("error", CLUSTER_MSG.needsWindow(u.strategy), [...PATH, "strategy"])] };
  }
  const plan: LocksmithPlan = { strategy: u.strategy === "periodic" ? "reboot" : u.strategy };
  if (u.window) {
    if (u.window.days.length > 1) {
      return { diagnostics: [diagnostic("error", CLUSTER_MSG.windowOneDay(world), [...PATH, "window"])] };
    }
    const day = u.window.days[0];
    plan.window = { start: day ? `${day} ${u.window.start}` : u.window.start, length: u.window.length };
  }
  return { plan, diagnostics: [] };
}

/** Zincati's strategy file (Fedora CoreOS). */
export function zincatiConfig(u: UpdateSettings): { toml?: string; diagnostics: Diagnostic[] } {
  const head = "# Reboot coordination for the cluster, written by kindling\n[updates]\n";
  const windowIgnored = () =>
    u.window && u.strategy !== "periodic" ? [diagnostic("warning", CLUSTER_MSG.windowIgnored(u.strategy), [...PATH, "window"])] : [];
  switch (u.strategy) {
    case "etcd-lock":
      return {
        diagnostics: [
          unsupported(
            u.strategy,
            "Fedora CoreOS",
            "use fleet_lock with a FleetLock server's url (airlock keeps its lock in etcd), or periodic with a window",
          ),
        ],
      };
    case "off":
      return { toml: `${head}enabled = false\n`, diagnostics: windowIgnored() };
    case "reboot":
      return { toml: `${head}strategy = "immediate"\n`, diagnostics: windowIgnored() };
    case "fleet_lock":
      if (!u.url) return { diagnostics: [diagnostic("error", CLUSTER_MSG.needsUrl(), [...PATH, "strategy"])] };
      return {
        toml: `${head}strategy = "fleet_lock"\n\n[updates.fleet_lock]\nbase_url = ${JSON.stringify(u.url)}\n`,
        diagnostics: windowIgnored(),
      };
    case "periodic": {
      if (!u.window) return { diagnostics: [diagnostic("error", CLUSTER_MSG.needsWindow(u.strategy), [...PATH, "strategy"])] };
      const days = (u.window.days.length ? u.window.days : DAYS).map((d) => JSON.stringify(d)).join(", ");
      return {
        toml:
          `${head}strategy = "periodic"\n\n[[updates.periodic.window]]\n` +
          `days = [ ${days} ]\nstart_time = "${u.window.start}"\nlength_minutes = ${u.window.minutes}\n`,
        diagnostics: [],
      };
    }
  }
}

/** cloud-init hosts: their distribution's own updates decide; kindling coordinates none. */
export function cloudInitUpdates(u: UpdateSettings): Diagnostic[] {
  return [unsupported(u.strategy, "cloud-init", "leave updates out for cloud-init hosts: their distribution's unattended upgrades decide")];
}
