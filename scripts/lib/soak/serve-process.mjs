/**
 * `kindling serve` as a child process, as users run it: started with the
 * given flags on a port the system picks, ready when it prints "listening
 * on URL", its JSON log read line by line (reload events handed to
 * `onEvent`; request lines only counted), stopped with SIGTERM or killed.
 */
import { spawn } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const REPO = join(fileURLToPath(import.meta.url), "../../../..");

export function startServe({ cli = join(REPO, "dist/cli.js"), args, env = process.env, onEvent = () => {}, listen = "127.0.0.1:0" }) {
  const child = spawn(process.execPath, [cli, "serve", ...args, "--listen", listen], { stdio: ["ignore", "pipe", "pipe"], env });
  let stderr = "";
  let partial = "";
  let logLines = 0;
  child.stdout.setEncoding("utf8");
  child.stdout.on("data", (chunk) => {
    const lines = (partial + chunk).split("\n");
    partial = lines.pop();
    logLines += lines.length;
    for (const line of lines) {
      if (!line.includes('"event"')) continue;
      try {
        onEvent(JSON.parse(line));
      } catch {
        /* not JSON: not ours to judge here */
      }
    }
  });
  child.stderr.setEncoding("utf8");
  const exited = new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
  return new Promise((resolve, reject) => {
    const onData = (d) => {
      stderr += d;
      const m = /listening on (https?:\/\/\S+)/.exec(stderr);
      if (m) {
        child.stderr.off("data", onData);
        child.stderr.on("data", (more) => (stderr += more));
        resolve({
          url: m[1],
          pid: child.pid,
          child,
          exited,
          stderr: () => stderr,
          logLines: () => logLines,
          async stop() {
            if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
            return exited;
          },
          async kill(signal = "SIGKILL") {
            if (child.exitCode === null && child.signalCode === null) child.kill(signal);
            return exited;
          },
        });
      }
    };
    child.stderr.on("data", onData);
    void exited.then(({ code, signal }) =>
      reject(new Error(`kindling serve exited (${code ?? signal}) before listening: ${stderr.trim()}`)),
    );
  });
}
