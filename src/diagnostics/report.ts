/** Collects diagnostics for one validation run. */
import type { Diagnostic, PathElement, Severity } from "./diagnostic.js";
import type { Message } from "./message.js";

export class Report {
  readonly entries: Diagnostic[] = [];

  add(severity: Severity, path: readonly PathElement[], message: Message, atKey = false): void {
    const d: Diagnostic = { severity, code: message.code, message: message.text, path: [...path], hint: message.hint };
    if (atKey) d.atKey = true;
    this.entries.push(d);
  }
  error(path: readonly PathElement[], message: Message | undefined): void {
    if (message) this.add("error", path, message);
  }
  warn(path: readonly PathElement[], message: Message | undefined): void {
    if (message) this.add("warning", path, message);
  }
}
