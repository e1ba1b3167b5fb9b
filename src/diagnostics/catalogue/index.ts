/**
 * Every diagnostic kindling emits, one entry each, by where it comes from:
 * Ignition's validation (and version conversion), Butane's checks with the
 * fcos, variant-filter and OpenShift layers, coreos-cloudinit's validator,
 * the legacy targets, the verification agent and cloud delivery. Codes are written only
 * here; everything else names an entry.
 */

import type { Message } from "../message.js";
import { AGENT_MSG } from "./agent.js";
import { BMSG, FCOS_MSG, FILTER_MSG, OPENSHIFT_MSG } from "./butane.js";
import { CLOUD_MSG } from "./cloud.js";
import { CC_MSG } from "./cloud-config.js";
import { CLUSTER_MSG } from "./cluster.js";
import { MSG } from "./ignition.js";
import { LAB_MSG } from "./lab.js";
import { LEGACY_MSG } from "./legacy.js";

export { AGENT_MSG, BMSG, CC_MSG, CLOUD_MSG, FCOS_MSG, FILTER_MSG, LAB_MSG, LEGACY_MSG, MSG, OPENSHIFT_MSG };

export const CATALOGUE = {
  ignition: MSG,
  butane: BMSG,
  fcos: FCOS_MSG,
  filter: FILTER_MSG,
  openshift: OPENSHIFT_MSG,
  cloudConfig: CC_MSG,
  legacy: LEGACY_MSG,
  agent: AGENT_MSG,
  cloud: CLOUD_MSG,
  cluster: CLUSTER_MSG,
  lab: LAB_MSG,
} as const;

/** The code of an entry: a message, or a function returning one. */
type CodeOf<E> = E extends (...args: never[]) => Message<infer C> ? C : E extends Message<infer C> ? C : never;
type CodesOf<T> = { [K in keyof T]: CodeOf<T[K]> }[keyof T];
type Catalogue = typeof CATALOGUE;

/** Every code the catalogue defines: a code that is not here does not compile. */
export type Code = { [G in keyof Catalogue]: CodesOf<Catalogue[G]> }[keyof Catalogue];
