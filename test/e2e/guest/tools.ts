// The host tools the e2e guest needs, each named with the Debian package that
// ships it. A missing tool is a loud failure, never a skip.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

/** Throws unless `command` is on PATH; the message names the apt package. */
export function requireTool(command: string, aptPackage: string): void {
  const r = spawnSync("sh", ["-c", 'command -v "$1"', "sh", command], { encoding: "utf8" });
  if (r.status !== 0) throw missing(`${command} is not on PATH`, aptPackage);
}

/** Throws unless the file exists; the message names the apt package. */
export function requireFile(path: string, aptPackage: string): void {
  if (!existsSync(path)) throw missing(`${path} does not exist`, aptPackage);
}

/** Throws unless the Debian package is installed (dpkg's view). */
export function requirePackage(aptPackage: string): void {
  const r = spawnSync("dpkg-query", ["-W", "-f=${Status}", aptPackage], { encoding: "utf8" });
  if (r.status !== 0 || !/ installed$/.test(r.stdout)) throw missing(`package ${aptPackage} is not installed`, aptPackage);
}

function missing(what: string, aptPackage: string): Error {
  return new Error(`e2e guest: ${what}; install the Debian package: apt-get install ${aptPackage}`);
}

/** Runs a command to completion; throws with its stderr when it fails. */
export function run(command: string, args: string[], cwd?: string): string {
  const r = spawnSync(command, args, { cwd, encoding: "utf8", maxBuffer: 64 << 20 });
  if (r.error) throw new Error(`e2e guest: ${command} ${args.join(" ")}: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`e2e guest: ${command} ${args.join(" ")} exited ${r.status}: ${r.stderr.trim()}`);
  return r.stdout;
}
