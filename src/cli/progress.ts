/**
 * Progress while a command waits: on a terminal one status line rewritten
 * in place, elsewhere (logs, CI) a plain line each time the text changes.
 */
import type { CommandIO } from "./io.js";

export interface ProgressLine {
  /** Shows `text` as the current state. */
  step(text: string): void;
  /** Ends the status line (on a terminal, moves past it). */
  end(): void;
}

export function progressLine(io: CommandIO, prefix: string): ProgressLine {
  let last: string | undefined;
  return {
    step(text) {
      if (text === last) return;
      last = text;
      io.stderr(io.stderrIsTTY ? `\r\x1b[K${prefix}: ${text}` : `${prefix}: ${text}\n`);
    },
    end() {
      if (io.stderrIsTTY && last !== undefined) io.stderr("\n");
      last = undefined;
    },
  };
}
