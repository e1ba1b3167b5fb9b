/**
 * Where each part of the output came from: output (Ignition JSON) paths to
 * input (Butane YAML) paths. Every diagnostic raised on the output is mapped
 * back through it to the line and column the user wrote.
 */

import { snakeCase } from "../butane/schema.js";
import type { PathElement } from "../diagnostics/diagnostic.js";

const keyOf = (p: readonly PathElement[]) => p.join("\u0000");

export class TranslationSet {
  private readonly entries = new Map<string, PathElement[]>();

  /** Records that output `to` was produced from input `from` (a later record for the same output wins). */
  add(from: readonly PathElement[], to: readonly PathElement[]): void {
    this.entries.set(keyOf(to), [...from]);
  }

  /** Records `from` → `to` for `to` and every path inside `value` (a generated subtree from one source). */
  addFromCommonSource(from: readonly PathElement[], to: readonly PathElement[], value: unknown): void {
    this.add(from, to);
    if (Array.isArray(value)) {
      value.forEach((v, i) => {
        this.addFromCommonSource(from, [...to, i], v);
      });
    } else if (value && typeof value === "object") {
      for (const [k, v] of Object.entries(value)) if (v !== undefined) this.addFromCommonSource(from, [...to, k], v);
    }
  }

  get(to: readonly PathElement[]): PathElement[] | undefined {
    return this.entries.get(keyOf(to));
  }

  /**
   * The input path for an output path, as Butane's TranslateReportPaths finds
   * it: the path's own translation, else the output path itself in snake_case
   * (under `fallbackPrefix`, e.g. `spec.config` for a MachineConfig, where the
   * Ignition config sits), whose line and column are then those of the
   * deepest YAML node on it. No nearest-ancestor guess: an untranslated path
   * under generated config (boot_device, say) is reported as Butane reports
   * it, on the output path.
   */
  sourceOf(to: readonly PathElement[], fallbackPrefix: readonly PathElement[] = []): PathElement[] {
    const from = this.entries.get(keyOf(to));
    if (from) return [...from];
    return [...fallbackPrefix, ...to.map((e) => (typeof e === "string" ? snakeCase(e) : e))];
  }

  /** Moves every translation whose output lies under `from` to lie under `to` instead (used when output entries move). */
  rebase(fromPrefix: readonly PathElement[], toPrefix: readonly PathElement[]): void {
    const moved: [string, PathElement[]][] = [];
    for (const [k, v] of this.entries) {
      const path = k.split("\u0000");
      const prefix = fromPrefix.map(String);
      if (prefix.every((p, i) => path[i] === p)) {
        this.entries.delete(k);
        const rest = path.slice(prefix.length).map((e) => (/^\d+$/.test(e) ? Number(e) : e));
        moved.push([keyOf([...toPrefix, ...rest]), v]);
      }
    }
    for (const [k, v] of moved) this.entries.set(k, v);
  }
}
