/** What every translator receives. */
import type { ButaneSchema } from "../butane/schema.js";
import type { Report } from "../diagnostics/report.js";
import type { TranslationSet } from "./translation-set.js";

export interface TranslateOptions {
  filesDir?: string;
  /** Openshift 4.8 and 4.9 do not allow Butane to compress contents. */
  noResourceAutoCompression?: boolean;
}

export interface TranslateContext {
  schema: ButaneSchema;
  options: TranslateOptions;
  ts: TranslationSet;
  /** Diagnostics on input (YAML) paths. */
  report: Report;
  /** Diagnostics raised on output (Ignition) paths, mapped back through the translation set. */
  outputReport: Report;
}
