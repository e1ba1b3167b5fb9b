/**
 * The package's handlebars templates (templates/ at the package root), found
 * from this module's own location so it works from src/ (tests), dist/ (tsc)
 * and dist/commands/*.cjs (the esbuild bundles, where import.meta.url is the
 * bundle's file), in the repository and in an installed package alike.
 *
 * handlebars is loaded on first use, through require, so the command bundles
 * do not carry (and parse at every start) a compiler most runs never use.
 */
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type Handlebars from "handlebars";

/** The nearest directory above `from` that holds package.json: our package's root. */
function packageRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, "package.json"))) return dir;
    if (dirname(dir) === dir) throw new Error(`kindling: no package.json above ${from}, so no templates/ directory`);
  }
}

export function templatePath(name: string): string {
  return join(packageRoot(dirname(fileURLToPath(import.meta.url))), "templates", name);
}

export type Helpers = Record<string, Handlebars.HelperDelegate>;

const compiled = new Map<string, Handlebars.TemplateDelegate>();

/**
 * A compiled template with its own helpers. Nothing is HTML-escaped: these
 * templates write scripts and configs, and quote values with their helpers.
 */
export function loadTemplate(name: string, helpers: Helpers = {}): Handlebars.TemplateDelegate {
  let template = compiled.get(name);
  if (!template) {
    const handlebars = createRequire(import.meta.url)("handlebars") as typeof Handlebars;
    const env = handlebars.create();
    for (const [helper, fn] of Object.entries(helpers)) env.registerHelper(helper, fn);
    template = env.compile(readFileSync(templatePath(name), "utf8"), { noEscape: true, strict: true });
    compiled.set(name, template);
  }
  return template;
}
