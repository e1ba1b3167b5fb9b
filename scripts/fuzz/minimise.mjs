// Reducing a failing case to a small one that fails the same way (same
// signature): first the options, then delta debugging (Zeller's ddmin)
// over lines, then over bytes, within a budget of runs and time (a case
// that fails by exhausting memory takes seconds a try). `run(case)` answers with a verdict
// (scripts/fuzz/targets.mjs), possibly asynchronously.

/** A budget of test runs and of time; minimising stops with what it has when either runs out. */
export const budgetOf = (runs = 5000, seconds = 120) => ({ runs, until: Date.now() + seconds * 1000 });
const left = (budget) => budget.runs > 0 && Date.now() < (budget.until ?? Infinity);

/** The smallest sublist of `units` (in ddmin's sense) for which `test` still holds. */
export async function ddmin(units, test, budget = budgetOf()) {
  let n = 2;
  while (units.length >= 2 && left(budget)) {
    const size = Math.ceil(units.length / n);
    let reduced = false;
    for (let start = 0; start < units.length && left(budget); start += size) {
      const complement = [...units.slice(0, start), ...units.slice(start + size)];
      budget.runs--;
      if (complement.length && (await test(complement))) {
        units = complement;
        n = Math.max(n - 1, 2);
        reduced = true;
        break;
      }
    }
    if (!reduced) {
      if (n >= units.length) break;
      n = Math.min(units.length, n * 2);
    }
  }
  return units;
}

function splitLines(bytes) {
  const out = [];
  let start = 0;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === 0x0a) {
      out.push(bytes.subarray(start, i + 1));
      start = i + 1;
    }
  }
  if (start < bytes.length) out.push(bytes.subarray(start));
  return out;
}
const join = (parts) => new Uint8Array(Buffer.concat(parts));

/** Options a user is less likely to have set, dropped first; then the default target. */
const SIMPLER = [
  (o) => (o.verify ? { ...o, verify: undefined } : undefined),
  (o) => (o.strict ? { ...o, strict: undefined } : undefined),
  (o) => (o.pretty ? { ...o, pretty: undefined } : undefined),
  (o) => (o.raw ? { ...o, raw: undefined } : undefined),
  (o) => (o.filesDir ? { ...o, filesDir: undefined } : undefined),
  (o) => (o.target && o.target !== "ignition" ? { ...o, target: "ignition" } : undefined),
];

const clean = (o) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

export async function minimiseCase(c, signature, run, budget = budgetOf()) {
  const same = async (candidate) => {
    const v = await run(candidate);
    return v.kind !== "ok" && v.signature === signature;
  };
  const simplify = async (best) => {
    for (const simpler of SIMPLER) {
      const options = simpler(best.options);
      if (options && (await same({ ...best, options: clean(options) }))) best = { ...best, options: clean(options) };
    }
    if (best.as === "text" && (await same({ ...best, as: "bytes" }))) best = { ...best, as: "bytes" };
    return best;
  };
  let best = await simplify({ entry: c.entry, input: c.input, as: c.as, options: clean(c.options) });
  const lines = await ddmin(splitLines(best.input), (ls) => same({ ...best, input: join(ls) }), budget);
  best = { ...best, input: join(lines) };
  const bytes = await ddmin(
    [...best.input].map((b) => Uint8Array.of(b)),
    (bs) => same({ ...best, input: join(bs) }),
    budget,
  );
  // Options the large input needed (a files directory for its local files, say) the small one may not.
  return simplify({ ...best, input: join(bytes) });
}
