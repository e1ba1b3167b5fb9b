/**
 * node.bu as a handlebars template: compiled once (strict, nothing
 * HTML-escaped), rendered per node with its name, ip and index, the lab's
 * name, box and ssh_key, every node, and the cluster section as lab.yaml
 * spells it. A template that does not compile or names a value that does
 * not exist is a diagnostic at its line and column in node.bu.
 */
import { createRequire } from "node:module";
import type Handlebars from "handlebars";
import { LAB_MSG } from "../../diagnostics/catalogue/lab.js";
import type { Diagnostic } from "../../diagnostics/diagnostic.js";
import { diagnostic } from "../../diagnostics/message.js";
import type { Lab, LabCluster, LabNode } from "./lab-file.js";

/** What node.bu sees when rendered for `node`. */
export function nodeContext(lab: Lab, node: LabNode): Record<string, unknown> {
  return {
    name: node.name,
    ip: node.ip,
    index: node.index,
    lab: lab.name,
    box: lab.box,
    ssh_key: lab.sshKey,
    nodes: lab.nodes.map((n) => ({ name: n.name, ip: n.ip, index: n.index })),
    cluster: lab.cluster ? snakeCluster(lab.cluster) : {},
  };
}

/** The cluster section with lab.yaml's key names (client_port, subnet_len). */
function snakeCluster(cluster: LabCluster): Record<string, unknown> {
  const snake = (v: unknown): unknown =>
    typeof v === "object" && v !== null
      ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`), snake(x)]))
      : v;
  return snake(cluster) as Record<string, unknown>;
}

export type NodeTemplate = (context: Record<string, unknown>) => { text: string } | { diagnostic: Diagnostic };

/** Compiles node.bu's text; rendering says where it fails. */
export function compileNodeTemplate(source: string): NodeTemplate {
  const handlebars = createRequire(import.meta.url)("handlebars") as typeof Handlebars;
  const env = handlebars.create();
  env.registerHelper("json", (value: unknown) => JSON.stringify(value));
  let template: Handlebars.TemplateDelegate | undefined;
  return (context) => {
    try {
      template ??= env.compile(source, { noEscape: true, strict: true });
      return { text: template(context) };
    } catch (err) {
      return { diagnostic: templateDiagnostic(err) };
    }
  };
}

function templateDiagnostic(err: unknown): Diagnostic {
  const e = err as Error & { lineNumber?: number; column?: number };
  const text = e.message ?? String(err);
  const parse = /^Parse error on line (\d+):/.exec(text);
  if (parse) {
    const reason = text.split("\n").pop() ?? text;
    return diagnostic("error", LAB_MSG.template(reason), [], { line: Number(parse[1]), column: 1 });
  }
  const reason = text.replace(/ in \[object Object\]/, "").replace(/ - \d+:\d+$/, "");
  const span = e.lineNumber !== undefined ? { line: e.lineNumber, column: (e.column ?? 0) + 1 } : undefined;
  return diagnostic("error", LAB_MSG.template(reason), [], span);
}
