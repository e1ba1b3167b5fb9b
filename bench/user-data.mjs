// npm run bench (cloud part): fitting a 200 KB Ignition config into each
// platform's user data, in-process, per strategy (the gzip strategy gzips
// with the Go-compatible deflate at best compression and hashes with sha512),
// the object strategy's own work (hash, pointer, its validation) over a
// bucket kept in memory, so the figure is kindling's share without the
// network, and resolving the gzip pointer back. No targets were set; the
// figures are for the record.
import { createHash } from "node:crypto";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { median } from "./lib/median.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const { fitUserData, LOCAL_STRATEGIES } = await import(join(root, "dist/deliver/cloud/user-data.js"));
const { PLATFORMS } = await import(join(root, "dist/deliver/cloud/limits.js"));
const { resolveConfig } = await import(join(root, "dist/deliver/cloud/resolve.js"));
const { deliverUserData } = await import(join(root, "dist/deliver/cloud/object/deliver.js"));

/** About `size` bytes of Ignition: files with remote sources and hashes, as a real config has. */
function config(size) {
  const files = [];
  let length = 40;
  for (let i = 0; length < size; i++) {
    const file = {
      path: `/etc/app/conf.d/${i}.conf`,
      contents: {
        source: `https://example.com/app/${i}.conf`,
        verification: { hash: `sha512-${createHash("sha512").update(String(i)).digest("hex")}` },
      },
      mode: 420,
    };
    length += JSON.stringify(file).length + 1;
    files.push(file);
  }
  return Buffer.from(JSON.stringify({ ignition: { version: "3.4.0" }, storage: { files } }));
}

const bytes = config(200 * 1024);
const payload = { kind: "ignition", bytes, version: "3.4.0" };
console.log(`user data for a ${(bytes.length / 1024).toFixed(0)} KB Ignition config (in-process, median of 21)`);
for (const strategy of LOCAL_STRATEGIES) {
  for (const platform of PLATFORMS) {
    const result = fitUserData(payload, platform, strategy);
    const ms = median(() => fitUserData(payload, platform, strategy), 21);
    const outcome = result.userData ? `${result.userData.bytes.length} bytes` : "does not fit";
    console.log(`${strategy.padEnd(7)} ${platform.padEnd(6)} ${ms.toFixed(2).padStart(8)} ms   ${outcome}`);
  }
}

/** The median of `runs` awaited calls of `fn`, in milliseconds. */
async function medianAsync(fn, runs) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    await fn();
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return times.sort((a, b) => a - b)[runs >> 1];
}

const objects = new Map();
const store = {
  location: "s3://bench/",
  async put(key, data) {
    const existed = objects.has(key);
    objects.set(key, data);
    return { source: `s3://bench/${key}`, location: `s3://bench/${key}`, existed };
  },
};
for (const platform of PLATFORMS) {
  const result = await deliverUserData(payload, platform, { forced: "object", store });
  const ms = await medianAsync(() => deliverUserData(payload, platform, { forced: "object", store }), 21);
  console.log(
    `${"object".padEnd(7)} ${platform.padEnd(6)} ${ms.toFixed(2).padStart(8)} ms   ${result.userData.bytes.length} bytes (bucket in memory)`,
  );
}
const pointer = fitUserData(payload, "gce", "gzip").userData.bytes;
const ms = await medianAsync(() => resolveConfig(pointer), 11);
console.log(`resolve the gce gzip pointer back   ${ms.toFixed(2).padStart(8)} ms`);
