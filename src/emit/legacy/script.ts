/**
 * The script target: one POSIX sh script that applies a plan (placeholder
 * until the script renderer lands; the transpiler refuses the target).
 */
import type { Plan } from "./plan.js";

export function renderScript(_plan: Plan): string {
  throw new Error("the script target is not built yet");
}
