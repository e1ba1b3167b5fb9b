/**
 * Machine selection for `kindling serve`: which group a request's labels (its
 * query parameters) select. The rule is matchbox's (server.SelectGroup,
 * storagepb ByReqs):
 *
 * - a group matches when every one of its selectors equals the request's label
 *   exactly; a group with no selectors (the default) matches every request;
 * - among the matches the group with the most selectors wins;
 * - ties go to the lexically greatest selector string: the `k=v` pairs sorted
 *   and joined by `,`, compared as Go compares strings (UTF-8 bytes, i.e. code
 *   points).
 *
 * Normalisation, the same for selectors (at build) and request labels (at lookup):
 * - keys are lower-cased (matchbox lower-cases selector keys);
 * - `mac` values are read as net.ParseMAC does and written lower-case with colons
 *   (see mac.ts); an unparsable request mac is dropped, so it matches no mac
 *   selector; an unparsable selector mac is a build problem;
 * - `uuid` values are lower-cased: UUIDs compare case-insensitively (a
 *   kindling choice: firmware reports them in either case). Nothing else about
 *   them is normalised (hyphens, braces);
 * - every other value is compared exactly, case included.
 *
 * Where matchbox is non-deterministic kindling refuses or decides:
 * - two groups with the same normalised selectors (two defaults included) are
 *   refused at build, naming both files, as is a selector with two keys that
 *   differ only in case;
 * - two request labels whose keys differ only in case count once when their
 *   normalised values agree, and as absent when they do not;
 * - two different selector sets can render the same string ({"a=b": "c"} and
 *   {"a": "b=c"}); the tie is then broken by the JSON of the sorted pairs,
 *   greatest first.
 *
 * Lookup cost does not grow with the number of groups: groups are bucketed by
 * their sorted key set (their "signature"), one Map per signature from the
 * normalised values to the group. A lookup walks the signatures from most keys
 * to least, one Map probe each, and stops below the best match's key count.
 */

import { normaliseMac } from "./mac.js";

export { normaliseMac };

export interface Selectable {
  id: string;
  selector: Record<string, string>;
  file: string;
}

/** A reason the index was not built; `files` names every file involved. */
export interface SelectionProblem {
  message: string;
  files: string[];
}

interface Entry<G> {
  group: G;
  /** Number of selectors. */
  count: number;
}

/** What a tie is broken by, worked out only for a tie (kept for none: 100,000 groups would hold 100,000 of each). */
interface TieBreak {
  /** Sorted `k=v` pairs joined by `,` (matchbox's tie-break). */
  rendered: string;
  /** JSON of the sorted pairs (kindling's tie-break when `rendered` is equal). */
  pairs: string;
}

function tieBreak(selector: Map<string, string>): TieBreak {
  const pairs = [...selector].sort((a, b) => compareCodePoints(`${a[0]}=${a[1]}`, `${b[0]}=${b[1]}`));
  return { rendered: pairs.map(([k, v]) => `${k}=${v}`).join(","), pairs: JSON.stringify(pairs) };
}

/** The key of a signature's Map for these values (in its keys' order): the value itself for one key. */
const valuesKeyOf = (values: string[]): string => (values.length === 1 ? values[0]! : JSON.stringify(values));

interface Signature<G> {
  /** Sorted, lower-cased selector keys. */
  keys: string[];
  /** JSON of the normalised values, in `keys` order, to the group. */
  groups: Map<string, Entry<G>>;
}

export class GroupIndex<G extends Selectable> {
  private constructor(
    /** Most keys first. */
    private readonly sigs: readonly Signature<G>[],
    private readonly count: number,
  ) {}

  /** Builds the index; groups with identical (normalised) selector sets, including two defaults, are refused: problems name both files, and the index is not built. Also refuses a bad mac selector. */
  static build<G extends Selectable>(groups: readonly G[]): { index?: GroupIndex<G>; problems: SelectionProblem[] } {
    const problems: SelectionProblem[] = [];
    const bySignature = new Map<string, Signature<G>>();
    for (const group of groups) {
      const selector = normaliseSelector(group, problems);
      if (!selector) continue;
      const keys = [...selector.keys()].sort();
      const sigKey = JSON.stringify(keys);
      let sig = bySignature.get(sigKey);
      if (!sig) {
        sig = { keys, groups: new Map() };
        bySignature.set(sigKey, sig);
      }
      const valuesKey = valuesKeyOf(keys.map((k) => selector.get(k)!));
      const earlier = sig.groups.get(valuesKey);
      if (earlier) {
        const what =
          keys.length === 0 ? "are both default groups (no selectors)" : `have the same selectors {${tieBreak(selector).rendered}}`;
        problems.push({
          message: `${describe(earlier.group)} and ${describe(group)} ${what}; a request cannot choose between them`,
          files: [earlier.group.file, group.file],
        });
        continue;
      }
      sig.groups.set(valuesKey, { group, count: keys.length });
    }
    if (problems.length > 0) return { problems };
    const sigs = [...bySignature.values()].sort((a, b) => b.keys.length - a.keys.length);
    return { index: new GroupIndex(sigs, groups.length), problems };
  }

