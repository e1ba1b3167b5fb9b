/**
 * The boxes a lab can run and the providers it can run them on: for each
 * box, the world its config is written for (Ignition, coreos-cloudinit's
 * cloud-config, cloud-init), the Butane variant of its node.bu, the file
 * render writes per node, how the Vagrantfile hands that file over, and the
 * Vagrant box it boots by default (lab.yaml's vagrant_box and box_url
 * override it).
 */

export const BOX_NAMES = ["fcos", "flatcar", "coreos-legacy", "ubuntu"] as const;
export type BoxName = (typeof BOX_NAMES)[number];
export const PROVIDERS = ["libvirt", "virtualbox"] as const;
export type Provider = (typeof PROVIDERS)[number];

/** How the Vagrantfile gives a node its config. */
export type Handover =
  /** QEMU's fw_cfg under `key` on libvirt, the guest property /Ignition/Config on VirtualBox. */
  | "ignition"
  /** A file provisioner to /tmp, moved to /var/lib/coreos-vagrant/vagrantfile-user-data (coreos-cloudinit reads it). */
  | "coreos-vagrant"
  /** A NoCloud seed ISO (volume cidata) attached as a CD-ROM. */
  | "nocloud";

export interface Box {
  /** The world the cluster sugar writes for (src/cluster/cluster.ts). */
  world: "fcos" | "flatcar" | "coreos-legacy" | "cloud-init";
  /** node.bu's Butane variant and version. */
  variant: string;
  version: string;
  /** What render makes of node.bu: Ignition, or a legacy target. */
  target: "ignition" | "cloud-config" | "cloud-init";
  /** The file render writes per node in .kindling/: NAME + suffix. */
  suffix: string;
  handover: Handover;
  /** The QEMU fw_cfg key the box's Ignition reads (Ignition boxes). */
  fwCfgKey?: string;
  /** The Vagrant box, its metadata URL when it has a public one, and the user Vagrant logs in as. */
  vagrantBox: string;
  boxUrl?: string;
  sshUser: string;
  /** How the box names the lab's network interface (the second NIC). */
  interface: string;
  /** What a lab's updates do by default on this box; none for hosts whose distribution decides (unattended upgrades). */
  updates?: "periodic" | "etcd-lock";
  /** Whether the box has flanneld (Ubuntu does not package it). */
  flannel: boolean;
}

export const BOXES: Record<BoxName, Box> = {
  // Fedora CoreOS publishes no Vagrant box: add one named fedora-coreos made from the stream's
  // qemu (libvirt) or virtualbox image (README, "Vagrant labs").
  fcos: {
    world: "fcos",
    variant: "fcos",
    version: "1.5.0",
    target: "ignition",
    suffix: ".ign",
    handover: "ignition",
    fwCfgKey: "opt/com.coreos/config",
    vagrantBox: "fedora-coreos",
    sshUser: "core",
    interface: "eth1",
    updates: "periodic",
    flannel: true,
  },
  // Flatcar's own box (flatcar_production_vagrant.json lists the providers each release has).
  flatcar: {
    world: "flatcar",
    variant: "flatcar",
    version: "1.1.0",
    target: "ignition",
    suffix: ".ign",
    handover: "ignition",
    fwCfgKey: "opt/org.flatcar-linux/config",
    vagrantBox: "flatcar-stable",
    boxUrl: "https://stable.release.flatcar-linux.net/amd64-usr/current/flatcar_production_vagrant.json",
    sshUser: "core",
    interface: "eth1",
    updates: "etcd-lock",
    flannel: true,
  },
  // Container Linux reached its end of life in 2020 and its box URLs are gone: add a box you kept as coreos-stable.
  "coreos-legacy": {
    world: "coreos-legacy",
    variant: "flatcar",
    version: "1.1.0",
    target: "cloud-config",
    suffix: ".cloud-config",
    handover: "coreos-vagrant",
    vagrantBox: "coreos-stable",
    sshUser: "core",
    interface: "eth1",
    updates: "etcd-lock",
    flannel: true,
  },
  // The generic boxes (roboxes) are built for both providers and name their NICs eth0, eth1.
  ubuntu: {
    world: "cloud-init",
    variant: "fcos",
    version: "1.5.0",
    target: "cloud-init",
    suffix: ".iso",
    handover: "nocloud",
    vagrantBox: "generic/ubuntu2204",
    sshUser: "vagrant",
    interface: "eth1",
    flannel: false,
  },
};
