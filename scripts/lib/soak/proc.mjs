/**
 * What Linux says about a process and the machine: a process's resident
 * memory and CPU time, and how many connections the kernel dropped because
 * a listening socket's accept queue was full (machine-wide: a client burst
 * larger than the server's backlog shows here, not in the server).
 */
import { readFileSync } from "node:fs";

/** VmRSS of a process in kB, or undefined once it is gone. */
export function readRssKb(pid) {
  try {
    const m = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}

/** CPU time a process has used (user + system), in seconds, or undefined once it is gone. */
export function readCpuSeconds(pid, ticksPerSecond = 100) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command (which may hold spaces) start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
  } catch {
    return undefined;
  }
}

/** TcpExt ListenOverflows from /proc/net/netstat (all sockets of the machine), or undefined where unreadable. */
export function readListenOverflows() {
  try {
    const lines = readFileSync("/proc/net/netstat", "utf8")
      .split("\n")
      .filter((l) => l.startsWith("TcpExt:"));
    const names = lines[0].split(/\s+/);
    const values = lines[1].split(/\s+/);
    return Number(values[names.indexOf("ListenOverflows")]);
  } catch {
    return undefined;
  }
}
