/**
 * A whole Butane config to Ignition: the base translation, then each sugar
 * that produces config of its own, merged under the user's config the way
 * Butane does (generated entries first, user entries with the same key
 * merged into them).
 */

import type { ButaneSchema } from "../butane/schema.js";
import { Report } from "../diagnostics/report.js";
import type { ConfigValue } from "../ignition/decode.js";
import { translateStruct } from "./base.js";
import type { TranslateContext, TranslateOptions } from "./context.js";
import { sugarsFor } from "./sugars.js";
import { TranslationSet } from "./translation-set.js";

export interface Translated {
  config: ConfigValue;
  ts: TranslationSet;
  /** Diagnostics raised on output paths. */
  output: Report;
}

export function translateConfig(schema: ButaneSchema, value: ConfigValue, options: TranslateOptions, report: Report): Translated {
  const ctx: TranslateContext = { schema, options, ts: new TranslationSet(), report, outputReport: new Report() };
  let config = translateStruct(schema.root, value, [], [], ctx);
  config.ignition = { ...((config.ignition ?? {}) as ConfigValue), version: schema.ignition.version };
  ctx.ts.add(["version"], ["ignition", "version"]);
  ctx.ts.add(["ignition"], ["ignition"]);
  for (const sugar of sugarsFor(ctx)) {
    config = sugar(value, config, ctx);
  }
  return { config, ts: ctx.ts, output: ctx.outputReport };
}
