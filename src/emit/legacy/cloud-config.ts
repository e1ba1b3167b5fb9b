import type { Diagnostic } from "../../diagnostics/diagnostic.js";
import type { Plan } from "./plan.js";

export function renderCloudConfig(_plan: Plan): { output: string; diagnostics: Diagnostic[] } {
  throw new Error("cloud-config renderer in progress");
}
