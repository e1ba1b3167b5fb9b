/**
 * The script target: one POSIX sh script (templates/script.sh.hbs) that
 * applies a plan to the running system or to a tree under $ROOT.
 */
import { loadTemplate } from "../../templates.js";
import type { Plan } from "./plan.js";
import { scriptModel } from "./script-model.js";
import { shQuote } from "./sh.js";

export function renderScript(plan: Plan): string {
  const template = loadTemplate("script.sh.hbs", { sq: (value: unknown) => shQuote(value as string | number | undefined) });
  return template(scriptModel(plan));
}
