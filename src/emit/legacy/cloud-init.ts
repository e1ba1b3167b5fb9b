import type { Diagnostic } from "../../diagnostics/diagnostic.js";
import type { Plan } from "./plan.js";

export function renderCloudInit(_plan: Plan): { output: string; diagnostics: Diagnostic[] } {
  throw new Error("cloud-init renderer in progress");
}
