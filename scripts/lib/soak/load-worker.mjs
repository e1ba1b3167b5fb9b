/**
 * A load worker thread: drives the request mix at the server as the
 * coordinator asks ({run: {concurrency, ms}} or {run: {rate, ms}}), posts
 * progress each second and its statistics at the end of each run.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parentPort, workerData } from "node:worker_threads";
import { FleetClient } from "./client.mjs";
import { drive } from "./drive.mjs";
import { picker, requestMaker, rng } from "./requests.mjs";

const { url, fleet, reporters, sources, socketsPerSource, assetsDir, seed, timeoutMs, mix, libraryUrl } = workerData;
const { signReport } = await import(libraryUrl);
const assets = new Map(fleet.assets.map((a) => [a.name, readFileSync(join(assetsDir, a.name))]));
const random = rng(seed);
const make = requestMaker({ fleet, reporters, sign: signReport, assets, random });
const nextKind = picker(mix, random);
const client = new FleetClient(url, { sources, maxSocketsPerSource: socketsPerSource, timeoutMs });

parentPort.on("message", async (msg) => {
  if (msg.run) {
    const stats = await drive({
      send: (r) => client.send(r),
      next: () => make[nextKind()](),
      run: msg.run,
      tick: (p) => parentPort.postMessage({ type: "progress", ...p }),
    });
    stats.retried = client.retried;
    client.retried = 0;
    parentPort.postMessage({ type: "done", stats });
  } else if (msg.stop) {
    client.close();
    parentPort.close();
  }
});
parentPort.postMessage({ type: "ready" });
