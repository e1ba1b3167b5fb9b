// Preloaded into the server under test (node --import): its event-loop
// delay, read by the bench over the IPC channel. "reset" starts a window;
// "read" answers with the window's p50/p99/max in milliseconds and the
// process's RSS and heap in MB ("read-after-gc" collects garbage first, when
// node runs with --expose-gc).
import { monitorEventLoopDelay } from "node:perf_hooks";

if (process.send) {
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  histogram.enable();
  process.on("message", (m) => {
    if (m === "reset") {
      histogram.reset();
      process.send({ reset: true });
    }
    if (m === "read" || m === "read-after-gc") {
      if (m === "read-after-gc") globalThis.gc?.();
      process.send({
        p50: histogram.percentile(50) / 1e6,
        p99: histogram.percentile(99) / 1e6,
        max: histogram.max / 1e6,
        rssMb: process.memoryUsage.rss() / 1024 / 1024,
        heapMb: process.memoryUsage().heapUsed / 1024 / 1024,
        memory: Object.fromEntries(Object.entries(process.memoryUsage()).map(([k, v]) => [k, Math.round(v / 1048576)])),
      });
    }
  });
  // the channel must not keep a server that was told to stop alive
  process.channel?.unref();
}
