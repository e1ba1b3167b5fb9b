// The render worker as a worker thread can load it when tests run from the
// TypeScript sources: bundled once per test process with esbuild into the
// repository's tmp/ (packages stay external, found in node_modules; the
// templates and schemas are found from there as from dist/).
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { build } from "esbuild";

const root = join(import.meta.dirname, "../..");
let built: Promise<string> | undefined;

export function renderWorkerEntry(): Promise<string> {
  built ??= (async () => {
    mkdirSync(join(root, "tmp"), { recursive: true });
    const outfile = join(root, "tmp", `render-worker-${process.pid}.mjs`);
    await build({
      entryPoints: [join(root, "src/deliver/pxe/render/render-worker.ts")],
      outfile,
      bundle: true,
      format: "esm",
      platform: "node",
      target: "node20",
      packages: "external",
      logLevel: "warning",
    });
    return outfile;
  })();
  return built;
}

/**
 * A worker that acts on a group's metadata `act` before the real one
 * answers: "die" ends the thread, "throw" answers with an error, "hang"
 * never answers, "slow" holds the thread for `ms` first.
 */
export async function faultyWorkerEntry(): Promise<string> {
  const real = await renderWorkerEntry();
  const file = join(root, "tmp", `faulty-render-worker-${process.pid}.mjs`);
  writeFileSync(
    file,
    `import { parentPort } from "node:worker_threads";
// jobs that come while the real worker loads wait for it, then are heard by both
let early = [];
parentPort.on("message", (message) => {
  if (early) return void early.push(message);
  const { id, job } = message;
  const act = job.group.metadata?.act;
  if (act === "die") process.exit(3);
  if (act === "throw") parentPort.postMessage({ id, error: "the render failed on purpose" });
  if (act === "hang") for (;;) {}
  if (act === "slow") { const until = Date.now() + Number(job.group.metadata.ms ?? 300); while (Date.now() < until) {} }
});
await import(${JSON.stringify(real)});
const waited = early;
early = undefined;
for (const message of waited) parentPort.emit("message", message);
`,
  );
  return file;
}
