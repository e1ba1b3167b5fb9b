/**
 * A real etcd cluster on loopback for the fault tests (Debian's
 * etcd-server): members started with a static bootstrap on ports the system
 * picks, their status and leader read through etcd's own v3 JSON gateway
 * (/v3/maintenance/status), leadership moved with
 * /v3/maintenance/transfer-leadership, members killed one by one. A missing
 * etcd fails loudly.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { createServer } from "node:net";
import { join } from "node:path";
import { waitFor } from "../helpers/wait-for.js";

export const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });

export function requireEtcd(): void {
  try {
    execFileSync("etcd", ["--version"], { stdio: "pipe" });
  } catch {
    throw new Error("etcd is needed for these tests: apt-get install etcd-server");
  }
}

export interface Member {
  name: string;
  clientUrl: string;
  peerUrl: string;
  proc: ChildProcess;
  exited: Promise<unknown>;
}

export interface MemberStatus {
  /** This member's id and the leader's, as etcd's gateway writes uint64s: decimal strings ("0" for no leader). */
  id: string;
  leader: string;
}

export class EtcdCluster {
  private constructor(readonly members: Member[]) {}

  get endpoints(): string[] {
    return this.members.map((m) => m.clientUrl);
  }

  static async start(work: string, size = 3, { prefix = "e" } = {}): Promise<EtcdCluster> {
    requireEtcd();
    const names = Array.from({ length: size }, (_, i) => `${prefix}${i + 1}`);
    const ports = await Promise.all(names.flatMap(() => [freePort(), freePort()]));
    const peers = names.map((name, i) => ({
      name,
      client: `http://127.0.0.1:${ports[2 * i]}`,
      peer: `http://127.0.0.1:${ports[2 * i + 1]}`,
    }));
    const initial = peers.map((p) => `${p.name}=${p.peer}`).join(",");
    const members = peers.map(({ name, client, peer }) => {
      const proc = spawn(
        "etcd",
        [
          "--name",
          name,
          "--data-dir",
          join(work, name),
          "--listen-client-urls",
          client,
          "--advertise-client-urls",
          client,
          "--listen-peer-urls",
          peer,
          "--initial-advertise-peer-urls",
          peer,
          "--initial-cluster",
          initial,
          "--initial-cluster-state",
          "new",
          "--initial-cluster-token",
          `kindling-${prefix}`,
        ],
        { stdio: "ignore" },
      );
      return { name, clientUrl: client, peerUrl: peer, proc, exited: new Promise((r) => proc.once("exit", r)) };
    });
    const cluster = new EtcdCluster(members);
    await waitFor("the etcd cluster to elect a leader", () => cluster.leader().catch(() => undefined), {
      timeoutMs: 30_000,
      intervalMs: 100,
    });
    return cluster;
  }

  alive(): Member[] {
    return this.members.filter((m) => m.proc.exitCode === null && m.proc.signalCode === null);
  }

  async status(m: Member): Promise<MemberStatus> {
    const r = await fetch(`${m.clientUrl}/v3/maintenance/status`, { method: "POST", body: "{}", signal: AbortSignal.timeout(2000) });
    const s = (await r.json()) as { header: { member_id: string }; leader: string };
    return { id: s.header.member_id, leader: s.leader };
  }

  /** The leader every live member agrees on, or undefined while they do not (an election). */
  async leader(): Promise<(Member & MemberStatus) | undefined> {
    const live = this.alive();
    const all = await Promise.all(live.map(async (m) => ({ ...m, ...(await this.status(m)) })));
    const leaders = new Set(all.map((s) => s.leader));
    if (leaders.size !== 1 || leaders.has("0")) return undefined;
    return all.find((s) => s.id === s.leader);
  }

  /** Watch streams each member holds (etcd's etcd_debugging_mvcc_watch_stream_total gauge). */
  async watchStreams(m: Member): Promise<number> {
    const text = await (await fetch(`${m.clientUrl}/metrics`)).text();
    return Number(/^etcd_debugging_mvcc_watch_stream_total (\d+)/m.exec(text)?.[1] ?? NaN);
  }

  /** Makes `target` the leader (asked of the current leader), and waits until every member agrees. */
  async moveLeader(target: Member): Promise<void> {
    const leader = await this.leader();
    if (!leader) throw new Error("no leader to move from");
    const { id } = await this.status(target);
    if (leader.id === id) return;
    const r = await fetch(`${leader.clientUrl}/v3/maintenance/transfer-leadership`, {
      method: "POST",
      body: JSON.stringify({ targetID: id }),
    });
    if (!r.ok) throw new Error(`transfer-leadership: HTTP ${r.status} ${await r.text()}`);
    await waitFor(`${target.name} to lead`, async () => (await this.leader())?.id === id, { timeoutMs: 15_000, intervalMs: 50 });
  }

  async kill(m: Member, signal: NodeJS.Signals = "SIGKILL"): Promise<void> {
    m.proc.kill(signal);
    await m.exited;
  }

  async stop(): Promise<void> {
    for (const m of this.alive()) await this.kill(m, "SIGTERM");
  }
}
