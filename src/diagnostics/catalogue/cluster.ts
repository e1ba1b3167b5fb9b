/**
 * The cluster sugar's diagnostics (src/cluster/, `kindling cluster render`
 * and lab.yaml's `cluster:` section), in our words: node lists that cannot
 * form an etcd cluster, settings out of range, and what a world cannot
 * express.
 */
import { m } from "../message.js";

export const CLUSTER_MSG = {
  noNodes: () => m("cluster.nodes.empty", "the cluster has no nodes", "list at least one node with a name and an ip"),
  evenCount: (count: number) =>
    m(
      "cluster.nodes.even",
      `${count} nodes: etcd needs a majority, so an even count tolerates no more failures than one node fewer`,
      "use an odd number of nodes (1, 3, 5)",
    ),
  badName: (name: string) =>
    m(
      "cluster.node.name",
      `${JSON.stringify(name)} is not a valid host name`,
      "use 1 to 63 lowercase letters, digits and hyphens, starting and ending with a letter or digit (RFC 1123), such as core-01",
    ),
  duplicateName: (name: string, first: number) =>
    m(
      "cluster.node.duplicate-name",
      `node name ${JSON.stringify(name)} is used twice (first by node ${first})`,
      "give every node a name of its own",
    ),
  badIp: (ip: string) =>
    m("cluster.node.ip", `${JSON.stringify(ip)} is not an IP address`, "write the node's private address, such as 172.17.8.101"),
  duplicateIp: (ip: string, first: number) =>
    m("cluster.node.duplicate-ip", `address ${ip} is used twice (first by node ${first})`, "give every node an address of its own"),
  badClusterName: (name: string) =>
    m(
      "cluster.name",
      `${JSON.stringify(name)} is not a valid cluster name`,
      "use letters, digits, dots, hyphens and underscores (etcd's cluster token is made from it)",
    ),
  badPort: (what: string, value: unknown) =>
    m("cluster.etcd.port", `${what} ${JSON.stringify(value)} is not a port number`, "use a whole number from 1 to 65535"),
  samePorts: (port: number) =>
    m(
      "cluster.etcd.same-ports",
      `clientPort and peerPort are both ${port}`,
      "give etcd's clients and peers different ports (2379 and 2380)",
    ),
  badImage: (image: string) =>
    m("cluster.etcd.image", `${JSON.stringify(image)} is not a container image reference`, "write it as quay.io/coreos/etcd:v3.5.17"),
  tlsNotMade: () =>
    m(
      "cluster.etcd.tls-material",
      "the TLS material given does not cover every node",
      "make it for this node list with makeClusterTls, or leave options.tls out to have it made",
    ),
  badCidr: (value: string) =>
    m("cluster.flannel.network", `${JSON.stringify(value)} is not an IPv4 network in CIDR notation`, "write it as 10.1.0.0/16"),
  badSubnetLen: (subnetLen: unknown, prefix: number) =>
    m(
      "cluster.flannel.subnet-len",
      `subnetLen ${JSON.stringify(subnetLen)} must be a whole number greater than the network's prefix /${prefix} and at most 30`,
      "use 24 for a /16 network",
    ),
  badBackend: (backend: unknown) =>
    m(
      "cluster.flannel.backend",
      `flannel backend ${JSON.stringify(backend)} is not vxlan or host-gw`,
      "use vxlan (the default) or host-gw",
    ),
  flannelNotPackaged: () =>
    m(
      "cluster.flannel.cloud-init",
      "cloud-init hosts get flannel's network config in etcd, but no flanneld: Debian and Ubuntu do not package it",
      "install flanneld on the hosts yourself, or leave flannel out for cloud-init hosts",
    ),
  badStrategy: (strategy: unknown) =>
    m(
      "cluster.updates.strategy",
      `update strategy ${JSON.stringify(strategy)} is not one of etcd-lock, reboot, off, fleet_lock, periodic`,
      "pick one of etcd-lock, reboot, off, fleet_lock, periodic",
    ),
  strategyUnsupported: (strategy: string, world: string, instead: string) =>
    m("cluster.updates.unsupported", `${world} cannot express the update strategy ${strategy}`, instead),
  badWindow: (window: string) =>
    m(
      "cluster.updates.window",
      `update window ${JSON.stringify(window)} is not [DAYS ]HH:MM/LENGTH`,
      "write it as Sun 04:00/1h, Sat,Sun 22:30/90m or 03:00/30m (days Mon to Sun, length in m or h)",
    ),
  needsWindow: (strategy: string) =>
    m("cluster.updates.needs-window", `the ${strategy} strategy needs a window`, "add window: Sun 04:00/1h (when nodes may reboot)"),
  windowOneDay: (world: string) =>
    m(
      "cluster.updates.window-days",
      `${world}'s locksmith takes a reboot window on one day or on every day, not on several`,
      "name one day (Sun 04:00/1h) or none (04:00/1h, every day)",
    ),
  windowIgnored: (strategy: string) =>
    m(
      "cluster.updates.window-ignored",
      `Fedora CoreOS's Zincati reboots in a window only with the periodic strategy, not ${strategy}`,
      "remove the window, or use strategy: periodic",
    ),
  needsUrl: () =>
    m(
      "cluster.updates.needs-url",
      "the fleet_lock strategy needs the FleetLock server's base URL",
      "add url: http://LOCKSERVER:PORT/ (for example an airlock server)",
    ),
  badUrl: (url: string) => m("cluster.updates.url", `${JSON.stringify(url)} is not an http(s) URL`, "write it as http://10.0.0.1:3333/"),
  // The nodes file of `kindling cluster render`.
  fileSyntax: (message: string) => m("cluster.file.syntax", `cannot read the nodes file: ${message}`, "fix the YAML (or JSON) syntax"),
  fileShape: (what: string, want: string) =>
    m("cluster.file.shape", `${what} must be ${want}`, "see kindling cluster render --help for the file's format"),
  /** `known`: the keys allowed there, as a list in words. */
  fileUnknownKey: (key: string, known: string) =>
    m("cluster.file.unknown-key", `unknown key ${JSON.stringify(key)}`, `the keys here are ${known}`),
  fileMissing: (key: string) => m("cluster.file.missing", `${key} is missing`, `add ${key}`),
};
