// Byte-level mutations: bit flips, insertions, deletions, splices, NUL,
// invalid UTF-8, byte order marks, syntax tokens, line endings and
// indentation. Each takes the bytes and { rng, donors } (other seeds' bytes)
// and returns new bytes.
import { TOKENS } from "./dictionary.mjs";

const enc = new TextEncoder();
const cat = (...parts) => Buffer.concat(parts.map((p) => Buffer.from(p)));
const at = (b, rng) => rng.int(b.length + 1);

/** A position at the start of a line, or just after a ': ' or '- ', where structure begins. */
function structuralAt(b, rng) {
  const text = Buffer.from(b).toString("latin1");
  const marks = [];
  const re = /\n|: |- |\[|\{|,/g;
  for (const m of text.matchAll(re)) {
    if (marks.length >= 4096) break;
    marks.push(m.index + m[0].length);
  }
  return marks.length ? rng.pick(marks) : at(b, rng);
}

const INVALID_UTF8 = [
  [0xff],
  [0xfe],
  [0x80],
  [0xbf],
  [0xc0, 0x80],
  [0xc1, 0xbf],
  [0xe0, 0x80, 0x80],
  [0xed, 0xa0, 0x80],
  [0xed, 0xbf, 0xbf],
  [0xf4, 0x90, 0x80, 0x80],
  [0xf8, 0x88, 0x80, 0x80, 0x80],
  [0xe2, 0x82],
  [0xf0, 0x9f],
  [0xc3],
];
const BOMS = [
  [0xef, 0xbb, 0xbf],
  [0xff, 0xfe],
  [0xfe, 0xff],
  [0xff, 0xfe, 0, 0],
  [0, 0, 0xfe, 0xff],
];

function flip(b, { rng }) {
  if (!b.length) return Uint8Array.of(rng.int(256));
  const out = Uint8Array.from(b);
  out[rng.int(b.length)] ^= 1 << rng.int(8);
  return out;
}

function setByte(b, { rng }) {
  if (!b.length) return Uint8Array.of(rng.int(256));
  const out = Uint8Array.from(b);
  out[rng.int(b.length)] = rng.pick([0, 0x7f, 0x80, 0xff, 0x0a, 0x0d, 0x09, 0x20, 0x22, 0x27, 0x5c, 0x3a, 0x2d, rng.int(256)]);
  return out;
}

function insertRandom(b, { rng }) {
  const i = at(b, rng);
  const junk = Uint8Array.from({ length: rng.small(8) }, () => rng.int(256));
  return cat(b.subarray(0, i), junk, b.subarray(i));
}

function erase(b, { rng }) {
  if (!b.length) return b;
  const i = rng.int(b.length);
  const n = Math.min(b.length - i, rng.small(rng.chance(0.2) ? 4096 : 16));
  return cat(b.subarray(0, i), b.subarray(i + n));
}

function duplicateRange(b, { rng }) {
  if (!b.length) return b;
  const i = rng.int(b.length);
  const n = Math.min(b.length - i, rng.small(256));
  const j = at(b, rng);
  return cat(b.subarray(0, j), b.subarray(i, i + n), b.subarray(j));
}

/** A piece of another seed (crossover). */
function splice(b, { rng, donors }) {
  const d = rng.pick(donors);
  if (!d?.length) return b;
  const i = rng.int(d.length);
  const n = Math.min(d.length - i, rng.small(512));
  const j = rng.chance(0.5) ? structuralAt(b, rng) : at(b, rng);
  return cat(b.subarray(0, j), d.subarray(i, i + n), b.subarray(rng.chance(0.5) ? j : Math.min(b.length, j + n)));
}

function nul(b, { rng }) {
  const i = rng.chance(0.5) ? structuralAt(b, rng) : at(b, rng);
  return cat(b.subarray(0, i), rng.pick([[0], [0, 0], enc.encode("\\0"), enc.encode("\\x00"), enc.encode("\\u0000")]), b.subarray(i));
}

function invalidUtf8(b, { rng }) {
  const i = at(b, rng);
  return cat(b.subarray(0, i), rng.pick(INVALID_UTF8), b.subarray(i));
}

/** A byte order mark at the start, or inside; or the whole text as UTF-16 with its mark. */
function bom(b, { rng }) {
  const r = rng.int(4);
  if (r === 0) {
    const le = rng.chance(0.5);
    const u16 = Buffer.from(Buffer.from(b).toString("utf8"), "utf16le");
    if (!le) u16.swap16();
    return cat(le ? [0xff, 0xfe] : [0xfe, 0xff], u16);
  }
  const i = r === 1 ? at(b, rng) : 0;
  return cat(b.subarray(0, i), rng.pick(BOMS), b.subarray(i));
}

function token(b, { rng }) {
  const i = rng.chance(0.6) ? structuralAt(b, rng) : at(b, rng);
  return cat(b.subarray(0, i), enc.encode(rng.pick(TOKENS)), b.subarray(i));
}

function lineEndings(b, { rng }) {
  const text = Buffer.from(b).toString("latin1");
  const eol = rng.pick(["\r\n", "\r", "\n\n", "\u0085"]);
  return Buffer.from(text.replace(/\n/g, eol), eol === "\u0085" ? "utf8" : "latin1");
}

/** One line indented more or less, or with a tab. */
function indent(b, { rng }) {
  const lines = Buffer.from(b).toString("latin1").split("\n");
  const i = rng.int(lines.length);
  const r = rng.int(3);
  lines[i] = r === 0 ? " ".repeat(rng.small(8)) + lines[i] : r === 1 ? lines[i].replace(/^ {1,2}/, "") : "\t" + lines[i];
  return Buffer.from(lines.join("\n"), "latin1");
}

function truncate(b, { rng }) {
  return b.subarray(0, rng.int(b.length + 1));
}

/** A run of lines repeated, many times over. */
function repeatLines(b, { rng }) {
  const lines = Buffer.from(b).toString("latin1").split("\n");
  const i = rng.int(lines.length);
  const n = Math.min(lines.length - i, rng.small(8));
  const chunk = lines.slice(i, i + n);
  const size = chunk.reduce((n, l) => n + l.length + 1, 0);
  const times = Math.min(rng.small(rng.chance(0.1) ? 4096 : 64), Math.ceil(200_000 / Math.max(1, size)));
  const grown = [...lines.slice(0, i + n), ...Array.from({ length: times }, () => chunk).flat(), ...lines.slice(i + n)];
  return Buffer.from(grown.join("\n"), "latin1");
}

export const BYTE_MUTATORS = {
  flip,
  setByte,
  insertRandom,
  erase,
  duplicateRange,
  splice,
  nul,
  invalidUtf8,
  bom,
  token,
  lineEndings,
  indent,
  truncate,
  repeatLines,
};

const WEIGHTS = [
  [3, "flip"],
  [3, "setByte"],
  [2, "insertRandom"],
  [3, "erase"],
  [2, "duplicateRange"],
  [3, "splice"],
  [3, "nul"],
  [2, "invalidUtf8"],
  [1, "bom"],
  [5, "token"],
  [1, "lineEndings"],
  [3, "indent"],
  [1, "truncate"],
  [2, "repeatLines"],
];

export function mutateBytes(bytes, ctx) {
  const name = ctx.rng.weighted(WEIGHTS);
  return { bytes: new Uint8Array(BYTE_MUTATORS[name](bytes, ctx)), name };
}
