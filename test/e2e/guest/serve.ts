// A real `kindling serve` process for the e2e boots: started on a free
// loopback port with an admin token and a report secret, waited on until
// /healthz answers; its log is kept for failure messages. `status` runs a
// real `kindling status` against it.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const CLI = join(dirname(fileURLToPath(import.meta.url)), "../../../dist/cli.js");
export const ADMIN_TOKEN = "e2e-admin-token-0123456789";
export const REPORT_SECRET = "e2e-report-secret-0123456789abcdef0123";

export interface RunningServe {
  port: number;
  /** Files holding the admin token and the report secret. */
  tokenFile: string;
  secretFile: string;
  log(): string;
  /** `kindling status --server … ARGS`, as a process. */
  status(...args: string[]): { code: number | null; out: string; err: string };
  stop(): void;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** Runs the kindling CLI with the admin token in the environment. */
export function kindling(args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8", env: { ...process.env, KINDLING_ADMIN_TOKEN: ADMIN_TOKEN } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** Starts `kindling serve --data DATA [extra args]` on `port` (a free one by default), its token and secret files written into `work`. */
export async function startServe(work: string, data: string, extra: string[] = [], chosenPort?: number): Promise<RunningServe> {
  const port = chosenPort ?? (await freePort());
  const tokenFile = join(work, "token");
  const secretFile = join(work, "secret");
  writeFileSync(tokenFile, ADMIN_TOKEN);
  writeFileSync(secretFile, REPORT_SECRET);
  let log = "";
  const child: ChildProcess = spawn(
    process.execPath,
    [
      CLI,
      "serve",
      "--data",
      data,
      ...extra,
      "--listen",
      `127.0.0.1:${port}`,
      "--admin-token-file",
      tokenFile,
      "--report-secret-file",
      secretFile,
    ],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  child.stdout!.on("data", (d) => (log += d));
  child.stderr!.on("data", (d) => (log += d));
  for (let i = 0; ; i++) {
    const up = await fetch(`http://127.0.0.1:${port}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) break;
    if (i > 100) {
      child.kill("SIGTERM");
      throw new Error(`kindling serve did not start:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    port,
    tokenFile,
    secretFile,
    log: () => log,
    status: (...args) => kindling(["status", "--server", `http://127.0.0.1:${port}`, ...args]),
    stop: () => void child.kill("SIGTERM"),
  };
}
