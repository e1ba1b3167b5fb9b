/**
 * The base translation: every Butane field that has an Ignition counterpart
 * is copied to it (snake_case to camelCase) and recorded in the translation
 * set; the struct hooks then expand the sugar that lives inside a struct
 * (inline/local resources, local SSH keys, local unit contents).
 */

import type { ButaneStruct } from "../butane/schema.js";
import type { PathElement } from "../diagnostics/diagnostic.js";
import type { ConfigValue } from "../ignition/decode.js";
import type { TranslateContext } from "./context.js";
import { STRUCT_HOOKS } from "./hooks.js";

export function translateStruct(
  info: ButaneStruct,
  value: ConfigValue,
  from: PathElement[],
  to: PathElement[],
  ctx: TranslateContext,
): ConfigValue {
  const out: ConfigValue = {};
  for (const f of info.fields) {
    const v = value[f.name];
    if (!f.ignition) continue;
    const src = [...from, f.name];
    const dst = [...to, f.ignition];
    if (v === undefined || v === null) {
      // Butane's translator records every plain (non-pointer) field, set or not.
      if (!f.pointer && f.kind !== "struct" && f.kind !== "slice" && f.kind !== "map") ctx.ts.add(src, dst);
      continue;
    }
    ctx.ts.add(src, dst);
    if (f.kind === "struct") {
      out[f.ignition] = translateStruct(ctx.schema.structs.get(f.struct!)!, v as ConfigValue, src, dst, ctx);
    } else if (f.kind === "slice") {
      const items = v as unknown[];
      out[f.ignition] = items.map((item, i) => {
        ctx.ts.add([...src, i], [...dst, i]);
        return f.elem!.kind === "struct"
          ? translateStruct(ctx.schema.structs.get(f.struct!)!, (item ?? {}) as ConfigValue, [...src, i], [...dst, i], ctx)
          : item;
      });
    } else {
      out[f.ignition] = v;
    }
  }
  STRUCT_HOOKS[info.name]?.(value, out, from, to, ctx);
  return out;
}
