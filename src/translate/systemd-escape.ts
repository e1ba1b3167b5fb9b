/**
 * systemd's path escaping for unit names (`systemd-escape --path`, as
 * go-systemd implements it): slashes at the ends dropped and repeated ones
 * collapsed into one `-`, ASCII letters, digits, `:`, `_` and `.` kept (but a
 * leading `.`), every other byte written as `\xNN` in lower-case hex.
 */
export function unitNamePathEscape(path: string): string {
  const trimmed = path.replace(/^\/+|\/+$/g, "");
  if (trimmed === "") return "-";
  const bytes = Buffer.from(trimmed, "utf8");
  let out = "";
  let inSlashes = false;
  let start = true;
  for (const c of bytes) {
    if (c === 0x2f) {
      inSlashes = true;
      continue;
    }
    if (inSlashes) {
      out += "-";
      inSlashes = false;
    }
    const valid =
      (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x3a || c === 0x5f || c === 0x2e;
    out += (c === 0x2e && start) || !valid ? `\\x${c.toString(16)}` : String.fromCharCode(c);
    start = false;
  }
  return out;
}
