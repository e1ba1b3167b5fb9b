/** Hover over a key: the field's type and description from the document's Butane spec. */
import { type Hover, MarkupKind, type Position } from "vscode-languageserver";
import { fieldDoc } from "../butane/field-docs.js";
import { documentSchema, fieldType, structAt } from "./schema-at.js";
import { keyContext, lineShape } from "./yaml-context.js";

export function hover(text: string, position: Position): Hover | undefined {
  const lines = text.split(/\r?\n/);
  const line = lines[position.line];
  const shape = line === undefined ? undefined : lineShape(line);
  if (!shape?.key || position.character < shape.keyColumn) return undefined;
  const schema = documentSchema(lines);
  const context = keyContext(lines, position.line, shape.keyColumn, shape.dashes);
  const struct = schema && context ? structAt(schema, context.path) : undefined;
  const field = struct?.byName.get(shape.key);
  if (!schema || !struct || !field) return undefined;
  const doc = fieldDoc(schema, struct.name, field) ?? "";
  const keyEnd = line!.indexOf(":", shape.keyColumn);
  return {
    contents: { kind: MarkupKind.Markdown, value: `**${field.name}** (${fieldType(field)})\n\n${doc}` },
    range: { start: { line: position.line, character: shape.keyColumn }, end: { line: position.line, character: keyEnd } },
  };
}
