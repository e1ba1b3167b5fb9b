/**
 * Merging generated config (the parent) under the user's (the child), with
 * both translation sets carried through the merge transcript, as Butane does
 * for mount units, trees' neighbours, boot_device and grub.
 */
import type { ConfigValue } from "../ignition/decode.js";
import { mergeConfigs, Transcript } from "../ignition/merge.js";
import type { SpecSchema } from "../ignition/schema.js";
import { TranslationSet } from "./translation-set.js";

export function mergeTranslated(
  spec: SpecSchema,
  parent: ConfigValue,
  parentTs: TranslationSet,
  child: ConfigValue,
  childTs: TranslationSet,
): { config: ConfigValue; ts: TranslationSet } {
  const transcript = new Transcript();
  const config = mergeConfigs(spec, parent, child, transcript);
  const ts = new TranslationSet();
  for (const m of transcript.mappings) {
    const from = (m.side === "parent" ? parentTs : childTs).get(m.from);
    if (from) ts.add(from, m.to);
  }
  return { config, ts };
}