  /** The group for a request's labels (query parameters), or undefined. */
  select(labels: Readonly<Record<string, string>>): G | undefined {
    const request = normaliseRequest(labels);
    let best: Entry<G> | undefined;
    for (const sig of this.sigs) {
      // Signatures come most keys first: fewer keys than the best match cannot win.
      if (best && sig.keys.length < best.count) break;
      const values: string[] = [];
      for (const key of sig.keys) {
        const value = request.get(key);
        if (value === undefined) break;
        values.push(value);
      }
      if (values.length < sig.keys.length) continue;
      const entry = sig.groups.get(valuesKeyOf(values));
      if (entry && (!best || beats(entry, best))) best = entry;
    }
    return best?.group;
  }

  get size(): number {
    return this.count;
  }

  /** How many signatures (distinct selector key sets) there are — the lookup cost. */
  get signatures(): number {
    return this.sigs.length;
  }
}

/** Equal selector counts: the greater rendered string wins, then the greater pair JSON. */
function beats<G extends Selectable>(a: Entry<G>, b: Entry<G>): boolean {
  const x = tieBreak(normaliseSelector(a.group, [])!);
  const y = tieBreak(normaliseSelector(b.group, [])!);
  return (compareCodePoints(x.rendered, y.rendered) || compareCodePoints(x.pairs, y.pairs)) > 0;
}

/** A value as compared: mac canonical (undefined if unparsable), uuid lower-case, others as is. */
export function normaliseValue(key: string, value: string): string | undefined {
  if (key === "mac") return normaliseMac(value);
  if (key === "uuid") return value.toLowerCase();
  return value;
}

/** A group's selector with lower-case keys and normalised values; undefined (and problems) if unusable. */
function normaliseSelector(group: Selectable, problems: SelectionProblem[]): Map<string, string> | undefined {
  const out = new Map<string, string>();
  const before = problems.length;
  for (const [rawKey, raw] of Object.entries(group.selector)) {
    const key = rawKey.toLowerCase();
    const fail = (why: string) =>
      problems.push({ message: `${describe(group)}: selector ${JSON.stringify(rawKey)} ${why}`, files: [group.file] });
    if (typeof raw !== "string") {
      fail(`must be a string, not ${JSON.stringify(raw)}`);
      continue;
    }
    if (out.has(key)) {
      fail(`repeats the key ${JSON.stringify(key)} (keys are case-insensitive)`);
      continue;
    }
    const value = normaliseValue(key, raw);
    if (value === undefined) {
      fail(`${JSON.stringify(raw)} is not a MAC address (write 01:23:45:67:89:ab, 01-23-45-67-89-ab or 0123.4567.89ab)`);
      continue;
    }
    out.set(key, value);
  }
  return problems.length === before ? out : undefined;
}

/** Request labels with lower-case keys and normalised values; unparsable macs and case clashes dropped. */
function normaliseRequest(labels: Readonly<Record<string, string>>): Map<string, string> {
  const out = new Map<string, string>();
  let clashes: string[] | undefined;
  for (const [rawKey, raw] of Object.entries(labels)) {
    if (typeof raw !== "string") continue;
    const key = rawKey.toLowerCase();
    const value = normaliseValue(key, raw);
    if (value === undefined) continue;
    const earlier = out.get(key);
    if (earlier !== undefined && earlier !== value) {
      clashes ??= [];
      clashes.push(key);
    }
    out.set(key, value);
  }
  for (const key of clashes ?? []) out.delete(key);
  return out;
}

/**
 * Go's string order (UTF-8 bytes, which is code point order). JavaScript's `<`
 * compares UTF-16 code units, which puts U+10000 and above (surrogates,
 * 0xD800–0xDFFF) below U+E000–U+FFFF; shifting the two ranges restores code point order.
 */
function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return codePointRank(x) - codePointRank(y);
  }
  return a.length - b.length;
}

function codePointRank(unit: number): number {
  if (unit < 0xd800) return unit;
  return unit >= 0xe000 ? unit - 0x800 : unit + 0x2000;
}

function describe(group: Selectable): string {
  return `group ${JSON.stringify(group.id)} (${group.file})`;
}
