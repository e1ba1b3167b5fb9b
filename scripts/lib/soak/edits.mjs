/**
 * The stream of edits a soak makes to the data directory while the load
 * runs, each written atomically as an editor or a config tool would, one at
 * a time, and each checked:
 *
 *   valid (must become visible to machines):
 *     group     a machine's hostname            /metadata shows the new one
 *     profile   a profile's kernel arguments    /ipxe shows soak.edit=N
 *     template  a Butane template's motd        /ignition shows soak-edit-N
 *     machine   a new group, later removed      /ignition 200, then 404
 *   bad (must be refused, naming the file, while the last good data keeps
 *   being served; then put back):
 *     broken JSON, a template syntax error, a group naming an unknown
 *     profile, two groups with one selector
 *   leftovers (must be ignored): editor backups and swap files beside the
 *     real files (name~, .#name, #name#, .name.swp)
 *
 * A reload is seen in the server's log ({"event":"reload"} applied,
 * {"event":"reload-refused"} with its problems).
 */
import { existsSync, rmSync } from "node:fs";
import { join } from "node:path";
import { mac, machineGroup, nodeProfile, nodeTemplate, writeAtomic } from "./fleet.mjs";

/** The server's reload events, and waiting for one after a point. */
export class ReloadLog {
  constructor() {
    this.events = [];
    this.waiters = new Set();
  }

  add(e) {
    if (e.event !== "reload" && e.event !== "reload-refused") return;
    this.events.push({ ...e, seenAt: Date.now() });
    for (const w of this.waiters) w();
  }

  get mark() {
    return this.events.length;
  }

  count(kind) {
    return this.events.filter((e) => e.event === kind).length;
  }

  /** The first event at or after index `from` that `match`es, within `ms`; undefined on time-out. */
  waitFor(from, match, ms) {
    return new Promise((resolve) => {
      const check = () => {
        const i = this.events.findIndex((e, j) => j >= from && match(e));
        if (i < 0) return false;
        done({ ...this.events[i], index: i });
        return true;
      };
      const timer = setTimeout(() => done(undefined), ms);
      const done = (v) => {
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve(v);
      };
      if (!check()) this.waiters.add(check);
    });
  }
}

export class Editor {
  constructor({ data, fleet, url, log, timeoutMs = 15_000 }) {
    Object.assign(this, { data, fleet, url, log, timeoutMs });
    this.n = 0;
    this.hostnames = new Map();
    this.templates = new Map();
    this.extra = undefined;
    this.problems = [];
    this.done = { valid: 0, refused: 0, leftovers: 0 };
    this.visibleMs = [];
  }

  async get(path) {
    const r = await fetch(this.url + path);
    return { status: r.status, text: await r.text() };
  }

  /** Polls `path` until `ok(answer)`; the time it took, or undefined on time-out. */
  async visible(path, ok) {
    const started = Date.now();
    while (Date.now() - started < this.timeoutMs) {
      const a = await this.get(path).catch(() => undefined);
      if (a && ok(a)) return Date.now() - started;
      await new Promise((r) => setTimeout(r, 20));
    }
    return undefined;
  }

  write(file, text) {
    writeAtomic(join(this.data, file), text);
  }

  fail(what) {
    this.problems.push(`${new Date().toISOString()} ${what}`);
  }

  machineOf(p) {
    return this.fleet.machines[p % this.fleet.machines.length];
  }

  groupText(k, hostname) {
    return JSON.stringify(machineGroup(k, this.fleet.profiles, hostname), null, 2) + "\n";
  }

  /** One edit; valid and bad ones alternate, each kind in turn. */
  async next() {
    const n = ++this.n;
    const kinds = n % 2 ? VALID : BAD;
    const kind = kinds[Math.floor(n / 2) % kinds.length];
    try {
      await this[kind](n);
    } catch (err) {
      this.fail(`${kind} edit ${n}: ${err.message}`);
    }
  }

  async expectVisible(what, path, ok) {
    const ms = await this.visible(path, ok);
    if (ms === undefined) return this.fail(`${what} did not become visible at ${path} within ${this.timeoutMs} ms`);
    this.done.valid++;
    this.visibleMs.push(ms);
  }

  // ---- valid edits ----
  async group(n) {
    const k = (n * 7919) % this.fleet.machines.length;
    const hostname = `m${k}-e${n}.soak.test`;
    this.write(`groups/m${k}.json`, this.groupText(k, hostname));
    this.hostnames.set(k, hostname);
    await this.expectVisible(
      `groups/m${k}.json (hostname ${hostname})`,
      `/metadata?mac=${mac("00", k)}`,
      (a) => a.status === 200 && a.text.includes(`HOSTNAME=${hostname}\n`),
    );
  }

  async profile(n) {
    const p = n % this.fleet.profiles;
    this.write(`profiles/node-${p}.json`, JSON.stringify(nodeProfile(p, n), null, 2) + "\n");
    await this.expectVisible(
      `profiles/node-${p}.json (soak.edit=${n})`,
      `/ipxe?mac=${this.machineOf(p).mac}`,
      (a) => a.status === 200 && a.text.includes(`soak.edit=${n}`),
    );
  }

  async template(n) {
    const p = n % this.fleet.profiles;
    const text = nodeTemplate(`node-${p}`, `soak-edit-${n}`);
    this.write(`ignition/node-${p}.bu`, text);
    this.templates.set(p, text);
    await this.expectVisible(
      `ignition/node-${p}.bu (motd soak-edit-${n})`,
      `/ignition?mac=${this.machineOf(p).mac}`,
      (a) => a.status === 200 && a.text.includes(`soak-edit-${n}`),
    );
  }

