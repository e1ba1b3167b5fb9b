/**
 * Writes a command's output to fd 1 or 2 synchronously with fs.writeSync,
 * the way a short CLI run wants it: touching `process.stdout` loads Node's
 * whole stream machinery (about 2 ms of a 100 ms start), and the output of
 * a run that ends right after would be synchronous anyway (files, and pipes
 * and terminals on Linux). When the descriptor is non-blocking and full
 * (EAGAIN), the rest of that descriptor's output goes through its
 * `process.stdout`/`process.stderr` stream, which queues it, so nothing is
 * lost or reordered. A closed reader (EPIPE, e.g. `| head`) ends the output
 * silently, as it ends any well-behaved Unix tool's.
 */
import { writeSync } from "node:fs";

type Sink = (text: string) => void;

export function fdWriter(fd: 1 | 2): Sink {
  let mode: "sync" | "stream" | "closed" = "sync";
  const stream = () => (fd === 1 ? process.stdout : process.stderr);
  return (text) => {
    if (mode === "closed" || text === "") return;
    if (mode === "stream") {
      stream().write(text);
      return;
    }
    let buf = Buffer.from(text, "utf8");
    while (buf.length > 0) {
      let n: number;
      try {
        n = writeSync(fd, buf);
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === "EPIPE") {
          mode = "closed";
          return;
        }
        if (code !== "EAGAIN") throw err;
        mode = "stream";
        // The stream reports a reader that left later, as an error event.
        stream().on("error", () => {
          mode = "closed";
        });
        stream().write(buf);
        return;
      }
      buf = buf.subarray(n);
    }
  };
}
