/**
 * Completion from the document's Butane spec: at a key, the keys of the
 * mapping the cursor is in (less those already above it), each with its type
 * and description; after `key: `, the values of a field with a closed set.
 */
import { type CompletionItem, CompletionItemKind, MarkupKind, type Position } from "vscode-languageserver";
import { bootLayouts } from "../butane/fcos-rules.js";
import { fieldDoc } from "../butane/field-docs.js";
import { BUTANE_SPECS } from "../butane/registry.js";
import type { ButaneSchema } from "../butane/schema.js";
import { documentSchema, fieldType, structAt } from "./schema-at.js";
import { keyContext, lineShape } from "./yaml-context.js";

const ROOT_KEYS: CompletionItem[] = [
  { label: "variant", kind: CompletionItemKind.Property, insertText: "variant: ", detail: "string" },
  { label: "version", kind: CompletionItemKind.Property, insertText: "version: ", detail: "string" },
];

function valueItems(schema: ButaneSchema | undefined, lines: readonly string[], index: number, key: string): CompletionItem[] {
  const shape = lineShape(lines[index]!);
  if (!shape) return [];
  if (key === "variant" && shape.dashes.length === 0 && shape.keyColumn === 0) {
    return [...new Set(BUTANE_SPECS.map((s) => s.variant))].map((label) => ({ label, kind: CompletionItemKind.EnumMember }));
  }
  if (key === "version" && shape.dashes.length === 0 && shape.keyColumn === 0) {
    const variant = /^variant\s*:\s*(\S+)/m.exec(lines.join("\n"))?.[1];
    return BUTANE_SPECS.filter((s) => s.variant === variant).map((s) => ({ label: s.version, kind: CompletionItemKind.EnumMember }));
  }
  if (!schema) return [];
  const context = keyContext(lines, index, shape.keyColumn, shape.dashes);
  const struct = context && structAt(schema, context.path);
  const field = struct?.byName.get(key);
  if (!field || !struct) return [];
  let values: readonly string[] | undefined = field.enum;
  if (struct.name === "BootDevice" && key === "layout") values = bootLayouts(schema.spec.fcos);
  if (field.kind === "bool") values = ["true", "false"];
  return (values ?? []).filter((v) => v !== "").map((label) => ({ label, kind: CompletionItemKind.EnumMember }));
}

/** The completions at `position` of the document `text`. */
export function completions(text: string, position: Position): CompletionItem[] {
  const lines = text.split(/\r?\n/);
  const line = lines[position.line] ?? "";
  const before = line.slice(0, position.character);
  const schema = documentSchema(lines);
  const value = /^\s*(?:-\s+)*([\w.-]+)\s*:\s+\S*$/.exec(before);
  if (value) return valueItems(schema, lines, position.line, value[1]!);
  const key = /^(\s*)((?:-\s+)*)[\w.-]*$/.exec(before);
  if (!key) return [];
  const dashes: number[] = [];
  for (let i = key[1]!.length; i < key[1]!.length + key[2]!.length; i++) if (line[i] === "-") dashes.push(i);
  const column = key[1]!.length + key[2]!.length;
  const context = keyContext(lines, position.line, column, dashes);
  if (!context) return [];
  if (!schema) return context.path.length === 0 ? ROOT_KEYS.filter((k) => !context.siblings.includes(k.label)) : [];
  const struct = structAt(schema, context.path);
  if (!struct) return [];
  return struct.fields
    .filter((f) => !context.siblings.includes(f.name))
    .map((f, i) => {
      const doc = fieldDoc(schema, struct.name, f);
      const scalar = f.kind !== "struct" && f.kind !== "slice" && f.kind !== "map";
      return {
        label: f.name,
        kind: CompletionItemKind.Property,
        detail: fieldType(f),
        sortText: String(i).padStart(3, "0"),
        insertText: scalar ? `${f.name}: ` : `${f.name}:`,
        ...(doc ? { documentation: { kind: MarkupKind.Markdown, value: doc } } : {}),
      };
    });
}
