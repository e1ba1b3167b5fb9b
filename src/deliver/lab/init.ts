/**
 * `kindling lab init`'s files, as text: lab.yaml (the nodes core-01… at
 * 172.17.8.101…, the box, the provider, the cluster section), node.bu (the
 * box's Butane template, templates/lab-node-BOX.bu.hbs, copied as it is:
 * it is rendered per node by `lab render`) and the Vagrantfile.
 */
import { readFileSync } from "node:fs";
import { templatePath } from "../../templates.js";
import { BOXES, type BoxName, type Provider } from "./boxes.js";
import { renderVagrantfile } from "./vagrantfile.js";

export interface InitOptions {
  name: string;
  nodes: number;
  box: BoxName;
  provider: Provider;
}

/** The most nodes a lab's 172.17.8.101… addresses leave room for. */
export const MAX_NODES = 154;

export function nodeName(index: number): string {
  return `core-${String(index).padStart(2, "0")}`;
}

/** `text`, then its comment at column 29. */
const note = (text: string, comment: string): string => `${text.padEnd(27)} # ${comment}`;

const FLANNEL = `  flannel:
    network: 10.1.0.0/16
    subnet_len: 24
${note("    backend: vxlan", "or host-gw")}
`;
const NO_FLANNEL = "  # flannel: Ubuntu packages no flanneld; with one installed, add network: 10.1.0.0/16\n";
const NO_UPDATES = "  # updates: cloud-init hosts take their distribution's unattended upgrades\n";

function updates(strategy: "periodic" | "etcd-lock"): string {
  const window = strategy === "periodic" ? `${note("    window: Sun 04:00/1h", "[DAYS ]HH:MM/LENGTH: when a node may reboot")}\n` : "";
  return `  updates:\n${note(`    strategy: ${strategy}`, "etcd-lock, reboot, off, fleet_lock (with url) or periodic")}\n${window}`;
}

export function labYaml(o: InitOptions): string {
  const box = BOXES[o.box];
  const nodes = Array.from({ length: o.nodes }, (_, i) => `  - name: ${nodeName(i + 1)}\n    ip: 172.17.8.${101 + i}\n`).join("");
  return `# A kindling lab. After editing it or node.bu: kindling lab render . && vagrant up
name: ${o.name}
${note(`box: ${o.box}`, "fcos, flatcar, coreos-legacy or ubuntu")}
${note(`provider: ${o.provider}`, "libvirt or virtualbox")}
${note(`vagrant_box: ${box.vagrantBox}`, "the Vagrant box the nodes boot")}
${box.boxUrl ? `box_url: ${box.boxUrl}` : "# box_url: where Vagrant downloads the box when it has none of that name"}
${note('ssh_key: ""', "your public key for the core user (ssh-ed25519 AAAA…)")}
defaults:
  cpus: 2
  memory: 2048
${note("nodes:", "each may set its own cpus and memory")}
${nodes}cluster:
${note("  etcd:", "a static cluster of all nodes, its token from the lab's name")}
${note("    tls: false", "true: a CA and a certificate per node, made by render")}
    client_port: 2379
    peer_port: 2380
${box.flannel ? FLANNEL : NO_FLANNEL}${box.updates ? updates(box.updates) : NO_UPDATES}${note("# verify:", "the first-boot agent, reporting to kindling serve")}
#   url: http://172.17.8.1:8080/reports
#   group: lab
${note("#   key_file: report.key", "made with kindling report-key")}
`;
}

export function nodeBu(box: BoxName): string {
  return readFileSync(templatePath(`lab-node-${box}.bu.hbs`), "utf8");
}

/** The lab's files by name. */
export function initFiles(o: InitOptions): Record<string, string> {
  return { "lab.yaml": labYaml(o), "node.bu": nodeBu(o.box), Vagrantfile: renderVagrantfile() };
}
