// node bench/yaml.mjs (after npm run build): parseYaml alone, in process.
//   cold — a fresh process: loading dist/source/yaml.js plus the first call
//          (median of several processes), for the small and medium inputs
//   warm — mean time per call after warming up, same inputs
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { mediumConfig, smallConfig } from "./butane-inputs.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const moduleUrl = pathToFileURL(join(root, "dist/source/yaml.js")).href;
const inputsUrl = pathToFileURL(join(root, "bench/butane-inputs.mjs")).href;

if (process.argv[2] === "--cold") {
  const { mediumConfig: m, smallConfig: s } = await import(inputsUrl);
  const text = process.argv[3] === "medium" ? m() : s();
  const t0 = process.hrtime.bigint();
  const { parseYaml } = await import(moduleUrl);
  const t1 = process.hrtime.bigint();
  const r = parseYaml(text);
  const t2 = process.hrtime.bigint();
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  console.log(JSON.stringify({ load: Number(t1 - t0) / 1e6, first: Number(t2 - t1) / 1e6 }));
} else {
  const cold = (which) => {
    const runs = [];
    for (let i = 0; i < 15; i++) {
      const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), "--cold", which], { encoding: "utf8" });
      if (r.status !== 0) throw new Error(r.stderr);
      runs.push(JSON.parse(r.stdout));
    }
    const med = (k) => runs.map((r) => r[k]).sort((a, b) => a - b)[Math.floor(runs.length / 2)];
    return { load: med("load"), first: med("first") };
  };
  const { parseYaml } = await import(moduleUrl);
  const warm = (text, minMs = 1500) => {
    for (let i = 0; i < 50; i++) parseYaml(text);
    let n = 0;
    const start = process.hrtime.bigint();
    let elapsed = 0;
    while (elapsed < minMs) {
      parseYaml(text);
      n++;
      elapsed = Number(process.hrtime.bigint() - start) / 1e6;
    }
    return elapsed / n;
  };
  for (const [name, text] of [
    ["small", smallConfig()],
    ["medium (~125 KB)", mediumConfig()],
  ]) {
    const c = cold(name.startsWith("medium") ? "medium" : "small");
    console.log(
      `${name.padEnd(18)} cold: load ${c.load.toFixed(2)} ms + first call ${c.first.toFixed(2)} ms   warm: ${warm(text).toFixed(3)} ms/call`,
    );
  }
}
