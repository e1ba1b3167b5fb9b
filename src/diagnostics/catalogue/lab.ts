/**
 * Vagrant labs' diagnostics (deliver/lab/), in our words: what is wrong in a
 * lab.yaml (each located at its line and column), and what rendering its
 * node.bu template meets.
 */
import { m } from "../message.js";

export const LAB_MSG = {
  yamlSyntax: (reason: string) => m("lab.yaml.syntax", `lab.yaml is not valid YAML: ${reason}`, "fix the YAML syntax at this line"),
  notMapping: (what: string) => m("lab.yaml.not-mapping", `${what} must be a mapping of keys to values`, "write it as key: value lines"),
  notList: (what: string) => m("lab.yaml.not-list", `${what} must be a list`, "write each item on its own line starting with '- '"),
  unknownKey: (key: string, known: readonly string[]) =>
    m("lab.yaml.unknown-key", `unknown key ${JSON.stringify(key)}`, `the keys here are ${Array.from(known).join(", ")}`),
  missingKey: (key: string, where: string) => m("lab.yaml.missing-key", `${where} needs ${key}`, `add ${key}: to ${where}`),
  notString: (key: string) => m("lab.yaml.not-string", `${key} must be a string`, "write a plain word, or quote it"),
  notInteger: (key: string, min: number, max: number) =>
    m("lab.yaml.not-integer", `${key} must be a whole number from ${min} to ${max}`, `write a number such as ${min === 1 ? 2 : min}`),
  notBoolean: (key: string) => m("lab.yaml.not-boolean", `${key} must be true or false`, "write true or false"),
  notChoice: (key: string, value: string, choices: readonly string[]) =>
    m("lab.yaml.not-choice", `unknown ${key} ${JSON.stringify(value)}`, `${key} is one of ${Array.from(choices).join(", ")}`),
  badHostname: (name: string) =>
    m(
      "lab.yaml.hostname",
      `node name ${JSON.stringify(name)} is not a valid hostname`,
      "use 1 to 63 letters, digits and '-', starting and ending with a letter or digit (core-01)",
    ),
  badAddress: (ip: string) =>
    m("lab.yaml.address", `${JSON.stringify(ip)} is not an IPv4 address`, "write four numbers from 0 to 255 joined by dots (172.17.8.101)"),
  duplicateName: (name: string, line: number) =>
    m("lab.yaml.duplicate-name", `node name ${name} is already used on line ${line}`, "give every node its own name"),
  duplicateAddress: (ip: string, name: string, line: number) =>
    m("lab.yaml.duplicate-address", `address ${ip} is already ${name}'s (line ${line})`, "give every node its own address"),
  evenNodes: (count: number) =>
    m(
      "lab.yaml.even-nodes",
      `${count} nodes make an etcd cluster that survives no more failures than ${count - 1} would`,
      `use an odd number of nodes (${count - 1} or ${count + 1})`,
    ),
  noNodes: () => m("lab.yaml.no-nodes", "a lab needs at least one node", "list nodes under nodes: (kindling lab init writes three)"),
  badCidr: (value: string) =>
    m("lab.yaml.cidr", `${JSON.stringify(value)} is not an IPv4 network`, "write an address and a prefix length (10.1.0.0/16)"),
  template: (reason: string) =>
    m(
      "lab.node.template",
      `node.bu does not render: ${reason}`,
      "fix the handlebars expression; the values are name, ip, index, lab and cluster",
    ),
} as const;
