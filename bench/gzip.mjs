// node bench/gzip.mjs (after npm run build): goGzipBest throughput (MB/s)
// against input size for word text, JSON-like, random and zero inputs.
// An optional argument names another build of src/gocompat/flate/gzip.ts to load.
import { pathToFileURL } from "node:url";

const target = process.argv[2] ? pathToFileURL(process.argv[2]).href : "../dist/gocompat/flate/gzip.js";
const { goGzipBest } = await import(target);

let seed = 12345;
const rnd = () => {
  seed ^= seed << 13;
  seed >>>= 0;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  seed >>>= 0;
  return seed / 4294967296;
};
const WORDS =
  "storage path file filesystem kernel systemd unit service etcd group container host ignition butane device network mode config user boot the quick brown fox jumps over lazy dog".split(
    " ",
  );

function text(n) {
  const b = new Uint8Array(n);
  for (let i = 0; i < n; ) {
    const w = WORDS[Math.floor(rnd() * WORDS.length)];
    for (let c = 0; c < w.length && i < n; c++) b[i++] = w.charCodeAt(c);
    if (i < n) b[i++] = rnd() < 0.12 ? 10 : 32;
  }
  return b;
}
function random(n) {
  const b = new Uint8Array(n);
  for (let i = 0; i < n; i++) b[i] = Math.floor(rnd() * 256);
  return b;
}
function jsonLike(n) {
  const unit = new TextEncoder().encode('{"path":"/etc/app/conf","mode":420,"contents":{"source":"data:,x"}},');
  const b = new Uint8Array(n);
  for (let i = 0; i < n; i++) b[i] = unit[i % unit.length];
  return b;
}
const zeros = (n) => new Uint8Array(n);

function measure(name, data, minMs = 800) {
  goGzipBest(data); // warm up
  let rounds = 0;
  let outLen = 0;
  const start = process.hrtime.bigint();
  let elapsed = 0;
  while (elapsed < minMs || rounds < 2) {
    outLen = goGzipBest(data).length;
    rounds++;
    elapsed = Number(process.hrtime.bigint() - start) / 1e6;
  }
  const ms = elapsed / rounds;
  const mbps = data.length / 1e6 / (ms / 1000);
  console.log(
    `${name.padEnd(8)} ${String(data.length).padStart(9)} B -> ${String(outLen).padStart(9)} B  ${ms.toFixed(2).padStart(9)} ms  ${mbps.toFixed(1).padStart(7)} MB/s`,
  );
}

for (const [name, make] of [
  ["text", text],
  ["json", jsonLike],
  ["random", random],
  ["zeros", zeros],
]) {
  for (const n of [1 << 10, 1 << 14, 1 << 17, 1 << 20, 1 << 23]) measure(name, make(n));
}
