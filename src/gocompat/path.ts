/**
 * Go's "path" package (slash-separated paths): Clean, IsAbs, Join, Ext, Dir,
 * Base and Split, with Go's results for the edge cases ("" cleans to ".",
 * ".." above the root is dropped, Base of "" is ".", Base of "///" is "/").
 * Only ASCII '/' and '.' are significant, so working on UTF-16 strings gives
 * the same answers as Go working on bytes.
 */

/** path.Clean: lexical shortest equivalent path. */
export function goPathClean(path: string): string {
  if (path === "") return ".";
  const rooted = path[0] === "/";
  const n = path.length;
  const out: string[] = [];
  // Index in `out` below which ".." may not pop (leading ".." of a relative path).
  let dotdotFloor = 0;
  let r = rooted ? 1 : 0;
  while (r < n) {
    if (path[r] === "/") {
      r++;
      continue;
    }
    let end = r;
    while (end < n && path[end] !== "/") end++;
    const elem = path.slice(r, end);
    r = end;
    if (elem === ".") continue;
    if (elem === "..") {
      if (out.length > dotdotFloor) {
        out.pop();
      } else if (!rooted) {
        out.push("..");
        dotdotFloor = out.length;
      }
      continue;
    }
    out.push(elem);
  }
  const joined = out.join("/");
  if (rooted) return "/" + joined;
  return joined === "" ? "." : joined;
}

/** path.IsAbs. */
export function goPathIsAbs(path: string): boolean {
  return path.length > 0 && path[0] === "/";
}

/** path.Join: non-empty elements joined by "/" then cleaned; "" if all are empty. */
export function goPathJoin(...elems: string[]): string {
  const parts = elems.filter((e) => e !== "");
  if (parts.length === 0) return "";
  return goPathClean(parts.join("/"));
}

/** path.Split: everything up to and including the last "/", and the rest. */
export function goPathSplit(path: string): [dir: string, file: string] {
  const i = path.lastIndexOf("/");
  return [path.slice(0, i + 1), path.slice(i + 1)];
}

/** path.Ext: the suffix from the last "." in the final element, or "". */
export function goPathExt(path: string): string {
  for (let i = path.length - 1; i >= 0 && path[i] !== "/"; i--) {
    if (path[i] === ".") return path.slice(i);
  }
  return "";
}

/** path.Base: last element after trailing slashes are removed. */
export function goPathBase(path: string): string {
  if (path === "") return ".";
  let end = path.length;
  while (end > 0 && path[end - 1] === "/") end--;
  if (end === 0) return "/";
  const trimmed = path.slice(0, end);
  const i = trimmed.lastIndexOf("/");
  return i >= 0 ? trimmed.slice(i + 1) : trimmed;
}

/** path.Dir: Clean of everything but the last element. */
export function goPathDir(path: string): string {
  return goPathClean(goPathSplit(path)[0]);
}
