/**
 * Checks a directory tree against what a config asked for: the config's
 * expectations (expectations.ts) run by the TypeScript evaluator
 * (evaluate.ts). Names of users and groups are resolved in the tree's own
 * /etc/passwd and /etc/group, as on the machine.
 */
import type { Plan } from "../emit/legacy/plan.js";
import { evaluate } from "./evaluate.js";
import { type Check, type ExpectationOptions, expectationsOf } from "./expectations.js";

export type { Check, CheckKind } from "./expectations.js";

/** Checks the directory tree at `root` against the config: one check, passed or failed with the reason, per expectation. */
export function checkTree(plan: Plan, root: string, config: Record<string, unknown> = {}, options: ExpectationOptions = {}): Check[] {
  return evaluate(expectationsOf(plan, config, options), root);
}
