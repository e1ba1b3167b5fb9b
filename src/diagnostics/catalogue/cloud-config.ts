/**
 * `coreos-cloudinit -validate`'s diagnostics on cloud-config user data: its
 * wording, our code and a hint on how to fix it.
 */
import { goQuote } from "../../gocompat/quote.js";
import { m } from "../message.js";

export const CC_MSG = {
  header: m(
    "cloudconfig.header",
    'must be "#cloud-config" or begin with "#!"',
    "start the file with a line reading exactly #cloud-config (or #! for a script)",
  ),
  /** The YAML parser's own words. */
  yamlSyntax: (text: string) =>
    m("cloudconfig.yaml.syntax", text, "fix the YAML syntax on this line (indentation, a missing colon or an unclosed quote)"),
  yamlAliases: (text: string) => m("cloudconfig.yaml.aliases", text, "write the value out instead of aliasing it"),
  invalidDiscovery: m(
    "cloudconfig.discovery.invalid",
    "discovery URL is not valid",
    "use the full URL the discovery service gave you, e.g. https://discovery.etcd.io/<token>",
  ),
  undecodable: (encoding: string) =>
    m(
      "cloudconfig.content.undecodable",
      `content cannot be decoded as ${goQuote(encoding)}`,
      "the content must be written in the encoding named by `encoding` (base64 text, or gzip data in base64 for gz+b64)",
    ),
  /** `takes`: what the key takes, in words (rules/structure.ts). */
  incorrectType: (name: string, want: string, takes: string) =>
    m("cloudconfig.type.incorrect", `incorrect type for ${JSON.stringify(name)} (want ${want})`, takes),
  unrecognizedKey: (name: string, known: readonly string[]) =>
    m(
      "cloudconfig.key.unrecognized",
      `unrecognized key ${JSON.stringify(name)}`,
      `coreos-cloudinit ignores it; known keys here: ${known.join(", ")}`,
    ),
  deprecatedKey: (name: string, why: string) =>
    m(
      "cloudconfig.key.deprecated",
      `deprecated key ${JSON.stringify(name)} (${why})`,
      "remove the key, or use what the reason in brackets names instead",
    ),
  invalidValue: (text: string, pattern: string) =>
    m("cloudconfig.value.invalid", `invalid value ${text}`, `the value must match ${pattern}`),
  readonlyPath: m(
    "cloudconfig.path.readonly",
    "file cannot be written to a read-only filesystem",
    "/usr is read-only on Container Linux; write under /etc, /opt or /var instead",
  ),
  misplacedWriteFiles: m(
    "cloudconfig.write_files.misplaced",
    "write_files doesn't belong under coreos",
    "move write_files to the top level of the document",
  ),
} as const;