  async machine(n) {
    if (this.extra) {
      const { file, m } = this.extra;
      this.extra = undefined;
      rmSync(join(this.data, file));
      return this.expectVisible(`removing ${file}`, `/ignition?mac=${m}`, (a) => a.status === 404);
    }
    const m = mac("03", n);
    const file = `groups/x${n}.json`;
    this.write(
      file,
      JSON.stringify(
        {
          id: `x${n}`,
          profile: "node-0",
          selector: { mac: m },
          metadata: { hostname: `x${n}.soak.test`, rack: "rack-x", ssh_key: "ssh-ed25519 AAAA x" },
        },
        null,
        2,
      ) + "\n",
    );
    this.extra = { file, m };
    await this.expectVisible(`adding ${file}`, `/ignition?mac=${m}`, (a) => a.status === 200 && a.text.includes(`x${n}.soak.test`));
  }

  // ---- bad edits ----
  /**
   * Writes `bad` to `file`, waits for the refusal naming it, checks the
   * machine `probe` still gets its last good answer, then puts `good` back
   * (or removes the file when `good` is undefined) and waits for the reload
   * that applies it.
   */
  async refused(what, file, bad, good, probe) {
    const mark = this.log.mark;
    this.write(file, bad);
    const refusal = await this.log.waitFor(
      mark,
      (e) => e.event === "reload-refused" && (e.problems ?? []).some((p) => p.includes(file)),
      this.timeoutMs,
    );
    if (!refusal) this.fail(`${what}: no reload-refused naming ${file} within ${this.timeoutMs} ms`);
    const a = await this.get(probe.path).catch((err) => ({ status: 0, text: err.message }));
    if (!probe.ok(a)) this.fail(`${what}: while refused, ${probe.path} answered ${a.status}: ${a.text.slice(0, 200)}`);
    const back = this.log.mark;
    if (good === undefined) rmSync(join(this.data, file));
    else this.write(file, good);
    const applied = await this.log.waitFor(back, (e) => e.event === "reload", this.timeoutMs);
    if (!applied) this.fail(`${what}: putting ${file} back was not reloaded within ${this.timeoutMs} ms`);
    if (refusal && applied) this.done.refused++;
  }

  /** The machine's metadata as last written (its hostname). */
  probeGroup(k) {
    const hostname = this.hostnames.get(k) ?? `m${k}.soak.test`;
    return { path: `/metadata?mac=${mac("00", k)}`, ok: (a) => a.status === 200 && a.text.includes(`HOSTNAME=${hostname}\n`) };
  }

  async brokenJson(n) {
    const k = (n * 104729) % this.fleet.machines.length;
    const good = this.groupText(k, this.hostnames.get(k) ?? `m${k}.soak.test`);
    await this.refused("broken JSON", `groups/m${k}.json`, good.slice(0, good.length >> 1), good, this.probeGroup(k));
  }

  async templateSyntax(n) {
    const p = n % this.fleet.profiles;
    const file = `ignition/node-${p}.bu`;
    const current = this.templates.get(p) ?? nodeTemplate(`node-${p}`, "soak-edit-0");
    const m = this.machineOf(p);
    await this.refused("template syntax error", file, current + "{{#if soak_never_closed}}\n", current, {
      path: `/ignition?mac=${m.mac}`,
      ok: (a) => a.status === 200 && (a.text.includes(`data:,${m.id}.soak.test`) || a.text.includes(`data:,${m.id}-e`)),
    });
  }

  async unknownProfile(n) {
    const k = (n * 15485863) % this.fleet.machines.length;
    const good = this.groupText(k, this.hostnames.get(k) ?? `m${k}.soak.test`);
    const bad = JSON.stringify({ ...JSON.parse(good), profile: "no-such-profile" });
    await this.refused("unknown profile", `groups/m${k}.json`, bad, good, this.probeGroup(k));
  }

  async duplicateSelector(n) {
    const k = (n * 32452843) % this.fleet.machines.length;
    const bad = JSON.stringify({
      id: `dup${n}`,
      profile: "node-0",
      selector: { mac: mac("00", k) },
      metadata: { hostname: `dup${n}.soak.test` },
    });
    await this.refused("two groups with one selector", `groups/dup${n}.json`, bad, undefined, this.probeGroup(k));
  }

  async leftovers(n) {
    const k = (n * 49979687) % this.fleet.machines.length;
    const p = n % this.fleet.profiles;
    const mark = this.log.mark;
    const names = [`groups/m${k}.json~`, `groups/.#m${k}.json`, `groups/#m${k}.json#`, `ignition/.node-${p}.bu.swp`];
    for (const f of names)
      this.write(
        f,
        f.startsWith("groups/")
          ? JSON.stringify({
              id: `m${k}`,
              profile: "no-such-profile",
              selector: { mac: mac("00", k) },
              metadata: { hostname: "leftover.soak.test" },
            })
          : "{{#if never closed",
      );
    // A valid edit after them must apply as if they were not there.
    await this.group(n);
    const refusedSince = this.log.events.slice(mark).filter((e) => e.event === "reload-refused");
    if (refusedSince.length) this.fail(`editor leftovers were not ignored: ${JSON.stringify(refusedSince[0].problems)}`);
    else this.done.leftovers++;
    for (const f of names) if (existsSync(join(this.data, f))) rmSync(join(this.data, f));
  }
}

const VALID = ["group", "profile", "template", "machine"];
const BAD = ["brokenJson", "templateSyntax", "unknownProfile", "duplicateSelector", "leftovers"];
