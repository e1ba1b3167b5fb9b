/**
 * Where in the YAML a cursor is, read from indentation alone, so it works
 * while the document is half typed and does not parse: the path of mapping
 * keys (and 0 for a list item) down to the mapping a key at the cursor
 * belongs to, and the keys that mapping already has above the cursor.
 */

/** One line's block structure: list dashes, where its key starts, the key and its value. */
export interface LineShape {
  dashes: number[];
  keyColumn: number;
  key?: string;
  /** The value after `key:`, without a trailing comment ("" when none). */
  value?: string;
}

const KEY = /^("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s#'"{[][^#]*?)\s*:(?:\s+(.*))?$/;

/** The shape of a line, or undefined for a blank line, a comment or a document marker. */
export function lineShape(line: string): LineShape | undefined {
  let i = 0;
  while (line[i] === " ") i++;
  if (i === line.length || line[i] === "#" || /^(---|\.\.\.)(\s|$)/.test(line)) return undefined;
  const dashes: number[] = [];
  while (line[i] === "-" && (i + 1 === line.length || line[i + 1] === " ")) {
    dashes.push(i);
    i++;
    while (line[i] === " ") i++;
  }
  const m = KEY.exec(line.slice(i));
  if (!m) return { dashes, keyColumn: i };
  const raw = m[1]!;
  const key = raw.startsWith('"') ? JSON.parse(raw) : raw.startsWith("'") ? raw.slice(1, -1).replace(/''/g, "'") : raw;
  const value = (m[2] ?? "").replace(/(^|\s)#.*$/, "").trim();
  return { dashes, keyColumn: i, key, value };
}

export type PathItem = string | number;

export interface KeyContext {
  /** Keys from the root, 0 for a list item. */
  path: PathItem[];
  /** Keys of the same mapping on the lines above. */
  siblings: string[];
}

/** A value after `key:` that opens nothing below it: a block scalar, or a scalar on the same line. */
const opensMapping = (value: string) => value === "" || /^[&!][^\s]*$/.test(value);

/**
 * The mapping a key at `column` of line `index` belongs to, with `dashes`
 * the list dashes in front of it on that line; undefined inside a block
 * scalar or a multi-line value.
 */
export function keyContext(lines: readonly string[], index: number, column: number, dashes: readonly number[]): KeyContext | undefined {
  const path: PathItem[] = [];
  const siblings: string[] = [];
  let k = column;
  // Inside a list item: a key at or left of the dash names the list.
  let inItem = false;
  if (dashes.length) {
    path.unshift(0);
    k = dashes[0]!;
    inItem = true;
  }
  for (let i = index - 1; i >= 0; i--) {
    if (k === 0 && !inItem && path.length > 0) break;
    const s = lineShape(lines[i]!);
    if (!s) continue;
    if (inItem) {
      if (s.dashes.length && s.dashes[0]! >= k) continue;
      if (s.keyColumn > k) continue;
    } else {
      if (s.keyColumn > k) continue;
      if (s.keyColumn === k) {
        if (path.length === 0 && s.key !== undefined) siblings.push(s.key);
        if (s.dashes.length) {
          path.unshift(0);
          k = s.dashes[0]!;
          inItem = true;
        }
        continue;
      }
    }
    if (s.key === undefined || !opensMapping(s.value ?? "")) return undefined;
    path.unshift(s.key);
    k = s.keyColumn;
    inItem = false;
    if (s.dashes.length) {
      path.unshift(0);
      k = s.dashes[0]!;
      inItem = true;
    }
  }
  return { path, siblings };
}
