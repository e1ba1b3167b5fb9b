/**
 * The request mix a soak sends and what each answer must be. A request is a
 * plain description (method, path, headers, body) with the check its answer
 * must pass: machines of the fleet get 2xx with their own content (their
 * hostname, the asset bytes asked for, a report taken); unknown machines
 * get 404. A check returns undefined when the answer is right, else why not.
 */
import { mac } from "./fleet.mjs";

/** Weights of each kind of request (the soak's default mix). */
export const DEFAULT_MIX = { ignition: 35, ipxe: 20, metadata: 15, asset: 10, report: 5, unknown: 15 };

export { rng } from "../rng.mjs";

/** Picks a kind by weight. */
export function picker(mix, random) {
  const kinds = Object.entries(mix).filter(([, w]) => w > 0);
  const total = kinds.reduce((s, [, w]) => s + w, 0);
  return () => {
    let x = random() * total;
    for (const [kind, w] of kinds) {
      x -= w;
      if (x < 0) return kind;
    }
    return kinds.at(-1)[0];
  };
}

const ownHostname = (id) => (text) => text.includes(`${id}.soak.test`) || new RegExp(`${id}-e\\d+\\.soak\\.test`).test(text);
const status = (want, got) => (got === want ? undefined : `HTTP ${got}, expected ${want}`);

/**
 * Builds requests of each kind. `reporters` are the reporting machines this
 * caller owns (each with its `key`), `sign(key, body)` the library's
 * signReport, `assets` name → bytes.
 */
export function requestMaker({ fleet, reporters, sign, assets, random, now = Date.now }) {
  const pick = (list) => list[Math.floor(random() * list.length)];
  const lastSent = new Map();
  const busy = new Set();
  return {
    ignition() {
      // One in ten goes to a shared group with the verification agent.
      if (fleet.shared.length && random() < 0.1) {
        const g = pick(fleet.shared);
        return {
          kind: "ignition",
          valid: true,
          source: g.id,
          method: "GET",
          path: `/ignition?${g.query}`,
          check: (s, body) => status(200, s) ?? (body.includes('"ignition"') ? undefined : "not an Ignition config"),
        };
      }
      const m = pick(fleet.machines);
      const mine = ownHostname(m.id);
      return {
        kind: "ignition",
        valid: true,
        source: m.id,
        method: "GET",
        path: `/ignition?mac=${m.mac}`,
        check: (s, body) => status(200, s) ?? (mine(body) ? undefined : `not ${m.id}'s config`),
      };
    },
    ipxe() {
      const m = pick(fleet.machines);
      return {
        kind: "ipxe",
        valid: true,
        source: m.id,
        method: "GET",
        path: `/ipxe?mac=${m.mac}`,
        check: (s, body) => status(200, s) ?? (body.startsWith("#!ipxe") && body.includes("kernel") ? undefined : "not an iPXE script"),
      };
    },
    metadata() {
      const m = pick(fleet.machines);
      const mine = ownHostname(m.id);
      return {
        kind: "metadata",
        valid: true,
        source: m.id,
        method: "GET",
        path: `/metadata?mac=${m.mac}`,
        check: (s, body) => status(200, s) ?? (mine(body) ? undefined : `not ${m.id}'s metadata`),
      };
    },
    asset() {
      const a = pick(fleet.assets);
      const length = Math.min(a.size, 64 << 10);
      const start = Math.floor(random() * (a.size - length + 1));
      const end = start + length - 1;
      const want = assets.get(a.name).subarray(start, end + 1);
      return {
        kind: "asset",
        valid: true,
        source: `asset-${start}`,
        method: "GET",
        path: `/assets/${a.name}`,
        headers: { range: `bytes=${start}-${end}` },
        binary: true,
        check: (s, body, headers) =>
          status(206, s) ??
          (headers["content-range"] !== `bytes ${start}-${end}/${a.size}`
            ? `content-range ${headers["content-range"]}`
            : Buffer.compare(body, want) !== 0
              ? "wrong bytes"
              : undefined),
      };
    },
    /** A signed report from a reporting machine with none in flight (undefined when all are busy). */
    report() {
      const free = reporters.filter((r) => !busy.has(r.id));
      if (!free.length) return undefined;
      const r = pick(free);
      const sentMs = Math.max(now(), (lastSent.get(r.id) ?? 0) + 1);
      lastSent.set(r.id, sentMs);
      busy.add(r.id);
      const body = JSON.stringify({
        version: 1,
        machine: { id: r.machineId, group: r.id, hostname: `${r.id}.soak.test`, selector: r.label },
        bootId: sentMs.toString(16).padStart(32, "0"),
        configHash: "sha256-" + "5".repeat(64),
        sentAt: new Date(sentMs).toISOString(),
        checks: [
          { kind: "file", subject: "/etc/hostname", property: "sha256", expected: "a", actual: "a", pass: true },
          { kind: "unit", subject: "soak.service", property: "active", expected: "active", actual: "active", pass: true },
        ],
      });
      return {
        kind: "report",
        valid: true,
        source: r.id,
        method: "POST",
        path: "/reports",
        headers: {
          "content-type": "application/json",
          "x-kindling-group": r.id,
          "x-kindling-machine": r.label,
          "x-kindling-signature": sign(r.key, body),
        },
        body,
        done: () => busy.delete(r.id),
        check: (s, text) => (s === 201 ? undefined : `HTTP ${s}, expected 201: ${text.slice(0, 200)}`),
      };
    },
    unknown() {
      const endpoint = pick(["/ignition", "/ipxe", "/metadata"]);
      const i = Math.floor(random() * (1 << 24));
      return {
        kind: "unknown",
        valid: false,
        source: `unknown-${i}`,
        method: "GET",
        path: `${endpoint}?mac=${mac("01", i)}`,
        check: (s) => status(404, s),
      };
    },
  };
}
